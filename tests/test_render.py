"""The HTML explorer as a file: self-contained, complete, escaped; ``kg render`` selections.

What happens in a browser is in test_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

import kg.render as render
from kg.cli import main
from kg.graph import CKG, ID, NIF
from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.paths import ontology_dir

HOSTILE = [
    "<script>alert(1)</script>苏州集成电路政策",
    "<img src=x onerror=alert(2)>科技有限公司",
    '"引号\'测试"半导体有限公司',
    "</script><script>alert(3)</script>",
]


class Page(HTMLParser):
    """Tags with their attributes, and the text of each <script> (type, text)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self._script: str | None | bool = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs).get("type")
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False

    def handle_data(self, data: str) -> None:
        if self._script is not False:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def json_block(self, element_id: str):
        index = [a.get("id") for t, a in self.tags if t == "script"].index(element_id)
        return json.loads(self.scripts[index][1])


def typed_entities(graph: Graph) -> set[URIRef]:
    return {s for t in ENTITY_TYPES for s in graph.subjects(RDF.type, CKG[t])}


@pytest.fixture(scope="module")
def seeds_html(seeds_graph: Graph) -> str:
    return render.render_html(seeds_graph)


@pytest.fixture(scope="module")
def seeds_page(seeds_html: str) -> Page:
    return Page(seeds_html)


# ------------------------------------------------------------------ offline and self-contained


def test_no_reference_to_another_host(seeds_html: str, seeds_page: Page) -> None:
    for tag, attrs in seeds_page.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert attrs.get(name) is None, f"<{tag} {name}=…> loads something"
        assert tag not in ("link", "iframe", "object", "embed", "base")
    for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", seeds_html):
        assert url.startswith("data:"), url
    assert "sourceMappingURL" not in seeds_html
    assert "cdn.jsdelivr" not in seeds_html and "bootstrap" not in seeds_html


