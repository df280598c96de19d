"""Where things are: locatedIn and partOf, from cue words and from a table under a park's title."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.lexicon import Lexicon
from kg.mentions.words import either
from kg.model import Mention, Relation, Sentence
from kg.registry import relation_rules
from kg.relate.context import Context, fronted_subject, in_dateline, same_clause


@relation_rules.register("located_in", produces=("locatedIn", "hasPlatform"))
def located_in(ctx: Context) -> Iterator[Relation]:
    """位于X的Y / Y位于X / Y落户X; a place that opens the sentence (深圳…聚集了A、B等企业,
    某高新区拥有…平台) holds the firms and platforms the sentence lists; Y在X设立…; and the
    place before a holding cue (宜宾已落地A、B), or the topic place (园区入驻了A、B)."""
    found = (
        list(_cue_pairs(ctx))
        + list(_subject_place_holds(ctx))
        + list(_at_place(ctx))
        + list(_project_arrives(ctx))
        + list(_seat_of(ctx))
        + list(_counted_holdings(ctx))
        + list(_subject_sits(ctx))
        + list(_cluster_based_in(ctx))
    )
    yield from found
    located = {r.head for r in found}
    yield from _held_by_place(ctx, located)


def _cue_pairs(ctx: Context) -> Iterator[Relation]:
    locatable, places = ctx.types("locatedIn", "domain"), ctx.types("locatedIn", "range")
    cues = ctx.lexicon.relation_cues["locatedIn"]
    window, extra, joiners = cues["cue_window"], cues["max_extra_gap"], cues["joiners"]
    keys = ctx.keys
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        ka, kb = keys[i], keys[j]
        gap = ctx.between(a, b)
        if (
            a.type in places
            and b.type in locatable
            and (gap in joiners or _RELATIVE_JOINER.fullmatch(gap))
            and _relative_cue(ctx, ctx.text(a.start - window, a.start), cues)
        ):
            yield ctx.relation(kb, "locatedIn", ka, "位于…的")  # 首家进驻某园区的厂商某某
        elif a.type in places and b.type in locatable and gap in cues["inside_joiners"]:
            yield ctx.relation(kb, "locatedIn", ka, "X内的Y")  # 某高新区内的某中心
        elif a.type == "Region" and b.type in ("Park", "Cluster") and gap == "的" and ka != kb:
            yield ctx.relation(kb, "locatedIn", ka, "X市的Y")  # 某市的某开发区 (guide 1.1)
        elif a.type in places and b.type == "Firm" and gap == "的" and j == i + 1:
            # 某高新区的A、B等企业: the place's firms, the first and the items listed with it
            k = j
            while k < len(ctx.mentions) and ctx.mentions[k].type == "Firm":
                yield ctx.relation(keys[k], "locatedIn", ka, "X的Y")
                if k + 1 >= len(ctx.mentions) or ctx.between(
                    ctx.mentions[k], ctx.mentions[k + 1]
                ) not in ("、", "和", "及", "与"):
                    break
                k += 1
        elif a.type in locatable and b.type in places and ka != kb:
            cue = ctx.has_cue(gap, "locatedIn")
            if cue and _PLANNED.search(gap[: gap.find(cue)]):
                continue  # A将落户B: a plan (guide 1.1)
            if cue and len(gap) <= len(cue) + extra:
                yield ctx.relation(ka, "locatedIn", kb, cue)
                inner = _inner_place(ctx, j)
                if inner is not None:
                    yield ctx.relation(ka, "locatedIn", inner.key, cue)  # 位于某县某乡


def _inner_place(ctx: Context, index: int) -> Mention | None:
    """位于某县某乡, 位于某市某区: the place written right after the place at ``index`` that the
    division codes put inside it (the located thing is in both)."""
    if index + 1 >= len(ctx.mentions):
        return None
    outer, inner = ctx.mentions[index], ctx.mentions[index + 1]
    if outer.type != "Region" or inner.type != "Region" or ctx.between(outer, inner):
        return None
    return inner if _nests(ctx, outer.key[1], inner.key[1]) else None


def _nests(ctx: Context, outer: str, inner: str) -> bool:
    """The division codes (or the lists' parents) put region ``inner`` inside ``outer``."""
    big, small = ctx.lexicon.regions.get(outer), ctx.lexicon.regions.get(inner)
    return big is not None and small is not None and big.contains(small)


# 位于某园区的企业某某: what may stand between the place and the thing after 的
_RELATIVE_JOINER = re.compile(r"的(?:厂商|企业|公司|龙头企业|重点企业|项目)")


def _relative_cue(ctx: Context, before: str, cues: dict) -> bool:
    """A locatedIn cue (位于, 落户…) or an arrival cue (入驻, 进驻) right before the place."""
    return bool(ctx.has_cue(before, "locatedIn")) or any(c in before for c in cues["relative_cues"])


_HELD = ("Firm", "ResearchOrg", "Platform", "Cluster", "Park")
# 将, 拟, 计划…: words of a plan or a wish right before a holding cue (guide 1.1: not stated)
_PLANNED = re.compile(r"(?:将|拟|计划|预计|力争|有望|争取|准备)(?:要|会|在|于)?$")


def _held_by_place(ctx: Context, located: set[tuple[str, str]]) -> Iterator[Relation]:
    """A place, then a holding cue (落地, 入驻, 引进, 拥有, 企业有, 为代表…), then the things it
    holds: they are located in the nearest place before the cue (a place inside a cluster's name
    counts: 东莞智能终端集群…拥有A). With no place before them in the sentence, in the topic
    place, when an anaphor (园区, 该区, 本市) or nothing names the subject. A list followed by
    落户/入驻 (A、B等企业相继入驻) is in the place after the cue, or the topic place."""
    words = ctx.lexicon.relation_cues["locatedIn"]
    cues = words["holding_cues"]
    for index, mention in enumerate(ctx.mentions):
        if mention.type not in _HELD or mention.key in located:
            continue
        found = _holder_before(ctx, index, cues, words)
        how = "held:before"
        if found is None:
            found, how = _holder_after(ctx, index, words), "held:after"
        if found is None:
            continue
        tail, topic = found
        if tail is None or tail == mention.key:
            continue
        if mention.type == "Park" and tail[0] != "Region" and not _locative_after(ctx, mention):
            continue  # a park inside a park is partOf, said by its own cues (but 坐落于 locates)
        located.add(mention.key)
        cue = how + (":topic" if topic else ":place")
        yield ctx.relation(mention.key, "locatedIn", tail, cue)
        if mention.type == "Platform" and tail[0] == "Park":
            yield ctx.relation(tail, "hasPlatform", mention.key, cue)  # the park's platform


def _locative_after(ctx: Context, mention: Mention) -> bool:
    """The clause after the mention says where it lies (…坐落于某新片区, …位于某园区)."""
    return any(cue in ctx.clause_after(mention) for cue in ("位于", "坐落"))


def _places_before(ctx: Context, index: int, limit: int) -> list[Mention]:
    """Places among the first ``index`` mentions ending before sentence offset ``limit``,
    counting a place that begins a cluster's or platform's name; a place in brackets right
    after another place (某开发区(某区)) gives way to the one before it."""
    offset = ctx.sentence.start
    out: list[Mention] = []
    for m in ctx.mentions[:index]:
        if m.end - offset > limit:
            break
        if m.type in ("Park", "Region"):
            if out and ctx.between(out[-1], m) in ("(", "（"):
                continue
            if in_dateline(ctx.document.text, m):
                continue  # 某社某市31日电: the dateline's place holds nothing
            if _is_base(ctx, m):
                continue  # 集群以某高新区为承载区，拥有…: the base, not the holder
            out.append(m)
        elif m.type == "Platform":
            inner = ctx.place_of(m)
            if inner is not None:
                out.append(inner)
        elif m.type == "Cluster":
            out.clear()  # 泰州某集群集聚了A、B: the cluster holds its members (memberOf)
    return out


def _holder_before(
    ctx: Context, index: int, cues: list[str], words: dict
) -> tuple[tuple[str, str], bool] | None:
    mention = ctx.mentions[index]
    offset = ctx.sentence.start
    before = ctx.sentence.text[: mention.start - offset]
    cue_at = max((before.rfind(c) for c in cues), default=-1)
    if cue_at < 0 or re.search(r"[；;。]", before[cue_at:]):
        return None
    if _PLANNED.search(before[max(0, cue_at - 4) : cue_at]):
        return None  # 某园区将引进A: a plan states nothing yet (guide 1.1)
    if re.search(r"[，,]", before[cue_at:]) and not _only_a_list_between(ctx, index, cue_at):
        return None  # 引进A项目，与B成立C: the cue governs its own clause
    first_item = _list_start(ctx, index)
    if any(
        m.type in ("Park", "Region") and m.start - offset > cue_at
        for m in ctx.mentions[:first_item]
    ):
        return None  # 引进A，与B高新区合作: a place between the cue and the thing
    places = [p for p in _places_before(ctx, index, cue_at) if not _in_frame(ctx, p)]
    if places:
        place = places[-1]
        if (
            len(places) > 1
            and place.type == "Region"
            and places[-2].type == "Park"
            and re.fullmatch(r"[及和与、]", ctx.between(places[-2], place))
        ):
            place = places[-2]  # 某园及某市吸引了A: the park, the more specific holder
        first = ctx.mentions[0]
        if first.type == "Park" and first in places and place.type == "Region":
            place = first  # 某园区作为某省某产业的承载地，吸引了A: the park, the subject
        if cue_at - (place.end - offset) > words["holding_gap"]:
            return None
        return place.key, False
    opening = before[:cue_at]
    if any(m.end - offset <= cue_at for m in ctx.mentions[:index]) and not any(
        a in opening for a in words["place_anaphors"]
    ):
        return None  # another subject before the cue
    return (ctx.topic_place, True) if ctx.topic_place else None


def _list_start(ctx: Context, index: int) -> int:
    """The index of the first item of the coordinated list that mention ``index`` ends
    (有开发区2个(A高新区、B经开区): the parks before it in the list are its fellows, not places
    between the cue and it)."""
    k = index
    while k > 0:
        previous, current = ctx.mentions[k - 1], ctx.mentions[k]
        gap = ctx.between(previous, current)
        if (
            k > 1
            and re.fullmatch(r"[)）][、和及与]", gap)
            and ctx.mentions[k - 2].type == current.type
            and ctx.between(ctx.mentions[k - 2], previous) in ("(", "（")
        ):
            k -= 2  # A开发区(某区)、B开发区: the bracketed place belongs to the item before
            continue
        if previous.type != current.type or not re.fullmatch(r"[、和及与]|以及", gap):
            break
        k -= 1
    return k


_FRAME = re.compile(
    r"以[^，,。；;以为]{2,30}为(?:核心|依托|龙头|载体|重点|主体|引领|支撑|平台|中心)"
)


def _in_frame(ctx: Context, place: Mention) -> bool:
    """以某园区为核心，某市已落地A: the place inside the 以…为… frame is no holder."""
    offset = ctx.sentence.start
    return any(
        m.start() <= place.start - offset and place.end - offset <= m.end()
        for m in _FRAME.finditer(ctx.sentence.text)
    )


def _only_a_list_between(ctx: Context, index: int, cue_at: int) -> bool:
    """Between the cue and the mention stand only other names and list punctuation
    (引进A、B，C，以及D): a list that runs across commas."""
    offset = ctx.sentence.start
    text = list(ctx.sentence.text[cue_at : ctx.mentions[index].start - offset])
    for m in ctx.mentions[:index]:
        a, b = m.start - offset - cue_at, m.end - offset - cue_at
        for k in range(max(a, 0), max(min(b, len(text)), 0)):
            text[k] = ""
    rest = "".join(text)
    cue = next(
        (c for c in ctx.lexicon.relation_cues["locatedIn"]["holding_cues"] if rest.startswith(c)),
        "",
    )
    return bool(_LIST_RUN.fullmatch(rest[len(cue) :]))


# what may stand between the items of one list across commas: list punctuation, and a closer
# with its category (A、B等一批大院大所，以及C、D等一批龙头企业)
_LIST_RUN = re.compile(r"(?:[了、，,和及与\s]|以及|等[^，,。；;、]{0,8})*")


def _holder_after(ctx: Context, index: int, words: dict) -> tuple[tuple[str, str], bool] | None:
    """A、B等企业相继入驻(某园区): the list's things are in the place after the cue, or in the
    topic place when none is named (or an anaphor such as 园区 stands for it)."""
    mention = ctx.mentions[index]
    k = index
    while (
        k + 1 < len(ctx.mentions)
        and ctx.mentions[k + 1].type == mention.type
        and (
            re.fullmatch(
                r"[、和及与]|[”\"」]?[、和及与]?[“\"「]?",  # “A”“B”: quoted items side by side
                ctx.between(ctx.mentions[k], ctx.mentions[k + 1]),
            )
        )
    ):
        k += 1
    last = ctx.mentions[k]
    after = ctx.clause_after(last)
    # 等五家著名企业已相继落户: a closer with its category phrase may stand before the cue
    window = words["arrival_window_after_closer"] if after.startswith("等") else 16
    cue = next((c for c in words["arrival_cues"] if c in after[:window]), None)
    if cue is None:
        return None
    at = after.index(cue)
    if "、" in after[:at]:
        return None  # A、B投资、C等基金: the cue inside a further list item is no arrival
    if _PLANNED.search(after[:at]):
        return None  # A、B等企业将落户: a plan (guide 1.1)
    rest = after[at + len(cue) :]
    cue_end = last.end + at + len(cue)
    following = next((m for m in ctx.mentions[k + 1 :] if m.start >= cue_end), None)
    if (
        following is not None
        and following.type in ("Park", "Region")
        and re.fullmatch(r"[到于在至]?", ctx.document.text[cue_end : following.start])
    ):
        return following.key, False  # 相继落户某市 (a place before the cue is no holder)
    rest = rest.lstrip("了到于在至")
    anaphors = tuple(words["place_anaphors"])
    local = cue in words["local_cues"]  # A、B等一批本土企业崛起: the topic place's own firms
    if rest[:1].isalnum() and not rest.startswith(anaphors) and not local:
        return _short_form_of(ctx, rest)  # 落户岚谷: the sentence's 中国岚谷, or none we know
    subject = _opening_park(ctx, _list_start(ctx, index))
    if subject is not None:
        return subject.key, False  # 某小镇入选…，A、B等企业纷纷落户: the clause before's subject
    return (ctx.topic_place, True) if ctx.topic_place else None


def _short_form_of(ctx: Context, rest: str) -> tuple[tuple[str, str], bool] | None:
    """The park of this sentence (or the topic park) whose name ends with the words after the
    cue (某某岚谷 … 落户岚谷): the text's short form of it."""
    parks = [m.key for m in ctx.mentions if m.type == "Park"]
    if ctx.topic_place is not None and ctx.topic_place[0] == "Park":
        parks.append(ctx.topic_place)
    for length in (4, 3, 2):
        word = rest[:length]
        for key in parks:
            if len(word) == length and key[1].endswith(word) and len(key[1]) > length:
                return key, key not in [m.key for m in ctx.mentions]
    return None


def _opening_park(ctx: Context, first_item: int) -> Mention | None:
    """The park that opens the sentence (after at most a short adverbial such as 而此时，)
    and stands before the list: the subject the list's arrival continues."""
    if first_item == 0:
        return None
    park = ctx.mentions[0]
    opening = ctx.text(ctx.sentence.start, park.start)
    opening = re.split(r"[，,]", opening)[-1]
    if park.type != "Park" or len(opening.strip()) > 2 or park.nested:
        return None
    return park


_COUNT = r"[\d一二三四五六七八九十两]+(?:家|个|所|座|处)"
# 某市共有省级以上园区5个 / 其中某市入选3家: a place, then in its own clause a count
_COUNTED = re.compile(rf"[^，,。；;：:]{{0,20}}?{_COUNT}")
# what opens the list of the counted things: 其中：, 分别为, 包括, 即, a bracket
_LIST_OPENER = re.compile(r"其中|分别为|分别是|包括|即|[（(：:]")
# what may stand between the items: list punctuation, brackets, 其中, a further count (国家级2个)
_LIST_GLUE = re.compile(
    rf"(?:[、，,和及与以等\s（()）：:“”\"]|以及|其中|分别为|分别是|包括|即|[（(][^（()）]{{1,8}}[)）]"
    rf"|[^、，,。；;()（）]{{0,8}}?{_COUNT})*"
)


def _counted_holdings(ctx: Context) -> Iterator[Relation]:
    """某市共有园区5个，其中：国家级2个（A、B），省级3个（C、D、E）; 其中某市入选3家，分别为A、B、C:
    a place counts the things its clause has, then lists them; each item is in the place (a
    park only in a region; a place in brackets right after an item is the item's own)."""
    offset = ctx.sentence.start
    mentions = ctx.mentions
    for index, place in enumerate(mentions):
        if place.type not in ("Park", "Region") or in_dateline(ctx.document.text, place):
            continue
        counted = _COUNTED.match(ctx.sentence.text, place.end - offset)
        if counted is None:
            continue
        glue_from, opened, previous = counted.end() + offset, False, None
        for item in mentions[index + 1 :]:
            gap = ctx.document.text[glue_from : item.start]
            if previous is not None and item.type in ("Region", "Park") and gap in ("(", "（"):
                glue_from = item.end  # A开发区(某区): the item's own district
                continue
            if not _LIST_GLUE.fullmatch(gap):
                break
            opened = opened or bool(_LIST_OPENER.search(gap))
            if not opened:
                break  # 某市有企业200家，某公司…: a count, then another sentence's subject
            if (
                item.type in _HELD
                and item.key != place.key
                and not (item.type == "Park" and place.type != "Region")
            ):
                yield ctx.relation(item.key, "locatedIn", place.key, "counted list")
            glue_from, previous = item.end, item


def _project_arrives(ctx: Context) -> Iterator[Relation]:
    """某某公司投资的某某项目顺利落户某园区: the firm whose project arrives is in the place (the
    project is no entity, its investor is)."""
    pattern = _project_arrival(ctx.lexicon)
    for index, firm in enumerate(ctx.mentions):
        if firm.type != "Firm":
            continue
        for later in ctx.mentions[index + 1 :]:
            if later.type == "Firm":
                break  # another firm's project
            if later.type not in ("Park", "Region"):
                continue
            gap = ctx.between(firm, later)
            if len(gap) <= 30 and not re.search(r"[，,。；;]", gap) and pattern.search(gap):
                yield ctx.relation(firm.key, "locatedIn", later.key, "项目…落户")
            break


@cache
def _project_arrival(lexicon: Lexicon) -> re.Pattern[str]:
    arrivals = either(lexicon.relation_cues["locatedIn"]["arrival_cues"])
    return re.compile(rf"项目[^，,。；;]{{0,6}}?(?:{arrivals})(?:到|于|在|至)?$")


def _seat_of(ctx: Context) -> Iterator[Relation]:
    """某市是某某公司(总部)的所在地: the thing is in the place."""
    for i, place in enumerate(ctx.mentions):
        if place.type not in ("Park", "Region") or i + 1 >= len(ctx.mentions):
            continue
        thing = ctx.mentions[i + 1]
        if thing.type not in ("Firm", "ResearchOrg", "Platform", "Cluster"):
            continue
        if not ctx.between(place, thing).startswith("是"):
            continue
        after = ctx.clause_after(thing)
        if re.match(r"(?:总部|总部基地|生产基地)?的?所在地", after):
            yield ctx.relation(thing.key, "locatedIn", place.key, "所在地")


# what an operator does for a park (某园区由某公司管理/运营/开发)
_OPERATED = re.compile(r"(?:负责)?(?:统一)?(?:管理|运营|经营|开发|建设|托管|代管|规划)")


def _subject_sits(ctx: Context) -> Iterator[Relation]:
    """某某公司成立于2015年，(总部)位于某高新区: a later clause without a subject of its own,
    opened by a location verb, places the sentence's subject."""
    if len(ctx.mentions) < 2 or not any(
        c in ctx.sentence.text for c in ctx.lexicon.relation_cues["locatedIn"]["sit_cues"]
    ):
        return  # (most sentences: no location verb)
    first = _sentence_subject(ctx)
    if first is None or ctx.mentions[first].type not in ctx.types("locatedIn", "domain"):
        return
    subject = ctx.mentions[first]
    opener = _sit_opener(ctx.lexicon)
    for place in ctx.mentions[first + 1 :]:
        if place.type not in ctx.types("locatedIn", "range") or place.key == subject.key:
            continue
        between = ctx.document.text[subject.end : place.start]
        if opener.search(between) and not any(
            m.type in ctx.types("locatedIn", "domain") and subject.end <= m.start < place.start
            for m in ctx.mentions
        ):
            yield ctx.relation(subject.key, "locatedIn", place.key, "subject，位于")
        break  # only the first place after the subject


@cache
def _sit_opener(lexicon: Lexicon) -> re.Pattern[str]:
    words = lexicon.relation_cues["locatedIn"]
    return re.compile(
        rf"[，,](?:{either(words['subject_clause_openers'])})?(?:{either(words['sit_cues'])})$"
    )


@cache
def _base_after_place(lexicon: Lexicon) -> re.Pattern[str]:
    return re.compile(rf"为(?:{either(lexicon.relation_cues['locatedIn']['base_words'])})")


def _cluster_based_in(ctx: Context) -> Iterator[Relation]:
    """某集群以某高新区为核心承载区 / 集群以某市为主阵地: the cluster (named, or the one the
    sentence is about) is located in the place it is based on."""
    if "以" not in ctx.sentence.text:
        return  # (most sentences)
    after_place = _base_after_place(ctx.lexicon)
    for index, place in enumerate(ctx.mentions):
        if place.type not in ("Park", "Region") or not _is_base(ctx, place):
            continue
        if not after_place.match(ctx.text(place.end, place.end + 8)):
            continue
        clusters = [k for k in range(index) if ctx.mentions[k].type == "Cluster"]
        if clusters:
            cluster = ctx.mentions[clusters[-1]]
            if not same_clause(ctx.text(cluster.end, place.start)):
                continue
            yield ctx.relation(cluster.key, "locatedIn", place.key, "以X为承载区")
        elif ctx.scope_clusters and re.search(
            r"(?:^|[，,；;])(?:该|本)?(?:产业)?(?:集群|丛集)[^，,；;]{0,4}以$",
            ctx.text(ctx.sentence.start, place.start),
        ):
            yield ctx.relation(ctx.scope_clusters[-1], "locatedIn", place.key, "以X为承载区")


def _at_place(ctx: Context) -> Iterator[Relation]:
    """Y在X打造/设立/举行…: Y (the nearest organisation before 在) is in the place X."""
    words = ctx.lexicon.relation_cues["locatedIn"]
    verbs = tuple(words["at_verbs"])
    for index, place in enumerate(ctx.mentions):
        if place.type not in ("Park", "Region") or index == 0:
            continue
        if ctx.document.text[place.start - 1 : place.start] != "在":
            continue
        after = ctx.text(place.end, place.end + words["at_window"])
        if not any(v in after for v in verbs) or re.search(r"[，,；;]", after[:2]):
            continue
        subject = ctx.mentions[index - 1]
        gap = ctx.between(subject, place)
        limit = words["at_project_gap"] if re.search(r"项目在$", gap) else words["at_gap"]
        if (
            subject.type in ("Firm", "ResearchOrg", "Platform")
            and len(gap) <= limit
            and not (re.search(r"[，,；;、]", gap))
        ):
            yield ctx.relation(subject.key, "locatedIn", place.key, "在…")


def _sentence_subject(ctx: Context) -> int | None:
    """The index of the mention the sentence opens with (after a fronted 作为… phrase), when at
    most a few characters stand before it; None otherwise."""
    if not ctx.mentions:
        return None
    first = fronted_subject(ctx.sentence, ctx.mentions) or 0
    opening = ctx.document.text[ctx.sentence.start : ctx.mentions[first].start]
    if first:
        opening = opening[opening.index("，") + 1 :] if "，" in opening else opening
    return first if len(opening.strip("“”\"'")) <= 4 else None


def _is_base(ctx: Context, place: Mention) -> bool:
    """以某高新区为承载区: the place is what something is based on."""
    return (
        ctx.text(place.start - 1, place.start) == "以"
        and ctx.text(place.end, place.end + 1) == "为"
    )


def _subject_place_holds(ctx: Context) -> Iterator[Relation]:
    first = _sentence_subject(ctx)
    if first is None:
        return
    subject, subject_key = ctx.mentions[first], ctx.keys[first]
    if subject.type not in ctx.types("locatedIn", "range"):
        return
    if in_dateline(ctx.document.text, subject):
        return  # 新华社某市9月27日电: a dateline, not the sentence's subject
    if _is_base(ctx, subject):
        return  # 集群以某高新区为承载区，拥有…: the place is the cluster's base, not the subject
    for mention, key in zip(ctx.mentions[first + 1 :], ctx.keys[first + 1 :], strict=True):
        if mention.type not in ("Firm", "Platform", "ResearchOrg") or key == subject_key:
            continue
        if mention.type == "Platform" and subject.type == "Park":
            continue  # 某高新区建成了…平台: the park's platform (hasPlatform), said elsewhere
        between = ctx.document.text[subject.end : mention.start]
        cue = ctx.has_cue(between, "memberOf" if mention.type == "Firm" else "hasPlatform")
        if cue == "由" and _OPERATED.match(ctx.clause_after(mention)):
            continue  # 某科学园由某公司管理: the operator, not a firm in the park
        if cue:
            yield ctx.relation(key, "locatedIn", subject_key, "subject:" + cue)


@relation_rules.register("part_of", produces=("partOf",))
def part_of(ctx: Context) -> Iterator[Relation]:
    """A(B) with two parks: B is one of A's parks; parks in a table under a park's title;
    某园北部是A，东部是B: the areas named after a direction and 是 are parts of the park before."""
    for i in range(len(ctx.mentions) - 1):
        a, b = ctx.mentions[i], ctx.mentions[i + 1]
        if a.type == "Park" and b.type == "Park" and ctx.between(a, b) in ("(", "（"):
            yield ctx.relation(ctx.keys[i + 1], "partOf", ctx.keys[i], "A(B)")
    yield from _areas_by_direction(ctx)
    yield from _core_area_of(ctx)
    yield from _made_of(ctx)
    for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
        if mention.rule != "sub_parks":
            continue
        for parent in ctx.nested:
            if (
                parent.rule == "sub_parks"
                and parent.start == mention.start
                and parent.key is not None
                and parent.key != key
            ):
                yield ctx.relation(key, "partOf", parent.key, "sub-park")  # 某园区第3园区
    for i in range(len(ctx.mentions) - 1):
        a, b = ctx.mentions[i], ctx.mentions[i + 1]
        if (
            a.type == "Park"
            and b.type == "Park"
            and ctx.text(a.start - 1, a.start) == "以"
            and re.fullmatch(r"为(?:核心|主体|核心区)的?", ctx.between(a, b))
        ):
            yield ctx.relation(ctx.keys[i], "partOf", ctx.keys[i + 1], "以…为核心的")
    if ctx.sentence.cells and len(ctx.table_title_parks) == 1:
        parent = ctx.table_title_parks[0]
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if mention.type == "Park" and key != parent and fills_cell(mention, ctx.sentence):
                yield ctx.relation(key, "partOf", parent, "table")


_MADE_OF_OPENERS = ("由", "下辖", "包括", "辖")
_MADE_OF = re.compile(r"[^，,。；;]{0,8}?(?:共同|联合)?(?:组成|构成|合并为|合并组建为?)")


def _made_of(ctx: Context) -> Iterator[Relation]:
    """某科学城由A高新区和B经开区组成, 某高新区下辖A、B两个片区, A与B合并为C: the listed parks
    are parts of the whole."""
    mentions, keys = ctx.mentions, ctx.keys
    for i, whole in enumerate(mentions):
        if whole.type != "Park":
            continue
        gap_after = ctx.text(whole.end, whole.end + 3)
        if not gap_after.startswith(_MADE_OF_OPENERS):
            continue
        parts = []
        for k in range(i + 1, len(mentions)):
            part = mentions[k]
            if part.type != "Park":
                break
            gap = ctx.between(mentions[k - 1], part)
            if k == i + 1:
                if gap not in _MADE_OF_OPENERS:
                    break
            elif not re.fullmatch(r"[、和及与]|以及", gap):
                break
            parts.append(k)
        if not parts:
            continue
        after = ctx.clause_after(mentions[parts[-1]])
        opened_by_you = gap_after.startswith("由")
        if opened_by_you and not _MADE_OF.match(after):
            continue  # 某园区由某公司运营: 由 names an actor, not the parts
        for k in parts:
            if keys[k] != keys[i]:
                yield ctx.relation(keys[k], "partOf", keys[i], "由…组成")
    for i in range(len(mentions) - 2):  # A与B合并为C
        a, b, c = mentions[i], mentions[i + 1], mentions[i + 2]
        if {a.type, b.type, c.type} != {"Park"}:
            continue
        if re.fullmatch(r"[与和及、]", ctx.between(a, b)) and re.fullmatch(
            r"(?:共同)?(?:合并为|合并组建为?|组成|整合为)", ctx.between(b, c)
        ):
            yield ctx.relation(keys[i], "partOf", keys[i + 2], "合并为")
            yield ctx.relation(keys[i + 1], "partOf", keys[i + 2], "合并为")


def _core_area_of(ctx: Context) -> Iterator[Relation]:
    """某高新区是某示范区(某片区)的核心区, 某高新区作为“某谷”的核心区, 某高新区是…，是某示范区
    的核心区 (the sentence's subject park): the first park is part of the second."""
    words = ctx.lexicon.relation_cues["partOf"]
    verbs, areas = tuple(words["core_area_verbs"]), tuple(words["core_area_words"])
    mentions, quotes = ctx.mentions, '“”"「」'
    for j, b in enumerate(mentions):
        if j == 0 or b.type != "Park":
            continue
        before = ctx.text(ctx.sentence.start, b.start).rstrip(quotes)
        verb = next((v for v in verbs if before.endswith(v)), None)
        if verb is None:
            continue
        a, k = mentions[j - 1], j - 1
        if ctx.between(a, b).strip(quotes) != verb:
            a, k = mentions[0], 0  # …，是某示范区的核心区: the sentence's subject
            if not before[: -len(verb)].endswith(("，", ",")) or any(
                m.type == "Park" for m in mentions[1:j]
            ):
                continue
        if a.type != "Park" or ctx.keys[k] == ctx.keys[j]:
            continue
        after = ctx.clause_after(b).lstrip(quotes)
        after = after[1:] if after.startswith("的") else after
        if any(0 <= after.find(area) <= 6 for area in areas):
            yield ctx.relation(ctx.keys[k], "partOf", ctx.keys[j], "核心区")


_DIRECTION = re.compile(r"(?:[东西南北中]部|核心区|起步区)(?:是|为)$")


def _areas_by_direction(ctx: Context) -> Iterator[Relation]:
    holder = None
    for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
        if mention.type != "Park":
            continue
        before = ctx.text(mention.start - 4, mention.start)
        if _DIRECTION.search(before) and holder is not None and holder != key:
            yield ctx.relation(key, "partOf", holder, "direction")
        elif not _DIRECTION.search(before):
            holder = key


def fills_cell(mention: Mention, sentence: Sentence) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in sentence.cells)


