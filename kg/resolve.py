"""Stage 4, resolve: group the mentions of one document into entities, merging the forms
the text uses for one thing (short and long forms, stated aliases, Traditional surfaces).

Two entities are never merged because they merely share a suffix: a short form joins a long form
only when the long form is exactly a place + the short form, and only when that is unambiguous.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import groupby

from kg.lexicon import Lexicon
from kg.lexicon import load as load_lexicon
from kg.mentions import place_prefix, stated_alias
from kg.mentions.words import _generic_words, _strip_words, _tokens_of
from kg.model import Entity, Mention, NormalisedDocument

_PLACE_IN_PARENS = re.compile(r"^(.+?)[(（]([^()（）]+)[)）](.+)$")


@dataclass
class Resolution:
    """The document's entities, and its mentions each carrying the key of its entity
    (mentions of names that were dropped as unnamed are not among them)."""

    entities: list[Entity]
    mentions: list[Mention]


def resolve(
    document: NormalisedDocument, mentions: list[Mention], lexicon: Lexicon | None = None
) -> Resolution:
    lexicon = lexicon or load_lexicon()
    entities: dict[tuple[str, str], Entity] = {}
    key_of: dict[int, tuple[str, str]] = {}
    for mention in mentions:
        key = (mention.type, mention.name)
        entity = entities.setdefault(key, Entity(mention.type, mention.name))
        entity.mentions.append(mention)
        entity.aliases.update(a for a in mention.aliases if a != mention.name)
        if mention.surface != mention.name:
            entity.aliases.add(mention.surface)
        original = document.original_surface(mention.start, mention.end)
        if original != mention.surface:
            entity.traditional.add(original)
        key_of[id(mention)] = key
        stated = stated_alias(document.text[mention.end : mention.end + 30], lexicon)
        if stated:
            entity.aliases.add(stated)

    merges = (
        _renaming_merges(document, mentions, key_of)
        + _stated_alias_merges(entities)
        + _short_form_merges(entities, lexicon)
        + _field_merges(entities, lexicon)
        + _region_merges(entities, lexicon)
        + _short_title_merges(entities)
        + _abbreviation_merges(entities, lexicon)
        + _zone_family_merges(entities, lexicon)
    )
    forward: dict[tuple[str, str], tuple[str, str]] = {}
    for source, target in merges:
        _merge(entities, key_of, forward, source, target)
    for key in [k for k, e in entities.items() if not _is_named(e, lexicon)]:
        del entities[key]
    keyed: dict[int, Mention] = {
        id(m): m.keyed(key_of[id(m)]) for m in mentions if key_of[id(m)] in entities
    }
    for entity in entities.values():
        entity.aliases.discard(entity.name)
        entity.mentions = [keyed[id(m)] for m in entity.mentions if id(m) in keyed]
    ordered = sorted(entities.values(), key=lambda e: (e.type, e.name))
    return Resolution(ordered, [keyed[id(m)] for m in mentions if id(m) in keyed])


def _merge(
    entities: dict, key_of: dict, forward: dict, source: tuple[str, str], target: tuple[str, str]
) -> None:
    while target not in entities and target in forward:
        target = forward[target]
    if source == target or source not in entities or target not in entities:
        return
    absorbed = entities.pop(source)
    kept = entities[target]
    kept.aliases.update(absorbed.aliases | {absorbed.name})
    kept.traditional.update(absorbed.traditional)
    kept.mentions.extend(absorbed.mentions)
    for mention in absorbed.mentions:  # exactly the mentions keyed to ``source``
        key_of[id(mention)] = target
    forward[source] = target


def _is_abbreviation(short: str, long: str) -> bool:
    """华工大 of 华南工业大学, 盛达所 of 盛达电子研究所, 柳州电驱 of 华汽柳州电驱: the short
    form's characters appear in the long form in order, starting within its first word."""
    if (
        len(short) < 2
        or len(short) >= len(long)
        or short[0] not in long[: max(3, len(long) - len(short))]
    ):
        return False
    return len(_matched_positions(short, long)) == len(short)


