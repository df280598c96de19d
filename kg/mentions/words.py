"""The words of names: suffix and known-name patterns, generic words, word classes."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.lexicon import Lexicon
from kg.lexicon import load as load_lexicon
from kg.model import Token

MAX_NAME = 40


MAX_LIST_ITEM = 24


# jieba tags that never occur inside a name: prepositions, conjunctions, particles, adverbs,
# pronouns, numerals, measure words, time words, interjections.
_STOP_TAGS = frozenset(
    {
        "p",
        "c",
        "u",
        "uj",
        "ul",
        "uz",
        "ud",
        "ug",
        "uv",
        "d",
        "r",
        "m",
        "q",
        "t",
        "y",
        "e",
        "o",
        "mq",
        "i",
    }
)


_CONJUNCTIONS = frozenset({"与", "和", "及", "暨"})


_CHINESE_DIGITS = "一二三四五六七八九十百千万"


_OPEN = "(（"


_CLOSE = ")）"


_NUMBER = r"[一二三四五六七八九十百千两\d]+"


def _is_punct(token: Token) -> bool:
    return not any(ch.isalnum() for ch in token.text)


@cache
def _suffix_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    lexicon = load_lexicon()
    owner: dict[str, str] = {}
    for type_, suffixes in lexicon.suffixes.items():
        for suffix in suffixes:
            owner.setdefault(suffix, type_)
    alternatives = sorted(owner, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, alternatives))), owner


@cache
def _known_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    owner = {name: type_ for type_, names in load_lexicon().known.items() for name in names}
    alternatives = sorted(owner, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, alternatives))), owner


_PLACE_WORDS = ("高新区", "开发区", "园区", "新区", "园", "省", "市", "区", "县")


_PROPER_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "nz"})


_CATEGORY_WORDS = (
    "企业",
    "公司",
    "集群",
    "园区",
    "机构",
    "单位",
    "高校",
    "院校",
    "部门",
    "行业",
    "政府",
)


@cache
def _agency_words() -> frozenset[str]:
    lexicon = load_lexicon()
    return frozenset(lexicon.known.get("Agency", ())) | frozenset(
        s for s in lexicon.suffixes.get("Agency", ()) if len(s) >= 3
    )


def _is_agency_word(text: str) -> bool:
    return text in _agency_words() or (
        len(text) >= 4 and any(text.endswith(s) for s in _agency_words() if len(s) >= 3)
    )


@cache
def _longest_region(lexicon: Lexicon) -> int:
    return max(map(len, lexicon.regions), default=0)


@cache
def _all_suffixes() -> tuple[str, ...]:
    _pattern, owner = _suffix_pattern()
    return tuple(owner)


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
    for word in words:
        if word in text:
            text = text.replace(word, "")
    return text


@lru_cache(maxsize=65536)
def _tokens_of(text: str) -> tuple[Token, ...]:
    from kg.segment import tokens

    return tokens(text, 0)


# Suffixes of bodies that are named without a place (国家中医药管理局 is also written 中医药管理局).
_CENTRAL_SUFFIXES = ("管理局", "监督管理局", "总局")


@cache
def _known_agencies() -> tuple[str, ...]:
    return tuple(load_lexicon().known.get("Agency", ()))
