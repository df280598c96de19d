"""Exports of a built graph for the tools users already have (``kg export``).

- ``graphml`` / ``gexf``: one node per entity, one edge per relation, for Gephi, yEd, Cytoscape
  and networkx. Every attribute is a scalar (GraphML and GEXF hold no lists): node ``type``,
  ``label``, ``aliases`` (joined with ``" | "``), ``documents``, ``iri``; edge ``relation`` (the
  ontology's local name), ``label`` (its Chinese name), ``evidence`` (how many sentences state
  it) and ``sentences`` (those sentences, one a line).
- ``jsonld``: the whole RDF graph as JSON-LD with a ``@context`` of the project's prefixes.
- ``csv``: ``entities.csv``, ``relations.csv`` (one row per relation and evidence sentence) and
  ``measurements.csv``, as the API's tables, lists joined with ``" | "``: for pandas and
  spreadsheets.
- ``neo4j``: ``nodes.csv`` and ``relationships.csv`` with ``neo4j-admin database import`` headers
  (``iri:ID``, ``:LABEL``, ``aliases:string[]``, ``:START_ID``, ``:END_ID``, ``:TYPE``); arrays
  use the importer's default ``;`` delimiter (a ``;`` inside a value becomes ``；``).

Every file is written atomically and is the same bytes for the same graph.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.graph import PREFIXES
from kg.serialise import write_atomic

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

FORMATS = ("graphml", "gexf", "jsonld", "csv", "neo4j")
FOLDER_FORMATS = ("csv", "neo4j")  # these write several files into a folder
JOIN = " | "


class ExportError(Exception):
    """A problem with the export's target, worded for a one-line message."""


def flat_network(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The API's :meth:`~kg.api.KnowledgeGraph.networkx` graph with scalar attributes only."""
    from kg.render import ontology_labels

    names = ontology_labels()
    source = kg.networkx()
    flat = nx.MultiDiGraph()
    for node, data in sorted(source.nodes(data=True)):
        flat.add_node(
            node,
            type=data["type"],
            label=data["label"] or "",
            aliases=JOIN.join(data["aliases"]),
            documents=int(data["documents"]),
            iri=node,
        )
    edges = sorted(source.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for head, tail, key, data in edges:
        flat.add_edge(
            head,
            tail,
            key=key,
            relation=data["relation"],
            label=names.get(data["relation"], data["relation"]),
            evidence=len(data["evidence"]),
            sentences="\n".join(data["evidence"]),
        )
    return flat


def _graphml(kg: KnowledgeGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(flat_network(kg), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _gexf(kg: KnowledgeGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(flat_network(kg), buffer, encoding="utf-8", prettyprint=True)
    return _without_timestamp(buffer.getvalue())


def _without_timestamp(data: bytes) -> bytes:
    """GEXF's ``lastmodifieddate`` is today's date: drop it, for byte-identical exports."""
    text = data.decode("utf-8")
    start = text.find(' lastmodifieddate="')
    if start >= 0:
        end = text.index('"', start + len(' lastmodifieddate="'))
        text = text[:start] + text[end + 1 :]
    return text.encode("utf-8")


def _jsonld(kg: KnowledgeGraph) -> bytes:
    context = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    context.update({prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())})
    text = kg.rdf.serialize(format="json-ld", context=context, auto_compact=True)
    document = json.loads(text)
    if isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value: object, join: str = JOIN) -> object:
    if isinstance(value, list | tuple):
        return join.join(str(v) for v in value)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    try:
        import pandas as pd

        if value is pd.NA:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return value


def _table_files(kg: KnowledgeGraph) -> dict[str, bytes]:
    files = {}
    for name, frame in (
        ("entities.csv", kg.entities()),
        ("relations.csv", kg.relations()),
        ("measurements.csv", kg.measurements()),
    ):
        rows = [list(frame.columns)]
        rows += [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        files[name] = _csv(rows)
    return files


def _neo4j_array(values: list[str]) -> str:
    return ";".join(v.replace(";", "；") for v in values)


def _neo4j_files(kg: KnowledgeGraph) -> dict[str, bytes]:
    source = kg.networkx()
    nodes = [["iri:ID", "name", "aliases:string[]", "documents:int", ":LABEL"]]
    for node, data in sorted(source.nodes(data=True)):
        nodes.append(
            [node, data["label"] or "", _neo4j_array(data["aliases"]), data["documents"],
             f"Entity;{data['type']}"]
        )  # fmt: skip
    relationships = [[":START_ID", ":END_ID", ":TYPE", "evidence:int", "sentences:string[]"]]
    for head, tail, _, data in sorted(source.edges(keys=True, data=True), key=lambda e: e[:3]):
        relationships.append(
            [head, tail, data["relation"], len(data["evidence"]), _neo4j_array(data["evidence"])]
        )
    return {"nodes.csv": _csv(nodes), "relationships.csv": _csv(relationships)}


def export(kg: KnowledgeGraph, fmt: str, out: str | Path) -> list[Path]:
    """Write ``kg`` in format ``fmt`` to ``out`` (a file; a folder for csv and neo4j); return the
    files written. A file's folder must exist; a folder for csv/neo4j is created."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt in FOLDER_FORMATS:
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} is a file; --format {fmt} writes a folder of CSV files")
        files = _table_files(kg) if fmt == "csv" else _neo4j_files(kg)
        written = []
        for name, data in files.items():
            write_atomic(out / name, data)
            written.append(out / name)
        return written
    if out.is_dir():
        raise ExportError(f"{out} is a folder; --format {fmt} writes one file")
    if not out.parent.is_dir():
        raise ExportError(f"no such folder: {out.parent}")
    data = {"graphml": _graphml, "gexf": _gexf, "jsonld": _jsonld}[fmt](kg)
    write_atomic(out, data)
    return [out]
