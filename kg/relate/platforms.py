"""Platforms: who has them (hasPlatform), who built them (builtBy), and the partners who
built them together (partnerOf)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.lexicon import Lexicon
from kg.mentions.words import either
from kg.model import Relation
from kg.registry import relation_rules
from kg.relate.context import Context, same_clause


@relation_rules.register("has_platform", produces=("hasPlatform",))
def has_platform(ctx: Context) -> Iterator[Relation]:
    """A cluster or park before a platform, with 打造/建有/拥有… between them."""
    if not any(m.type == "Platform" for m in ctx.mentions):
        return  # (every relation below is a platform's)
    owners = ctx.types("hasPlatform", "domain")
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type in owners and b.type == "Platform":
            cue = ctx.has_cue(ctx.between(a, b), "hasPlatform")
            if cue and not ctx.type_between(i, j, owners):
                yield ctx.relation(ctx.keys[i], "hasPlatform", ctx.keys[j], cue)
    if ctx.scope_clusters:
        # under a cluster's heading, a platform the sentence says is built or owned is the cluster's
        clusters_here = any(m.type == "Cluster" for m in ctx.mentions)
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if mention.type != "Platform" or clusters_here:
                continue
            before = ctx.document.text[ctx.sentence.start : mention.start]
            cue = ctx.has_cue(before, "hasPlatform")
            if cue:
                yield ctx.relation(ctx.scope_clusters[-1], "hasPlatform", key, cue)


@cache
def _grammar(lexicon: Lexicon) -> dict[str, re.Pattern[str]]:
    words = lexicon.relation_cues["builtBy"]
    return {
        "joiner": re.compile(rf"(?:{either(words['co_builder_joiners'])})"),
        "marker": re.compile(rf"(?:{either(words['builder_markers'])})"),
        # P是A和B合作的载体: what the builders did together, then what they made
        "carrier": re.compile(
            rf"(?:{either(words['carrier_verbs'])})的[^，,；;。]{{0,6}}?"
            rf"(?:{either(words['carrier_words'])})"
        ),
        # P是省级新型研发机构，由X牵头…: the platform described, then its builder
        "described": re.compile(
            rf"是[^，,；;。]{{0,24}}[，,](?:{either(words['builder_markers'])})"
        ),
        "anaphor": re.compile(
            rf"该(?:{either(sorted(words['anaphor_heads'], key=len, reverse=True))})"
            rf"(?:已)?(?:{either(['由', '依托'])})$"
        ),
    }


@relation_rules.register("built_by", produces=("builtBy", "partnerOf"))
def built_by(ctx: Context) -> Iterator[Relation]:
    """X牵头建设P / 由X牵头建设的P / 依托X建设P / P由X与Y共建 / 该中心由X联合Y组建 (该… refers
    back to the last platform named): the platform is built by X (and by its co-builders)."""
    builders_types = ctx.types("builtBy", "range")
    words = ctx.lexicon.relation_cues["builtBy"]
    grammar = _grammar(ctx.lexicon)
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type in builders_types and b.type == "Platform":
            gap = ctx.between(a, b)
            cue = ctx.has_cue(gap, "builtBy")
            subject = (
                i == 0
                and a.start - ctx.sentence.start <= words["subject_window"]
                and a.type in ("Firm", "ResearchOrg")
            )
            if a.type == "Platform" and cue not in words["platform_builder_cues"]:
                cue = ""  # 北京…中心、成渝…中心建设: one platform does not build another by 建设
            if (
                cue
                and len(gap) <= words["max_gap"]
                and same_clause(gap)
                and not _other_platform_between(ctx, i, j)
            ):
                builders = _co_builders(ctx, i, grammar["joiner"])
                lead = _carried_lead_builder(ctx, min(builders), builders_types)
                if lead is not None and lead not in builders:
                    builders.append(lead)  # A与B共建P，与C共建Q: A builds Q too
                for builder in builders:
                    yield ctx.relation(ctx.keys[j], "builtBy", ctx.keys[builder], cue)
                yield from _co_builders_are_partners(ctx, sorted(builders), cue)
            elif subject and ctx.has_cue(gap, "hasPlatform"):
                yield ctx.relation(
                    ctx.keys[j], "builtBy", ctx.keys[i], ctx.has_cue(gap, "hasPlatform")
                )
        if a.type == "Platform" and b.type in builders_types and j == i + 1:
            gap = ctx.between(a, b)
            if grammar["marker"].fullmatch(gap) or (i == 0 and grammar["described"].fullmatch(gap)):
                yield from _built_after(ctx, j, ctx.keys[i])  # P由X…建设; P是…机构，由X牵头…
            elif gap == "是":
                yield from _carrier_of(ctx, i, j)
    yield from _built_by_anaphor(ctx)


def _carrier_of(ctx: Context, platform: int, first: int) -> Iterator[Relation]:
    """P是A和B合作的载体: the builders joined after 是, then a word of working together and a
    word for what they made (载体, 成果, 平台…)."""
    builders = _builders_from(ctx, first, later=False)
    carrier = _grammar(ctx.lexicon)["carrier"].match(ctx.clause_after(ctx.mentions[builders[-1]]))
    if carrier:
        for builder in builders:
            yield ctx.relation(ctx.keys[platform], "builtBy", ctx.keys[builder], "合作的载体")
        yield from _co_builders_are_partners(ctx, builders, "合作的载体")


def _carried_lead_builder(ctx: Context, first: int, builder_types) -> int | None:
    """A clause that opens on 与 (…，与C、D共建Q) continues the sentence's first builder."""
    before = ctx.text(ctx.mentions[first].start - 3, ctx.mentions[first].start)
    if first == 0 or not re.search(r"[，,；;](?:并|还|又)?与$", before):
        return None
    lead = ctx.mentions[0]
    if lead.type in builder_types and lead.type in ("Firm", "ResearchOrg", "Agency", "Park"):
        return 0
    return None


