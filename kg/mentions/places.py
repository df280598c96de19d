"""Places at the start of names: 山东 | 烟台高新区 | …集群, district parks, region lookups."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.lexicon import Lexicon, jieba_freqs


def _begins_with_region(text: str, lexicon: Lexicon) -> bool:
    return any(text.startswith(text[:n]) and text[:n] in lexicon.regions for n in range(2, 8))


def _strip_places(text: str, lexicon: Lexicon) -> str:
    while True:
        found = place_prefix(text + "XX", lexicon)
        if found is None:
            return text
        text = text[len(found[1]) :]


def _place_heads(name: str, lexicon: Lexicon) -> list[str]:
    return [name[:n] for n in range(2, min(len(name), 10)) if name[:n] in lexicon.regions]


def _leading_region(text: str, lexicon: Lexicon) -> str | None:
    for n in range(min(len(text), 8), 1, -1):
        if text[:n] in lexicon.regions:
            return text[:n]
    return None


@lru_cache(maxsize=65536)
def place_prefix(name: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The park or region a cluster's or platform's name begins with: (type, name). Kept per
    name: the same names are looked at again and again (once per rule that completes them)."""
    pattern, owner = lexicon.suffix_pattern, lexicon.suffix_owner
    head = lexicon.vocabulary["places"]["district_park_head"]
    not_heads = tuple(lexicon.vocabulary["places"]["district_park_not"])
    for province in _starting_like(lexicon.province_names, name):
        rest = name[len(province) :]
        if name.startswith(province) and len(rest) > 4 and _begins_with_place(rest, lexicon):
            return ("Region", province)
    for short in _starting_like(lexicon.district_shorts_by_length, name):
        if (
            name.startswith(short + head)
            and not name[len(short) :].startswith(not_heads)
            and len(name) > len(short) + 3
        ):
            return ("Park", short + head)
    for match in pattern.finditer(name):
        suffix = match.group(0)
        if owner[suffix] != "Park" or match.end() >= len(name) - 1 or match.start() < 2:
            continue
        park = name[: match.end()]
        if "(" in park or "（" in park:
            park = re.split(r"[(（]", park)[0]
            if not park.endswith(suffix):
                break
        return ("Park", park)
    for length in range(min(len(name) - 2, 12), 1, -1):
        head = name[:length]
        if head in lexicon.regions:
            region = lexicon.regions[head]
            renamed = (
                head == region.short
                and name[length : length + 1] in ("市", "县", "区")
                and jieba_freqs().get(name[: length + 1], 0) < 100  # not 大城市, a common word
            )
            if renamed and not name.startswith(region.name):
                return ("Region", name[: length + 1])  # 某县become 某市: a county become a city
            return ("Region", head)
    return None


def _begins_with_place(text: str, lexicon: Lexicon) -> bool:
    cities = _starting_like(lexicon.city_names_by_length, text)
    return any(text.startswith(r) for r in cities) or bool(_park_start(lexicon).match(text))


@cache
def _park_start(lexicon: Lexicon) -> re.Pattern[str]:
    heads = "|".join(map(re.escape, lexicon.words("places", "park_heads")))
    return re.compile(rf"^[^、，,]{{2,8}}?(?:{heads})")


_FIRST_CHAR_INDEXES: dict[int, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {}


def _starting_like(words: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The words sharing ``text``'s first character, in their given order: a fast pre-filter
    for ``text.startswith(word)`` over thousands of place names (same result, same order)."""
    entry = _FIRST_CHAR_INDEXES.get(id(words))
    if entry is None or entry[0] is not words:
        index: dict[str, list[str]] = {}
        for word in words:
            index.setdefault(word[:1], []).append(word)
        entry = (words, {first: tuple(group) for first, group in index.items()})
        _FIRST_CHAR_INDEXES[id(words)] = entry
    return entry[1].get(text[:1], ())
