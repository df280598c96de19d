"""The lexicon: the one reader of the data files under ``kg/data``.

Every matcher the rules use (the suffix pattern, the word lists that :mod:`kg.mentions.matcher`
scans for in one pass, cue tables, the jieba user words) is derived from one :class:`Lexicon`
instance, so a lexicon built from another folder (``--lexicon DIR``) or extended with a user's
names (``--names FILE``) is honoured by every stage. :func:`load` builds one per
:class:`LexiconSource` and keeps it for the process; a lexicon pickles as its source, so worker
processes rebuild the same one.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from kg.model import ENTITY_TYPES

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


class LexiconError(ValueError):
    """A bad lexicon folder or names file; the message names the file (and line)."""


@dataclass(frozen=True)
class LexiconSource:
    """Where a lexicon's data comes from.

    ``folder`` holds files of the same layout as ``kg/data``: with ``replace`` each file found
    there replaces the package's, otherwise its entries are added (TOML lists are extended,
    tables merged; text and TSV files appended). ``names`` are a user's own (name, type) pairs.
    """

    folder: str | None = None
    replace: bool = False
    names: tuple[tuple[str, str], ...] = ()

    def text(self, name: str) -> str:
        """The text of data file ``name`` (a path under ``kg/data``), after the folder's changes."""
        package = resources.files("kg").joinpath("data", *name.split("/"))
        own = Path(self.folder, name) if self.folder else None
        if own is not None and own.is_file():
            try:
                extra = own.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise LexiconError(f"{own}: cannot read: {error}") from None
            if self.replace or not package.is_file():
                return extra
            if name.endswith(".toml"):
                return extra  # merged by toml(), which reads both
            return package.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra
        return package.read_text(encoding="utf-8")

    def listing(self, folder: str) -> tuple[str, ...]:
        """File names in a data sub-folder (the package's and, unless replaced, the folder's)."""
        names: set[str] = set()
        package = resources.files("kg").joinpath("data", folder)
        own = Path(self.folder, folder) if self.folder else None
        if package.is_dir() and not (self.replace and own is not None and own.is_dir()):
            names.update(p.name for p in package.iterdir() if p.is_file())
        if own is not None and own.is_dir():
            names.update(p.name for p in own.iterdir() if p.is_file())
        return tuple(sorted(names))

    def toml(self, name: str) -> dict[str, Any]:
        package = resources.files("kg").joinpath("data", *name.split("/"))
        base = tomllib.loads(package.read_text(encoding="utf-8")) if package.is_file() else {}
        own = Path(self.folder, name) if self.folder else None
        if own is None or not own.is_file():
            return base
        try:
            extra = tomllib.loads(own.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise LexiconError(f"{own}: {error}") from None
        return extra if self.replace else _deep_merge(base, extra, f"{own}: ")

    def fingerprint(self) -> str:
        """A hash of everything this source adds to the package's data."""
        digest = hashlib.sha256(repr((self.replace, self.names)).encode("utf-8"))
        if self.folder:
            root = Path(self.folder)
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()


def _deep_merge(base: dict[str, Any], extra: dict[str, Any], where: str = "") -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        current = out.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            out[key] = _deep_merge(current, value, f"{where}{key}.")
        elif isinstance(current, list) and isinstance(value, list):
            out[key] = current + [v for v in value if v not in current]
        elif isinstance(current, (dict, list)):  # Park = "…" would replace a list by its letters
            kind = "table" if isinstance(current, dict) else "list"
            raise LexiconError(f"{where}{key}: expected a {kind}, as in the package's file")
        else:
            out[key] = value
    return out


def read_names(path: str | Path) -> tuple[tuple[str, str], ...]:
    """A user's names file: UTF-8 lines ``name<TAB>Type``; ``#`` starts a comment."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (Notepad) is no name
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such names file") from None
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise LexiconError(f"{path}: {error.strerror or error}") from None
    names: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 2 or not parts[0]:
            raise LexiconError(f"{path}:{number}: expected 'name<TAB>Type', got {raw.strip()!r}")
        name, type_ = parts
        if type_ not in ENTITY_TYPES:
            known = ", ".join(ENTITY_TYPES)
            raise LexiconError(f"{path}:{number}: unknown type {type_!r} (one of {known})")
        if len(name) < 2:
            raise LexiconError(f"{path}:{number}: a name needs at least 2 characters")
        names.append((name, type_))
    return tuple(names)


@dataclass(frozen=True)
class Region:
    name: str  # official full name, e.g. 杭州市
    short: str  # without the administrative suffix, e.g. 南京
    level: str  # province | city | county | town
    code: str = ""  # the national division code (110105), when the list gives one
    parents: tuple[str, ...] = ()  # the places a list names as containing it (某市 for 某区)

    def contains(self, other: Region) -> bool:
        """Whether ``other`` lies inside this region, by the division codes' nesting or the
        parents a gazetteer names."""
        if self.name in other.parents:
            return True
        if not self.code or not other.code or self.code == other.code:
            return False
        if self.level == "province":
            return other.code[:2] == self.code[:2]
        if self.level == "city":
            return other.level == "county" and other.code[:4] == self.code[:4]
        return False


@dataclass(frozen=True, eq=False)
class Lexicon:
    """All the vocabulary the rules know. Grammar is in code; every word list is here."""

    suffixes: dict[str, tuple[str, ...]]
    known: dict[str, tuple[str, ...]]
    generic: frozenset[str]
    not_regions: frozenset[str]
    ambiguous_short: frozenset[str]
    stop_words: frozenset[str]
    cues: dict[str, tuple[str, ...]]  # relation (ontology name) → its cue words
    furniture: tuple[re.Pattern[str], ...]
    sentence_end: str
    regions: dict[str, Region]  # every accepted surface form → region
    industry_terms: frozenset[str]
    district_shorts: tuple[str, ...]
    name_verbs: frozenset[str]
    soft_words: frozenset[str]
    firm_heads: tuple[str, ...]
    park_abbreviations: tuple[tuple[str, str], ...]  # long form → short form, longest first
    gazetteer: dict[str, str] = field(default_factory=dict)  # public lists: name → type
    zone_families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # zone heads
    vocabulary: dict[str, dict[str, Any]] = field(default_factory=dict)  # mention-rule families
    relation_cues: dict[str, dict[str, Any]] = field(default_factory=dict)  # by ontology name
    source: LexiconSource = field(default_factory=LexiconSource)

    def __reduce__(self) -> tuple[Any, ...]:
        # A lexicon travels to worker processes as its source and is rebuilt (once) there.
        return (load, (self.source,))

    def region(self, surface: str) -> Region | None:
        """The region a surface names; a short form with another administrative suffix (某某市
        for the list's 京山县: a county become a city) is that region."""
        found = self.regions.get(surface)
        if found is None and len(surface) >= 3 and surface[-1] in "市县区":
            short = self.regions.get(surface[:-1])
            if short is not None and short.short == surface[:-1]:
                return short
        return found

    def words(self, family: str, key: str) -> tuple[str, ...]:
        """A word list of a mention-rule family (``kg/data/mentions/<family>.toml``)."""
        return self._word_tuples(family, key)

    def word_set(self, family: str, key: str) -> frozenset[str]:
        return self._word_sets(family, key)

    def cue_words(self, relation: str, key: str = "cues") -> tuple[str, ...]:
        """Cue words of a relation (``kg/data/relations.toml``, keyed by ontology name)."""
        return tuple(self.relation_cues[relation][key])

    def limit(self, relation: str, key: str) -> int:
        return int(self.relation_cues[relation][key])

    @cache  # noqa: B019 - one lexicon per process; the cache lives as long as it does
    def _word_sets(self, family: str, key: str) -> frozenset[str]:
        return frozenset(self.vocabulary[family][key])

    @cache  # noqa: B019 - the rules ask for the same lists for every sentence
    def _word_tuples(self, family: str, key: str) -> tuple[str, ...]:
        return tuple(self.vocabulary[family][key])

    @cached_property
    def fingerprint(self) -> str:
        return self.source.fingerprint()

    @cached_property
    def suffix_owner(self) -> dict[str, str]:
        """Every name suffix → the type it marks (the first type that lists it)."""
        owner: dict[str, str] = {}
        for type_, suffixes in self.suffixes.items():
            for suffix in suffixes:
                owner.setdefault(suffix, type_)
        return owner

    @cached_property
    def suffix_pattern(self) -> re.Pattern[str]:
        return _alternation(self.suffix_owner)

    @cached_property
    def known_owner(self) -> dict[str, str]:
        """Known names (central agencies, park nicknames, the user's names) → type."""
        return {name: type_ for type_, names in self.known.items() for name in names}

    @cached_property
    def gazetteer_names(self) -> dict[str, str]:
        """The gazetteer names safe to find on their own (not only inside a list of firms):
        long enough, not a common word in jieba's dictionary, not a field or a place."""
        tags = jieba_tags()
        out: dict[str, str] = {}
        for name, type_ in self.gazetteer.items():
            minimum = 4 if type_ == "ResearchOrg" else 3
            if len(name) < minimum or name in self.industry_terms or name in self.regions:
                continue
            if name in self.generic or name in self.not_regions:
                continue
            if name in self.known_owner:
                continue
            if type_ != "Agency" and tags.get(name, "nz") not in _GAZETTEER_TAGS:
                continue  # a listed short name that is a common word (长城); a body's name is not
            if len(_strip_all(name, self._field_and_generic_words)) < 2:
                continue  # 建设机械, 新产业: a listed name made of field words only
            out[name] = type_
        return out

    @cached_property
    def _field_and_generic_words(self) -> tuple[str, ...]:
        words = {w for w in self.industry_terms | self.generic if len(w) >= 2}
        return tuple(sorted(words, key=lambda w: (-len(w), w)))

    @cached_property
    def agency_words(self) -> frozenset[str]:
        """Known agencies and agency suffixes of three characters or more."""
        return frozenset(self.known.get("Agency", ())) | frozenset(
            s for s in self.suffixes.get("Agency", ()) if len(s) >= 3
        )

    @cached_property
    def user_words(self) -> tuple[tuple[str, int, str], ...]:
        """(word, frequency, POS tag) the segmenter must keep whole: industry vocabulary and
        entity suffixes (nouns), the user's names (proper nouns), and region names that jieba's
        own dictionary lacks (place names)."""
        known = jieba_tags()
        words: dict[str, tuple[int, str]] = {}
        for word in sorted(self.industry_terms):
            words[word] = (_USER_WORD_FREQ, "n")
        for suffixes in self.suffixes.values():
            for word in suffixes:
                if len(word) >= 2:
                    words[word] = (_USER_WORD_FREQ, "n")
        for name, _type in self.source.names:
            words.setdefault(name, (_USER_WORD_FREQ, "nz"))
        for surface in sorted(self.regions):
            if self.regions[surface].level == "town":
                continue  # thirty thousand township names would reshape jieba's cuts everywhere
            if surface not in known and surface not in words:
                words[surface] = (2_000, "ns")
        return tuple((w, freq, tag) for w, (freq, tag) in words.items())

    @cached_property
    def province_names(self) -> tuple[str, ...]:
        """Province names, full and short, longest first (某某省, 某某)."""
        return _by_length(tuple(s for s, r in self.regions.items() if r.level == "province"))

    @cached_property
    def city_names_by_length(self) -> tuple[str, ...]:
        return _by_length(tuple(s for s, r in self.regions.items() if r.level != "province"))

    @cached_property
    def district_shorts_by_length(self) -> tuple[str, ...]:
        return _by_length(self.district_shorts)


_USER_WORD_FREQ = 50_000


def _alternation(words: dict[str, str]) -> re.Pattern[str]:
    """One pattern matching any of the words, the longest at a position first."""
    alternatives = sorted(words, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, alternatives)) or r"(?!x)x")