def test_scripts_are_inline_and_allowed_only_by_hash(seeds_page: Page) -> None:
    policy = next(
        a["content"] for t, a in seeds_page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert (
        "default-src 'none'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    code = [text for kind, text in seeds_page.scripts if kind is None]
    assert len(code) == 2  # vis-network and the explorer
    for text in code:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy


# ------------------------------------------------------------------ complete


def test_every_typed_entity_and_relation_is_drawn(seeds_graph: Graph, seeds_page: Page) -> None:
    nodes = seeds_page.json_block("kg-nodes")
    entities = typed_entities(seeds_graph)
    assert {n["id"] for n in nodes} == {str(e) for e in entities}
    relations = {
        (str(h), r, str(t))
        for r in RELATION_TYPES
        for h, t in seeds_graph.subject_objects(CKG[r])
        if h in entities and t in entities
    }
    edges = seeds_page.json_block("kg-edges")
    assert {(e["from"], e["kg"]["relation"], e["to"]) for e in edges} == relations


def test_nodes_carry_type_look_size_and_details(seeds_graph: Graph, seeds_page: Page) -> None:
    nodes = {n["id"]: n for n in seeds_page.json_block("kg-nodes")}
    look = render.style()["types"]
    for node in nodes.values():
        assert node["shape"] == look[node["kg"]["type"]]["shape"]
        assert node["color"] == look[node["kg"]["type"]]["colour"]
        assert node["label"] == str(seeds_graph.value(URIRef(node["id"]), SKOS.prefLabel))
    hub = max(nodes.values(), key=lambda n: n["size"])
    leaf = min(nodes.values(), key=lambda n: n["size"])
    assert hub["size"] > leaf["size"]
    with_measurement = next(n for n in nodes.values() if n["kg"]["measurements"])
    measurement = with_measurement["kg"]["measurements"][0]
    assert measurement["evidence"] and measurement["evidence"][0]["text"]
    assert all(n["kg"]["documents"] for n in nodes.values())
    assert any(a["lang"] == "zh-Hant" for n in nodes.values() for a in n["kg"]["aliases"])


def test_edges_show_chinese_relation_label_and_evidence(seeds_page: Page) -> None:
    ontology = Graph().parse(ontology_dir() / "cluster-kg.ttl")
    chinese = {
        str(s).split("#")[1]: str(o)
        for s, o in ontology.subject_objects(RDFS.label)
        if isinstance(o, Literal) and o.language == "zh-Hans"
    }
    for edge in seeds_page.json_block("kg-edges"):
        relation = edge["kg"]["relation"]
        assert edge["label"] == chinese[relation]
        assert edge["arrows"] == ("" if relation == "partnerOf" else "to")
        assert edge["kg"]["evidence"], edge["id"]
        assert all(e["text"] and e["source"] for e in edge["kg"]["evidence"])
    legend = seeds_page.json_block("kg-meta")
    assert [t["label"] for t in legend["types"]] == [chinese[t] for t in ENTITY_TYPES]


def test_style_covers_every_type_and_relation() -> None:
    assert set(render.style()["types"]) == set(ENTITY_TYPES)
    assert set(render.style()["relations"]) == set(RELATION_TYPES)
    assert "Noto Sans CJK SC" in render.style()["font"]


# ------------------------------------------------------------------ untrusted text


def hostile_graph() -> Graph:
    """Entities, aliases, sentences, a document path and title that are all markup."""
    graph = Graph()
    doc = ID["doc/evil"]
    graph.add((doc, RDF.type, CKG.Document))
    graph.add((doc, DCTERMS.source, Literal("docs/<img src=x onerror=alert(9)>.txt")))
    graph.add((doc, DCTERMS.title, Literal(HOSTILE[3])))
    policy, firm = ID["policy/evil"], ID["firm/evil"]
    graph.add((policy, RDF.type, CKG.Policy))
    graph.add((policy, SKOS.prefLabel, Literal(HOSTILE[0], lang="zh-Hans")))
    graph.add((firm, RDF.type, CKG.Firm))
    graph.add((firm, SKOS.prefLabel, Literal(HOSTILE[1], lang="zh-Hans")))
    graph.add((firm, SKOS.altLabel, Literal(HOSTILE[2], lang="zh-Hans")))
    for entity in (policy, firm):
        graph.add((entity, CKG.mentionedIn, doc))
    graph.add((policy, CKG.supports, firm))
    statement, sentence = ID["stmt/evil"], URIRef(f"{doc}#char=0,10")
    for p, o in (
        (RDF.type, RDF.Statement),
        (RDF.subject, policy),
        (RDF.predicate, CKG.supports),
        (RDF.object, firm),
    ):
        graph.add((statement, p, o))
    graph.add((statement, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), sentence))
    graph.add((sentence, NIF.anchorOf, Literal("".join(HOSTILE))))
    graph.add((sentence, NIF.referenceContext, doc))
    return graph


def test_untrusted_text_is_data_not_markup() -> None:
    html = render.render_html(hostile_graph())
    page = Page(html)
    assert (
        "<script>alert" not in html and "<img src=x" not in html and "</script><script>" not in html
    )
    assert [kind for kind, _ in page.scripts].count(None) == 2  # no script element was injected
    assert not [t for t, _ in page.tags if t in ("img", "svg", "iframe")]
    nodes = {n["kg"]["label"]: n for n in page.json_block("kg-nodes")}
    assert set(nodes) == {HOSTILE[0], HOSTILE[1]}  # the text survives intact, as data
    assert nodes[HOSTILE[1]]["kg"]["aliases"] == [{"text": HOSTILE[2], "lang": "zh-Hans"}]
    (edge,) = page.json_block("kg-edges")
    assert edge["kg"]["evidence"][0]["text"] == "".join(HOSTILE)


# ------------------------------------------------------------------ selections and big graphs


def test_select_by_type_relation_and_neighbourhood(seeds_graph: Graph) -> None:
    explorer = render.read_graph(seeds_graph)
    firms = render.select(explorer, types=["Firm", "Cluster"])
    assert {n["type"] for n in firms.nodes.values()} == {"Firm", "Cluster"}
    assert all(e["from"] in firms.nodes and e["to"] in firms.nodes for e in firms.edges)
    leads = render.select(explorer, relations=["leads"])
    assert leads.edges and {e["relation"] for e in leads.edges} == {"leads"}
    assert set(leads.nodes) == {e["from"] for e in leads.edges} | {e["to"] for e in leads.edges}
    hub = max(explorer.nodes, key=lambda i: sum(i in (e["from"], e["to"]) for e in explorer.edges))
    label = explorer.nodes[hub]["label"]
    one = render.select(explorer, around=label, depth=1)
    neighbours = {e["to"] for e in explorer.edges if e["from"] == hub} | {
        e["from"] for e in explorer.edges if e["to"] == hub
    }
    assert set(one.nodes) == neighbours | {hub}
    assert len(render.select(explorer, around=label, depth=2).nodes) >= len(one.nodes)
    assert set(render.select(explorer, around=label, depth=0).nodes) == {hub}
    with pytest.raises(render.RenderError):
        render.select(explorer, around="没有这个实体")


def test_find_entities_by_alias(seeds_graph: Graph) -> None:
    explorer = render.read_graph(seeds_graph)
    iri, node = next((i, n) for i, n in explorer.nodes.items() if n["aliases"])
    assert iri in render.find_entities(explorer, node["aliases"][0]["text"])


def synthetic_graph(size: int) -> Graph:
    graph = Graph()
    nodes = []
    for i in range(size):
        type_ = ENTITY_TYPES[i % len(ENTITY_TYPES)]
        node = ID[f"{type_.lower()}/{i}"]
        nodes.append(node)
        graph.add((node, RDF.type, CKG[type_]))
        graph.add((node, SKOS.prefLabel, Literal(f"实体{i}号", lang="zh-Hans")))
    for i in range(size):  # a big component, a chain of small ones and isolated nodes
        if i < size // 2:
            graph.add((nodes[i], CKG.partnerOf, nodes[(i * 7 + 1) % (size // 2)]))
        elif i % 3 and i + 1 < size:
            graph.add((nodes[i], CKG.partnerOf, nodes[i + 1]))
    return graph


def test_big_graph_is_laid_out_once_without_physics() -> None:
    size = render.style()["layout_threshold"] + 100
    start = time.perf_counter()
    page = Page(render.render_html(synthetic_graph(size)))
    assert time.perf_counter() - start < 30
    nodes = page.json_block("kg-nodes")
    assert len(nodes) == size
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == size  # no two nodes on one spot
    assert page.json_block("kg-options")["physics"]["enabled"] is False
    assert page.json_block("kg-meta")["physics"] is False


def test_small_graph_uses_physics(seeds_page: Page) -> None:
    assert seeds_page.json_block("kg-meta")["physics"] is True
    assert "x" not in seeds_page.json_block("kg-nodes")[0]


def test_layout_is_deterministic() -> None:
    explorer = render.read_graph(synthetic_graph(120))
    assert render.layout(explorer) == render.layout(explorer)


# ------------------------------------------------------------------ writing and the command line


def test_write_html_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    render.write_html(hostile_graph(), target)
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_cli_render(seeds_build, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "firms.html"
    result = runner.invoke(
        main, ["render", str(seeds_build.path), "--out", str(out), "--type", "Firm"]
    )
    assert result.exit_code == 0, result.output
    nodes = Page(out.read_text("utf-8")).json_block("kg-nodes")
    assert nodes and {n["kg"]["type"] for n in nodes} == {"Firm"}

    explorer = render.read_graph(seeds_build.graph)
    label = next(n["label"] for n in explorer.nodes.values() if n["type"] == "Cluster")
    around = tmp_path / "around.html"
    args = [
        "render",
        str(seeds_build.out_dir),
        "--out",
        str(around),
        "--around",
        label,
        "--depth",
        "2",
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert label in {n["label"] for n in Page(around.read_text("utf-8")).json_block("kg-nodes")}

    missing = runner.invoke(
        main,
        ["render", str(seeds_build.path), "--out", str(tmp_path / "x.html"), "--around", "没有"],
    )
    assert missing.exit_code == 2 and "没有" in missing.output
    assert not (tmp_path / "x.html").exists()


# ------------------------------------------------------------------ --around and --depth


def _park_graph() -> Graph:
    """An invented park with a Simplified name, one firm located in it, and a lone park."""
    graph = Graph()
    park, firm, lone = ID["park/p1"], ID["firm/f1"], ID["park/p2"]
    graph.add((park, RDF.type, CKG.Park))
    graph.add((park, SKOS.prefLabel, Literal("青禾湾科技园", lang="zh-Hans")))
    graph.add((firm, RDF.type, CKG.Firm))
    graph.add((firm, SKOS.prefLabel, Literal("青禾湾材料有限公司", lang="zh-Hans")))
    graph.add((firm, CKG.locatedIn, park))
    graph.add((lone, RDF.type, CKG.Park))
    graph.add((lone, SKOS.prefLabel, Literal("青禾", lang="zh-Hans")))
    return graph


def test_around_accepts_a_traditional_name() -> None:
    chosen = render.select(render.read_graph(_park_graph()), around="青禾灣科技園")
    assert {n["label"] for n in chosen.nodes.values()} == {"青禾湾科技园", "青禾湾材料有限公司"}


def test_around_an_entity_without_relations_suggests_others(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(_park_graph().serialize(format="turtle"), "utf-8")
    out = tmp_path / "lone.html"
    args = ["render", str(tmp_path), "--out", str(out), "--around", "青禾"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and out.exists()
    assert "no relations" in result.stderr and "青禾湾科技园" in result.stderr


def test_depth_without_around_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(_park_graph().serialize(format="turtle"), "utf-8")
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["render", str(tmp_path), "--out", str(out), "--depth", "2"])
    assert result.exit_code == 2 and "--around" in result.output and not out.exists()


def test_render_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(_park_graph().serialize(format="turtle"), "utf-8")
    out = tmp_path / "missing" / "page.html"
    result = CliRunner().invoke(main, ["render", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 1 and "no such folder" in result.stderr
    assert not out.parent.exists()


# ------------------------------------------------------------------ the opening view


def test_the_cluster_view_holds_clusters_and_their_neighbours_only(seeds_graph: Graph) -> None:
    explorer = render.read_graph(seeds_graph)
    shown = render.views(explorer)
    clusters = {i for i, n in explorer.nodes.items() if n["type"] == "Cluster"}
    near = {e["to"] for e in explorer.edges if e["from"] in clusters}
    near |= {e["from"] for e in explorer.edges if e["to"] in clusters}
    assert shown.cluster_view == clusters | near
    assert len(shown.cluster_view) < len(explorer.nodes)
    assert 5 <= len(shown.hubs) <= 40 and all(shown.degree[h] >= 3 for h in shown.hubs)


def _big_graph(path: Path) -> Path:
    """600 invented firms and clusters in components of 1 to 30 entities."""
    lines = [
        "@prefix ckg: <https://w3id.org/cluster-kg/ontology#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
    ]
    made, size = 0, 1
    while made < 600:
        cluster = f"<https://example.org/c{made}>"
        lines.append(f'{cluster} a ckg:Cluster ; skos:prefLabel "第{made}号产业集群"@zh-Hans .')
        for i in range(1, size):
            firm = f"<https://example.org/f{made}-{i}>"
            lines.append(f'{firm} a ckg:Firm ; skos:prefLabel "某{made}-{i}有限公司"@zh-Hans ;')
            lines.append(f"    ckg:memberOf {cluster} .")
        made += size
        size = size % 30 + 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_big_graph_is_laid_out_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    graph = _big_graph(tmp_path / "big.ttl")
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"page-{seed}.html"
        script = (
            "import sys; from pathlib import Path; from rdflib import Graph; "
            "from kg.render import write_html; "
            "write_html(Graph().parse(sys.argv[1]), Path(sys.argv[2]))"
        )
        subprocess.run(
            [sys.executable, "-c", script, str(graph), str(out)],
            check=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        pages.append(out.read_bytes())
    assert b'"x": ' in pages[0]  # positions were computed (over 500 entities)
    assert pages[0] == pages[1]


def test_kg_render_of_a_truncated_graph_is_one_line(seeds_build, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    data = seeds_build.path.read_bytes()
    cut = tmp_path / "graph.ttl"
    cut.write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(main, ["render", str(cut), "--out", str(tmp_path / "a.html")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot read graph {cut}: ")
    assert len(lines[0]) < 400


def test_the_readme_around_example_shows_a_neighbourhood(seeds_graph: Graph) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"kg render \S+ --out \S+ --around (\S+) --depth (\d+)", readme)
    assert found, "no --around example in the README"
    chosen = render.select(
        render.read_graph(seeds_graph), around=found.group(1), depth=int(found.group(2))
    )
    assert len(chosen.nodes) > 5 and chosen.edges
