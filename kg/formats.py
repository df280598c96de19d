"""Text out of the input formats: HTML pages, Markdown and JSON Lines records.

Each function takes decoded text and returns plain text (plus metadata where the format has it).
Offsets in the graph refer to the text these functions return, not to the markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

# Elements whose content is never text for a reader.
_DROPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "head",
        "nav",
    }
)
# Elements that start and end a block: their boundaries become line breaks.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_DATE_META = ("article:published_time", "pubdate", "publishdate", "publish_date", "date", "dc.date")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])")


@dataclass(frozen=True)
class Extracted:
    """Plain text of a marked-up document, with what metadata the markup carried."""

    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None


class _TextParser(HTMLParser):
    """Collects the text a reader would see, one line per block, cells separated by tabs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped: list[str] = []  # stack of open dropped elements
        self.pre = 0
        self.in_title = False
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("name") or values.get("property") or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"].strip())
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = values.get("href") or None
        if tag == "title":
            self.in_title = True
        if self.dropped == ["head"] and (tag == "body" or tag in _BLOCKS):
            self.dropped.pop()  # <head> left open: the body starts it, as in a browser
        if tag in _DROPPED and tag not in _VOID:
            self.dropped.append(tag)
        self._boundary(tag)
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.dropped:
            while self.dropped and self.dropped.pop() != tag:
                pass
        if tag == "pre" and self.pre:
            self.pre -= 1
        self._boundary(tag, closing=True)

    def _boundary(self, tag: str, closing: bool = False) -> None:
        if self.dropped:
            return
        if tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in _CELLS and not closing:
            self.parts.append("\t")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.dropped:
            return
        self.parts.append(data if self.pre else _collapse(data))


def _collapse(data: str) -> str:
    """HTML whitespace rules: runs become one space; a line break between two CJK characters
    vanishes (as browsers render it), so wrapped Chinese source text is not split by spaces."""
    out = _SPACE_RUN.sub(lambda m: "\n" if "\n" in m.group() else " ", data)
    out = _CJK_BREAK.sub("", out)
    return out.replace("\n", " ")


def _tidy_lines(text: str) -> str:
    """One line per block: lines and cells stripped, empty cells at the ends and empty lines
    dropped."""
    lines: list[str] = []
    for raw in text.split("\n"):
        if "\t" in raw:
            cells = [c.strip() for c in raw.split("\t")]
            while cells and not cells[0]:
                cells.pop(0)
            while cells and not cells[-1]:
                cells.pop()
            line = "\t".join(cells)
        else:
            line = raw.strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def _defuse(html: str) -> str:
    """Escape every ``<`` that cannot open a tag: one with no ``>`` before the next ``<``, an
    unclosed comment, a ``<![`` that is not CDATA. html.parser rescans the rest of the page for
    each such ``<`` (quadratic time: minutes for 100 KB of ``<a <a …``) and raises on ``<![x``;
    escaped, they are the text a browser would show. Linear: each search resumes where the
    last one ended."""
    parts: list[str] = []
    position = 0  # start of the text not yet copied to parts
    skip_to = 0  # end of the last comment, kept whole
    close = comment_end = -2  # cached: next ">" and next "-->" (-1: none left)
    starts = [m.start() for m in re.finditer("<", html)]
    for k, start in enumerate(starts):
        if start < skip_to:
            continue
        if html.startswith("<!--", start):
            if comment_end != -1 and comment_end < start:
                comment_end = html.find("-->", start + 4)
            if comment_end != -1:
                skip_to = comment_end + 3
                continue
        if close != -1 and close <= start:
            close = html.find(">", start + 1)
        following = starts[k + 1] if k + 1 < len(starts) else len(html)
        complete = close != -1 and close < following
        if not complete or (
            html.startswith("<![", start) and not html.startswith("<![CDATA[", start)
        ):
            parts.append(html[position:start])
            parts.append("&lt;")
            position = start + 1
    parts.append(html[position:])
    return "".join(parts)


def _strip_tags(html: str) -> str:
    """Last resort when the parser gives up: tags become line breaks, entities are decoded."""
    return _tidy_lines(unescape(re.sub(r"<[^<>]*>", "\n", html)))


def html_to_text(html: str) -> Extracted:
    """The visible text of an HTML page: scripts, styles and the head dropped, blocks as lines,
    table cells separated by tabs (so table rows stay table rows), entities decoded."""
    parser = _TextParser()
    try:
        parser.feed(_defuse(html))
        parser.close()
    except Exception:  # a parser bug on strange markup must not lose the page
        return Extracted(_strip_tags(html))
    title = " ".join("".join(parser.title).split()) or None
    date = next((parser.meta[k] for k in _DATE_META if parser.meta.get(k)), None)
    url = parser.canonical or parser.meta.get("og:url") or None
    return Extracted(_tidy_lines("".join(parser.parts)), title=title, url=url, date=date)


_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)([^\n]{1,300}?)(?<=\S)\1")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_TABLE_RULE = re.compile(r"\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*")


def _drop_comments(text: str) -> str:
    """``<!-- … -->`` removed; an unclosed one is left as text. Linear, unlike a lazy regex."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def markdown_to_text(text: str) -> str:
    """Markdown with the markup that is not words removed: links and images keep their text,
    bold/strike markers and comments go, code fences are dropped. Headings (#) and pipe tables
    stay, because the segmenter reads them as headings and table rows. (The patterns exclude
    their own openers, so that hostile input cannot make them take quadratic time.)"""
    lines: list[str] = []
    fenced = False
    for line in _drop_comments(text).split("\n"):
        if _MD_FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = _MD_IMAGE.sub(r"\1", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        if not _MD_TABLE_RULE.fullmatch(line):
            lines.append(line)
    return "\n".join(lines)


class RecordError(ValueError):
    """A JSON Lines record that is not a usable document."""


@dataclass(frozen=True)
class Record:
    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None


def _scalar(value: object) -> str | None:
    """A metadata value as text: strings and numbers kept, anything else (null, true, a list)
    ignored, so that a record is never lost over its metadata."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip() or None


def parse_record(line: str) -> Record:
    """One JSON Lines record: an object with a non-empty string ``text``, and optional ``id``,
    ``title``, ``url`` and ``date`` (strings or numbers; other values are ignored)."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordError(f"not JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(value, dict):
        raise RecordError(f"not a JSON object but {type(value).__name__}")
    text = value.get("text")
    if not isinstance(text, str):
        raise RecordError('no "text" string field')
    if not text.strip():
        raise RecordError('empty "text"')
    fields = {name: _scalar(value.get(name)) for name in ("id", "title", "url", "date")}
    return Record(text=text, **fields)
