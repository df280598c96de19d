"""Stage 3, find mentions: spans of a sentence that name an entity of one of the eight types.

Rules, each a small function over one sentence, registered in :data:`kg.registry.mention_rules`
with a declared priority and the types it produces (:data:`DEFAULT_MENTION_RULES` is the order
they run in):

- ``titles``: 《…》 titles are policies (when they end in a policy head);
- ``numbered_institutes``: a state group's institute named by its number (某集团38所);
- ``suffixes``: a name ends in a type's suffix (…产业集群, …高新区, …有限公司, …中心, …大学);
  its left edge is found by walking back over jieba words until a boundary word;
- ``known``: central agencies and famous park nicknames from the public lists in the lexicon;
- ``regions``: administrative names from the national division list;
- ``district_parks``: a district's short name + 园 (天河园), how 一区多园 parks are named;
- ``lists``: coordinated and elliptical lists (A、B等四家创新型产业集群; “A”“B”中心);
- ``firm_lists``: lists of firms (A、B等企业, 龙头企业有A、B, 以A、B为龙头);
- ``enumerations``, ``brand_firms``, ``project_brands``, ``stock_codes``: firms without a legal
  suffix (in lists, as a clause's subject, as a project's brand: 某某二期项目开工, by a stock code);
- ``table_firms``: the cells of a table's firm column.

Overlaps are settled by keeping the longest span; places that begin a cluster's or platform's
name are then added as nested mentions (:func:`place_prefixes`); a second pass finds every name
and stated alias wherever else the document uses it; a Party body named only in a person's title
is dropped (:func:`without_affiliations`).

The package: ``words`` (suffix and known-name patterns, generic words), ``places`` (places at the
start of names), ``edges`` (where a name begins; whether it is a name at all), ``lists``
(coordinated and elliptical lists), ``rules`` (the rules above), ``matcher`` (one scan of a
sentence for every dictionary the rules look words up in); this module runs them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache

from kg.lexicon import Lexicon, Region
from kg.lexicon import load as load_lexicon
from kg.mentions import enumerations as _enumerations  # noqa: F401 - registers its rule
from kg.mentions import lists as _lists  # noqa: F401 - registers the list rules
from kg.mentions import rules as _rules  # noqa: F401 - registers the other rules
from kg.mentions.edges import is_specific, left_edge
from kg.mentions.matcher import Hit, Matcher
from kg.mentions.places import place_prefix
from kg.mentions.words import either
from kg.model import Mention, Sentence
from kg.registry import MentionRule, mention_rules

DEFAULT_MENTION_RULES: tuple[str, ...] = (
    "user_names",
    "titles",
    "line_titles",
    "programmes",
    "institutes",
    "numbered_institutes",
    "suffixes",
    "known",
    "park_nicknames",
    "gazetteer",
    "regions",
    "district_parks",
    "lists",
    "firm_lists",
    "enumerations",
    "brand_firms",
    "project_brands",
    "stock_codes",
    "table_firms",
)
_DEFAULT_PRIORITY = 2

TYPE_PRIORITY = {
    "Policy": 0,
    "Cluster": 1,
    "Agency": 2,
    "ResearchOrg": 3,
    "Platform": 4,
    "Firm": 5,
    "Park": 6,
    "Region": 7,
}


def settle_overlaps(
    candidates: list[Mention], priorities: dict[str, int] | None = None
) -> list[Mention]:
    """Keep non-overlapping spans: the rule of lowest declared priority first (a title, then a
    list item), then the longest span."""
    if len(candidates) < 2:
        return list(candidates)  # nothing to settle (and one mention is in order)
    first = priorities if priorities is not None else _priorities(DEFAULT_MENTION_RULES)

    def order(m: Mention) -> tuple:
        return (
            first.get(m.rule, _DEFAULT_PRIORITY),
            -(m.end - m.start),
            TYPE_PRIORITY[m.type],
            m.start,
            m.name,
        )

    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for mention in sorted(candidates, key=order):
        if any(mention.start < b and a < mention.end for a, b in taken):
            continue
        chosen.append(mention)
        taken.append((mention.start, mention.end))
    return sorted(chosen, key=lambda m: (m.start, m.end, m.type))


def place_prefixes(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Every place a cluster's or platform's name begins with (山东 烟台高新区 …) is a mention;
    so is the place a body's name begins with, right after the province or city holding it
    (某省|某市政府: the city, partOf the province by the codes)."""
    out = []
    ends = {(m.sentence, m.end): m for m in mentions if m.type == "Region"}
    for mention in mentions:
        if mention.type == "Agency":
            out.extend(_place_of_a_body_after_its_parent(mention, ends, lexicon))
            continue
        if mention.type not in ("Cluster", "Platform"):
            continue
        if _opens_with_university(mention.name, lexicon):
            continue  # 某某大学—某某联合实验室: a university's own place gives none (guide 1.1)
        rest, offset = mention.name, 0
        for _ in range(3):
            found = place_prefix(rest, lexicon)
            if found is None:
                break
            type_, place = found
            if not mention.surface.startswith(mention.name[: offset + len(place)]):
                break  # not in the text here (a name completed from its table row's place cell)
            if mention.type == "Platform" and (
                _brand_of_place(place, rest[len(place) :], lexicon)
                or _inside_a_firms_name(rest[len(place) :], lexicon)
            ):
                break  # 某安汽车研究院, 某省某某集团研发中心: the place is the firm's
            start = mention.start + offset
            out.append(
                Mention(
                    type_,
                    place,
                    start,
                    start + len(place),
                    mention.sentence,
                    place,
                    "place_prefix",
                    nested=True,
                )
            )
            rest, offset = rest[len(place) :], offset + len(place)
    return out


