"""The main content of an HTML page (trafilatura), without navigation and sidebars."""

from __future__ import annotations

import re
from functools import cache

from kg.formats import html_to_text
from kg.read.titles import _TITLE_CONTENT

_CJK_WRAP = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3400-\u9fff])"
)
_MAIN_MIN_CHARS = 20  # words (CJK characters, letters) below which the extractor found no article


@cache
def _extractor_config():
    """trafilatura's settings for Chinese pages: its size thresholds count characters, and 250
    Chinese characters is a whole news item, so they are lowered; no signal-based timeout."""
    from trafilatura.settings import use_config

    config = use_config()
    for key, value in (
        ("MIN_EXTRACTED_SIZE", "40"),
        ("MIN_OUTPUT_SIZE", "1"),
        ("MIN_EXTRACTED_COMM_SIZE", "1"),
        ("MIN_OUTPUT_COMM_SIZE", "1"),
        ("EXTRACTION_TIMEOUT", "0"),
    ):
        config.set("DEFAULT", key, value)
    return config


def main_content(html: str) -> str | None:
    """The article of an HTML page as plain text, one line per block and table cells separated by
    tabs, without the page's boilerplate (navigation, "相关阅读" link lists and other sidebars,
    bylines, footers), found by trafilatura. ``None`` when trafilatura is not installed, fails
    or finds no article: the caller then keeps the whole visible text."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    html = _CJK_WRAP.sub("", html)  # a line break inside Chinese text is no space
    try:
        article = trafilatura.extract(
            html,
            output_format="html",
            include_tables=True,
            include_comments=False,
            include_links=False,
            include_images=False,
            include_formatting=False,
            deduplicate=False,
            config=_extractor_config(),
        )
    except Exception:  # a library failure on strange markup must not lose the page
        return None
    if not article:
        return None
    text = html_to_text(article).text
    return text if len(_TITLE_CONTENT.findall(text)) >= _MAIN_MIN_CHARS else None
