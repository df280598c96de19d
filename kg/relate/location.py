"""Where things are: locatedIn and partOf, from cue words and from a table under a park's title."""

from __future__ import annotations

from collections.abc import Iterator

from kg.model import Mention, Relation, Sentence
from kg.registry import relation_rules
from kg.relate.context import Context


@relation_rules.register("located_in", produces=("locatedIn",))
def located_in(ctx: Context) -> Iterator[Relation]:
    """位于X的Y / Y位于X / Y落户X; and a place that opens the sentence (深圳…聚集了A、B等企业,
    某高新区拥有…平台) holds the firms and platforms the sentence lists."""
    yield from _subject_place_holds(ctx)
    locatable, places = ctx.types("locatedIn", "domain"), ctx.types("locatedIn", "range")
    cues = ctx.lexicon.relation_cues["locatedIn"]
    window, extra, joiners = cues["cue_window"], cues["max_extra_gap"], cues["joiners"]
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        ka, kb = ctx.keys[i], ctx.keys[j]
        gap = ctx.between(a, b)
        before = ctx.text(a.start - window, a.start)
        if (
            a.type in places
            and b.type in locatable
            and ctx.has_cue(before, "locatedIn")
            and (gap in joiners)
        ):
            yield ctx.relation(kb, "locatedIn", ka, "位于…的")
        elif a.type in locatable and b.type in places and ka != kb:
            cue = ctx.has_cue(gap, "locatedIn")
            if cue and len(gap) <= len(cue) + extra:
                yield ctx.relation(ka, "locatedIn", kb, cue)


def _subject_place_holds(ctx: Context) -> Iterator[Relation]:
    if not ctx.mentions:
        return
    subject, subject_key = ctx.mentions[0], ctx.keys[0]
    opening = ctx.document.text[ctx.sentence.start : subject.start]
    if subject.type not in ctx.types("locatedIn", "range") or len(opening.strip("“”\"'")) > 4:
        return
    for mention, key in zip(ctx.mentions[1:], ctx.keys[1:], strict=True):
        if mention.type not in ("Firm", "Platform", "ResearchOrg") or key == subject_key:
            continue
        if mention.type == "Platform" and subject.type == "Park":
            continue  # 某高新区建成了…平台: the park's platform (hasPlatform), said elsewhere
        between = ctx.document.text[subject.end : mention.start]
        cue = ctx.has_cue(between, "memberOf" if mention.type == "Firm" else "hasPlatform")
        if cue:
            yield ctx.relation(key, "locatedIn", subject_key, "subject:" + cue)


@relation_rules.register("part_of", produces=("partOf",))
def part_of(ctx: Context) -> Iterator[Relation]:
    """A(B) with two parks: B is one of A's parks; parks in a table under a park's title."""
    for i in range(len(ctx.mentions) - 1):
        a, b = ctx.mentions[i], ctx.mentions[i + 1]
        if a.type == "Park" and b.type == "Park" and ctx.between(a, b) in ("(", "（"):
            yield ctx.relation(ctx.keys[i + 1], "partOf", ctx.keys[i], "A(B)")
    if ctx.sentence.cells and len(ctx.table_title_parks) == 1:
        parent = ctx.table_title_parks[0]
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if mention.type == "Park" and key != parent and fills_cell(mention, ctx.sentence):
                yield ctx.relation(key, "partOf", parent, "table")


def fills_cell(mention: Mention, sentence: Sentence) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in sentence.cells)
