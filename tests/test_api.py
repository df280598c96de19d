"""The Python API: load or build a graph, networkx and pandas views, named queries."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from kg import api
from kg.graph import CKG
from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.query import QueryError

# Invented for the test: a cluster, its lead firm, a member firm and a platform.
PASSAGE = (
    "苏州工业园区纳米新材料产业集群位于苏州工业园区。"
    "集群由苏州纳微科技股份有限公司牵头，苏州能讯高能半导体有限公司等企业参与。"
    "集群建有苏州纳米新材料公共技术服务平台。"
)


@pytest.fixture(scope="module")
def seeds_kg(seeds_graph) -> api.KnowledgeGraph:
    return api.KnowledgeGraph(seeds_graph)


def test_load_reads_a_built_graph(seeds_build) -> None:
    loaded = api.load(seeds_build.out_dir)
    assert isomorphic(loaded.rdf, api.load(seeds_build.path).rdf)
    assert len(loaded.rdf) == len(seeds_build.graph)


def test_build_from_paths_matches_kg_build(seeds_build) -> None:
    from kg.paths import seeds_dir

    built = api.build(seeds_dir())
    assert built.skipped == []
    assert set(built.entities()["iri"]) == set(
        api.KnowledgeGraph(seeds_build.graph).entities()["iri"]
    )


def test_from_texts_builds_a_small_graph() -> None:
    kg = api.from_texts({"invented.txt": PASSAGE})
    entities = kg.entities()
    assert "Cluster" in set(entities["type"])
    assert (entities["documents"] == 1).all()
    sources = set(kg.relations()["source"].dropna())
    assert sources <= {"invented.txt"}
    assert len(api.from_texts([PASSAGE]).rdf) == len(kg.rdf)


def test_networkx_has_typed_nodes_and_relation_labelled_edges(seeds_kg, seeds_graph) -> None:
    network = seeds_kg.networkx()
    assert isinstance(network, nx.MultiDiGraph)
    entity_count = sum(len(set(seeds_graph.subjects(RDF.type, CKG[t]))) for t in ENTITY_TYPES)
    assert network.number_of_nodes() == entity_count
    for node, data in network.nodes(data=True):
        assert data["type"] in ENTITY_TYPES
        assert data["label"] == str(seeds_graph.value(URIRef(node), SKOS.prefLabel))
        assert isinstance(data["aliases"], list) and data["label"] not in data["aliases"]
    edges = 0
    for head, tail, key, data in network.edges(keys=True, data=True):
        assert key == data["relation"] in RELATION_TYPES
        assert (URIRef(head), CKG[key], URIRef(tail)) in seeds_graph
        edges += 1
    assert edges == sum(len(set(seeds_graph.subject_objects(CKG[r]))) for r in RELATION_TYPES)


def test_entities_table(seeds_kg) -> None:
    entities = seeds_kg.entities()
    assert list(entities.columns) == ["iri", "type", "label", "aliases", "documents"]
    assert entities["iri"].is_unique
    assert set(entities["type"]) <= set(ENTITY_TYPES)
    assert (entities["documents"] >= 1).all()


def test_relations_table_carries_evidence(seeds_kg, seeds_graph) -> None:
    relations = seeds_kg.relations()
    assert {"subject_label", "relation", "object_label", "sentence", "source"} <= set(
        relations.columns
    )
    assert set(relations["relation"]) <= set(RELATION_TYPES)
    with_evidence = relations.dropna(subset=["sentence"])
    assert len(with_evidence) == len(relations) > 0
    assert (with_evidence["begin"] < with_evidence["end"]).all()
    triples = set(
        zip(relations["subject"], relations["relation"], relations["object"], strict=True)
    )
    for subject, relation, obj in triples:
        assert (URIRef(subject), CKG[relation], URIRef(obj)) in seeds_graph


def test_measurements_table(seeds_kg) -> None:
    measurements = seeds_kg.measurements()
    assert len(measurements) > 0
    assert set(measurements["quantity"]) <= {
        "output",
        "scale",
        "revenue",
        "investment",
        "firmCount",
    }
    assert measurements["amount_yuan"].dtype == "Float64"
    assert measurements["year"].dtype == "Int64"
    counted = measurements[measurements["quantity"] == "firmCount"]
    assert counted["count"].notna().all()


def test_query_returns_a_dataframe_and_binds_parameters(seeds_kg) -> None:
    everything = seeds_kg.query("firms-of-cluster")
    assert isinstance(everything, pd.DataFrame) and len(everything) > 0
    assert list(everything.columns) == ["cluster", "cluster_name", "role", "firm", "firm_name"]
    name = everything["cluster_name"].iloc[0]
    some = seeds_kg.query("firms-of-cluster", cluster_label=name)
    assert 0 < len(some) <= len(everything)
    assert set(some["cluster_name"]) >= {name}
    ranked = seeds_kg.query("clusters-by-output")
    assert ranked["output_yuan"].is_monotonic_decreasing
    same = seeds_kg.query("clusters-by-output", store="rdflib")
    pd.testing.assert_frame_equal(ranked, same)


def test_query_rejects_non_tables_but_sparql_answers_them(seeds_kg) -> None:
    with pytest.raises(QueryError):
        seeds_kg.query("ASK { ?s ?p ?o }")
    assert seeds_kg.sparql("ASK { ?s a ckg:Cluster }").boolean is True


def test_export_writes_graphml_that_networkx_reads(seeds_build, tmp_path) -> None:
    import networkx as nx

    from kg import api

    graph = api.load(seeds_build.path)
    (path,) = graph.export("graphml", tmp_path / "graph.graphml")
    assert nx.read_graphml(path).number_of_nodes() == len(graph.entities())
