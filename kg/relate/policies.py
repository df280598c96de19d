"""Policies: who issued them (issuedBy), what they support (supports), and clusters that an
agency designated (designatedBy)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.lexicon import Lexicon
from kg.mentions.words import either
from kg.model import Relation
from kg.registry import relation_rules
from kg.relate.context import Context, same_clause


@cache
def _issuer_anaphor(lexicon: Lexicon) -> re.Pattern[str]:
    heads = lexicon.relation_cues["issuedBy"]["anaphor_heads"]
    return re.compile(rf"该(?:{either(heads)})[^，,。；;]{{0,6}}$")


@relation_rules.register("issued_by", produces=("issuedBy",))
def issued_by(ctx: Context) -> Iterator[Relation]:
    """X印发《T》 / X在《T》中提出 / X发布了《T》《U》 / X…，该厅印发《T》: issued by X."""
    if not _has_type(ctx, "Policy"):
        return  # (most sentences: every relation below is a policy's)
    words = ctx.lexicon.relation_cues["issuedBy"]
    issuers = ctx.types("issuedBy", "range")
    for j, policy in enumerate(ctx.mentions):
        if policy.type != "Policy":
            continue
        before = ctx.text(policy.start - words["anaphor_window"], policy.start)
        anaphor = _issuer_anaphor(ctx.lexicon).search(before)
        agencies = [k for k in range(j) if ctx.mentions[k].type == "Agency"]
        if anaphor and agencies and ctx.has_cue(anaphor.group(0), "issuedBy"):
            yield ctx.relation(ctx.keys[j], "issuedBy", ctx.keys[agencies[-1]], anaphor.group(0))
    recipients = _recipients(ctx)
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type in issuers and b.type == "Policy" and i not in recipients:
            gap = ctx.between(a, b)
            cue = ctx.has_cue(gap, "issuedBy")
            in_title = re.fullmatch(rf"\s*(?:{either(words['in_title'])})", gap)
            if recipients and any(i < k < j for k in recipients):
                gap = re.sub(r"向[^，,。；;]*?(?=印发|下发|转发|发布|发出)", "", gap)  # 向某市…印发
                cue = ctx.has_cue(gap, "issuedBy")
            coissued = _coissuers(ctx, i, j, issuers)
            own_gap = ctx.between(ctx.mentions[j - 1], b) if coissued else gap  # A、B联合印发
            if (cue and same_clause(gap) and len(own_gap) <= words["max_gap"]) or in_title:
                if (
                    any(
                        ctx.mentions[k].type in issuers and k not in recipients
                        for k in range(i + 1, j)
                    )
                    and not coissued
                ):
                    continue
                yield ctx.relation(ctx.keys[j], "issuedBy", ctx.keys[i], cue or "在《》")
                # titles listed right after the first one share its issuer
                k = j + 1
                while (
                    k < len(ctx.mentions)
                    and ctx.mentions[k].type == "Policy"
                    and re.fullmatch(
                        r"[、和及与\s]*", ctx.between(ctx.mentions[k - 1], ctx.mentions[k])
                    )
                ):
                    yield ctx.relation(ctx.keys[k], "issuedBy", ctx.keys[i], cue or "在《》")
                    k += 1
                yield from _continued_issues(ctx, i, k - 1)


def _continued_issues(ctx: Context, issuer: int, policy: int) -> Iterator[Relation]:
    """某省出台《A》，2021年又制定了《B》: a later clause with no subject of its own, opened
    by 又 / 还 / 随后…, continues the issuer of the clause before."""
    words = ctx.lexicon.relation_cues["issuedBy"]
    previous = policy
    for k in range(policy + 1, len(ctx.mentions)):
        mention = ctx.mentions[k]
        if mention.type != "Policy":
            return  # another name: the next clause has a subject (or an object) of its own
        gap = ctx.between(ctx.mentions[previous], mention)
        clauses = re.split(r"[，,；;]", gap)
        cue = ctx.has_cue(clauses[-1], "issuedBy")
        if len(clauses) < 2 or "。" in gap:
            return
        if not cue or not any(c in clauses[-1] for c in words["continuations"]):
            return
        yield ctx.relation(ctx.keys[k], "issuedBy", ctx.keys[issuer], cue)
        previous = k


def _has_type(ctx: Context, type_: str) -> bool:
    return any(m.type == type_ for m in ctx.mentions)


def _coissuers(ctx: Context, i: int, j: int, issuers: tuple[str, ...]) -> bool:
    """某厅、某办公厅联合印发《某》: every mention between issuer ``i`` and the policy ``j`` is an
    issuer coordinated with it, so all of them issued the policy."""
    between = ctx.mentions[i + 1 : j]
    if not between or any(m.type not in issuers for m in between):
        return False
    chain = [ctx.mentions[i], *between]
    pairs = zip(chain, chain[1:], strict=False)
    return all(re.fullmatch(r"[、和及与]|以及", ctx.between(a, b)) for a, b in pairs)


def _recipients(ctx: Context) -> set[int]:
    """某厅向甲市、乙市人民政府印发《某》: the bodies after 向 and before the cue receive the
    document; they did not issue it (indices into the sentence's mentions)."""
    out: set[int] = set()
    if "向" not in ctx.sentence.text:
        return out  # (most sentences: no mention can be a recipient)
    for k, mention in enumerate(ctx.mentions):
        before = ctx.text(mention.start - 30, mention.start)
        at = before.rfind("向")
        if at < 0 or _CLAUSE_MARK.search(before, at):
            continue
        between = before[at + 1 :]
        if all(c in "、和及与" or c.isalnum() for c in between) and _SENDING.match(
            ctx.text(mention.end, mention.end + 14)
        ):
            out.add(k)
    return out


_CLAUSE_MARK = re.compile(r"[，,。；;]")
_SENDING = re.compile(r"[^，,。；;]{0,12}(?:印发|下发|转发|发布|发出)")


@relation_rules.register("supports", produces=("supports",))
def supports(ctx: Context) -> Iterator[Relation]:
    """《T》… 支持/扶持/推动 … X: the policy supports X; a policy cited in the section of a
    cluster (under its heading) is that cluster's policy."""
    if ctx.listing_policy is not None and not _has_type(ctx, "Policy"):
        cue = _list_continuation(ctx)
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if cue and mention.type == "Cluster":
                yield ctx.relation(
                    ctx.listing_policy, "supports", key, cue
                )  # 根据《某》…。名单如下：
    if not _has_type(ctx, "Policy"):
        return  # (every relation below is a policy's)
    supported = ctx.types("supports", "range")
    if ctx.scope_clusters:
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if mention.type == "Policy":
                yield ctx.relation(key, "supports", ctx.scope_clusters[-1], "section")
    yield from _purpose_before(ctx)
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type == "Policy" and b.type in supported:
            # a cluster may follow its cue (…集群列为重点支持对象); parks, firms and platforms
            # are supported only when the cue stands between the title and them
            end = ctx.sentence.end if b.type == "Cluster" else b.start
            cue = ctx.has_cue(ctx.document.text[a.end : end], "supports")
            if cue and not ctx.type_between(i, j, ("Policy",)):
                yield ctx.relation(ctx.keys[i], "supports", ctx.keys[j], cue)


def _list_continuation(ctx: Context) -> str:
    """名单如下：, 分别为…: the words by which the sentence opens by continuing a list the
    sentence before announced ("" when it does not)."""
    continuations = ctx.lexicon.relation_cues["designatedBy"]["list_continuations"]
    return next((c for c in continuations if c in ctx.sentence.text[:16]), "")


def _purpose_before(ctx: Context) -> Iterator[Relation]:
    """为推动某集群发展，某市印发了《某方案》: a purpose clause opening the sentence names what
    the document issued after it supports."""
    text = ctx.sentence.text
    purpose = _PURPOSE.match(text)
    if purpose is None:
        return
    end = ctx.sentence.start + purpose.end()
    supported = ctx.types("supports", "range")
    targets = [(m, k) for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.end <= end]
    policies = [(m, k) for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.start > end]
    issued = [
        k
        for m, k in policies
        if m.type == "Policy" and ctx.has_cue(ctx.text(end, m.start), "issuedBy")
    ]
    for mention, key in targets:
        if mention.type == "Cluster" and "Cluster" in supported:
            for policy in issued:
                yield ctx.relation(policy, "supports", key, purpose.group(1))


# 为(了)推动/支持/促进/加快…，: a purpose clause at the start of a sentence
_PURPOSE = re.compile(r"\s*为了?(推动|支持|促进|加快|助力|推进|扶持|培育)[^，,。；;]{2,40}[，,]")


@relation_rules.register("designated_by", produces=("designatedBy",))
def designated_by(ctx: Context) -> Iterator[Relation]:
    """A cluster and an agency with 获批/认定/纳入/入选 in one sentence."""
    if not _has_type(ctx, "Cluster"):
        return  # (every relation below is a cluster's: the cue is not looked for)
    cue = ctx.has_cue(ctx.sentence.text, "designatedBy")
    if not cue and ctx.announcer is not None:
        cue = _list_continuation(ctx)
    if not cue:
        return
    agencies = [k for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Agency"]
    if not agencies and ctx.announcer is not None:
        agencies = [ctx.announcer]  # 某厅公布名单。其中…入选，分别为A、B
    if len(set(agencies)) != 1:
        return
    for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
        if mention.type == "Cluster":
            yield ctx.relation(key, "designatedBy", agencies[0], cue)