def _place_of_a_body_after_its_parent(
    body: Mention, ends: dict[tuple[int, int], Mention], lexicon: Lexicon
) -> list[Mention]:
    before = ends.get((body.sentence, body.start))
    if before is None or not body.surface.startswith(body.name[:2]):
        return []
    outer = lexicon.regions.get(before.name)
    for length in range(min(len(body.name) - 1, 10), 1, -1):
        inner = lexicon.regions.get(body.name[:length])
        if inner is not None and outer is not None and outer.contains(inner):
            place = body.name[:length]
            return [
                Mention(
                    "Region",
                    place,
                    body.start,
                    body.start + length,
                    body.sentence,
                    place,
                    "place_prefix",
                    nested=True,
                )
            ]
    return []


def _inside_a_firms_name(rest: str, lexicon: Lexicon) -> bool:
    """What follows the place holds a firm's head (某某集团|研发中心, 某某股份|技术中心): the
    place begins the firm's name (the guide gives a university's own place no locatedIn)."""
    heads = lexicon.words("places", "firm_heads_in_platforms")
    return any(0 < rest.find(head) < len(rest) - len(head) for head in heads)


def _opens_with_university(name: str, lexicon: Lexicon) -> bool:
    """The name begins with a university or institute of the public lists (某某大学…)."""
    if "大学" not in name and "学院" not in name:
        return False  # (most names: no university in them)
    return any(
        lexicon.gazetteer.get(name[:length]) == "ResearchOrg"
        for length in range(min(len(name) - 1, 16), 3, -1)
    )


def _brand_of_place(place: str, rest: str, lexicon: Lexicon) -> bool:
    """A county's short form followed by a firm word (某安|汽车…, 某山|电子…) names a firm."""
    region = lexicon.regions.get(place)
    if region is None or region.level != "county" or place != region.short:
        return False
    return rest.startswith(lexicon.words("enumerations", "firm_words"))


