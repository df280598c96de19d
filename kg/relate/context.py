"""What a relation rule sees: one sentence, its resolved mentions, and the document around it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from kg.lexicon import Lexicon
from kg.model import Evidence, Mention, NormalisedDocument, Relation, Sentence, once
from kg.schema import Schema, load_schema

CLAUSE_BREAK = re.compile(r"[，,；;：:。]")
_DATELINE = re.compile(r"(?:\d{1,2}月)?\d{1,2}日电")


def fronted_subject(sentence: Sentence, mentions: list[Mention]) -> int | None:
    """作为某省的创新高地，某高新区…: after a fronted 作为… phrase, the subject is the first
    mention of the clause after it (its index in ``mentions``), or None without such a phrase."""
    text = sentence.text
    if not text.lstrip().startswith("作为") or "，" not in text:
        return None
    comma = sentence.start + text.index("，")
    return next((k for k, m in enumerate(mentions) if m.start > comma), None)


def in_dateline(text: str, mention: Mention) -> bool:
    """某社记者某某某市31日电: the place a news agency's dateline names is where the report was
    filed, not a holder of what the report lists."""
    return bool(_DATELINE.match(text, mention.end))


def same_clause(text: str) -> bool:
    return not CLAUSE_BREAK.search(text)


@dataclass
class Context:
    """One sentence's mentions in text order (each carrying its entity key) and the discourse
    state the document gives it: the clusters in scope (headings, topic) and the parks named in
    the line before a table."""

    document: NormalisedDocument
    sentence: Sentence
    mentions: list[Mention]
    lexicon: Lexicon
    scope_clusters: list[tuple[str, str]] = field(default_factory=list)
    table_title_parks: list[tuple[str, str]] = field(default_factory=list)
    schema: Schema = field(default_factory=load_schema)
    topic_place: tuple[str, str] | None = None  # the place the sentences before are about
    nested: list[Mention] = field(default_factory=list)  # places inside other names
    last_platform: tuple[str, str] | None = None  # the platform the sentence before named
    headline_cluster: tuple[str, str] | None = None  # the one cluster the headline names
    announcer: tuple[str, str] | None = None  # the agency that announced a list just before
    listing_policy: tuple[str, str] | None = None  # the policy the list just before was made under

    def place_of(self, mention: Mention) -> Mention | None:
        """The place a cluster's or platform's name begins with (东莞|智能终端集群), if any."""
        inside = [m for m in self.nested if mention.start <= m.start and m.end <= mention.end]
        return inside[-1] if inside else None

    @once
    def keys(self) -> list[tuple[str, str]]:
        """The mentions' entity keys, in the same order (made once: rules index it per pair)."""
        return [m.key for m in self.mentions]  # type: ignore[misc]

    def between(self, left: Mention, right: Mention) -> str:
        return self.document.text[left.end : right.start]

    def text(self, start: int, end: int) -> str:
        """Document text between two offsets, clipped to the sentence."""
        return self.document.text[max(self.sentence.start, start) : min(self.sentence.end, end)]

    def evidence(self) -> Evidence:
        return sentence_evidence(self.document, self.sentence)

    def relation(
        self, head: tuple[str, str], name: str, tail: tuple[str, str], cue: str
    ) -> Relation:
        return Relation(head, name, tail, self.evidence(), cue)

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Every (i, j) with i < j, in order: (0, 1), (0, 2) … (1, 2) …"""
        return combinations(range(len(self.mentions)), 2)

    def has_cue(self, text: str, relation: str) -> str:
        """The first cue word of ``relation`` (its ontology name) found in ``text``, or ""."""
        for cue in self.lexicon.cues[relation]:
            if cue in text:
                return cue
        return ""

    def types(self, relation: str, side: str) -> tuple[str, ...]:
        """The head (``side="domain"``) or tail (``"range"``) types of a relation."""
        return self.schema.domain(relation) if side == "domain" else self.schema.range(relation)

    def type_between(self, i: int, j: int, types: tuple[str, ...]) -> bool:
        """Whether a mention of one of ``types`` stands between mentions i and j."""
        return any(self.mentions[k].type in types for k in range(i + 1, j))

    def clause_around(self, mention: Mention) -> str:
        """The clause holding a mention, from the previous clause break to the next."""
        text = self.sentence.text
        start = mention.start - self.sentence.start
        end = mention.end - self.sentence.start
        clause_start = max([m.end() for m in CLAUSE_BREAK.finditer(text[:start])] or [0])
        after = CLAUSE_BREAK.search(text, end)
        return text[clause_start : after.start() if after else len(text)]

    def clause_after(self, mention: Mention) -> str:
        """From the end of a mention to the next clause break."""
        end = CLAUSE_BREAK.search(self.document.text, mention.end, self.sentence.end)
        return self.document.text[mention.end : end.start() if end else self.sentence.end]


def sentence_evidence(document: NormalisedDocument, sentence: Sentence) -> Evidence:
    start, end = document.to_original(sentence.start), document.to_original(sentence.end)
    return Evidence(document.source.doc_id or "", start, end, document.source.text[start:end])
