"""Render a graph as an interactive HTML page (pyvis / vis-network), self-contained and offline."""

from __future__ import annotations

import html
from pathlib import Path

from pyvis.network import Network
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.graph import CKG
from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.serialise import write_atomic

COLOURS = {
    "Cluster": "#e6550d",
    "Park": "#31a354",
    "Firm": "#3182bd",
    "Policy": "#756bb1",
    "Platform": "#fdae6b",
    "Agency": "#636363",
    "ResearchOrg": "#9ecae1",
    "Region": "#a1d99b",
}


def render_html(graph: Graph) -> str:
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    index = {}
    for type_ in ENTITY_TYPES:
        for node in sorted(graph.subjects(RDF.type, CKG[type_])):
            label = str(graph.value(node, SKOS.prefLabel) or node)
            index[node] = str(node)
            net.add_node(str(node), label=label, title=html.escape(f"{type_}: {label}"), color=COLOURS[type_])
    for relation in RELATION_TYPES:
        for head, tail in sorted(graph.subject_objects(CKG[relation])):
            if head in index and tail in index:
                net.add_edge(str(head), str(tail), label=relation, title=relation)
    return net.generate_html(notebook=False)


def write_html(graph: Graph, path: Path) -> None:
    write_atomic(path, render_html(graph).encode("utf-8"))
