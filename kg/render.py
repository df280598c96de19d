"""Render a graph as an interactive HTML explorer (pyvis / vis-network) that works offline.

The page is one self-contained file: vis-network, the explorer's script and its style are inlined,
and a Content-Security-Policy (``default-src 'none'``, scripts allowed only by hash) means it makes
no request to any other host and runs no script it did not ship with.

Everything taken from documents (labels, aliases, sentences, paths) is untrusted. It reaches the
page only as JSON inside ``<script type="application/json">`` blocks, with ``<``, ``>``, ``&`` and
``'`` escaped by Jinja's ``tojson``; the page's script reads it with ``JSON.parse`` and puts it in
the DOM only as text (``textContent``; vis-network shows string tooltips as ``innerText``).

Big graphs (above ``layout_threshold`` nodes in ``data/render/style.toml``) are laid out once in
Python with networkx and drawn with physics off, so the browser does not simulate thousands of
bodies.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.graph import CKG, NIF
from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.normalise import to_simplified
from kg.paths import ontology_dir
from kg.serialise import write_atomic

DATA = Path(str(resources.files("kg") / "data" / "render"))
VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
TEMPLATE = "explorer.html.j2"
TOOLTIP_SENTENCE = 120  # characters of an evidence sentence shown in an edge's hover tooltip
NODE_SPACING = 90.0  # pixels per node (square root of the area) in a precomputed layout
COMPONENT_GAP = 40.0  # pixels between packed components
LAYOUT_PAIR_BUDGET = 1.5e8  # node pairs × iterations for a big component's force layout (~10 s)


class RenderError(ValueError):
    """A render request that cannot be met (e.g. --around names no entity)."""


@dataclass
class Explorer:
    """What the page shows: entities and relations, each with everything its panel displays."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # IRI → record
    edges: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------- configuration


