"""Document titles: a title-like line near the top of a document, else its file name."""

from __future__ import annotations

import re
from pathlib import Path

from kg.normalise import to_simplified

TITLE_MAX_CHARS = 60
_TITLE_LOOKAHEAD = 8  # non-empty lines at the top of a document where a title may stand
_TITLE_SENTENCE = re.compile(r"[。；;]|[，,].*[，,].*[，,]")  # a sentence, or a clause list
_TITLE_FURNITURE = re.compile(
    r"https?://|www\.|@|[>›»]|\|\s*\S*网|首页|当前位置|您的位置|正文$|举报|^点击|"
    r"返回|上一篇|下一篇|相关阅读|相关新闻|扫一扫|二维码|"
    r"^(?:来源|作者|编辑|责任编辑|记者|通讯员|发布|发布时间|发布日期|时间|日期|浏览|阅读|点击|"
    r"字号|字体|分享|打印|关闭|电话|传真|邮编|地址|联系|索引号|主题分类|发文机关|成文日期)"
    r"\s*[:：]|^[【\[]"
)
_TITLE_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def title_like(line: str) -> bool:
    """Whether ``line`` reads as a document title: short, with words (not a number, date or
    phone), no sentence punctuation, and not page furniture (breadcrumbs, bylines, links)."""
    line = line.strip()
    if not 4 <= len(line) <= TITLE_MAX_CHARS:
        return False
    if len(_TITLE_CONTENT.findall(line)) < max(4, len(line) // 2):
        return False
    simple = to_simplified(line)
    return not (_TITLE_SENTENCE.search(simple) or _TITLE_FURNITURE.search(simple))


def title_line(text: str) -> str | None:
    """The first title-like line among the first few non-empty lines of ``text``, if any
    (Markdown ``#`` marks removed)."""
    seen = 0
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip().strip("*_ ")
        if not line:
            continue
        if title_like(line):
            return line
        seen += 1
        if seen >= _TITLE_LOOKAHEAD:
            break
    return None


def document_title(text: str, path: str | Path | None = None) -> str | None:
    """A document's title: a title-like line near its top, else its file name without the
    suffix (a name made only of an id or hash is still better than a paragraph)."""
    found = title_line(text)
    if found or path is None:
        return found
    stem = Path(str(path).split("#", 1)[0]).stem
    return stem or None
