"""Text clean-up after decoding: line breaks normalised, hard-wrapped lines rejoined, overlong
lines refused and overlong sentences cut."""

from __future__ import annotations

import re
from collections import Counter

from kg.read.problems import Unreadable
from kg.segment import heading_level

MAX_LINE_CHARS = 1_000_000
MAX_SENTENCE_CHARS = 2_000
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")

_FINAL = set("。！？!?；;…")
_QUOTES = "”’」』\"'"
_CLOSERS = set("）)》】")
_CONTINUES = set("，、,“‘（(《—-/%％")  # a line ending in these is mid-sentence
_LEADS = set(
    "，、,。.；;：:！？!?）)》”’」』%“‘「『《（(【"
)  # a line starting with these continues the last
_STRUCTURE = re.compile(
    r"^\s*(#|>|[-*+•·●■◆▪▶]\s|\d{1,3}[.、)）](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|第[一二三四五六七八九十百\d]+[章节条部分篇])"
)
_MIN_WRAP_WIDTH = 50  # display columns: 25 CJK characters (list items and captions are shorter)
_WRAP_SLACK = 4  # a wrapped line is within this many columns of the wrap width
_WRAP_LINES = 3  # at least this many lines at the wrap width …
_WRAP_SHARE = 0.5  # … and this share of the lines of at least _MIN_WRAP_WIDTH columns
_MIN_HAN_SHARE = 0.3  # a line of Chinese text, not English or numbers


def _is_han(ch: str) -> bool:
    return (
        "\u3400" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003ffff"
    )


def _is_word(ch: str) -> bool:
    return _is_han(ch) or (ch.isascii() and ch.isalnum())


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def _width(line: str) -> int:
    """Display columns: East Asian wide and full-width characters count two."""
    return len(line) + len(_WIDE.findall(line))


def _stands_alone(line: str) -> bool:
    """Headings and table rows never run on into the next line. A numbered line with a sentence
    end inside is the first line of a numbered paragraph, not a heading."""
    stripped = line.strip()
    heading = heading_level(line) is not None and not _FINAL.intersection(stripped[:-1])
    return heading or "\t" in stripped or stripped.startswith(("|", "#", ">"))


def _starts_block(line: str) -> bool:
    """Headings, table rows and list items start something new: nothing runs on into them."""
    return _stands_alone(line) or bool(_STRUCTURE.match(line))


def _chinese_line(line: str) -> bool:
    letters = [ch for ch in line if not ch.isspace()]
    return bool(letters) and sum(map(_is_han, letters)) >= _MIN_HAN_SHARE * len(letters)


def _ends_mid_sentence(line: str) -> bool:
    """The line stops inside a sentence: on a word, on mid-sentence punctuation, or on a closing
    quotation mark that does not follow a sentence end (“订单式” goes on; 。” does not). A
    closing bracket ends it: （国家级） closes list items and captions as often as not."""
    stripped = line.rstrip()
    body = stripped.rstrip(_QUOTES)
    if not body or body[-1] in _FINAL or body[-1] in _CLOSERS:
        return False
    return body != stripped or _is_word(body[-1]) or body[-1] in _CONTINUES


def _starts_continuation(previous: str, line: str) -> bool:
    """The next line goes on with the sentence: it starts at once (no indent, which marks a new
    paragraph in Chinese typesetting) with a word or trailing punctuation, and two English
    words are not glued together."""
    if not line or not (_is_word(line[0]) or line[0] in _LEADS) or _starts_block(line):
        return False
    last = previous.rstrip()[-1]
    return not (last.isascii() and last.isalpha() and line[0].isascii() and line[0].isalpha())


def _wrap_width(lines: list[str]) -> int | None:
    """The right margin at which the text was hard-wrapped, or None when it was not: many lines end
    within a few columns of the same right margin (a list of names of random lengths does not
    qualify, nor does web text with one paragraph per line)."""
    widths = [w for w in (_width(line.rstrip()) for line in lines) if w >= _MIN_WRAP_WIDTH]
    if len(widths) < _WRAP_LINES:
        return None
    counts = Counter(widths)
    margin = max(counts, key=lambda w: (sum(counts[v] for v in range(w - _WRAP_SLACK, w + 1)), w))
    at_margin = sum(counts[v] for v in range(margin - _WRAP_SLACK, margin + 1))
    if at_margin < _WRAP_LINES or at_margin < _WRAP_SHARE * len(widths):
        return None
    return margin


def rejoin_lines(text: str) -> str:
    """Rejoin lines broken mid-sentence, as PDF conversion leaves them.

    Conservative: only in a text hard-wrapped at a right margin (:func:`_wrap_width`), a line
    is joined to the next when it is Chinese text that reaches the margin (so headings and
    captions, which are short, never are), ends on a word or mid-sentence punctuation, is not a
    heading, list item or table row, and the next line starts right away (no indent) with a
    word or trailing punctuation. The newline is removed (with trailing spaces of the first
    line), so offsets refer to the rejoined text."""
    lines = text.split("\n")
    margin = _wrap_width(lines)
    if margin is None:
        return text
    out: list[str] = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if (
            _ends_mid_sentence(previous)
            and _width(previous.rstrip()) >= margin - _WRAP_SLACK
            and not _stands_alone(previous)
            and _chinese_line(previous)
            and _starts_continuation(previous, line)
        ):
            out[-1] = out[-1].rstrip() + line
        else:
            out.append(line)
    return "\n".join(out)


def normalise_breaks(text: str) -> str:
    """CRLF, CR, form feed (a page break), vertical tab, NEL and U+2028/9 → ``\\n``."""
    return _LINE_BREAKS.sub("\n", text)


def _check_lines(text: str) -> None:
    position = 0
    number = 1
    while position <= len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if end - position > MAX_LINE_CHARS:
            raise Unreadable(
                f"line {number} is {end - position:,} characters long (limit {MAX_LINE_CHARS:,}):"
                " not prose, skipped"
            )
        position = end + 1
        number += 1


_RUN = re.compile(r"[^\n。！？!?；;]+")
_SOFT_BREAKS = "，,、：: \t"


def _cut(run: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    while len(run) - start > MAX_SENTENCE_CHARS:
        low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        at = max(run.rfind(ch, low, high) for ch in _SOFT_BREAKS)
        cut = at + 1 if at >= 0 else high
        pieces.append(run[start:cut])
        start = cut
    pieces.append(run[start:])
    return pieces


def split_long_sentences(text: str) -> str:
    """Cut every run of more than :data:`MAX_SENTENCE_CHARS` characters without a sentence end
    or line break by inserting line breaks after a comma or space (or anywhere, when it has
    none), so the pipeline never sees a "sentence" that long."""
    if len(text) <= MAX_SENTENCE_CHARS:
        return text
    parts: list[str] = []
    last = 0
    for match in _RUN.finditer(text):
        if match.end() - match.start() > MAX_SENTENCE_CHARS:
            parts.append(text[last : match.start()])
            parts.append("\n".join(_cut(match.group())))
            last = match.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)