@cache
def _by_length(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _strip_all(text: str, words: tuple[str, ...]) -> str:
    for word in words:
        if word in text:
            text = text.replace(word, "")
    return text


def short_region_name(name: str) -> str:
    """The name without its unit word; an autonomous unit also without its peoples
    (大理白族自治州 -> 大理, 红河哈尼族彝族自治州 -> 红河)."""
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return _without_peoples(short) if suffix.startswith("自治") else short
    return name


def autonomous_unit_form(name: str) -> str | None:
    """How an autonomous prefecture, county or banner is written short: 大理白族自治州 -> 大理州,
    石林彝族自治县 -> 石林县 (None for other units)."""
    for suffix, unit in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(suffix):
            short = short_region_name(name)
            return short + unit if short != name[: -len(suffix)] else None
    return None


def _without_peoples(short: str) -> str:
    peoples = _ethnic_groups()
    rest = short
    while rest.endswith("族"):
        people = next(
            (p for p in peoples if rest[:-1].endswith(p) and len(rest) - 1 > len(p)), None
        )
        if people is None:
            break
        rest = rest[: -1 - len(people)]
    return rest if len(rest) >= 2 else short


@cache
def _ethnic_groups() -> tuple[str, ...]:
    """The peoples' names of GB/T 3304 (kg/data/ethnic_groups.txt), longest first."""
    text = resources.files("kg").joinpath("data", "ethnic_groups.txt").read_text(encoding="utf-8")
    names = (line.strip() for line in text.splitlines())
    return tuple(sorted((n for n in names if n and not n.startswith("#")), key=len, reverse=True))


# jieba tags of proper names: a county's short name that jieba knows only as a common word
# (资源, 合作, 新建) is not taken as a place without its suffix. City short names always count.
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt"})
# A listed name that jieba knows as a place (太平洋, 长江) is not taken for a firm on its own.
_GAZETTEER_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "nt"})


