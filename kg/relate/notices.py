"""The structure of government notices and list documents (failure classes 21, 23, 24, 26).

A notice that publishes a list is laid out in a fixed way: a headline or an attachment title
(附件：…名单), the issuing agency on a line of its own above the date (the signature), and then
the list: numbered items (1.某某产业集群), often grouped under a region's line (某市(5个)). From
that layout alone the text states that the agency issued the list, that the list supports each
item, that the agency designated each listed cluster, and that each item's county lies in the
region its group is headed by.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.lexicon import Lexicon
from kg.model import Mention, NormalisedDocument, Relation, Sentence
from kg.relate.context import sentence_evidence

_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇零一二三四五六七八九十]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日\s*$"
)
_NUMBERED = re.compile(r"^\s*[(（]?\d{1,3}[)）.．、]")


@cache
def _group_line(lexicon: Lexicon) -> re.Pattern[str]:
    words = lexicon.relation_cues["designatedBy"]
    return re.compile(rf"^\s*(\S{{2,12}}?)[(（]\s*\d{{1,3}}\s*{words['group_count']}\s*[)）]\s*$")


def notice_relations(
    document: NormalisedDocument,
    sentences: list[Sentence],
    mentions: list[Mention],
    lexicon: Lexicon,
    issued: set[tuple[str, str]],
) -> Iterator[Relation]:
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.key is not None:
            by_sentence.setdefault(mention.sentence, []).append(mention)
    signature = _signature(sentences, by_sentence)
    words = lexicon.relation_cues["designatedBy"]
    designates = any(c in document.text for c in words["list_cues"])
    list_policy: tuple[Mention, Sentence] | None = None
    group: Mention | None = None
    for sentence in sentences:
        own = by_sentence.get(sentence.index, [])
        policies = [m for m in own if m.type == "Policy" and not m.nested]
        if policies and policies[-1].name.endswith(tuple(words["list_heads"])):
            list_policy = (policies[-1], sentence)
            group = None
        header = _group_line(lexicon).match(sentence.text)
        if header:
            regions = [m for m in own if m.type == "Region"]
            group = regions[0] if regions else None
            continue
        if not _NUMBERED.match(sentence.text):
            continue
        items = [m for m in own if m.type in ("Cluster", "Park") and not m.nested]
        if not items:
            continue
        evidence = sentence_evidence(document, sentence)
        for item in items:
            if list_policy is not None:
                yield Relation(list_policy[0].key, "supports", item.key, evidence, "list")
            if signature is not None and designates and item.type == "Cluster":
                yield Relation(item.key, "designatedBy", signature.key, evidence, "list")
            if group is not None:
                for place in (m for m in own if m.nested and m.type == "Region"):
                    outer = lexicon.regions.get(group.key[1])
                    inner = lexicon.regions.get(place.key[1])
                    if outer and inner and outer.contains(inner) and place.key != group.key:
                        yield Relation(place.key, "partOf", group.key, evidence, "list group")
    for mention in mentions:  # 某省人民政府办公厅 | 关于…的通知: the issuer's line above the title
        if mention.type != "Policy" or mention.nested or mention.key in issued:
            continue
        if mention.sentence == 0 or not _own_line(mention, sentences):
            continue
        above = [
            m
            for m in by_sentence.get(mention.sentence - 1, [])
            if not m.nested and m.type == "Agency"
        ]
        line = sentences[mention.sentence - 1].text.strip()
        if len(above) == 1 and above[0].surface == line and mention.key is not None:
            issued.add(mention.key)
            evidence = sentence_evidence(document, sentences[mention.sentence])
            yield Relation(mention.key, "issuedBy", above[0].key, evidence, "header")
    if signature is not None:
        sentence = sentences[signature.sentence]
        evidence = sentence_evidence(document, sentence)
        own_titles = [m for m in mentions if m.type == "Policy" and _own_line(m, sentences)]
        for mention in own_titles:
            if mention.key not in issued and mention.key is not None:
                issued.add(mention.key)
                yield Relation(mention.key, "issuedBy", signature.key, evidence, "signature")


def _own_line(mention: Mention, sentences: list[Sentence]) -> bool:
    """The notice's own titles (its headline, an attachment's title) stand on a line of their
    own; the policies cited in its body (根据《某办法》) do not."""
    if "\n" in mention.surface:
        return True  # a title wrapped over two lines of its own
    text = sentences[mention.sentence].text.strip()
    surface = mention.surface.strip("《》")
    return text.endswith(surface) and len(text) - len(surface) <= 4


def _signature(sentences: list[Sentence], by_sentence: dict[int, list[Mention]]) -> Mention | None:
    """The agency alone on the line above a date: the notice's signature."""
    for sentence, following in zip(sentences, sentences[1:], strict=False):
        if not _DATE_LINE.match(following.text):
            continue
        own = [m for m in by_sentence.get(sentence.index, []) if not m.nested]
        if len(own) == 1 and own[0].type == "Agency" and own[0].surface == sentence.text.strip():
            return own[0]
    return None


def inner_titles(mentions: list[Mention], relations: list[Relation]) -> Iterator[Relation]:
    """《某厅关于印发某某方案的通知》: the document the notice issues has the notice's issuer."""
    issuers = {r.head: (r.tail, r.evidence) for r in relations if r.relation == "issuedBy"}
    titles = [m for m in mentions if m.type == "Policy" and not m.nested and m.key is not None]
    for inner in (m for m in mentions if m.type == "Policy" and m.nested and m.key is not None):
        outer = next((t for t in titles if t.start <= inner.start and inner.end <= t.end), None)
        if outer is not None and outer.key in issuers and inner.key not in issuers:
            tail, evidence = issuers[outer.key]
            yield Relation(inner.key, "issuedBy", tail, evidence, "inner title")
