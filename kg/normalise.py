"""Stage 1, normalise: Traditional → Simplified with offsets kept, and page furniture marked.

The conversion is kept length-preserving (one character in, one character out), so the offset map
back to the original text is the identity and evidence offsets point into the original file.
Where opencc's phrase conversion would change a line's length, that line is converted character by
character instead.
"""

from __future__ import annotations

from functools import cache

import opencc

from kg.lexicon import Lexicon
from kg.lexicon import load as load_lexicon
from kg.model import NormalisedDocument, SourceDocument


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified, keeping the length of every line."""
    converter = _converter()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        simple = converter.convert(line)
        if len(simple) != len(line):
            simple = "".join(_convert_char(converter, ch) for ch in line)
        out.append(simple)
    return "\n".join(out)


def _convert_char(converter: opencc.OpenCC, ch: str) -> str:
    simple = converter.convert(ch)
    return simple if len(simple) == 1 else ch


def furniture_spans(text: str, lexicon: Lexicon | None = None) -> tuple[tuple[int, int], ...]:
    """Lines that are page furniture (bylines, credits, navigation): spans to skip."""
    patterns = (lexicon or load_lexicon()).furniture
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and any(p.search(line) for p in patterns):
            spans.append((start, end))
        start = end + 1
    return tuple(spans)


def normalise(source: SourceDocument, lexicon: Lexicon | None = None) -> NormalisedDocument:
    text = to_simplified(source.text)
    return NormalisedDocument(
        source=source,
        text=text,
        offsets=None,
        furniture=furniture_spans(text, lexicon),
        was_traditional=text != source.text,
    )