@cache
def _jieba_table() -> tuple[dict[str, str], dict[str, int]]:
    """jieba's own word → POS tag and word → frequency tables, read once from its dictionary."""
    import jieba

    tags: dict[str, str] = {}
    freqs: dict[str, int] = {}
    with jieba.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
                if parts[1].isdigit():
                    freqs[parts[0]] = int(parts[1])
    return tags, freqs


def jieba_tags() -> dict[str, str]:
    """jieba's own word → POS tag table, read from its bundled dictionary."""
    return _jieba_table()[0]


def jieba_freqs() -> dict[str, int]:
    """jieba's own word → frequency table, read from its bundled dictionary."""
    return _jieba_table()[1]


def _load_regions(
    rows: tuple[tuple[str, ...], ...], not_regions: frozenset[str], ambiguous: frozenset[str]
) -> dict[str, Region]:
    """Full names always count; a short form unless it is ambiguous (see _PROPER_TAGS)."""
    regions: dict[str, Region] = {}
    tags = jieba_tags()
    for name, level, *extra in rows:
        region = Region(
            name=name,
            short=short_region_name(name),
            level=level,
            code=extra[0] if extra else "",
            parents=tuple(extra[1].split(";")) if len(extra) > 1 and extra[1] else (),
        )
        # A higher level wins a clash (杭州市 the city over a county of the same short name).
        # A town (or a district from a list of its own) counts only by its full name.
        written = autonomous_unit_form(name)
        surfaces = (name, region.short) + ((written,) if written else ())
        for surface in (name,) if level == "town" else surfaces:
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
    return {"province": 0, "city": 1, "county": 2, "town": 3}[level]


