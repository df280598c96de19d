"""Stage 5, relate: typed relations between the entities of one document.

Each relation has its own small rule (registered in :data:`RELATION_RULES`) that reads one
sentence's mentions in order, the cue words between them, and the document's structure:
a heading that names a cluster scopes the sentences below it, and a table row's cells belong
together. Every relation carries the sentence it came from as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kg.lexicon import Lexicon
from kg.lexicon import load as load_lexicon
from kg.mentions import place_prefix
from kg.model import Evidence, Mention, NormalisedDocument, Relation, Sentence
from kg.resolve import Resolution, core_name

LOCATABLE = ("Cluster", "Park", "Firm", "Platform", "ResearchOrg")
PLACES = ("Park", "Region")
BUILDERS = ("Firm", "ResearchOrg", "Agency", "Park", "Platform")
ISSUERS = ("Agency", "Region", "Park")
SUPPORTED = ("Cluster", "Park", "Firm", "Platform")
PARTNERS = ("Firm", "ResearchOrg", "Park", "Platform")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。]")


@dataclass
class Context:
    """What a relation rule sees: one sentence, its mentions, and the document around it."""

    document: NormalisedDocument
    sentence: Sentence
    mentions: list[Mention]  # of this sentence, in text order, resolved keys attached
    keys: list[tuple[str, str]]
    scope_clusters: list[tuple[str, str]]  # clusters named by the enclosing headings
    table_title_parks: list[tuple[str, str]]  # parks named in the line before a table
    lexicon: Lexicon

    def between(self, left: Mention, right: Mention) -> str:
        return self.document.text[left.end : right.start]

    def evidence(self) -> Evidence:
        doc = self.document
        return Evidence(
            doc.source.doc_id or "",
            doc.to_original(self.sentence.start),
            doc.to_original(self.sentence.end),
            doc.source.text[
                doc.to_original(self.sentence.start) : doc.to_original(self.sentence.end)
            ],
        )

    def pairs(self) -> Iterator[tuple[int, int]]:
        for i in range(len(self.mentions)):
            for j in range(i + 1, len(self.mentions)):
                yield i, j

    def has_cue(self, text: str, cue_list: str) -> str:
        for cue in self.lexicon.cues[cue_list]:
            if cue in text:
                return cue
        return ""


def _same_clause(text: str) -> bool:
    return not _CLAUSE_BREAK.search(text)


# ------------------------------------------------------------------ rules


def located_in(ctx: Context) -> Iterator[tuple[tuple[str, str], str, tuple[str, str], str]]:
    """位于X的Y / Y位于X / Y落户X; and a place that opens the sentence (深圳…聚集了A、B等企业,
    某高新区拥有…平台) holds the firms and platforms the sentence lists."""
    yield from _subject_place_holds(ctx)
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        ka, kb = ctx.keys[i], ctx.keys[j]
        gap = ctx.between(a, b)
        before = ctx.document.text[max(ctx.sentence.start, a.start - 4) : a.start]
        if (
            a.type in PLACES
            and b.type in LOCATABLE
            and ctx.has_cue(before, "located")
            and re.fullmatch(r"(?:内)?的", gap)
        ):
            yield kb, "locatedIn", ka, "位于…的"
        elif a.type in LOCATABLE and b.type in PLACES and ka != kb:
            cue = ctx.has_cue(gap, "located")
            if cue and len(gap) <= len(cue) + 2:
                yield ka, "locatedIn", kb, cue


def _subject_place_holds(ctx: Context) -> Iterator:
    if not ctx.mentions:
        return
    subject, subject_key = ctx.mentions[0], ctx.keys[0]
    opening = ctx.document.text[ctx.sentence.start : subject.start]
    if subject.type not in PLACES or len(opening.strip("“”\"'")) > 4:
        return
    for mention, key in zip(ctx.mentions[1:], ctx.keys[1:], strict=True):
        if mention.type not in ("Firm", "Platform", "ResearchOrg") or key == subject_key:
            continue
        if mention.type == "Platform" and subject.type == "Park":
            continue  # 某高新区建成了…平台: the park's platform (hasPlatform), said elsewhere
        between = ctx.document.text[subject.end : mention.start]
        cue = ctx.has_cue(between, "member" if mention.type == "Firm" else "has_platform")
        if cue:
            yield key, "locatedIn", subject_key, "subject:" + cue


def part_of(ctx: Context) -> Iterator:
    """A(B) with two parks: B is one of A's parks; parks in a table under a park's title."""
    for i in range(len(ctx.mentions) - 1):
        a, b = ctx.mentions[i], ctx.mentions[i + 1]
        if a.type == "Park" and b.type == "Park" and ctx.between(a, b) in ("(", "（"):
            yield ctx.keys[i + 1], "partOf", ctx.keys[i], "A(B)"
    if ctx.sentence.cells and len(ctx.table_title_parks) == 1:
        parent = ctx.table_title_parks[0]
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if mention.type == "Park" and key != parent and _fills_cell(mention, ctx.sentence):
                yield key, "partOf", parent, "table"


def _fills_cell(mention: Mention, sentence: Sentence) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in sentence.cells)


def members_and_leaders(ctx: Context) -> Iterator:
    """Firms listed after 集聚/拥有/包括 (or before 等龙头企业) in a sentence about a cluster, or
    under a cluster's heading, are its members; with 龙头/领军/链主 in their clause they lead it."""
    firms = [(m, k) for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Firm"]
    if not firms:
        return
    clusters = [(m, k) for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Cluster"]
    for firm, firm_key in firms:
        clause = _clause_around(ctx, firm)
        member_cue = ctx.has_cue(clause, "member")
        lead_cue = ctx.has_cue(clause, "lead")  # in the firm's clause: 以A、B为龙头, A、B等龙头企业
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
        else:
            continue
        yield firm_key, "memberOf", cluster, member_cue or lead_cue
        if lead_cue:
            yield firm_key, "leads", cluster, lead_cue


def _clause_around(ctx: Context, mention: Mention) -> str:
    """The clause holding a mention, from the previous clause break to the next."""
    text = ctx.sentence.text
    start = mention.start - ctx.sentence.start
    end = mention.end - ctx.sentence.start
    clause_start = max([m.end() for m in _CLAUSE_BREAK.finditer(text[:start])] or [0])
    after = _CLAUSE_BREAK.search(text, end)
    return text[clause_start : after.start() if after else len(text)]


def has_platform(ctx: Context) -> Iterator:
    """A cluster or park before a platform, with 打造/建有/拥有… between them."""
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type in ("Cluster", "Park") and b.type == "Platform":
            cue = ctx.has_cue(ctx.between(a, b), "has_platform")
            if cue and not _other_owner_between(ctx, i, j):
                yield ctx.keys[i], "hasPlatform", ctx.keys[j], cue
    if ctx.scope_clusters:
        # under a cluster's heading, a platform the sentence says is built or owned is the cluster's
        clusters_here = any(m.type == "Cluster" for m in ctx.mentions)
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if mention.type != "Platform" or clusters_here:
                continue
            before = ctx.document.text[ctx.sentence.start : mention.start]
            cue = ctx.has_cue(before, "has_platform")
            if cue:
                yield ctx.scope_clusters[-1], "hasPlatform", key, cue


def _other_owner_between(ctx: Context, i: int, j: int) -> bool:
    return any(ctx.mentions[k].type in ("Cluster", "Park") for k in range(i + 1, j))


def built_by(ctx: Context) -> Iterator:
    """X牵头建设P / 由X牵头建设的P / 依托X建设P / P由X与Y共建 / 该中心由X联合Y组建 (该… refers
    back to the last platform named): the platform is built by X (and by its co-builders)."""
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type in BUILDERS and b.type == "Platform":
            gap = ctx.between(a, b)
            cue = ctx.has_cue(gap, "built_by")
            subject = (
                i == 0 and a.start - ctx.sentence.start <= 6 and a.type in ("Firm", "ResearchOrg")
            )
            if a.type == "Platform" and cue not in _PLATFORM_BUILDER_CUES:
                cue = ""  # 北京…中心、成渝…中心建设: one platform does not build another by 建设
            if (
                cue
                and len(gap) <= 30
                and _same_clause(gap)
                and not _other_platform_between(ctx, i, j)
            ):
                builders = _co_builders(ctx, i)
                for builder in builders:
                    yield ctx.keys[j], "builtBy", ctx.keys[builder], cue
                yield from _co_builders_are_partners(ctx, sorted(builders), cue)
            elif subject and ctx.has_cue(gap, "has_platform"):
                yield ctx.keys[j], "builtBy", ctx.keys[i], ctx.has_cue(gap, "has_platform")
        if (
            a.type == "Platform"
            and b.type in BUILDERS
            and re.fullmatch(r"(?:已)?(?:由|依托)", ctx.between(a, b))
        ):
            yield from _built_after(ctx, j, ctx.keys[i])
    yield from _built_by_anaphor(ctx)


_PLATFORM_BUILDER_CUES = ("牵头", "依托", "发起", "组建", "联合", "主导")
_ANAPHOR = re.compile(
    r"该(?:中心|平台|实验室|联盟|基金|研究院|基地|孵化器|协会|机构|创新中心)(?:已)?(?:由|依托)$"
)


def _built_by_anaphor(ctx: Context) -> Iterator:
    """该中心由X牵头建设: the platform is the last one named before 该 in the sentence."""
    for j, mention in enumerate(ctx.mentions):
        if mention.type not in BUILDERS:
            continue
        before = ctx.document.text[max(ctx.sentence.start, mention.start - 8) : mention.start]
        if not _ANAPHOR.search(before):
            continue
        platforms = [k for k in range(j) if ctx.mentions[k].type == "Platform"]
        if platforms:
            yield from _built_after(ctx, j, ctx.keys[platforms[-1]])


def _built_after(ctx: Context, j: int, platform: tuple[str, str]) -> Iterator:
    """After 由/依托: X (与|和|联合 Y)* then a building cue in the same clause."""
    builders = [j]
    k = j
    while (
        k + 1 < len(ctx.mentions)
        and ctx.mentions[k + 1].type in BUILDERS
        and re.fullmatch(
            r"(?:与|和|、|及|联合|携手)", ctx.between(ctx.mentions[k], ctx.mentions[k + 1])
        )
    ):
        k += 1
        builders.append(k)
    clause_end = _CLAUSE_BREAK.search(ctx.document.text, ctx.mentions[k].end, ctx.sentence.end)
    after = ctx.document.text[
        ctx.mentions[k].end : clause_end.start() if clause_end else ctx.sentence.end
    ]
    cue = ctx.has_cue(after, "built_by")
    if cue:
        for builder in builders:
            yield platform, "builtBy", ctx.keys[builder], cue
        yield from _co_builders_are_partners(ctx, builders, cue)


def _co_builders_are_partners(ctx: Context, builders: list[int], cue: str) -> Iterator:
    """X与Y共建P / 由X联合Y组建: the first builder is a partner of each of the others."""
    first = ctx.mentions[builders[0]]
    if first.type not in PARTNERS:
        return
    for other in builders[1:]:
        if ctx.mentions[other].type in PARTNERS and ctx.keys[other] != ctx.keys[builders[0]]:
            yield ctx.keys[builders[0]], "partnerOf", ctx.keys[other], cue


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


def _co_builders(ctx: Context, i: int) -> list[int]:
    """X与Y共同设立P: the builder found next to the cue, and those joined to it by 与/和/联合."""
    builders = [i]
    k = i
    while (
        k > 0
        and ctx.mentions[k - 1].type in BUILDERS
        and re.fullmatch(
            r"(?:与|和|、|及|联合|携手)", ctx.between(ctx.mentions[k - 1], ctx.mentions[k])
        )
    ):
        k -= 1
        builders.append(k)
    return builders


def _has_type_between(ctx: Context, i: int, j: int, types: tuple[str, ...]) -> bool:
    return any(ctx.mentions[k].type in types for k in range(i + 1, j))


_ISSUER_ANAPHOR = re.compile(r"该(?:厅|局|委|部|办|中心|政府|管委会)[^，,。；;]{0,6}$")


def issued_by(ctx: Context) -> Iterator:
    """X印发《T》 / X在《T》中提出 / X发布了《T》《U》 / X…，该厅印发《T》: issued by X."""
    for j, policy in enumerate(ctx.mentions):
        if policy.type != "Policy":
            continue
        before = ctx.document.text[max(ctx.sentence.start, policy.start - 12) : policy.start]
        anaphor = _ISSUER_ANAPHOR.search(before)
        agencies = [k for k in range(j) if ctx.mentions[k].type == "Agency"]
        if anaphor and agencies and ctx.has_cue(anaphor.group(0), "issue"):
            yield ctx.keys[j], "issuedBy", ctx.keys[agencies[-1]], anaphor.group(0)
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type in ISSUERS and b.type == "Policy":
            gap = ctx.between(a, b)
            cue = ctx.has_cue(gap, "issue")
            in_title = re.fullmatch(r"\s*在", gap)
            if (cue and _same_clause(gap) and len(gap) <= 12) or in_title:
                if _has_type_between(ctx, i, j, ISSUERS):
                    continue
                yield ctx.keys[j], "issuedBy", ctx.keys[i], cue or "在《》"
                # titles listed right after the first one share its issuer
                k = j + 1
                while (
                    k < len(ctx.mentions)
                    and ctx.mentions[k].type == "Policy"
                    and re.fullmatch(
                        r"[、和及与\s]*", ctx.between(ctx.mentions[k - 1], ctx.mentions[k])
                    )
                ):
                    yield ctx.keys[k], "issuedBy", ctx.keys[i], cue or "在《》"
                    k += 1


def supports(ctx: Context) -> Iterator:
    """《T》… 支持/扶持/推动 … X: the policy supports X; a policy cited in the section of a
    cluster (under its heading) is that cluster's policy."""
    if ctx.scope_clusters:
        for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
            if mention.type == "Policy":
                yield key, "supports", ctx.scope_clusters[-1], "section"
    for i, j in ctx.pairs():
        a, b = ctx.mentions[i], ctx.mentions[j]
        if a.type == "Policy" and b.type in SUPPORTED:
            # a cluster may follow its cue (…集群列为重点支持对象); parks, firms and platforms
            # are supported only when the cue stands between the title and them
            end = ctx.sentence.end if b.type == "Cluster" else b.start
            cue = ctx.has_cue(ctx.document.text[a.end : end], "support")
            if cue and not _has_type_between(ctx, i, j, ("Policy",)):
                yield ctx.keys[i], "supports", ctx.keys[j], cue


def designated_by(ctx: Context) -> Iterator:
    """A cluster and an agency with 获批/认定/纳入/入选 in one sentence."""
    text = ctx.sentence.text
    cue = ctx.has_cue(text, "designate")
    if not cue:
        return
    agencies = [k for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Agency"]
    if len(set(agencies)) != 1:
        return
    for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
        if mention.type == "Cluster":
            yield key, "designatedBy", agencies[0], cue


def partner_of(ctx: Context) -> Iterator:
    """S…与A、B、C…合作 / S联合A… / S与A签署…协议: the sentence's first organisation S is a partner
    of each organisation in the list after 与/同/联合/携手 when a partner cue follows."""
    mentions, keys = ctx.mentions, ctx.keys
    tails = ("Firm", "ResearchOrg", "Platform")
    for j, mention in enumerate(mentions):
        if mention.type not in tails:
            continue
        k = j
        while (
            k > 0
            and mentions[k - 1].type in tails
            and ctx.between(mentions[k - 1], mentions[k]) in ("、", "和", "及")
        ):
            k -= 1
        lead = ctx.document.text[max(ctx.sentence.start, mentions[k].start - 3) : mentions[k].start]
        marker = re.search(r"(与|同|和|联合|携手)$", lead)
        if not marker:
            continue
        clause_end = _CLAUSE_BREAK.search(ctx.document.text, mention.end, ctx.sentence.end)
        after = ctx.document.text[
            mention.end : clause_end.start() if clause_end else ctx.sentence.end
        ]
        cue = ctx.has_cue(after, "partner") or (
            marker.group(1) if marker.group(1) in ("联合", "携手") else ""
        )
        # X联合Y: the organisation right before the marker; otherwise the sentence's subject
        subject = 0 if mentions[0].type in PARTNERS and k > 0 else None
        if (
            k > 0
            and mentions[k - 1].type in ("Firm", "ResearchOrg")
            and re.fullmatch(r"(?:与|同|和|联合|携手)", ctx.between(mentions[k - 1], mentions[k]))
        ):
            subject = k - 1
        if cue and subject is not None and keys[subject] != keys[j]:
            yield keys[subject], "partnerOf", keys[j], cue


_LEAD_COLUMN = re.compile(r"龙头|领军|链主|牵头")
_MEMBER_COLUMN = re.compile(r"企业|公司")
_PLACE_COLUMN = re.compile(r"所在|地市|地区|园区|建设单位|依托|载体|区域")


def table_rows(ctx: Context) -> Iterator:
    """A table row about one cluster: its place column gives locatedIn, its firm columns
    memberOf (and leads, under a 龙头企业 header)."""
    if not ctx.sentence.header:
        return
    clusters = [k for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.type == "Cluster"]
    if len(set(clusters)) != 1:
        return
    cluster = clusters[0]
    for mention, key in zip(ctx.mentions, ctx.keys, strict=True):
        column = _column_of(mention, ctx.sentence)
        if column is None or column >= len(ctx.sentence.header):
            continue
        title = ctx.sentence.header[column]
        if mention.type == "Firm" and _MEMBER_COLUMN.search(title):
            yield key, "memberOf", cluster, "table:" + title
            if _LEAD_COLUMN.search(title):
                yield key, "leads", cluster, "table:" + title
        elif mention.type in PLACES and _PLACE_COLUMN.search(title):
            yield cluster, "locatedIn", key, "table:" + title


def _column_of(mention: Mention, sentence: Sentence) -> int | None:
    for index, (a, b) in enumerate(sentence.cells):
        if a <= mention.start and mention.end <= b:
            return index
    return None


RELATION_RULES: dict[str, Callable[[Context], Iterator]] = {
    "locatedIn": located_in,
    "partOf": part_of,
    "memberOf/leads": members_and_leaders,
    "hasPlatform": has_platform,
    "builtBy": built_by,
    "issuedBy": issued_by,
    "supports": supports,
    "designatedBy": designated_by,
    "partnerOf": partner_of,
    "table": table_rows,
}


# ------------------------------------------------------------------ name-borne relations


def name_relations(
    document: NormalisedDocument,
    sentences: list[Sentence],
    resolution: Resolution,
    lexicon: Lexicon,
) -> Iterator[Relation]:
    """A cluster or platform named after a place is located in it (the guide's prefix rule);
    a platform named after a park is that park's platform."""
    place_index = _place_index(resolution, lexicon)
    for entity in resolution.entities:
        if entity.type not in ("Cluster", "Platform") or not entity.mentions:
            continue
        mention = entity.mentions[0]
        sentence = sentences[mention.sentence]
        evidence = _sentence_evidence(document, sentence)
        places: list[tuple[str, str]] = []
        for form in sorted({entity.name, *entity.aliases}):
            _core, names = core_name(form, lexicon)
            for place in names:
                key = place_index.get(place)
                if key and key[0] in PLACES and key not in places:
                    places.append(key)
        for place in places:
            yield Relation(entity.key, "locatedIn", place, evidence, "name")
            if entity.type == "Platform" and place[0] == "Park":
                yield Relation(place, "hasPlatform", entity.key, evidence, "name")


def _place_index(resolution: Resolution, lexicon: Lexicon) -> dict[str, tuple[str, str]]:
    """Every name a park, region or agency of the document goes by → its entity key."""
    index: dict[str, tuple[str, str]] = {}
    for entity in resolution.entities:
        if entity.type not in ("Park", "Region", "Agency"):
            continue
        for form in (entity.name, *entity.aliases):
            index.setdefault(form, entity.key)
            region = lexicon.region(form) if entity.type == "Region" else None
            if region:
                index.setdefault(region.name, entity.key)
                index.setdefault(region.short, entity.key)
    return index


def title_issuers(
    document: NormalisedDocument,
    sentences: list[Sentence],
    resolution: Resolution,
    issued: set,
    lexicon: Lexicon,
) -> Iterator[Relation]:
    """A policy with no stated issuer whose title opens with a place or an agency of the document
    (《广东省…行动计划》, 《某高新区关于…的意见》) is issued by it."""
    place_index = _place_index(resolution, lexicon)
    for entity in resolution.entities:
        if entity.type != "Policy" or not entity.mentions or entity.key in issued:
            continue
        opening = place_prefix(entity.name, lexicon)
        if opening and opening[0] == "Park" and opening[1] not in place_index:
            continue  # the title names a park this document does not otherwise name
        issuer = _issuer_in_title(entity.name, place_index)
        if issuer:
            sentence = sentences[entity.mentions[0].sentence]
            yield Relation(
                entity.key, "issuedBy", issuer, _sentence_evidence(document, sentence), "title"
            )


def _issuer_in_title(title: str, places: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    for length in range(min(len(title) - 2, 16), 1, -1):
        key = places.get(title[:length])
        if key:
            return key
    return None


def _sentence_evidence(document: NormalisedDocument, sentence: Sentence) -> Evidence:
    start, end = document.to_original(sentence.start), document.to_original(sentence.end)
    return Evidence(document.source.doc_id or "", start, end, document.source.text[start:end])


def relate(
    document: NormalisedDocument,
    sentences: list[Sentence],
    mentions: list[Mention],
    resolution: Resolution,
    lexicon: Lexicon | None = None,
) -> list[Relation]:
    lexicon = lexicon or load_lexicon()
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    heading_clusters = _heading_clusters(sentences, by_sentence, resolution)
    relations: list[Relation] = list(name_relations(document, sentences, resolution, lexicon))
    previous_line_parks: list[tuple[str, str]] = []
    topic: tuple[tuple[str, str], int] | None = None  # last cluster named, and where
    for sentence in sentences:
        own = sorted(
            (
                m
                for m in by_sentence.get(sentence.index, [])
                if m.rule != "prefix" and id(m) in resolution.key_of
            ),
            key=lambda m: (m.start, m.end),
        )
        if not sentence.cells:
            parks = [resolution.key_of[id(m)] for m in own if m.type == "Park"]
            previous_line_parks = (
                parks
                if parks
                else (
                    []
                    if not sentence.is_heading and len(sentence.text) > 60
                    else previous_line_parks
                )
            )
        ctx = Context(
            document=document,
            sentence=sentence,
            mentions=own,
            keys=[resolution.key_of[id(m)] for m in own],
            scope_clusters=_scope(sentence, sentences, heading_clusters)
            + _topic(sentence, own, topic, lexicon),
            table_title_parks=previous_line_parks[:1] if sentence.cells else [],
            lexicon=lexicon,
        )
        clusters_here = [k for m, k in zip(own, ctx.keys, strict=True) if m.type == "Cluster"]
        if clusters_here:
            topic = (clusters_here[-1], sentence.index)
        evidence = ctx.evidence()
        for rule in RELATION_RULES.values():
            for head, name, tail, cue in rule(ctx):
                if head != tail:
                    relations.append(Relation(head, name, tail, evidence, cue))
    issued = {r.head for r in relations if r.relation == "issuedBy"}
    relations.extend(title_issuers(document, sentences, resolution, issued, lexicon))
    return _deduplicate(relations)


_CLUSTER_ANAPHOR = re.compile(
    r"该集群|本集群|集群(?:内|还|已|建有|拥有|集聚|聚集|以|组建|成立|现有|共有)"
)
_TOPIC_DISTANCE = 6


def _topic(
    sentence: Sentence,
    own: list[Mention],
    topic: tuple[tuple[str, str], int] | None,
    lexicon: Lexicon,
) -> list[tuple[str, str]]:
    """该集群…, 集群还集聚了…: a sentence that names no cluster but speaks of "the cluster" is
    about the cluster named last, a few sentences back."""
    if topic is None or any(m.type == "Cluster" for m in own):
        return []
    key, where = topic
    if sentence.index - where > _TOPIC_DISTANCE:
        return []
    if _CLUSTER_ANAPHOR.search(sentence.text) or _zero_subject(sentence, own, lexicon):
        return [key]
    return []


def _zero_subject(sentence: Sentence, own: list[Mention], lexicon: Lexicon) -> bool:
    """A sentence that opens on its verb (打造了…平台, 集聚了…企业, 与…联合建立…) continues
    the subject of the sentences before it."""
    first = own[0].start - sentence.start if own else len(sentence.text)
    opening = sentence.text[:first]
    if len(opening) > 12 or re.search(r"[，,]", opening):
        return False
    return any(
        opening.lstrip("，,、 ").startswith(cue)
        or opening.startswith(("与", "同", "并", "还", "先后"))
        for cue in (*lexicon.cues["has_platform"], *lexicon.cues["member"])
    )


def _heading_clusters(
    sentences: list[Sentence], by_sentence: dict[int, list[Mention]], resolution: Resolution
) -> dict[int, tuple[str, str]]:
    out = {}
    for sentence in sentences:
        if sentence.is_heading:
            clusters = [
                resolution.key_of[id(m)]
                for m in by_sentence.get(sentence.index, [])
                if m.type == "Cluster" and id(m) in resolution.key_of
            ]
            if len(clusters) == 1:
                out[sentence.index] = clusters[0]
    return out


def _scope(
    sentence: Sentence, sentences: list[Sentence], heading_clusters: dict[int, tuple[str, str]]
) -> list[tuple[str, str]]:
    scope = []
    section = sentence.section
    while section is not None:
        if section in heading_clusters:
            scope.append(heading_clusters[section])
        section = sentences[section].section
    return list(reversed(scope))


def _deduplicate(relations: list[Relation]) -> list[Relation]:
    """One relation per (head, relation, tail, sentence); partnerOf is kept in one direction."""
    seen = set()
    out = []
    for relation in relations:
        head, tail = relation.head, relation.tail
        if relation.relation == "partnerOf" and tail < head:
            head, tail = tail, head
        key = (head, relation.relation, tail, relation.evidence.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(relation)
    return out