@relation_rules.register("places_side_by_side", produces=("partOf", "locatedIn"))
def places_side_by_side(ctx: Context) -> Iterator[Relation]:
    """Places written together, with no verb: 某省某市, 某市某县 (Region partOf Region, when
    the division codes nest); 云南省某高新区 and 某开发区(某区) (the park is in the region)."""
    places = sorted(
        (m for m in (*ctx.mentions, *ctx.nested) if m.type in ("Park", "Region", "Firm")),
        key=lambda m: (m.start, -m.end),
    )
    regions = ctx.lexicon.regions
    for a, b in zip(places, places[1:], strict=False):
        gap = ctx.document.text[a.end : b.start] if b.start >= a.end else None
        if gap is None or a.key == b.key:
            continue
        if a.type == "Region" and b.type == "Region" and gap in ("", "的"):
            outer, inner = regions.get(a.key[1]), regions.get(b.key[1])
            if outer is not None and inner is not None and outer.contains(inner):
                yield ctx.relation(b.key, "partOf", a.key, "codes")
            elif outer is not None and inner is None and b.key[1].endswith("村") and gap == "":
                yield ctx.relation(b.key, "partOf", a.key, "village")  # 某乡某某村
        elif a.type == "Region" and b.type == "Park" and gap == "" and not b.nested:
            yield ctx.relation(b.key, "locatedIn", a.key, "side by side")
        elif a.type == "Park" and b.type == "Park" and gap == "" and not (a.nested or b.nested):
            yield ctx.relation(b.key, "partOf", a.key, "side by side")  # 某开发区某工业园区
        elif a.type == "Park" and b.type == "Firm" and gap == "" and not a.nested:
            yield ctx.relation(b.key, "locatedIn", a.key, "side by side")  # 某高新区某某公司
        elif a.type == "Park" and b.type == "Region" and gap in ("(", "（"):
            close = ctx.document.text[b.end : b.end + 1]
            if close in (")", "）"):
                yield ctx.relation(a.key, "locatedIn", b.key, "A(B)")