MENTION_FAMILIES = ("edges", "lists", "titles", "tables", "places", "enumerations")


def load(source: LexiconSource | None = None) -> Lexicon:
    """The lexicon of ``source`` (default: the package's data alone), built once per process
    and content of its folder: a folder edited since it was read is read again."""
    source = source or LexiconSource()
    return _load(source, source.fingerprint())


@cache
def _load(source: LexiconSource, _fingerprint: str) -> Lexicon:
    lexicon = source.toml("lexicon.toml")
    cues = source.toml("cues.toml")
    not_regions = frozenset(lexicon["generic"]["not_regions"])
    ambiguous = frozenset(lexicon["generic"]["ambiguous_region_short"])
    industry = frozenset(
        w.strip()
        for file in ("industry_terms.txt", "fields_gbt4754.txt")
        for w in source.text(file).splitlines()
        if w.strip() and not w.startswith("#")
    )
    known = {k: list(v) for k, v in lexicon["known"].items()}
    for name, type_ in source.names:
        if name not in known.setdefault(type_, []):
            known[type_].append(name)
    gazetteer, gazetteer_regions = _gazetteers(source)
    rows = _region_rows(source) + gazetteer_regions
    relations = source.toml("relations.toml")
    return Lexicon(
        suffixes={k: tuple(v) for k, v in lexicon["suffixes"].items()},
        known={k: tuple(v) for k, v in known.items()},
        generic=frozenset(lexicon["generic"]["modifiers"]),
        not_regions=not_regions,
        ambiguous_short=ambiguous,
        stop_words=frozenset(cues["boundary"]["stop_words"]),
        cues={k: tuple(v["cues"]) for k, v in relations.items() if "cues" in v},
        furniture=tuple(re.compile(p) for p in cues["structure"]["furniture"]),
        sentence_end=cues["structure"]["sentence_end"],
        regions=_load_regions(rows, not_regions, ambiguous),
        industry_terms=industry,
        district_shorts=_district_shorts(rows),
        name_verbs=frozenset(cues["names"]["name_verbs"]),
        soft_words=frozenset(cues["names"]["soft_words"]),
        firm_heads=tuple(cues["names"]["firm_heads"]),
        park_abbreviations=tuple(
            sorted(lexicon["park_abbreviations"].items(), key=lambda kv: (-len(kv[0]), kv[0]))
        ),
        gazetteer=gazetteer,
        zone_families={k: tuple(v) for k, v in lexicon.get("zone_families", {}).items()},
        vocabulary={f: source.toml(f"mentions/{f}.toml") for f in MENTION_FAMILIES},
        relation_cues=relations,
        source=source,
    )


