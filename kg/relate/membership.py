"""Firms in clusters: memberOf and leads."""

from __future__ import annotations

from collections.abc import Iterator

from kg.model import Relation
from kg.registry import relation_rules
from kg.relate.context import Context, fronted_subject


@relation_rules.register("members_and_leaders", produces=("memberOf", "leads"))
def members_and_leaders(ctx: Context) -> Iterator[Relation]:
    """Firms listed after 集聚/拥有/包括 (or before 等龙头企业) in a sentence about a cluster, or
    under a cluster's heading, are its members; with 龙头/领军/链主 in their clause they lead it."""
    firms = [(m, k) for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Firm"]
    if not firms:
        return
    clusters = [(m, k) for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Cluster"]
    fronted = fronted_subject(ctx.sentence, ctx.mentions)
    for firm, firm_key in firms:
        clause = ctx.clause_around(firm)
        if fronted is not None and ctx.mentions[fronted] is firm:
            # 作为某集群的链主企业，某某…: the fronted phrase says what the subject is
            clause = ctx.text(ctx.sentence.start, firm.start) + clause
        member_cue = ctx.has_cue(clause, "memberOf")
        lead_cue = ctx.has_cue(
            clause, "leads"
        )  # in the firm's clause: 以A、B为龙头, A、B等龙头企业
        if not (member_cue or lead_cue):
            continue
        before = [k for m, k in clusters if m.end <= firm.start]
        after = [k for m, k in clusters if m.start >= firm.end]
        if before:
            cluster = before[-1]
        elif after:
            cluster = after[0]
        elif ctx.scope_clusters:
            cluster = ctx.scope_clusters[-1]
        elif ctx.headline_cluster is not None and (member_cue or lead_cue):
            cluster = ctx.headline_cluster  # the passage is about the headline's cluster
        else:
            continue
        yield ctx.relation(firm_key, "memberOf", cluster, member_cue or lead_cue)
        if lead_cue:
            yield ctx.relation(firm_key, "leads", cluster, lead_cue)
