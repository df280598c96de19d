"""Stage 2, segment: sentences (with headings and table rows marked) and jieba words.

The segmenter (:mod:`kg.segmenter`: jieba or rjieba) is loaded once per process with the
project's domain words (industry vocabulary, entity suffixes, region names) so that a field name
or a suffix is never cut in two.
"""

from __future__ import annotations

import re
from functools import cache

from kg import segmenter
from kg.lexicon import Lexicon, jieba_tags
from kg.lexicon import load as load_lexicon
from kg.model import NormalisedDocument, Sentence, Token

# Numbering styles of headings, outermost first: 一、 / （一） / 1、 1. / （1） / markdown #.
_HEADING_STYLES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^#{1,6}\s*"), 0),
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
    (re.compile(r"^[(（][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^\d{1,2}[、．]"), 3),
    (re.compile(r"^\d{1,2}\.(?!\d)"), 3),
    (re.compile(r"^[(（]\d{1,2}[)）]"), 4),
)
_MAX_HEADING = 40
_USER_WORD_FREQ = 50_000


def tokenizer(
    backend: str | None = None, lexicon: Lexicon | None = None
) -> tuple[segmenter.Segmenter, dict[str, str]]:
    """The segmenter (``backend``, default :func:`kg.segmenter.active`) with ``lexicon``'s user
    words, and its word → POS tag table (built once per process, backend and lexicon)."""
    return _tokenizer(backend or segmenter.active(), lexicon or load_lexicon())


@cache
def _tokenizer(backend: str, lexicon: Lexicon) -> tuple[segmenter.Segmenter, dict[str, str]]:
    tags = dict(jieba_tags())
    for word, _freq, tag in lexicon.user_words:
        tags[word] = tag
    return segmenter.make(backend, lexicon.user_words), tags


# Function words that jieba's HMM sometimes glues to an unknown neighbour (中心由启元, 科技与):
# a new word found by the HMM is split where it starts or ends with one of them.
_FUNCTION_CHARS = frozenset("由与和及在将被把对向从的了是为以")


def tokens(text: str, offset: int, lexicon: Lexicon | None = None) -> tuple[Token, ...]:
    """The words of ``text`` (which starts at document offset ``offset``) with their POS tags."""
    lexicon = lexicon or load_lexicon()
    tk, tags = tokenizer(None, lexicon)
    out: list[Token] = []
    append, tag_of = out.append, tags.get
    make = tuple.__new__  # Token(...) without the named tuple's Python-level __new__
    for word, start, _end in tk.tokenize(text):
        tag = tag_of(word)
        if tag is not None:
            append(make(Token, (word, offset + start, tag)))
        elif len(word) < 3:
            append(make(Token, (word, offset + start, "x")))
        else:
            out.extend(_split_glued(word, offset + start, tags))
    return _places_first(out, lexicon, tags)


def _places_first(words: list[Token], lexicon: Lexicon, tags: dict[str, str]) -> tuple[Token, ...]:
    """Where jieba cut a place name to make another one (a county's last character taken into
    the next place), the place that starts first wins: a single character followed by a place
    word is rejoined with the place's first characters when they make a place there."""
    regions = lexicon.regions
    out = list(words)
    for i in range(len(out) - 1):
        first = out[i]
        if len(first.text) != 1:
            continue
        second = out[i + 1]
        if second.text in regions and len(second.text) >= 2:
            for n in range(len(second.text) - 1, 0, -1):
                joined = first.text + second.text[:n]
                if joined in regions:
                    rest = second.text[n:]
                    out[i] = Token(joined, first.start, "ns")
                    out[i + 1] = Token(rest, second.start + n, tags.get(rest, "x"))
                    break
    return tuple(out)


def _split_glued(word: str, start: int, tags: dict[str, str]) -> list[Token]:
    if word in tags or len(word) < 3:
        return [Token(word, start, tags.get(word, "x"))]
    if word[0] in _FUNCTION_CHARS:
        return [
            Token(word[0], start, tags.get(word[0], "x")),
            *_split_glued(word[1:], start + 1, tags),
        ]
    if word[-1] in _FUNCTION_CHARS:
        head = word[:-1]
        return [
            *_split_glued(head, start, tags),
            Token(word[-1], start + len(head), tags.get(word[-1], "x")),
        ]
    return [Token(word, start, "x")]


def heading_level(line: str) -> int | None:
    """The outline level of a heading line, or None when the line is body text."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_HEADING or "\t" in stripped:
        return None
    for pattern, level in _HEADING_STYLES:
        if pattern.match(stripped):
            return level
    return None


def _table_cells(line: str, line_start: int) -> tuple[tuple[int, int], ...]:
    separator = "\t" if "\t" in line.strip() else ("|" if line.strip().startswith("|") else None)
    if separator is None:
        return ()
    cells: list[tuple[int, int]] = []
    position = 0
    for part in line.split(separator):
        start = line_start + position + (len(part) - len(part.lstrip()))
        end = line_start + position + len(part.rstrip())
        if end > start:
            cells.append((start, end))
        position += len(part) + 1
    return tuple(cells) if len(cells) >= 2 else ()


def _in_furniture(start: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= start < b for a, b in spans)


def segment(document: NormalisedDocument, lexicon: Lexicon | None = None) -> list[Sentence]:
    """Split into sentences: one per sentence-final mark, line end, or table row."""
    text = document.text
    lexicon = lexicon or load_lexicon()
    ends = lexicon.sentence_end
    sentences: list[Sentence] = []
    outline: list[tuple[int, int]] = []  # (level, sentence index) of the enclosing headings
    header: tuple[str, ...] = ()  # first row of the table being read
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        if line.strip() and not _in_furniture(line_start, document.furniture):
            level = heading_level(line)
            cells = _table_cells(line, line_start)
            row_header = header if cells else ()
            if cells and not header:
                header = tuple(text[a:b] for a, b in cells)
            elif not cells:
                header = ()
            if level is not None:
                while outline and outline[-1][0] >= level:
                    outline.pop()
            section = outline[-1][1] if outline else None
            pieces = (
                [(line_start, line_end)]
                if (cells or level is not None)
                else _split(line, line_start, ends)
            )
            for start, end in pieces:
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        start=start,
                        end=end,
                        text=text[start:end],
                        tokens=tokens(text[start:end], start, lexicon),
                        section=section,
                        is_heading=level is not None,
                        cells=cells,
                        header=row_header,
                    )
                )
            if level is not None:
                outline.append((level, len(sentences) - 1))
        line_start = line_end + 1
    return sentences


_OPENERS, _CLOSERS = "《“「(（", "》”」)）"


@cache
def _marks(ends: str) -> re.Pattern[str]:
    """The characters that split a line or change the bracket depth (all others are skipped)."""
    return re.compile("[" + re.escape(_OPENERS + _CLOSERS + ends) + "]")


def _split(line: str, line_start: int, ends: str) -> list[tuple[int, int]]:
    """Sentences of a line: spans (document offsets) ending after a sentence-end mark, not
    inside 《》, quotes or brackets, without surrounding spaces."""
    pieces: list[tuple[int, int]] = []
    start = 0
    depth = 0  # do not split inside 《》 or quotes
    for mark in _marks(ends).finditer(line):
        ch, i = mark.group(), mark.start()
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
        elif ch in ends and depth == 0:
            pieces.append((start, i + 1))
            start = i + 1
    pieces.append((start, len(line)))
    out = []
    for a, b in pieces:
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((line_start + a, line_start + b))
    return out
