"""Write kg/data/gazetteers/regions_world_cldr.tsv: the cities outside China that the Unicode
CLDR names in Chinese (the exemplar cities of its time zones), as Regions.

The annotation guide counts foreign cities as Regions (countries and macro-regions are not), and
no Chinese division list has them. CLDR's exemplar cities are a public list of about 420 of the
world's main cities with their standard Chinese names; Babel ships the CLDR data, so the list is
taken from the installed ``babel`` package (``pip install babel``; it is not a dependency of the
tool, only of this script).

    python scripts/world_cities.py            # writes the file
    python scripts/world_cities.py --check    # exits 1 if the file is not what the script writes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel import Locale
from babel.core import get_cldr_version
from data_file import write_or_check

from kg.lexicon import jieba_tags, load

OUT = Path(__file__).resolve().parent.parent / "kg/data/gazetteers/regions_world_cldr.tsv"
# a two-character name counts only when jieba's dictionary knows it as a place or a name: the
# others are common words too (万象, 金边, 帝力)
_PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nz"})


def rows() -> tuple[list[tuple[str, str]], dict[str, int]]:
    zh = Locale.parse("zh")
    territories = set(zh.territories.values())
    lexicon = load()
    tags = jieba_tags()
    dropped = {"country or territory": 0, "Chinese division": 0, "common word": 0, "short": 0}
    out: dict[str, str] = {}
    for zone, names in sorted(zh.time_zones.items()):
        city = names.get("city")
        if not city:
            continue
        if city in territories:
            dropped["country or territory"] += 1
        elif _chinese_division(lexicon.regions.get(city)):
            dropped["Chinese division"] += 1
        elif len(city) < 2:
            dropped["short"] += 1
        elif len(city) == 2 and tags.get(city) not in _PLACE_TAGS:
            dropped["common word"] += 1
        else:
            out.setdefault(city, zone)
    return sorted(out.items()), dropped


def _chinese_division(region) -> bool:
    """A place of the division lists (this file's own rows, read back by the lexicon, have no
    code, no parent and no level of their own)."""
    return region is not None and bool(region.code or region.parents or region.level != "town")


def render() -> str:
    found, dropped = rows()
    total = len(found) + sum(dropped.values())
    header = [
        "# Cities outside China with their standard Chinese names (Regions: the guide counts "
        "foreign cities as places; countries and macro-regions are not).",
        "# source: Unicode CLDR "
        f"{get_cldr_version()}, locale zh, the exemplar cities of the time zones "
        "(timeZoneNames/zone/exemplarCity), as shipped by the Python package Babel "
        f"(babel {_babel_version()}, https://github.com/python-babel/babel); written by "
        "scripts/world_cities.py.",
        "# date: 2026-12-01",
        "# licence: Unicode License v3 (CLDR data)",
        "# transform: names kept as CLDR writes them (Simplified); dropped: names that are "
        "also a country's or territory's name (新加坡), names the Chinese division lists already "
        "have (乌鲁木齐, 台北), one-character names, and two-character names that jieba's "
        "dictionary does not tag as a place or name (common words such as 万象, 金边): "
        + ", ".join(f"{n} {why}" for why, n in dropped.items())
        + f" of {total} zones.",
        "# caveat: only the cities that name a time zone (capitals and large cities); counted by "
        "the full name only (no short forms), with no parent place.",
        f"# rows: {len(found)}",
        "# columns: name\ttype\taliases\tcode\tlevel\tparent\tsource",
    ]
    body = [f"{city}\tRegion\t\t\tcity (foreign)\t\tCLDR {zone}" for city, zone in found]
    return "\n".join(header + body) + "\n"


def _babel_version() -> str:
    import babel

    return babel.__version__


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    text = render()
    return write_or_check(OUT, text, args.check)


if __name__ == "__main__":
    sys.exit(main())