def title_parts(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Names inside a policy title: the agency that opens it (某省人民政府办公厅|关于…) and the
    document a notice issues (…关于印发|某某行动方案|的通知), as nested mentions."""
    inner_title = _inner_title_pattern(lexicon)
    out = []
    for mention in mentions:
        if mention.type != "Policy":
            continue
        offset = mention.surface.find(mention.name)
        if offset < 0:
            continue
        base = mention.start + offset
        issuer = re.match(r"^(.{2,30}?)关于", mention.name)
        if issuer:
            name = issuer.group(1)
            owner = lexicon.suffix_owner
            if name in lexicon.known_owner or any(
                name.endswith(s) and owner[s] == "Agency" for s in owner
            ):
                out.append(
                    Mention(
                        "Agency",
                        name,
                        base,
                        base + len(name),
                        mention.sentence,
                        name,
                        "title_parts",
                        nested=True,
                    )
                )
        inner = inner_title.search(mention.name)
        if inner:
            name = inner.group(1).strip("《》")
            at = base + mention.name.index(name)
            out.append(
                Mention(
                    "Policy",
                    name,
                    at,
                    at + len(name),
                    mention.sentence,
                    name,
                    "title_parts",
                    nested=True,
                )
            )
    return out


@cache
def _inner_title_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """关于印发|某某行动方案|的通知: the document a notice issues."""
    words = lexicon.vocabulary["titles"]
    verbs = "|".join(map(re.escape, words["issuing_verbs"]))
    heads = "|".join(map(re.escape, words["notice_heads"]))
    return re.compile(rf"关于(?:{verbs})(.{{4,80}}?)的(?:{heads})$")


@cache
def _stated_alias_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    cues = "|".join(map(re.escape, lexicon.words("lists", "alias_cues")))
    return re.compile(
        rf"^\s*[(（]?\s*[,，]?\s*(?:{cues})[:：]?\s*"
        r"(?:[“\"「《]([^”\"」》]{2,16})[”\"」》]|([^”\"」》）)，,。；;、\s]{2,16}?)\s*(?=[)），,。；;]))"
    )


def stated_alias(text_after: str, lexicon: Lexicon | None = None) -> str | None:
    """The alias a text gives right after a name: X（以下简称“Y”）, X（下称Y）."""
    match = _stated_alias_pattern(lexicon or load_lexicon()).match(text_after)
    return (match.group(1) or match.group(2)) if match else None


def resolve_rules(names: Sequence[str | MentionRule]) -> tuple[MentionRule, ...]:
    """Rules by registered name (or given as rule objects), in running order."""
    return tuple(n if isinstance(n, MentionRule) else mention_rules.get(n) for n in names)


def _priorities(rules: Sequence[str | MentionRule]) -> dict[str, int]:
    return {rule.name: rule.priority for rule in resolve_rules(rules)}


def find_mentions(
    sentences: list[Sentence],
    lexicon: Lexicon | None = None,
    rules: Sequence[str | MentionRule] = DEFAULT_MENTION_RULES,
) -> list[Mention]:
    """Two passes: the rules per sentence; then every name and stated alias found anywhere in
    the document is looked up in every sentence (华为 named again, 澜光半导体 after its 下称)."""
    lexicon = lexicon or load_lexicon()
    rules = resolve_rules(rules)
    priorities = {rule.name: rule.priority for rule in rules}
    not_again = frozenset(rule.name for rule in rules if not rule.names_again)
    finders = [rule.find for rule in rules]  # called directly: a call per rule and sentence
    chosen_by_sentence: list[list[Mention]] = []
    for sentence in sentences:
        candidates = [m for find in finders for m in find(sentence, lexicon)]
        chosen = settle_overlaps(candidates, priorities)
        chosen = complete_table_row(sentence, chosen, lexicon)
        chosen = [_with_stated_alias(m, sentence, lexicon) for m in chosen]
        chosen_by_sentence.append(chosen)
    names = _document_names(chosen_by_sentence, not_again)
    expansions = _park_expansions(names, lexicon)
    names.update(dict.fromkeys(expansions, "Park"))
    again = _names_by_sentence(sentences, names)
    found: list[Mention] = []
    for sentence, chosen, hits in zip(sentences, chosen_by_sentence, again, strict=True):
        again_here = _named_again(sentence, chosen, names, hits, expansions)
        chosen = settle_overlaps(chosen + again_here, priorities)
        chosen = sub_parks(sentence, chosen, lexicon)
        found.extend(chosen)
        found.extend(place_prefixes(chosen, lexicon))
        found.extend(title_parts(chosen, lexicon))
    for title in wrapped_titles(sentences, lexicon):
        found = [m for m in found if not (m.start < title.end and title.start < m.end)]
        found.append(title)
        found.extend(title_parts([title], lexicon))
    found = without_document_numbers(found, sentences)
    found = without_stray_county_names(found, sentences, lexicon)
    return without_affiliations(found, sentences, lexicon)


def without_stray_county_names(
    found: list[Mention], sentences: list[Sentence], lexicon: Lexicon
) -> list[Mention]:
    """A county named by its short form alone (江海, 泰山) is that county only when the passage
    also names the county in full, or its city or province: otherwise the short form is the
    common word or brand it also is (江海之乡, 泰山领军人才)."""
    strays = [
        m
        for m in found
        if m.type == "Region"
        and not m.nested  # 海安|汽车零部件产业集群: a name's own prefix is stated
        and (region := lexicon.regions.get(m.name)) is not None
        and region.level == "county"
        and region.code  # a mainland county (the lists of Hong Kong's districts carry none)
        and m.name == region.short != region.name
    ]
    if not strays:
        return found
    text = "".join(s.text for s in sentences)
    dropped = set()
    for mention in strays:
        region = lexicon.regions[mention.name]
        if region.name in text or any(
            outer.name in text or outer.short in text for outer in _outer_regions(region, lexicon)
        ):
            continue
        dropped.add(id(mention))
    return [m for m in found if id(m) not in dropped] if dropped else found


def _outer_regions(region: Region, lexicon: Lexicon) -> list[Region]:
    """The city and the province holding a county, by its division code."""
    if not region.code:
        return []
    by_code = _regions_by_code(lexicon)
    return [
        by_code[code]
        for code in (region.code[:4] + "00", region.code[:2] + "0000")
        if code in by_code and code != region.code
    ]


@cache
def _regions_by_code(lexicon: Lexicon) -> dict[str, Region]:
    return {r.code: r for r in lexicon.regions.values() if r.code}


_DOCUMENT_NUMBER = re.compile(r"[^，,。；;、\s]{0,8}?[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")


def without_document_numbers(found: list[Mention], sentences: list[Sentence]) -> list[Mention]:
    """某部企业函〔2023〕1号, 某政办字〔2017〕2号: an agency's short name that opens a
    document number is part of the number (the issuer's code), not a mention of the body."""
    by_index = {s.index: s for s in sentences}
    out = []
    for mention in found:
        if mention.type == "Agency":
            sentence = by_index[mention.sentence]
            if _DOCUMENT_NUMBER.match(sentence.text, mention.end - sentence.start):
                continue
        out.append(mention)
    return out


def sub_parks(sentence: Sentence, chosen: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """A park followed at once by a direction or an ordinal and a park head (某新区|东部产业园,
    某园区|第3园区, 某开发区|二期工业园, 某高新区|南区) names one of its parts: one park, the
    whole written form, with the parent kept as a nested mention (the part is partOf it)."""
    pattern = _sub_park_pattern(lexicon)
    text = sentence.text
    out: list[Mention] = []
    by_start = {m.start: m for m in chosen}
    used: set[int] = set()
    for mention in chosen:
        if id(mention) in used:
            continue
        if mention.type != "Park" or mention.nested:
            out.append(mention)
            continue
        match = pattern.match(text, mention.end - sentence.start)
        if match is None:
            out.append(mention)
            continue
        end = sentence.start + match.end()
        following = by_start.get(mention.end)
        if following is not None and following.end > end:
            out.append(mention)
            continue  # the next name runs on past the part's head
        if following is not None:
            used.add(id(following))
        part = text[mention.end - sentence.start : match.end()]
        out.append(
            Mention(
                "Park",
                mention.name + part,
                mention.start,
                end,
                mention.sentence,
                mention.surface + part,
                "sub_parks",
            )
        )
        out.append(replace(mention, nested=True, rule="sub_parks"))
    return [m for m in out if id(m) not in used]


@cache
def _sub_park_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    heads = either(tuple(lexicon.vocabulary["places"]["sub_park_heads"]))
    directions = lexicon.vocabulary["places"]["directions"]
    numerals = r"[\d一二三四五六七八九十]+"
    return re.compile(
        rf"(?:[{directions}]部(?:{heads})|[{directions}]区(?![域块间位])"
        rf"|第{numerals}(?:{heads})|{numerals}期(?:{heads}))"
    )


def without_affiliations(
    found: list[Mention], sentences: list[Sentence], lexicon: Lexicon
) -> list[Mention]:
    """A Party body named only in a person's title (某市委书记, 某区委常委) is the person's
    affiliation, not an actor of the passage (a person is no entity): dropped unless the
    document also names it elsewhere. Government bodies in titles (某局局长) stay: annotators
    keep them, as the body usually acts in the same sentence."""
    titles = lexicon.words("edges", "person_titles")
    party = lexicon.words("edges", "party_bodies")
    by_index = {s.index: s for s in sentences}
    in_title: dict[str, bool] = {}
    for mention in found:
        if mention.type != "Agency":
            continue
        if any(
            mention.name.endswith(t) and mention.name[: -len(t)].endswith(party) for t in titles
        ):
            in_title[mention.name] = in_title.get(mention.name, True)  # 某市委常委: 委 matched
            continue
        if not mention.name.endswith(party):
            continue
        sentence = by_index[mention.sentence]
        titled = sentence.text.startswith(titles, mention.end - sentence.start)
        in_title[mention.name] = in_title.get(mention.name, True) and titled
    dropped = {name for name, titled in in_title.items() if titled}
    return (
        [m for m in found if not (m.type == "Agency" and m.name in dropped)] if dropped else found
    )


def wrapped_titles(sentences: list[Sentence], lexicon: Lexicon) -> list[Mention]:
    """A notice's title wrapped over two lines (关于公布某某|名单的通知): one policy."""
    heads = tuple(lexicon.vocabulary["titles"]["line_title_heads"])
    out = []
    for first, second in zip(sentences, sentences[1:], strict=False):
        a, b = first.text, second.text
        if "关于" not in a or a.endswith(heads) or not b.endswith(heads):
            continue
        if second.start != first.end + 1 or len(a) + len(b) > 80 or len(b) > 40:
            continue  # the two lines follow each other, and make a title's length
        if re.search(r"[，,。；;！？!?《》“”\s]", a + b):
            continue
        out.append(
            Mention(
                "Policy", a + b, first.start, second.end, first.index, a + "\n" + b, "line_titles"
            )
        )
    return out


def _with_stated_alias(mention: Mention, sentence: Sentence, lexicon: Lexicon) -> Mention:
    alias = stated_alias(
        sentence.text[mention.end - sentence.start : mention.end - sentence.start + 30], lexicon
    )
    if alias and alias != mention.name:
        return replace(mention, aliases=(*mention.aliases, alias))
    return mention


_GAZETTEER_TYPES = ("Firm", "Platform", "ResearchOrg", "Agency", "Park", "Cluster", "Policy")


def _document_names(
    chosen_by_sentence: list[list[Mention]], not_again: frozenset[str]
) -> dict[str, str]:
    """Name or alias → type, of the names found by rules whose names are looked up again."""
    names: dict[str, str] = {}
    for mentions in chosen_by_sentence:
        for mention in mentions:
            if mention.type not in _GAZETTEER_TYPES or mention.rule in not_again:
                continue
            for form in (mention.name, *mention.aliases):
                if len(form) >= 2 and not re.search(r"[、，,。\s]", form):
                    names.setdefault(form, mention.type)
    return names


def _park_expansions(names: dict[str, str], lexicon: Lexicon) -> dict[str, str]:
    """Short form → the document's park it stands for (see :func:`_park_short_forms`)."""
    out: dict[str, str] = {}
    for form in sorted(f for f, t in names.items() if t == "Park"):
        for short in _park_short_forms(form, lexicon):
            if short not in names:
                out.setdefault(short, form)
    return out


def _park_short_forms(name: str, lexicon: Lexicon) -> tuple[str, ...]:
    """中法(某市)高端装备制造产业园 → 中法园, 中法园区: a park whose name opens with a brand
    (no place) is written by the brand and 园 once it has been named in full."""
    if len(name) < 6 or "园" not in name[2:] or not re.fullmatch(r"[\u4e00-\u9fff]{2}", name[:2]):
        return ()
    if place_prefix(name, lexicon) is not None or name[:2] in lexicon.industry_terms:
        return ()
    return (name[:2] + "园", name[:2] + "园区")


@lru_cache(maxsize=256)
def _names_matcher(names: tuple[str, ...]) -> Matcher:
    """A document's names in one matcher (documents that repeat their names share one)."""
    return Matcher({_DOCUMENT_NAMES: names})


_DOCUMENT_NAMES = "names"


def _names_by_sentence(sentences: list[Sentence], names: dict[str, str]) -> list[list[Hit]]:
    """Where the document's names occur in each sentence (sentence-relative offsets), from one
    scan of all the sentences joined by line breaks: a name holds no space, so no hit spans two
    sentences."""
    found: list[list[Hit]] = [[] for _ in sentences]
    if not names:
        return found
    starts, position = [], 0
    for sentence in sentences:
        starts.append(position)
        position += len(sentence.text) + 1
    scan = _names_matcher(tuple(sorted(names))).scan("\n".join(s.text for s in sentences))
    for hit in scan.hits(_DOCUMENT_NAMES):
        index = bisect_right(starts, hit.start) - 1
        base = starts[index]
        found[index].append(Hit(hit.start - base, hit.end - base, hit.word))
    return found


def _named_again(
    sentence: Sentence,
    chosen: list[Mention],
    names: dict[str, str],
    hits: list[Hit],
    expansions: dict[str, str],
) -> list[Mention]:
    starts, ends = sentence.word_starts, sentence.word_ends
    taken = [(m.start, m.end) for m in chosen]
    out = []
    for hit in hits:
        form = hit.word
        start, end = sentence.start + hit.start, sentence.start + hit.end
        if start not in starts or end not in ends:
            continue
        if any(start < b and a < end for a, b in taken):
            continue
        full = expansions.get(form)
        if full is not None:  # 中法园: the park named in full before
            out.append(
                Mention("Park", full, start, end, sentence.index, form, "named_again", (form,))
            )
            continue
        out.append(Mention(names[form], form, start, end, sentence.index, form, "named_again"))
    return out


def complete_table_row(
    sentence: Sentence, mentions: list[Mention], lexicon: Lexicon
) -> list[Mention]:
    """In a table row, a cluster named without its place takes the place of another cell."""
    if not sentence.cells:
        return mentions
    places = [m for m in mentions if m.type in ("Park", "Region") and _fills_cell(m, sentence)]
    if len(places) != 1:
        return mentions
    place = places[0]
    out = []
    for mention in mentions:
        if mention.type == "Cluster" and place_prefix(mention.name, lexicon) is None:
            mention = replace(
                mention,
                name=place.name + mention.name,
                aliases=(*mention.aliases, mention.name),
                rule="table_rows",
                from_table=True,
            )
        out.append(mention)
    return out


def _fills_cell(mention: Mention, sentence: Sentence) -> bool:
    return any(a == mention.start and b == mention.end for a, b in sentence.cells)


__all__ = [
    "DEFAULT_MENTION_RULES",
    "find_mentions",
    "is_specific",
    "left_edge",
    "place_prefix",
    "settle_overlaps",
    "stated_alias",
]
