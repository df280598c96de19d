"""The project's dictionaries and cue lists, loaded once from the data files under ``kg/data``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import ahocorasick

REGION_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)


def _data_text(name: str) -> str:
    return resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Region:
    name: str  # official full name, e.g. 杭州市
    short: str  # without the administrative suffix, e.g. 南京
    level: str  # province | city | county


@dataclass(frozen=True, eq=False)
class Lexicon:
    suffixes: dict[str, tuple[str, ...]]
    known: dict[str, tuple[str, ...]]
    generic: frozenset[str]
    not_regions: frozenset[str]
    ambiguous_short: frozenset[str]
    stop_words: frozenset[str]
    cues: dict[str, tuple[str, ...]]
    furniture: tuple[re.Pattern[str], ...]
    sentence_end: str
    regions: dict[str, Region]  # every accepted surface form → region
    industry_terms: frozenset[str]
    district_shorts: tuple[str, ...]
    name_verbs: frozenset[str]
    soft_words: frozenset[str]
    firm_heads: tuple[str, ...]
    park_abbreviations: tuple[tuple[str, str], ...]  # long form → short form, longest first

    def region(self, surface: str) -> Region | None:
        return self.regions.get(surface)

    @cached_property
    def province_names(self) -> tuple[str, ...]:
        """Province names, full and short, longest first (浙江省, 浙江)."""
        return _by_length(tuple(s for s, r in self.regions.items() if r.level == "province"))

    @cached_property
    def city_names_by_length(self) -> tuple[str, ...]:
        return _by_length(tuple(s for s, r in self.regions.items() if r.level != "province"))

    @cached_property
    def district_shorts_by_length(self) -> tuple[str, ...]:
        return _by_length(self.district_shorts)

    @cached_property
    def district_matcher(self) -> ahocorasick.Automaton:
        """Short names of cities and districts (any, even if also a common word): for 天河园."""
        return _automaton(self.district_shorts)

    @cached_property
    def region_matcher(self) -> ahocorasick.Automaton:
        return _automaton(tuple(sorted(self.regions)))


@cache
def _by_length(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _automaton(words: tuple[str, ...]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def short_region_name(name: str) -> str:
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# jieba tags of proper names: a county's short name that jieba knows only as a common word
# (资源, 合作, 新建) is not taken as a place without its suffix. City short names always count.
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt"})


@cache
def jieba_tags() -> dict[str, str]:
    """jieba's own word → POS tag table, read from its bundled dictionary."""
    import jieba

    tags: dict[str, str] = {}
    with jieba.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _load_regions(not_regions: frozenset[str], ambiguous: frozenset[str]) -> dict[str, Region]:
    """Full names always count; a short form unless it is ambiguous (see _PROPER_TAGS)."""
    regions: dict[str, Region] = {}
    tags = jieba_tags()
    for name, level in _region_rows():
        region = Region(name=name, short=short_region_name(name), level=level)
        # A higher level wins a clash (杭州市 the city over a county of the same short name).
        for surface in (name, region.short):
            if surface in not_regions:
                continue
            if (
                surface == region.short
                and surface != name
                and (
                    surface in ambiguous
                    or (level == "county" and tags.get(surface, "ns") not in _PROPER_TAGS)
                )
            ):
                continue
            if len(surface) < 2:
                continue
            current = regions.get(surface)
            if current is None or _rank(level) < _rank(current.level):
                regions[surface] = region
    return regions


def _rank(level: str) -> int:
    return {"province": 0, "city": 1, "county": 2}[level]


@cache
def load() -> Lexicon:
    lexicon = tomllib.loads(_data_text("lexicon.toml"))
    cues = tomllib.loads(_data_text("cues.toml"))
    not_regions = frozenset(lexicon["generic"]["not_regions"])
    ambiguous = frozenset(lexicon["generic"]["ambiguous_region_short"])
    industry = frozenset(
        w.strip()
        for w in _data_text("industry_terms.txt").splitlines()
        if w.strip() and not w.startswith("#")
    )
    return Lexicon(
        suffixes={k: tuple(v) for k, v in lexicon["suffixes"].items()},
        known={k: tuple(v) for k, v in lexicon["known"].items()},
        generic=frozenset(lexicon["generic"]["modifiers"]),
        not_regions=not_regions,
        ambiguous_short=ambiguous,
        stop_words=frozenset(cues["boundary"]["stop_words"]),
        cues={k: tuple(v) for k, v in cues["relations"].items()},
        furniture=tuple(re.compile(p) for p in cues["structure"]["furniture"]),
        sentence_end=cues["structure"]["sentence_end"],
        regions=_load_regions(not_regions, ambiguous),
        industry_terms=industry,
        district_shorts=_district_shorts(),
        name_verbs=frozenset(cues["names"]["name_verbs"]),
        soft_words=frozenset(cues["names"]["soft_words"]),
        firm_heads=tuple(cues["names"]["firm_heads"]),
        park_abbreviations=tuple(
            sorted(lexicon["park_abbreviations"].items(), key=lambda kv: (-len(kv[0]), kv[0]))
        ),
    )


def _district_shorts() -> tuple[str, ...]:
    shorts = set()
    for name, level in _region_rows():
        short = short_region_name(name)
        if level != "province" and short != name and len(short) >= 2:
            shorts.add(short)
    return tuple(sorted(shorts))


@cache
def _region_rows() -> tuple[tuple[str, str], ...]:
    """(name, level) of every row of regions.tsv, read once."""
    rows = []
    for line in _data_text("regions.tsv").splitlines():
        if line and not line.startswith("#"):
            _code, name, level = line.split("\t")
            rows.append((name, level))
    return tuple(rows)