@cache
def style() -> dict[str, Any]:
    """Colours, shapes and fonts from data/render/style.toml."""
    with (DATA / "style.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def ontology_labels() -> dict[str, str]:
    """Chinese (``@zh-Hans``) rdfs:label of each ontology term, keyed by local name.

    Falls back to the local names when the ontology cannot be found (not an editable install).
    """
    labels = {name: name for name in (*ENTITY_TYPES, *RELATION_TYPES)}
    try:
        ontology = Graph().parse(ontology_dir() / "cluster-kg.ttl", format="turtle")
    except FileNotFoundError:
        return labels
    for term, label in ontology.subject_objects(RDFS.label):
        name = str(term).removeprefix(str(CKG))
        if isinstance(label, Literal) and label.language == "zh-Hans" and name != str(term):
            labels[name] = str(label)
    return labels


# ---------------------------------------------------------------- reading the graph


def _text(graph: Graph, node: URIRef, predicate: URIRef) -> str | None:
    value = graph.value(node, predicate)
    return None if value is None else str(value)


def _documents(graph: Graph) -> dict[URIRef, dict[str, str | None]]:
    return {
        doc: {
            "source": _text(graph, doc, DCTERMS.source),
            "title": _text(graph, doc, DCTERMS.title),
        }
        for doc in graph.subjects(RDF.type, CKG.Document)
        if isinstance(doc, URIRef)
    }


def _evidence(graph: Graph, sentences: Iterable, documents: dict) -> list[dict[str, Any]]:
    """Evidence sentences (nif:String) with the document they come from, in document order."""
    found = []
    for sentence in set(sentences):
        doc = graph.value(sentence, NIF.referenceContext)
        begin = graph.value(sentence, NIF.beginIndex)
        info = documents.get(doc, {"source": None, "title": None})
        found.append(
            {"text": _text(graph, sentence, NIF.anchorOf) or "", **info, "begin": int(begin or 0)}
        )
    found.sort(key=lambda e: (e["source"] or "", e["begin"], e["text"]))
    return found


def _measurement(graph: Graph, node: URIRef, documents: dict) -> dict[str, Any]:
    return {
        "label": _text(graph, node, RDFS.label),
        "kind": _text(graph, node, CKG.quantityKind),
        "amountYuan": _text(graph, node, CKG.amountYuan),
        "count": _text(graph, node, CKG["count"]),
        "year": _text(graph, node, CKG.refYear),
        "evidence": _evidence(graph, graph.objects(node, PROV.wasDerivedFrom), documents),
    }


def _entity(graph: Graph, node: URIRef, type_: str, documents: dict) -> dict[str, Any]:
    label = _text(graph, node, SKOS.prefLabel) or str(node)
    aliases = sorted(
        {(str(a), a.language or "") for a in graph.objects(node, SKOS.altLabel) if str(a) != label},
        key=lambda a: (a[1], a[0]),
    )
    docs = [documents[d] for d in graph.objects(node, CKG.mentionedIn) if d in documents]
    measurements = [
        _measurement(graph, m, documents) for m in graph.objects(node, CKG.hasMeasurement)
    ]
    return {
        "id": str(node),
        "type": type_,
        "label": label,
        "aliases": [{"text": text, "lang": lang} for text, lang in aliases],
        "documents": sorted(docs, key=lambda d: (d["source"] or "", d["title"] or "")),
        "measurements": sorted(measurements, key=lambda m: (m["year"] or "", m["label"] or "")),
    }


def _statements(graph: Graph) -> dict[tuple, set]:
    """(subject, predicate, object) → the evidence sentences of its rdf:Statement(s)."""
    index: dict[tuple, set] = defaultdict(set)
    for statement in graph.subjects(RDF.type, RDF.Statement):
        key = tuple(graph.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        index[key].update(graph.objects(statement, PROV.wasDerivedFrom))
    return index


def read_graph(graph: Graph) -> Explorer:
    """Every typed entity and every relation between two of them, with their details."""
    documents = _documents(graph)
    explorer = Explorer()
    for type_ in ENTITY_TYPES:
        for node in sorted(graph.subjects(RDF.type, CKG[type_])):
            if isinstance(node, URIRef) and str(node) not in explorer.nodes:
                explorer.nodes[str(node)] = _entity(graph, node, type_, documents)
    statements = _statements(graph)
    for relation in RELATION_TYPES:
        for head, tail in sorted(graph.subject_objects(CKG[relation])):
            if str(head) in explorer.nodes and str(tail) in explorer.nodes:
                evidence = statements.get((head, CKG[relation], tail), ())
                explorer.edges.append(
                    {
                        "id": f"{relation} {head} {tail}",
                        "from": str(head),
                        "to": str(tail),
                        "relation": relation,
                        "evidence": _evidence(graph, evidence, documents),
                    }
                )
    return explorer


# ---------------------------------------------------------------- choosing what to show


def _labels_of(node: dict[str, Any]) -> list[str]:
    return [node["label"], *(a["text"] for a in node["aliases"])]


def find_entities(explorer: Explorer, label: str) -> list[str]:
    """IRIs of the entities one of whose labels (preferred, alias or Traditional) is ``label``,
    in Simplified or Traditional characters."""
    wanted = to_simplified(label.strip())
    return [
        iri
        for iri, node in explorer.nodes.items()
        if any(wanted == to_simplified(text) for text in _labels_of(node))
    ]


def containing(explorer: Explorer, text: str, limit: int = 5) -> list[str]:
    """Preferred labels of the entities with relations one of whose labels contains ``text``
    (most relations first): suggestions when ``--around`` finds an entity without relations."""
    wanted = to_simplified(text.strip())
    degree: dict[str, int] = defaultdict(int)
    for edge in explorer.edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    found = [
        (-degree[iri], node["label"])
        for iri, node in explorer.nodes.items()
        if degree[iri] and any(wanted in to_simplified(t) for t in _labels_of(node))
    ]
    return [label for _, label in sorted(found)[:limit]]


def select(
    explorer: Explorer,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    around: str | None = None,
    depth: int = 1,
) -> Explorer:
    """The part of the graph to draw.

    ``types`` keeps entities of those types; ``relations`` keeps those relations and, unless
    ``types`` is also given, only the entities they connect; ``around`` keeps the entities within
    ``depth`` relation hops (either direction) of the entity with that label.
    """
    type_set = set(types or ENTITY_TYPES)
    relation_set = set(relations or RELATION_TYPES)
    nodes = {iri: n for iri, n in explorer.nodes.items() if n["type"] in type_set}
    edges = [
        e
        for e in explorer.edges
        if e["relation"] in relation_set and e["from"] in nodes and e["to"] in nodes
    ]
    if relations and not types:
        linked = {e["from"] for e in edges} | {e["to"] for e in edges}
        nodes = {iri: n for iri, n in nodes.items() if iri in linked}
    if around is not None:
        seeds = find_entities(Explorer(nodes, edges), around)
        if not seeds:
            raise RenderError(f"no entity labelled {around!r} among the selected types")
        reach = nx.multi_source_dijkstra_path_length(_undirected(nodes, edges), seeds, cutoff=depth)
        nodes = {iri: n for iri, n in nodes.items() if iri in reach}
        edges = [e for e in edges if e["from"] in nodes and e["to"] in nodes]
    return Explorer(nodes, edges)


def _undirected(nodes: Iterable[str], edges: list[dict[str, Any]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((e["from"], e["to"]) for e in edges)
    return graph


def layout(explorer: Explorer) -> dict[str, tuple[float, float]]:
    """Fixed positions for a big graph, in vis-network pixels; deterministic (seeded).

    Each connected component is laid out on its own (networkx spring layout) and the components
    are packed in rows, biggest first: text-mined graphs are mostly many small components, and a
    force layout of the whole graph costs O(n²) per iteration.
    """
    graph = _undirected(sorted(explorer.nodes), explorer.edges)
    opening = views(explorer).cluster_view
    # what the page opens on comes first (components holding the cluster view), unconnected
    # entities (hidden at first) last, so that the opening view is one compact block
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)),
        key=lambda c: (not opening.intersection(c), len(c) == 1, -len(c), c[0]),
    )
    laid_out = [
        (_scaled(_component_layout(_induced(graph, c))), _radius(len(c))) for c in components
    ]
    connected = [r for (_, r), c in zip(laid_out, components, strict=True) if len(c) > 1]
    row_width = 2 * math.sqrt(sum(r * r for r in connected or [r for _, r in laid_out])) * 1.5
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, radius in laid_out:
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            positions[node] = (
                round(x + radius + px * radius, 1),
                round(y + radius + py * radius, 1),
            )
        x += 2 * radius + COMPONENT_GAP
        row_height = max(row_height, 2 * radius + COMPONENT_GAP)
    return positions


def _induced(graph: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on ``nodes`` (a component), in their order: ``graph.subgraph`` iterates a
    small node set in hash order, which would make the layout differ between runs."""
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(graph.edges(nodes))
    return sub


def _radius(size: int) -> float:
    """Half the side of a component's square: area grows with its number of nodes."""
    return NODE_SPACING * math.sqrt(size) / 2 + NODE_SPACING / 2


def _scaled(pos: dict) -> dict[str, tuple[float, float]]:
    """Positions fitted into [-1, 1]² whatever the layout's own scale."""
    if len(pos) < 2:
        return {node: (0.0, 0.0) for node in pos}
    extent = max(max(abs(float(v)) for v in xy) for xy in pos.values()) or 1.0
    return {node: (float(px) / extent, float(py) / extent) for node, (px, py) in pos.items()}


def _component_layout(component: nx.Graph) -> dict:
    size = len(component)
    if size < 500:  # networkx's dense force layout: fast at this size, no scipy needed
        return nx.spring_layout(component, seed=1, iterations=50)
    try:
        start = nx.spectral_layout(component)
        iterations = max(5, min(50, int(LAYOUT_PAIR_BUDGET / size**2)))
        return nx.spring_layout(component, pos=start, seed=1, iterations=iterations, method="force")
    except ImportError:  # networkx needs scipy for big layouts
        return nx.circular_layout(component)


# ---------------------------------------------------------------- the vis-network data


def _node_title(node: dict[str, Any], labels: dict[str, str]) -> str:
    """Hover tooltip: plain text (vis-network shows a string title with innerText)."""
    lines = [node["label"], f"类型：{labels[node['type']]}"]
    if node["aliases"]:
        lines.append("别名：" + "、".join(a["text"] for a in node["aliases"][:6]))
    lines.append(f"提及文档：{len(node['documents'])} 篇")
    if node["measurements"]:
        lines.append(f"指标：{len(node['measurements'])} 项")
    lines.append("（点击查看详情）")
    return "\n".join(lines)


def _edge_title(
    edge: dict[str, Any], nodes: dict[str, dict[str, Any]], labels: dict[str, str]
) -> str:
    lines = [
        f"{nodes[edge['from']]['label']} —{labels[edge['relation']]}→ {nodes[edge['to']]['label']}"
    ]
    for evidence in edge["evidence"][:1]:
        text = evidence["text"]
        lines.append(
            "证据：" + (text if len(text) <= TOOLTIP_SENTENCE else text[:TOOLTIP_SENTENCE] + "…")
        )
        lines.append("来源：" + (evidence["title"] or evidence["source"] or ""))
    if len(edge["evidence"]) > 1:
        lines.append(f"（共 {len(edge['evidence'])} 条证据，点击查看）")
    return "\n".join(lines)


def _options(big: bool) -> dict[str, Any]:
    font = style()["font"]
    view = style()["view"]
    return {
        "nodes": {
            "font": {"face": font, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {
                "label": {"drawThreshold": view["draw_threshold"], "maxVisible": view["max_font"]}
            },
        },
        "edges": {
            "font": {"face": font, "size": 10, "align": "middle", "strokeWidth": 3},
            "smooth": False if big else {"type": "continuous"},
            "arrowStrikethrough": False,
            "width": 1.2,
        },
        "physics": {
            "enabled": not big,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "keyboard": True,
        },
    }


@dataclass(frozen=True)
class Views:
    """What the page opens on. ``cluster_view``: the clusters and every entity one relation away
    from one (their parks, firms, policies, platforms…); empty when the graph has no cluster.
    ``hubs``: the entities whose labels stay legible zoomed out (the best connected ones).
    ``degree``: relations per entity (0: unconnected, hidden at first)."""

    degree: dict[str, int]
    cluster_view: frozenset[str]
    hubs: frozenset[str]


def views(explorer: Explorer) -> Views:
    degree: dict[str, int] = dict.fromkeys(explorer.nodes, 0)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in explorer.edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
        neighbours[edge["from"]].add(edge["to"])
        neighbours[edge["to"]].add(edge["from"])
    clusters = {iri for iri, node in explorer.nodes.items() if node["type"] == "Cluster"}
    cluster_view = set(clusters)
    for iri in clusters:
        cluster_view |= neighbours[iri]
    look = style()["view"]
    ranked = sorted((d for d in degree.values() if d), reverse=True)
    top = ranked[look["hubs"] - 1] if len(ranked) >= look["hubs"] else 0
    cut = max(look["hub_min_degree"], top)
    hubs = {iri for iri, d in degree.items() if d >= cut}
    return Views(degree, frozenset(cluster_view), frozenset(hubs))


def network(explorer: Explorer) -> tuple[Network, bool]:
    """A pyvis Network holding the explorer's nodes and edges; True if laid out in Python."""
    labels = ontology_labels()
    types, relations = style()["types"], style()["relations"]
    big = len(explorer.nodes) > style()["layout_threshold"]
    positions = layout(explorer) if big else {}
    shown = views(explorer)
    fonts = style()["view"]
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for iri, node in explorer.nodes.items():
        look = types[node["type"]]
        extra: dict[str, Any] = {"x": positions[iri][0], "y": positions[iri][1]} if big else {}
        if look.get("dashed"):
            extra["shapeProperties"] = {"borderDashes": [4, 3]}
        degree = shown.degree[iri]
        hub = iri in shown.hubs
        # a hub's label is drawn big enough to stay legible when the whole view is fitted in;
        # the others' appear when zoomed in (vis hides a label drawn smaller than drawThreshold)
        font = fonts["hub_font"] + 2 * math.sqrt(degree) if hub else fonts["font"]
        net.add_node(
            iri,
            label=node["label"],
            shape=look["shape"],
            color=look["colour"],
            size=round(8 + 5 * math.sqrt(degree), 1),
            font={"size": round(font)},
            title=_node_title(node, labels),
            kg={
                **node,
                "degree": degree,
                "hub": hub,
                "hubFont": round(font),
                "clusterView": iri in shown.cluster_view,
            },
            **extra,
        )
    for edge in explorer.edges:
        look = relations[edge["relation"]]
        net.add_edge(
            edge["from"],
            edge["to"],
            id=edge["id"],
            label=labels[edge["relation"]],
            title=_edge_title(edge, explorer.nodes, labels),
            color=look["colour"],
            arrows="to" if look.get("arrows", True) else "",
            kg=edge,
        )
    return net, big


# ---------------------------------------------------------------- the page


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def _assets() -> dict[str, str]:
    """Inlined scripts and styles; a source-map comment would make devtools fetch a file."""
    vis_js = re.sub(
        r"//# sourceMappingURL=\S*", "", (VIS / "vis-network.min.js").read_text("utf-8")
    )
    return {
        "vis_js": vis_js,
        "vis_css": (VIS / "vis-network.css").read_text("utf-8"),
        "explorer_js": (DATA / "explorer.js").read_text("utf-8"),
        "explorer_css": (DATA / "explorer.css").read_text("utf-8"),
    }


def _meta(explorer: Explorer, big: bool) -> dict[str, Any]:
    labels = ontology_labels()
    type_counts: dict[str, int] = defaultdict(int)
    for node in explorer.nodes.values():
        type_counts[node["type"]] += 1
    relation_counts: dict[str, int] = defaultdict(int)
    for edge in explorer.edges:
        relation_counts[edge["relation"]] += 1
    return {
        "types": [
            {"key": t, "label": labels[t], "count": type_counts[t], **style()["types"][t]}
            for t in ENTITY_TYPES
        ],
        "relations": [
            {"key": r, "label": labels[r], "count": relation_counts[r], **style()["relations"][r]}
            for r in RELATION_TYPES
        ],
        "physics": not big and len(explorer.nodes) > 1,
        "clusterView": sum(1 for n in explorer.nodes.values() if n["type"] == "Cluster") > 0,
    }


def render_html(
    graph: Graph,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    around: str | None = None,
    depth: int = 1,
) -> str:
    """The explorer page for ``graph`` (optionally only part of it, see :func:`select`)."""
    return page(select(read_graph(graph), types, relations, around, depth))


def page(explorer: Explorer) -> str:
    """The explorer page showing ``explorer``'s entities and relations."""
    net, big = network(explorer)
    net.set_template_dir(str(DATA) + "/", TEMPLATE)
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    assets = _assets()
    net.templateEnv.globals.update(
        assets,
        font=style()["font"],
        kg_options=_options(big),
        kg_meta=_meta(explorer, big),
        script_hashes=" ".join(_script_hash(assets[k]) for k in ("vis_js", "explorer_js")),
    )
    return net.generate_html(notebook=False)


def write_html(graph: Graph, path: Path, **selection: Any) -> Explorer:
    """Write the explorer page for ``graph`` (or the part ``selection`` picks, see
    :func:`select`) to ``path``; return what it shows."""
    explorer = select(read_graph(graph), **selection)
    write_atomic(path, page(explorer).encode("utf-8"))
    return explorer
