"""The words of names: word classes and helpers shared by the mention rules.

Every word list comes from the lexicon (``kg/data``); what is here is grammar: jieba's tag
classes, bracket characters, and small text helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from kg.lexicon import Lexicon
from kg.model import Token

MAX_NAME = 40


MAX_LIST_ITEM = 24


# jieba tags that never occur inside a name: prepositions, conjunctions, particles, adverbs,
# pronouns, numerals, measure words, time words, interjections.
_STOP_TAGS = frozenset(
    {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "m", "q", "t", "y", "e", "o"}
    | {"mq", "i"}
)


_OPEN = "(（"


_CLOSE = ")）"


_NUMBER = r"[一二三四五六七八九十百千两\d]+"


# A stock code in brackets after a listed firm's name: 某某科技（600123.SH）, 某某（6231）.
STOCK_CODE = re.compile(
    r"[(（](?:(?:SH|SZ|HK|BJ|TW)?\s*\d{4,6}(?:\s*\.\s*(?:SH|SZ|SS|HK|BJ|TW|TWO))?|[A-Z]{1,5}\.[A-Z]{1,2})[)）]"
)


# jieba tags of words that may be (part of) a proper name.
_PROPER_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "nz"})


def either(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words."""
    return "|".join(map(re.escape, words))


# A letter or a digit: what ``str.isalnum`` accepts (``\w`` less the underscore).
_ALNUM = re.compile(r"[^\W_]")


def _is_punct(token: Token) -> bool:
    """No letter or digit in the word (punctuation, spaces, symbols)."""
    return _ALNUM.search(token.text) is None


def _is_agency_word(text: str, lexicon: Lexicon) -> bool:
    return text in lexicon.agency_words or (
        len(text) >= 4 and text.endswith(_long_agency_words(lexicon))
    )


@cache
def _long_agency_words(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(sorted(s for s in lexicon.agency_words if len(s) >= 3))


@cache
def _longest_region(lexicon: Lexicon) -> int:
    return max(map(len, lexicon.regions), default=0)


@cache
def _generic_words(lexicon: Lexicon) -> tuple[str, ...]:
    """Generic words of two characters or more: one character is stripped from inside
    others (子 from 电子), so single characters count only as whole heads."""
    return _longest_first(frozenset(w for w in lexicon.generic if len(w) >= 2))


@cache
def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _strip_words(text: str, words: tuple[str, ...]) -> str:
    """Remove every occurrence of the given words, longest first."""
    for word in _candidates(text, words, ""):
        if word in text:
            text = text.replace(word, "")
    return text


def _replace_words(text: str, words: tuple[str, ...], by: str) -> str:
    """Replace every occurrence of the given words by ``by``, one word after the other (what
    ``str.replace`` in a loop over ``words`` gives)."""
    for word in _candidates(text, words, by):
        text = text.replace(word, by)
    return text


def _candidates(text: str, words: tuple[str, ...], by: str) -> Sequence[str]:
    """The words, in order, that can occur in ``text`` while each in turn is replaced by ``by``:
    those whose first character the text or ``by`` holds (a replacement takes characters away
    and adds only those of ``by``). The others would replace nothing."""
    if len(words) < _INDEXED_WORDS:
        return words
    index = _by_first_character(words)
    found = [i for char in {*text, *by, ""} for i in index.get(char, ())]
    return [words[i] for i in sorted(found)]


_INDEXED_WORDS = 32
_INDEXES: dict[int, tuple[tuple[str, ...], dict[str, tuple[int, ...]]]] = {}


def _by_first_character(words: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """First character ("" for the empty word) → the positions of the words that begin with it,
    for each list of words :func:`_candidates` is given (a few, made once per lexicon)."""
    entry = _INDEXES.get(id(words))
    if entry is not None and entry[0] is words:
        return entry[1]
    index: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        index.setdefault(word[:1], []).append(position)
    if len(_INDEXES) >= 64:  # lists made on the fly: do not keep them all
        _INDEXES.clear()
    entry = _INDEXES[id(words)] = (words, {char: tuple(at) for char, at in index.items()})
    return entry[1]


@cache
def _field_terms(lexicon: Lexicon) -> tuple[str, ...]:
    """Field words of two characters or more, longest first."""
    return _longest_first(frozenset(t for t in lexicon.industry_terms if len(t) >= 2))


@lru_cache(maxsize=65536)
def _tokens_of(text: str, lexicon: Lexicon) -> tuple[Token, ...]:
    from kg.segment import tokens

    return tokens(text, 0, lexicon)


@cache
def firm_suffixes(lexicon: Lexicon) -> tuple[str, ...]:
    """The firm suffixes of the lexicon, longest first (股份有限公司 before 公司)."""
    return tuple(
        sorted((s for s, t in lexicon.suffix_owner.items() if t == "Firm"), key=len, reverse=True)
    )
