"""Relations that names carry themselves: a cluster or platform named after a place is located
in it (the guide's prefix rule), a platform named after a park is that park's, and a policy whose
title opens with a place or agency of the document is issued by it."""

from __future__ import annotations

from collections.abc import Iterator

from kg.lexicon import Lexicon
from kg.model import NormalisedDocument, Relation, Sentence
from kg.relate.context import sentence_evidence
from kg.resolve import Resolution, core_name, has_place
from kg.schema import load_schema


def name_relations(
    document: NormalisedDocument,
    sentences: list[Sentence],
    resolution: Resolution,
    lexicon: Lexicon,
) -> Iterator[Relation]:
    """A cluster or platform named after a place is located in it (the guide's prefix rule);
    a platform named after a park is that park's platform."""
    places_types = load_schema().range("locatedIn")
    place_index = place_index_of(resolution, lexicon)
    for entity in resolution.entities:
        if entity.type not in ("Cluster", "Platform") or not entity.mentions:
            continue
        mention = entity.mentions[0]
        sentence = sentences[mention.sentence]
        evidence = sentence_evidence(document, sentence)
        places: list[tuple[str, str]] = []
        for form in sorted({entity.name, *entity.aliases}):
            _core, names = core_name(form, lexicon)
            for place in names:
                key = place_index.get(place)
                if key and key[0] in places_types and key not in places:
                    places.append(key)
        for place in places:
            yield Relation(entity.key, "locatedIn", place, evidence, "name")
            if entity.type == "Platform" and place[0] == "Park":
                yield Relation(place, "hasPlatform", entity.key, evidence, "name")


def place_index_of(resolution: Resolution, lexicon: Lexicon) -> dict[str, tuple[str, str]]:
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
    issued: set[tuple[str, str]],
    lexicon: Lexicon,
) -> Iterator[Relation]:
    """A policy with no stated issuer whose title opens with an agency (《某省人民政府办公厅关于…
    的意见》) is issued by it. A title that opens with a place (《某省…行动计划》) does not say
    which body of the place issued it, so it gives no issuer."""
    agencies = {
        form: key for form, key in place_index_of(resolution, lexicon).items() if key[0] == "Agency"
    }
    for entity in resolution.entities:
        if entity.type != "Policy" or not entity.mentions or entity.key in issued:
            continue
        issuer = _issuer_in_title(entity.name, agencies)
        if issuer:
            sentence = sentences[entity.mentions[0].sentence]
            yield Relation(
                entity.key, "issuedBy", issuer, sentence_evidence(document, sentence), "title"
            )


def _issuer_in_title(title: str, places: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    for length in range(min(len(title) - 2, 16), 1, -1):
        key = places.get(title[:length])
        if key:
            return key
    return None


def title_targets(
    document: NormalisedDocument,
    sentences: list[Sentence],
    resolution: Resolution,
    lexicon: Lexicon,
) -> Iterator[Relation]:
    """A policy whose title names a park or a cluster of the document by its place (《关于加快
    某市某开发区高质量发展的实施意见》) is aimed at it: it supports it. A field named in a title
    (县域特色产业集群) is the policy's subject, not a target."""
    targets = [
        (form, entity.key)
        for entity in resolution.entities
        if entity.type in ("Park", "Cluster") and has_place(entity, lexicon)
        for form in {entity.name, *entity.aliases}
        if len(form) >= 4 and core_name(form, lexicon)[1]
    ]
    for entity in resolution.entities:
        if entity.type != "Policy" or not entity.mentions:
            continue
        found = {key for form, key in targets if form in entity.name and form != entity.name}
        if not found:
            continue
        evidence = sentence_evidence(document, sentences[entity.mentions[0].sentence])
        for key in sorted(found):
            yield Relation(entity.key, "supports", key, evidence, "title")
