"""Table rows: a row about one cluster gives its place and its firms."""

from __future__ import annotations

from collections.abc import Iterator

from kg.model import Mention, Relation, Sentence
from kg.registry import relation_rules
from kg.relate.context import Context


@relation_rules.register("table_rows", produces=("locatedIn", "memberOf", "leads"))
def table_rows(ctx: Context) -> Iterator[Relation]:
    """A table row about one cluster: its place column gives locatedIn, its firm columns
    memberOf (and leads, under a 龙头企业 header)."""
    if not ctx.sentence.header:
        return
    clusters = [k for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Cluster"]
    if len(set(clusters)) != 1:
        return
    cluster = clusters[0]
    words = ctx.lexicon.vocabulary["tables"]
    places = ctx.types("locatedIn", "range")
    for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
        column = _column_of(mention, ctx.sentence)
        if column is None or column >= len(ctx.sentence.header):
            continue
        title = ctx.sentence.header[column]
        if mention.type == "Firm" and any(w in title for w in words["member_columns"]):
            yield ctx.relation(key, "memberOf", cluster, "table:" + title)
            if any(w in title for w in words["lead_columns"]):
                yield ctx.relation(key, "leads", cluster, "table:" + title)
        elif mention.type in places and any(w in title for w in words["place_columns"]):
            yield ctx.relation(cluster, "locatedIn", key, "table:" + title)


def _column_of(mention: Mention, sentence: Sentence) -> int | None:
    for index, (a, b) in enumerate(sentence.cells):
        if a <= mention.start and mention.end <= b:
            return index
    return None