def _district_shorts(rows: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    shorts = set()
    for name, level, *_code in rows:
        short = short_region_name(name)
        if level not in ("province", "town") and short != name and len(short) >= 2:
            shorts.add(short)
    return tuple(sorted(shorts))


_PARK_LIKE = ("园区", "园")
# Levels of the lists' rows: Hong Kong's 18 districts are county-level units, written as often
# without their 区 (沙田, 元朗) as with it; Taiwan's townships count by their full names.
_GAZETTEER_LEVELS = {"province": "province", "county/municipality": "city", "district": "county"}


def _gazetteers(
    source: LexiconSource,
) -> tuple[dict[str, str], tuple[tuple[str, ...], ...]]:
    """Names and aliases of the public lists in ``gazetteers/`` → type; their Region rows go
    to the place table instead (a township or district of a list counts by its full name)."""
    names: dict[str, str] = {}
    regions: list[tuple[str, ...]] = []
    for file in source.listing("gazetteers"):
        if not file.endswith(".tsv"):
            continue
        for number, line in enumerate(source.text(f"gazetteers/{file}").splitlines(), 1):
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2 or parts[1] not in ENTITY_TYPES:
                raise LexiconError(f"gazetteers/{file}:{number}: expected name<TAB>Type<TAB>…")
            name, type_ = parts[0], parts[1]
            aliases = [a for a in (parts[2].split("|") if len(parts) > 2 else []) if a]
            if type_ == "Region":
                level = _GAZETTEER_LEVELS.get(parts[4].split(";")[0] if len(parts) > 4 else "")
                if level is None and name.endswith(_PARK_LIKE):
                    continue  # 大园区: a township whose name reads as a park
                parents = parts[5] if len(parts) > 5 else ""
                regions.append((name, level or "town", "", parents))
                continue
            for form in (name, *aliases):
                names.setdefault(form, type_)
    return names, tuple(regions)


def _region_rows(source: LexiconSource) -> tuple[tuple[str, ...], ...]:
    """(name, level, code) of every row of regions.tsv."""
    rows = []
    for number, line in enumerate(source.text("regions.tsv").splitlines(), 1):
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) != 3:
                raise LexiconError(f"regions.tsv:{number}: expected code<TAB>name<TAB>level")
            rows.append((parts[1], parts[2], parts[0]))
    return tuple(rows)