def _built_by_anaphor(ctx: Context) -> Iterator[Relation]:
    """该中心由X牵头建设: the platform is the last one named before 该 in the sentence, or in
    the sentence before."""
    anaphor = _grammar(ctx.lexicon)["anaphor"]
    for j, mention in enumerate(ctx.mentions):
        if mention.type not in ctx.types("builtBy", "range"):
            continue
        before = ctx.text(mention.start - 8, mention.start)
        if not anaphor.search(before):
            continue
        platforms = [k for k in range(j) if ctx.mentions[k].type == "Platform"]
        if platforms:
            yield from _built_after(ctx, j, ctx.keys[platforms[-1]])
        elif ctx.last_platform is not None:
            yield from _built_after(ctx, j, ctx.last_platform)  # named in the sentence before


def _built_after(ctx: Context, j: int, platform: tuple[str, str]) -> Iterator[Relation]:
    """After 由/依托: X (与|和|联合 Y)* then a building cue in the same clause."""
    builders = _builders_from(ctx, j, later=True)
    cue = ctx.has_cue(ctx.clause_after(ctx.mentions[builders[-1]]), "builtBy")
    if cue:
        for builder in builders:
            yield ctx.relation(platform, "builtBy", ctx.keys[builder], cue)
        yield from _co_builders_are_partners(ctx, builders, cue)


def _builders_from(ctx: Context, j: int, later: bool) -> list[int]:
    """Builder ``j`` and the builders joined to it after it (与/和/联合 Y; with ``later``, also
    those joined after the lead's own cue: 由X牵头，联合Y)."""
    joiner = _grammar(ctx.lexicon)["joiner"]
    builders_types = ctx.types("builtBy", "range")
    builders = [j]
    while (
        builders[-1] + 1 < len(ctx.mentions)
        and ctx.mentions[builders[-1] + 1].type in builders_types
    ):
        gap = ctx.between(ctx.mentions[builders[-1]], ctx.mentions[builders[-1] + 1])
        if not (joiner.fullmatch(gap) or (later and _JOINED_LATER.fullmatch(gap))):
            break
        builders.append(builders[-1] + 1)
    return builders


# 由X牵头，联合Y…组建: a co-builder joined after the lead builder's own cue
_JOINED_LATER = re.compile(
    r"(?:牵头|主导|发起)?[，,]?(?:联合|携手|会同|协同)"
    r"|等\d+[所家个](?:高校|企业|院所|科研院所|机构|单位)?(?:和|、|及|以及)"  # B等3所高校和C
)


