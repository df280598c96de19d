"""The relation schema read from the ontology: it is the annotation guide's table, every relation
of the seeds graph fits it, and merge() and relate() set aside relations that do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.graph import CKG, merge
from kg.model import (
    ENTITY_TYPES,
    RELATION_TYPES,
    DocumentResult,
    Entity,
    Evidence,
    Relation,
    SourceDocument,
)
from kg.pipeline import Pipeline
from kg.registry import relation_rules
from kg.relate import DEFAULT_RELATION_RULES
from kg.schema import SchemaError, load_schema

GUIDE = Path("/work/shared/annotation-guide.md")
_TYPE = re.compile(rf"\b({'|'.join(ENTITY_TYPES)})\b")


def guide_table() -> dict[str, tuple[set[str], set[str], bool]]:
    """relation → (head types, tail types, symmetric), from the guide's "Relation types" table.

    A cell may hold several head → tail clauses (``Park → Park, Region → Region``) and remarks in
    brackets (``Agency/Region/Park (a park's administration…)``), which are left out."""
    table: dict[str, tuple[set[str], set[str], bool]] = {}
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`(\w+)`\s*\|([^|]*→[^|]*)\|([^|]*)\|", line)
        if not match or match.group(1) not in RELATION_TYPES:
            continue
        name, cell, cues = match.groups()
        heads: set[str] = set()
        tails: set[str] = set()
        for clause in re.sub(r"\([^)]*\)", "", cell).split(","):
            head, tail = clause.split("→")
            heads |= set(_TYPE.findall(head))
            tails |= set(_TYPE.findall(tail))
        table[name] = (heads, tails, "symmetric" in cues)
    return table


@pytest.fixture(scope="module")
def guide() -> dict[str, tuple[set[str], set[str], bool]]:
    if not GUIDE.is_file():
        pytest.skip(f"{GUIDE} is not here")
    return guide_table()


def test_the_guide_table_lists_every_relation(guide) -> None:
    assert set(guide) == set(RELATION_TYPES)


@pytest.mark.parametrize("relation", RELATION_TYPES)
def test_the_ontologys_domain_and_range_are_the_guides(guide, relation: str) -> None:
    heads, tails, symmetric = guide[relation]
    schema = load_schema()[relation]
    assert set(schema.domain) == heads
    assert set(schema.range) == tails
    assert schema.symmetric == symmetric


def test_the_schema_covers_exactly_the_models_relations() -> None:
    assert set(load_schema().relations) == set(RELATION_TYPES)
    for relation in load_schema().relations.values():
        assert relation.domain and relation.range
        assert relation.domain | relation.range <= set(ENTITY_TYPES)


def test_a_symmetric_relation_fits_either_way_round() -> None:
    schema = load_schema()
    # partnerOf: a park may be a head but not a tail; reversed, Firm → Park still fits
    assert schema.allows(("Park", "甲"), "partnerOf", ("Firm", "乙"))
    assert schema.allows(("Firm", "乙"), "partnerOf", ("Park", "甲"))
    assert not schema.allows(("Park", "甲"), "partnerOf", ("Park", "乙"))
    assert not schema.allows(("Firm", "乙"), "memberOf", ("Park", "甲"))  # not symmetric


def test_schema_check_names_the_misfit() -> None:
    with pytest.raises(SchemaError, match="memberOf does not allow Firm '星澜' → Park '岚汀'"):
        load_schema().check(("Firm", "星澜"), "memberOf", ("Park", "岚汀"))
    with pytest.raises(SchemaError):
        load_schema().check(("Firm", "星澜"), "noSuchRelation", ("Park", "岚汀"))


# ------------------------------------------------------------------ the seeds graph


def _types(graph, node: URIRef) -> set[str]:
    return {
        str(t).removeprefix(str(CKG))
        for t in graph.objects(node, RDF.type)
        if str(t).removeprefix(str(CKG)) in ENTITY_TYPES
    }


def test_every_relation_of_the_seeds_graph_fits_the_schema(seeds_build) -> None:
    graph = seeds_build.graph
    schema = load_schema()
    checked = 0
    for relation in RELATION_TYPES:
        for head, tail in graph.subject_objects(CKG[relation]):
            (head_type,) = _types(graph, head)
            (tail_type,) = _types(graph, tail)
            assert schema[relation].allows(head_type, tail_type), (head, relation, tail)
            checked += 1
    assert checked > 100


def test_the_seeds_graph_states_a_symmetric_relation_in_the_ontologys_direction(
    seeds_build,
) -> None:
    graph = seeds_build.graph
    partner = load_schema()["partnerOf"]
    pairs = list(graph.subject_objects(CKG.partnerOf))
    assert pairs
    for head, tail in pairs:
        assert _types(graph, tail) <= partner.range
        assert (tail, CKG.partnerOf, head) not in graph


# ------------------------------------------------------------------ merge and relate


def _evidence() -> Evidence:
    return Evidence("doc-1", 0, 10, "星澜科技有限公司位于岚汀高新区。")


def _result(*relations: Relation) -> DocumentResult:
    entities = [
        Entity("Firm", "星澜科技有限公司"),
        Entity("Park", "岚汀高新区"),
        Entity("Cluster", "岚汀高新区光电产业集群"),
    ]
    return DocumentResult(
        doc_id="doc-1",
        path="a.txt",
        title=None,
        encoding="utf-8",
        length=16,
        entities=entities,
        relations=list(relations),
    )


FIRM = ("Firm", "星澜科技有限公司")
PARK = ("Park", "岚汀高新区")
CLUSTER = ("Cluster", "岚汀高新区光电产业集群")


def test_merge_sets_aside_a_relation_whose_types_do_not_fit() -> None:
    wrong = Relation(FIRM, "memberOf", PARK, _evidence(), "集聚")  # memberOf: Firm → Cluster
    right = Relation(FIRM, "locatedIn", PARK, _evidence(), "位于")
    corpus = merge([_result(wrong, right)])
    assert corpus.rejected == [wrong]
    assert set(corpus.relations) == {(FIRM, "locatedIn", PARK)}


def test_merge_sets_aside_a_relation_the_ontology_does_not_know() -> None:
    unknown = Relation(FIRM, "ownedBy", CLUSTER, _evidence(), "")
    corpus = merge([_result(unknown)])
    assert corpus.rejected == [unknown]
    assert corpus.relations == {}


def test_merge_keeps_a_relation_that_fits_and_rejects_nothing() -> None:
    corpus = merge([_result(Relation(FIRM, "memberOf", CLUSTER, _evidence(), "集聚"))])
    assert corpus.rejected == []
    assert set(corpus.relations) == {(FIRM, "memberOf", CLUSTER)}


def test_relate_drops_what_a_rule_yields_against_the_schema(monkeypatch) -> None:
    """A (faulty) rule that says a firm is a member of a park: relate keeps none of it."""
    monkeypatch.setattr(relation_rules, "_items", dict(relation_rules._items))
    yielded = []

    @relation_rules.register("firm_in_park_as_member", produces=("memberOf",))
    def firm_in_park_as_member(ctx):
        firms = [k for k in ctx.keys if k[0] == "Firm"]
        parks = [k for k in ctx.keys if k[0] == "Park"]
        for firm in firms:
            for park in parks:
                yielded.append((firm, park))
                yield ctx.relation(firm, "memberOf", park, "faulty")

    text = "星澜科技有限公司位于岚汀高新区。"
    pipeline = Pipeline(relation_rules=(*DEFAULT_RELATION_RULES, "firm_in_park_as_member"))
    result = pipeline.extract(SourceDocument(path="a.txt", text=text))
    triples = {(r.head, r.relation, r.tail) for r in result.relations}
    assert yielded == [(FIRM, PARK)]
    assert (FIRM, "locatedIn", PARK) in triples
    assert all(r.cue != "faulty" for r in result.relations)