def _zone_family_merges(
    entities: dict[tuple[str, str], Entity], lexicon: Lexicon
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """某市开发区 beside 某市经济技术开发区: one zone of one place written with heads of one family
    (a bare 开发区 joins the one family the document has for that place)."""
    families = lexicon.zone_families
    heads = sorted(
        ((head, family) for family, names in families.items() for head in names),
        key=lambda hf: -len(hf[0]),
    )
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in entities:
        if key[0] != "Park":
            continue
        head, family = next(((h, f) for h, f in heads if key[1].endswith(h)), ("", ""))
        place = key[1][: len(key[1]) - len(head)] if head else ""
        if not head or not place or place not in lexicon.regions:
            continue
        region = lexicon.regions[place]
        groups.setdefault((region.name, family), []).append(key)
    merges = []
    for (place, family), members in groups.items():
        if family == "any":
            others = [f for (p, f) in groups if p == place and f != "any"]
            if len(others) != 1:
                continue
            target = max(groups[(place, others[0])], key=lambda k: (len(k[1]), k[1]))
        else:
            target = max(members, key=lambda k: (len(k[1]), k[1]))
        merges.extend((member, target) for member in members if member != target)
    return merges


def _abbreviation_merges(
    entities: dict[tuple[str, str], Entity], lexicon: Lexicon
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """A firm, research body, agency or park named by an abbreviation of exactly one longer
    name is that one (省某厅 of 某省某某厅; 某市工信局 of 某市工业和信息化局; 某科园区 of 某东科学
    园区, with the same head and no place of its own in the longer name)."""
    merges = []
    for type_ in ("Firm", "ResearchOrg", "Agency", "Park"):
        names = sorted(k[1] for k in entities if k[0] == type_)
        holding: dict[str, list[int]] = {}  # character → indices of the names holding it
        for index, name in enumerate(names):
            for char in set(name):
                holding.setdefault(char, []).append(index)
        for short in names:
            if type_ == "Park" and len(short) < 4:
                continue
            place = _leading_place(short, lexicon) if type_ == "Agency" else ""
            if type_ == "Agency" and short[0] not in "省市区县" and not place:
                continue  # an agency's abbreviation elides its place (省某厅); 某部 is not one
            # a long form holds every character of the short one: try the names holding its
            # two rarest characters only
            rarest = sorted((holding[char] for char in set(short)), key=len)[:2]
            also = set(rarest[-1]) if len(rarest) > 1 and len(rarest[-1]) < 4096 else None
            longer = []
            for index in rarest[0]:
                if also is not None and index not in also:
                    continue
                if place and (not names[index].startswith(place) or names[index].startswith(short)):
                    continue  # 某市工信局 abbreviates a body of its place, not its 办公厅
                if type_ == "Park" and (
                    short[-2:] != names[index][-2:] or names[index].startswith(short)
                ):
                    continue  # a park's abbreviation keeps its head; 某开发区 is not 某开发区某园区
                if _is_abbreviation(short, names[index]):
                    longer.append(names[index])
                    if len(longer) > 1:
                        break
            if (
                type_ == "Park"
                and len(longer) == 1
                and not _park_abbreviation(short, longer[0], lexicon)
            ):
                continue
            if (
                type_ == "Firm"
                and len(longer) == 1
                and _adds_place(short, _without_leading_place(longer[0], lexicon), lexicon)
            ):
                continue  # 某某 and 某某新疆公司: a regional subsidiary (沈阳某某股份 is 某某)
            if len(longer) == 1:
                merges.append(((type_, short), (type_, longer[0])))
    return merges


def _without_leading_place(name: str, lexicon: Lexicon) -> str:
    """A firm's legal name opens with its place of registration (沈阳某某有限公司)."""
    place = _leading_place(name, lexicon)
    return name[len(place) :]


def _adds_place(short: str, long: str, lexicon: Lexicon, abbreviated: bool = False) -> bool:
    """The longer name holds a place the shorter does not (outside brackets: 某某(上海)有限公司
    is still 某某). With ``abbreviated`` (parks), a place the short form keeps a character of
    (某东科学园区 → 某科园区) is not added."""
    bare = re.sub(r"[(（][^()（）]*[)）]", "", long)
    kept = _matched_positions(short, bare) if abbreviated else set()
    return any(
        bare[i : i + n] in lexicon.regions
        and bare[i : i + n] not in short
        and not any(i <= k < i + n for k in kept)
        for n in range(2, 5)
        for i in range(len(bare) - n + 1)
    )


def _matched_positions(short: str, long: str) -> set[int]:
    """Where the characters of ``short`` are found in ``long``, in order (greedy)."""
    positions, at = set(), 0
    for char in short:
        found = long.find(char, at)
        if found < 0:
            break
        positions.add(found)
        at = found + 1
    return positions


def _park_abbreviation(short: str, long: str, lexicon: Lexicon) -> bool:
    """The longer name adds no place (某市高新区 does not abbreviate 某市某区高新区, a park of the
    district) and no field (nor 某市石化经济技术开发区)."""
    if _adds_place(short, long, lexicon, abbreviated=True):
        return False
    return not any(
        term in run for run in _inserted_runs(short, long) for term in lexicon.industry_terms
    )  # 某市经济技术开发区 does not abbreviate 某市石化经济技术开发区 (a field of its own)


def _inserted_runs(short: str, long: str) -> list[str]:
    """The runs of ``long`` left over when ``short`` is matched in it character by character."""
    kept = _matched_positions(short, long)
    groups = groupby(enumerate(long), key=lambda item: item[0] in kept)
    return ["".join(char for _i, char in run) for matched, run in groups if not matched]


def _leading_place(name: str, lexicon: Lexicon) -> str:
    """The longest region name that ``name`` opens with (某市 of 某市工信局), or ''."""
    for n in range(min(len(name) - 1, 10), 1, -1):
        if name[:n] in lexicon.regions:
            return name[:n]
    return ""


def _short_title_merges(
    entities: dict[tuple[str, str], Entity],
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """《若干措施》 after 《关于…的若干措施》: a title that ends exactly one longer title is its
    short form."""
    titles = sorted(k for k in entities if k[0] == "Policy")
    ends = sorted((k[1][::-1], k) for k in titles)  # titles ending alike are neighbours here
    merges = []
    for key in titles:
        tail = key[1][::-1]
        longer = []
        for reversed_title, other in ends[bisect.bisect_left(ends, (tail,)) :]:
            if not reversed_title.startswith(tail):
                break
            if other != key and len(other[1]) > len(key[1]) + 2:
                longer.append(other)
                if len(longer) > 1:
                    break
        if len(longer) == 1:
            merges.append((key, longer[0]))
    return merges


def has_place(entity: Entity, lexicon: Lexicon) -> bool:
    """Whether one of the entity's names begins with a place (温州高新区…集群)."""
    return any(core_name(form, lexicon)[1] for form in (entity.name, *entity.aliases))


def _is_named(entity: Entity, lexicon: Lexicon) -> bool:
    """Every specific name is an entity. A cluster written by its field alone (某某产业集群) is
    one too (annotation guide 1.1: the passage fixes which cluster it is) when what precedes 集群
    reads as a field, not a clause (推动…集群, 新供给引领集群); documents are linked through such
    a name only when it carries a place (kg.graph)."""
    if entity.type != "Cluster" or has_place(entity, lexicon):
        return True
    if re.search(r"[-—、，,]", entity.name):
        return False
    aims = lexicon.word_set("edges", "aim_verbs")
    return not any(
        t.tag in ("v", "vd", "d", "ad")
        and (t.text not in lexicon.name_verbs or t.text in aims)
        and t.text not in lexicon.industry_terms
        for t in _tokens_of(entity.name, lexicon)
    )


def reads_as_field_cluster(name: str, lexicon: Lexicon) -> bool:
    """A cluster named by its field alone whose name is a field and a head, nothing else: no
    count (四大产业集群), no particle or conjunction of a clause (案例和优秀集群, 某部对…集群),
    no word that is no field (地区, 模式, 体系), and no verb or adjective opening it (激活产业集群)
    unless it is a field word."""
    if re.search(r"[\d一二两三四五六七八九十百千万]+[大个张项类家]|[和对的之]", name):
        return False
    core = _field_core(name, lexicon)
    if len(core) < 2 or any(w in core for w in lexicon.words("edges", "not_fields")):
        return False
    if any(w in name for w in lexicon.words("edges", "category_markers")):
        return False  # 某某领域典型集群: a category of clusters
    generic = set(_generic_words(lexicon))
    for token in _tokens_of(name, lexicon):
        if token.text in generic:
            continue
        opening = (
            token.tag in ("a", "ad", "v", "vn", "d", "l", "i") or token.text in lexicon.stop_words
        )
        return not opening or token.text in lexicon.industry_terms
    return False


def _field_core(core: str, lexicon: Lexicon) -> str:
    """A cluster's field: its core without generic words (先进制造业, 创新型) and suffix."""
    return _plain_cluster_form(_strip_words(_plain_cluster_form(core), _generic_words(lexicon)))


def _field_merges(
    entities: dict[tuple[str, str], Entity], lexicon: Lexicon
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """某某先进制造业集群 beside 某市某某产业集群: a cluster named by its field alone is
    the one placed cluster of the document with the same field."""
    placed: dict[str, list[tuple[str, str]]] = {}
    bare: list[tuple[tuple[str, str], str]] = []
    for key, entity in entities.items():
        if key[0] != "Cluster":
            continue
        core, places = core_name(entity.name, lexicon)
        field = _field_core(core, lexicon)
        if len(field) < 3:
            continue
        if places:
            placed.setdefault(field, []).append(key)
        else:
            bare.append((key, field))
    merges = []
    for key, field in bare:
        targets = placed.get(field, [])
        if not targets:  # 新材料产业集群 for 某市钛及新材料产业集群: its last field alone
            targets = [
                k
                for whole, keys in placed.items()
                for k in keys
                if whole.endswith(field) and whole[: -len(field)].endswith(("及", "和", "与", "、"))
            ]
        if len(targets) == 1:
            merges.append((key, targets[0]))
    return merges


def _region_merges(
    entities: dict[tuple[str, str], Entity], lexicon: Lexicon
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """某某 and 某某市 are one region: group by the official name, keep the most used form."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(entities):
        if key[0] == "Region":
            region = lexicon.region(key[1])
            groups.setdefault(region.name if region else key[1], []).append(key)
    merges = []
    for official, keys in groups.items():
        if len(keys) < 2:
            continue
        target = sorted(keys, key=lambda k: (-len(entities[k].mentions), k[1] != official, k[1]))[0]
        merges.extend((k, target) for k in keys if k != target)
    return merges


def _stated_alias_merges(
    entities: dict[tuple[str, str], Entity],
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """An entity named like another's stated alias (简称, 即“…”) is that other entity."""
    merges = []
    for key, entity in sorted(entities.items()):
        for alias in sorted(entity.aliases):
            other = (entity.type, alias)
            if other != key and other in entities:
                merges.append((other, key))
    return merges


def _plain_park_form(name: str, lexicon: Lexicon) -> str:
    """萧山国家高新园 / 萧山高新园, 赣州经济技术开发区 / 赣州经开区, 中国X谷 / X谷, 国家级X产业园 /
    X产业园, X产业园区 / X产业园: one park."""
    for long, short in lexicon.park_abbreviations:
        if name.endswith(long):
            name = name[: -len(long)] + short
            break
    for rank in ("国家级", "省级"):
        if name.startswith(rank) and len(name) - len(rank) >= 4:
            name = name[len(rank) :]  # 国家级某某产业园: the rank, not the name
            break
    if name.endswith("园区") and len(name) >= 5:
        name = name[:-1]  # 某某产业园区 / 某某产业园
    return name[2:] if name.startswith("中国") and len(name) >= 4 else name


def _plain_firm_form(name: str, lexicon: Lexicon) -> str:
    """华汽柳州电驱 / 华汽电驱: a firm's short form drops the place inside its name."""
    for length in range(min(len(name) - 2, 6), 1, -1):
        for start in range(1, len(name) - length):
            part = name[start : start + length]
            if part in lexicon.regions and lexicon.regions[part].level != "province":
                return name[:start] + name[start + length :]
    return name


def _plain_cluster_form(name: str) -> str:
    """…先进轴承集群 / …先进轴承创新型产业集群 / …先进轴承产业集群: one cluster."""
    return re.sub(r"(?:创新型)?(?:产业)?(?:创新)?集群$", "集群", name)


_RENAMED = re.compile(r"^(?:被|先后被|已被)?(?:批准|认定|命名|确定|誉为|称为|评为|获批)为?$")
_NAMELY = re.compile(r"^[，,]?\s*(?:即|又称|也称|俗称|简称)[“\"「]?$")


def _renaming_merges(document: NormalisedDocument, mentions: list[Mention], key_of: dict) -> list:
    """A被批准为B, B即“C”: in one sentence, parks named again are the same park."""
    merges = []
    parks = sorted(
        (m for m in mentions if m.type == "Park" and not m.nested), key=lambda m: m.start
    )
    for left, right in zip(parks, parks[1:], strict=False):
        if left.sentence != right.sentence:
            continue
        gap = document.text[left.end : right.start]
        if _RENAMED.match(gap) or _NAMELY.match(gap):
            merges.append((key_of[id(right)], key_of[id(left)]))
    return merges


def core_name(name: str, lexicon: Lexicon) -> tuple[str, tuple[str, ...]]:
    """A name without the places it begins with: (core, places)."""
    places: list[str] = []
    rest = name
    for _ in range(3):
        parens = _PLACE_IN_PARENS.match(rest)
        if parens and place_prefix(parens.group(2) + "XX", lexicon):
            places.extend([parens.group(1), parens.group(2)])
            rest = parens.group(3)
            continue
        found = place_prefix(rest, lexicon)
        if found is None:
            break
        places.append(found[1])
        rest = rest[len(found[1]) :]
    return rest, tuple(places)


def _short_form_merges(
    entities: dict[tuple[str, str], Entity], lexicon: Lexicon
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Merge forms of one cluster/platform/park: same core name and compatible places."""
    merges: list[tuple[tuple[str, str], tuple[str, str]]] = []
    groups: dict[tuple[str, str], list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
    seen: set[tuple] = set()
    for key, name in _forms(entities):
        type_ = key[0]
        if type_ not in ("Cluster", "Platform", "Park", "Firm"):
            continue
        form = _plain_park_form(name, lexicon) if type_ == "Park" else name
        core, places = core_name(form, lexicon)
        if type_ == "Cluster":
            core = _plain_cluster_form(core)
        elif type_ == "Park":
            core = _plain_park_form(core, lexicon)
        elif type_ == "Firm":
            core, places = _plain_firm_form(name, lexicon), ()
        if (type_, core, places, key) not in seen:
            seen.add((type_, core, places, key))
            groups.setdefault((type_, core), []).append((places, key))
    for members in groups.values():
        if len(members) < 2:
            continue
        placed = [m for m in members if m[0]]
        bare = [m for m in members if not m[0]]
        anchors = _compatible_chain(placed) if placed else []
        if anchors is None:
            continue
        if not anchors:
            anchors, bare = bare[:1], bare[1:]
        target = _preferred(anchors, entities)
        for _places, key in anchors + bare:
            if key != target:
                merges.append((key, target))
    return merges


def _forms(entities: dict[tuple[str, str], Entity]) -> list[tuple[tuple[str, str], str]]:
    """Each entity's name, and for parks its aliases too (中国药都 of 某医药高新区)."""
    out = []
    for key in sorted(entities):
        out.append((key, key[1]))
        if key[0] == "Park":
            out.extend((key, alias) for alias in sorted(entities[key].aliases))
    return out


def _compatible_chain(placed: list[tuple[tuple[str, ...], tuple[str, str]]]) -> list | None:
    """All placed forms name the same place (sharing its first two characters), or None; and
    no two name different places under it (某市甲区某集群 and 某市乙区某集群: two clusters)."""
    if not placed:
        return None
    stems = [{p[:2] for p in places} for places, _ in placed]
    common = set.intersection(*stems) if stems else set()
    if not common and len(placed) > 1:
        return None
    ordered = sorted(stems, key=len)
    if any(not a <= b for a, b in zip(ordered, ordered[1:], strict=False)):
        return None  # the places are not one chain (杭州+滨江, 杭州+萧山)
    return placed


def _preferred(
    members: list[tuple[tuple[str, ...], tuple[str, str]]], entities: dict
) -> tuple[str, str]:
    """The canonical form: written in prose more often, then shorter, then first in order."""

    def score(member):
        _places, key = member
        mentions = entities[key].mentions
        prose = sum(1 for m in mentions if not m.from_table)
        return (-prose, len(key[1]) if "(" not in key[1] else 99, key[1])

    return sorted(members, key=score)[0][1]