def _co_builders_are_partners(ctx: Context, builders: list[int], cue: str) -> Iterator[Relation]:
    """X与Y共建P / 由X联合Y组建: the first builder is a partner of each of the others."""
    partners = ctx.types("partnerOf", "domain")
    first = ctx.mentions[builders[0]]
    if first.type not in partners:
        return
    for other in builders[1:]:
        if ctx.mentions[other].type in partners and ctx.keys[other] != ctx.keys[builders[0]]:
            yield ctx.relation(ctx.keys[builders[0]], "partnerOf", ctx.keys[other], cue)


def _other_platform_between(ctx: Context, i: int, j: int) -> bool:
    """A platform between builder i and platform j, unless j is in the same list as it
    (X联合建立“A”“B”“C”中心: X built all three)."""
    between = range(i + 1, j)
    if not any(ctx.mentions[k].type == "Platform" for k in between):
        return False
    return not all(
        re.fullmatch(r"[、”“\"和及与\s]*", ctx.between(ctx.mentions[k], ctx.mentions[k + 1]))
        for k in range(i + 1, j)
    )


def _co_builders(ctx: Context, i: int, joiner: re.Pattern[str]) -> list[int]:
    """X与Y共同设立P: the builder found next to the cue, and those joined to it by 与/和/联合."""
    builders_types = ctx.types("builtBy", "range")
    builders = [i]
    k = i
    while (
        k > 0
        and ctx.mentions[k - 1].type in builders_types
        and joiner.fullmatch(ctx.between(ctx.mentions[k - 1], ctx.mentions[k]))
    ):
        k -= 1
        builders.append(k)
    return builders


@cache
def _category_after_marker(lexicon: Lexicon) -> re.Pattern[str]:
    words = lexicon.relation_cues["partnerOf"]
    return re.compile(
        rf"({either(words['markers'])})[^，,。；;、与和]{{0,10}}?"
        rf"(?:{either(words['partner_categories'])})$"
    )


@cache
def _partner_markers(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    markers = either(lexicon.relation_cues["partnerOf"]["markers"])
    return re.compile(rf"({markers})$"), re.compile(rf"(?:{markers})")


@relation_rules.register("partner_of", produces=("partnerOf",))
def partner_of(ctx: Context) -> Iterator[Relation]:
    """S…与A、B、C…合作 / S联合A… / S与A签署…协议: the sentence's first organisation S is a partner
    of each organisation in the list after 与/同/联合/携手 when a partner cue follows."""
    mentions, keys = ctx.mentions, ctx.keys
    words = ctx.lexicon.relation_cues["partnerOf"]
    tails = ctx.types("partnerOf", "range")
    partners = ctx.types("partnerOf", "domain")
    marker_pattern, marker_only = _partner_markers(ctx.lexicon)
    for j, mention in enumerate(mentions):
        if mention.type not in tails:
            continue
        k = j
        while (
            k > 0
            and mentions[k - 1].type in tails
            and ctx.between(mentions[k - 1], mentions[k]) in words["list_joiners"]
        ):
            k -= 1
        lead = ctx.text(mentions[k].start - 3, mentions[k].start)
        marker = marker_pattern.search(lead) or _category_after_marker(ctx.lexicon).search(
            ctx.text(mentions[k].start - 16, mentions[k].start)
        )  # 与世界500强企业某某公司: a category between the marker and the name
        if not marker:
            continue
        cue = ctx.has_cue(ctx.clause_after(mention), "partnerOf") or (
            marker.group(1) if marker.group(1) in words["marker_cues"] else ""
        )
        # X联合Y: the organisation right before the marker; otherwise the sentence's subject
        subject = 0 if mentions[0].type in partners and k > 0 else None
        if (
            k > 0
            and mentions[k - 1].type in ("Firm", "ResearchOrg")
            and marker_only.fullmatch(ctx.between(mentions[k - 1], mentions[k]))
        ):
            subject = k - 1
        if (
            subject is not None
            and mentions[subject].type == "Platform"
            and re.search(r"由|依托", ctx.between(mentions[subject], mentions[k]))
        ):
            continue  # P由A牵头，联合B建设: B builds P, it is not P's partner
        if cue and subject is not None and keys[subject] != keys[j]:
            yield ctx.relation(keys[subject], "partnerOf", keys[j], cue)
