"""kg export: every format is read back by the library users would read it with."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.api import load
from kg.cli import main
from kg.export import export


@pytest.fixture(scope="module")
def seeds_kg(seeds_build):
    return load(seeds_build.path)


def _counts(kg) -> tuple[int, int]:
    return kg.networkx().number_of_nodes(), kg.networkx().number_of_edges()


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_are_read_back_by_networkx(seeds_kg, tmp_path: Path, fmt, reader) -> None:
    (path,) = export(seeds_kg, fmt, tmp_path / f"graph.{fmt}")
    network = reader(path)
    assert (network.number_of_nodes(), network.number_of_edges()) == _counts(seeds_kg)
    entities = seeds_kg.entities().set_index("iri")
    for node, data in network.nodes(data=True):
        row = entities.loc[node]
        assert data["type"] == row["type"] and data["label"] == row["label"]
        assert data.get("aliases", "") == " | ".join(row["aliases"])
    relations = {data["relation"] for _, _, data in network.edges(data=True)}
    assert "leads" in relations and all(isinstance(r, str) for r in relations)


def test_gexf_is_the_same_bytes_every_time(seeds_kg, tmp_path: Path) -> None:
    (first,) = export(seeds_kg, "gexf", tmp_path / "a.gexf")
    (second,) = export(seeds_kg, "gexf", tmp_path / "b.gexf")
    assert first.read_bytes() == second.read_bytes()


def test_jsonld_is_read_back_by_rdflib_as_the_same_graph(seeds_kg, tmp_path: Path) -> None:
    (path,) = export(seeds_kg, "jsonld", tmp_path / "graph.jsonld")
    assert '"@context"' in path.read_text(encoding="utf-8")[:2000]
    back = Graph().parse(path, format="json-ld")
    assert set(back) == set(seeds_kg.rdf)


def test_csv_tables_join_aliases_instead_of_list_literals(seeds_kg, tmp_path: Path) -> None:
    export(seeds_kg, "csv", tmp_path / "tables")
    entities = pd.read_csv(tmp_path / "tables" / "entities.csv", keep_default_na=False)
    assert len(entities) == len(seeds_kg.entities())
    with_aliases = entities[entities["aliases"] != ""]
    assert len(with_aliases) and not with_aliases["aliases"].str.startswith("[").any()
    relations = pd.read_csv(tmp_path / "tables" / "relations.csv")
    assert len(relations) == len(seeds_kg.relations())


def test_neo4j_files_have_import_headers_and_consistent_ids(seeds_kg, tmp_path: Path) -> None:
    export(seeds_kg, "neo4j", tmp_path / "neo4j")
    with (tmp_path / "neo4j" / "nodes.csv").open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with (tmp_path / "neo4j" / "relationships.csv").open(encoding="utf-8") as handle:
        relationships = list(csv.DictReader(handle))
    assert list(nodes[0]) == ["iri:ID", "name", "aliases:string[]", "documents:int", ":LABEL"]
    assert list(relationships[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    ids = {row["iri:ID"] for row in nodes}
    assert len(ids) == len(nodes) == _counts(seeds_kg)[0]
    assert all(row[":START_ID"] in ids and row[":END_ID"] in ids for row in relationships)
    assert {row[":LABEL"].split(";")[1] for row in nodes} <= {
        "Cluster", "Park", "Firm", "Policy", "Platform", "Agency", "ResearchOrg", "Region"
    }  # fmt: skip


def test_export_to_a_missing_folder_is_an_error(seeds_build, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "graph.graphml"
    result = CliRunner().invoke(
        main, ["export", str(seeds_build.out_dir), "--format", "graphml", "--out", str(target)]
    )
    assert result.exit_code == 1 and "no such folder" in result.stderr
    assert not target.parent.exists()
