"""The HTML explorer in a real browser: headless Chromium (Playwright), network blocked.

One browser per session. Every page records console messages, page errors, dialogs and every
request it tries; all tests end by checking there were no errors and no request left the file.
The seeds page's screenshot is kept as ``out/graph.png``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.graph import CKG, ID
from kg.model import ENTITY_TYPES
from kg.render import render_html, write_html

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "out" / "graph.png"
READY = "body[data-ready='true']"

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs Debian's chromium")

HOSTILE_DOCUMENT = "\n\n".join(  # markup in a title, in policy names, in a list of firms
    [
        "关于印发《<script>alert(1)</script>苏州市支持集成电路产业集群发展的若干政策》的通知",
        "苏州市人民政府印发《<script>alert(1)</script>苏州市支持集成电路产业集群发展的若干政策》，"
        "支持苏州工业园区集成电路产业集群发展。",
        "苏州工业园区集成电路产业集群位于苏州工业园区，集群成员企业包括<img src=x onerror=alert(2)>"
        '科技有限公司、"引号\'测试"半导体有限公司、'
        "苏州</textarea><svg onload=alert(4)>微电子有限公司等。",
        "<img src=x onerror=alert(2)>科技有限公司是苏州工业园区集成电路产业集群的龙头企业，"
        "2023年实现营业收入120亿元。",
    ]
)


@dataclass
class Opened:
    """A page and what it did: console messages, errors, dialogs, requests off the file."""

    page: object
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def assert_clean(self) -> None:
        assert self.dialogs == []
        assert self.errors == []
        assert [m for m in self.console if m[0] in ("error", "warning")] == []
        assert self.requests == []


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, path: Path, bypass_csp: bool = False) -> Opened:
    """Open ``path`` with every non-file request aborted and recorded; wait until drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    opened = Opened(page)
    page.on("console", lambda m: opened.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            if url not in opened.requests:
                opened.requests.append(url)
            request_route.abort()

    def request(sent) -> None:
        if not sent.url.startswith(("file:", "data:")) and sent.url not in opened.requests:
            opened.requests.append(sent.url)

    context.route("**/*", route)
    page.on("request", request)
    page.goto(path.as_uri())
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    return opened


def typed_entity_count(graph: Graph) -> int:
    return len({s for t in ENTITY_TYPES for s in graph.subjects(RDF.type, CKG[t])})


@pytest.fixture(scope="module")
def seeds(browser, seeds_build) -> Iterator[Opened]:
    """The seeds graph.html as `kg build` wrote it, opened once for the module."""
    opened = open_page(browser, seeds_build.out_dir / "graph.html")
    yield opened
    opened.page.context.close()


@pytest.fixture
def fresh(seeds: Opened) -> Iterator[Opened]:
    """The seeds page with every filter on and the whole graph shown, before and after a test."""
    reset = """() => {
        const k = window.kgExplorer;
        k.nodes.forEach(n => k.setType(n.kg.type, true));
        k.edges.forEach(e => k.setRelation(e.kg.relation, true));
        k.showAll();
        k.network.unselectAll();
    }"""
    seeds.js(reset)
    move_off_nodes(seeds)
    yield seeds
    seeds.js(reset)
    seeds.assert_clean()


def node_screen_position(opened: Opened, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    box = opened.page.locator("#kg-network").bounding_box()
    point = opened.js(
        """id => { const n = window.kgExplorer.network;
                   return n.canvasToDOM(n.getPositions([id])[id]); }""",
        node_id,
    )
    return box["x"] + point["x"], box["y"] + point["y"]


def move_off_nodes(opened: Opened) -> None:
    """Move the mouse to an empty corner of the canvas, which hides any tooltip."""
    box = opened.page.locator("#kg-network").bounding_box()
    opened.page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3)
    opened.page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2)
    opened.page.locator("div.vis-tooltip").wait_for(state="hidden")


def lone_node(opened: Opened, with_measurements: bool = False) -> str:
    """Of the nodes shown (with measurements), the one farthest from any other: a click hits it."""
    return opened.js(
        """measured => { const k = window.kgExplorer, at = k.network.getPositions();
               const ids = k.nodesView.getIds(), keep = n => !measured || n.kg.measurements.length;
               const gap = id => Math.min(...ids.filter(o => o !== id).map(o =>
                 Math.hypot(at[o].x - at[id].x, at[o].y - at[id].y)));
               const best = k.nodesView.get().filter(keep).sort((a, b) => gap(b.id) - gap(a.id));
               return best[0].id; }""",
        with_measurements,
    )


# ------------------------------------------------------------------ the seeds page


def test_blocking_catches_requests(browser, tmp_path: Path) -> None:
    """The harness itself: a page that asks for another host is caught (not fetched)."""
    probe = tmp_path / "probe.html"
    probe.write_text('<img src="https://example.com/x.png"><body data-ready="true"></body>')
    opened = open_page(browser, probe)
    opened.page.wait_for_timeout(200)
    assert any("example.com" in url for url in opened.requests)
    opened.page.context.close()


def test_seeds_page_draws_every_entity(fresh: Opened, seeds_build) -> None:
    expected = typed_entity_count(seeds_build.graph)
    assert expected > 0
    assert fresh.js("window.kgExplorer.drawnNodeCount()") == expected
    assert fresh.js("window.kgExplorer.nodesView.length") == expected
    assert (
        fresh.js("window.kgExplorer.drawnEdgeCount()")
        == fresh.js("window.kgExplorer.edges.length")
        > 0
    )
    canvas = fresh.page.locator("#kg-network canvas")
    assert canvas.count() == 1 and canvas.bounding_box()["width"] > 400
    legend = fresh.page.locator("#kg-type-filters li")
    assert legend.count() == len(ENTITY_TYPES)
    assert "产业集群" in legend.first.inner_text()


def test_seeds_page_opens_on_the_clusters_with_hubs_labelled(browser, seeds_build) -> None:
    """The opening view: clusters and what is one relation from them, unconnected entities
    behind a toggle, the hubs' labels legible and the others' not (no wall of text)."""
    opened = open_page(browser, seeds_build.out_dir / "graph.html")
    k = "window.kgExplorer"
    expected = opened.js(f"{k}.nodes.get().filter(n => n.kg.clusterView && n.kg.degree > 0).length")
    assert 0 < expected < opened.js(f"{k}.nodes.length")
    assert opened.js(f"{k}.drawnNodeCount()") == expected
    assert opened.js(f"{k}.nodesView.get().every(n => n.kg.degree > 0)")
    assert opened.js(
        f"""() => {{ const k = {k}, shown = new Set(k.nodesView.getIds());
                   return k.nodes.get().filter(n => n.kg.type === 'Cluster' && n.kg.degree > 0)
                                 .every(n => shown.has(n.id)); }}"""
    )
    assert opened.page.locator("#kg-cluster-view").is_checked()
    assert not opened.page.locator("#kg-isolated").is_checked()
    legible = opened.js(
        f"""() => {{ const k = {k}, scale = k.network.getScale();
                   const limit = k.network.body.nodes[k.nodesView.getIds()[0]].options
                                  .scaling.label.drawThreshold - 1;
                   const size = n => (n.font ? n.font.size : 14) * scale;
                   return k.nodesView.get().filter(n => size(n) >= limit).map(n => n.kg.hub); }}"""
    )
    assert 5 <= len(legible) <= 40 and all(legible), legible
    SCREENSHOT.parent.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000

    opened.page.locator("#kg-isolated").check()  # the toggle brings the unconnected ones back
    assert opened.js(f"{k}.drawnNodeCount()") == opened.js(
        f"{k}.nodes.get().filter(n => n.kg.clusterView).length"
    )
    opened.page.locator("#kg-cluster-view").uncheck()
    assert opened.js(f"{k}.drawnNodeCount()") == opened.js(f"{k}.nodes.length")
    opened.assert_clean()
    opened.page.context.close()


def test_search_focuses_a_node_by_any_label(fresh: Opened) -> None:
    target = fresh.js(
        """() => { const k = window.kgExplorer;
                   const n = k.nodes.get().find(n => n.kg.aliases.some(a => a.lang === 'zh-Hant'));
                   const alias = n.kg.aliases.find(a => a.lang === 'zh-Hant').text;
                   return {id: n.id, label: n.kg.label, alias: alias}; }"""
    )
    for query in (target["label"], target["alias"]):
        fresh.js("window.kgExplorer.network.unselectAll()")
        fresh.page.fill("#kg-search-input", query)
        fresh.page.press("#kg-search-input", "Enter")
        assert fresh.js("window.kgExplorer.network.getSelectedNodes()") == [target["id"]]
        assert fresh.page.locator("#kg-details h2").inner_text() == target["label"]
    scale = fresh.js("window.kgExplorer.network.getScale()")
    assert scale == pytest.approx(1.2)
    x, y = node_screen_position(fresh, target["id"])
    box = fresh.page.locator("#kg-network").bounding_box()
    assert (
        abs(x - (box["x"] + box["width"] / 2)) < 5 and abs(y - (box["y"] + box["height"] / 2)) < 5
    )


def test_search_lists_several_matches(fresh: Opened) -> None:
    fresh.page.fill("#kg-search-input", "产业集群")
    fresh.page.press("#kg-search-input", "Enter")
    results = fresh.page.locator("#kg-search-results button")
    assert results.count() > 1
    results.first.click()
    assert len(fresh.js("window.kgExplorer.network.getSelectedNodes()")) == 1
    fresh.page.fill("#kg-search-input", "没有这个名字")
    fresh.page.press("#kg-search-input", "Enter")
    assert "未找到" in fresh.page.locator("#kg-search-results").inner_text()


def test_type_and_relation_filters(fresh: Opened) -> None:
    total = fresh.js("window.kgExplorer.drawnNodeCount()")
    firms = fresh.js("window.kgExplorer.nodes.get().filter(n => n.kg.type === 'Firm').length")
    fresh.page.locator("#kg-type-filters input[data-key='Firm']").uncheck()
    assert fresh.js("window.kgExplorer.drawnNodeCount()") == total - firms
    assert fresh.js("window.kgExplorer.nodesView.get().every(n => n.kg.type !== 'Firm')")
    fresh.page.locator("#kg-type-filters input[data-key='Firm']").check()
    assert fresh.js("window.kgExplorer.drawnNodeCount()") == total

    edges = fresh.js("window.kgExplorer.drawnEdgeCount()")
    located = fresh.js(
        "window.kgExplorer.edges.get().filter(e => e.kg.relation === 'locatedIn').length"
    )
    assert located > 0
    fresh.page.locator("#kg-relation-filters input[data-key='locatedIn']").uncheck()
    assert fresh.js("window.kgExplorer.drawnEdgeCount()") == edges - located

    firm = fresh.js("window.kgExplorer.nodes.get().find(n => n.kg.type === 'Firm')")
    fresh.page.locator("#kg-type-filters input[data-key='Firm']").uncheck()
    fresh.page.fill("#kg-search-input", firm["kg"]["label"])  # a hidden node found is shown again
    fresh.page.press("#kg-search-input", "Enter")
    assert fresh.page.locator("#kg-type-filters input[data-key='Firm']").is_checked()
    assert fresh.js("window.kgExplorer.network.getSelectedNodes()") == [firm["id"]]
    assert "显示" in fresh.page.locator("#kg-stats").inner_text()


def test_neighbourhood_of_one_node(fresh: Opened) -> None:
    hub = fresh.js(
        """() => { const k = window.kgExplorer;
                   const degree = id => k.network.getConnectedNodes(id).length;
                   return k.nodes.getIds().sort((a, b) => degree(b) - degree(a))[0]; }"""
    )
    neighbours = set(fresh.js("id => window.kgExplorer.network.getConnectedNodes(id)", hub))
    fresh.js("id => window.kgExplorer.focusNode(id)", hub)
    assert fresh.page.locator("#kg-around").is_enabled()
    fresh.page.select_option("#kg-depth", "1")
    fresh.page.click("#kg-around")
    shown = set(fresh.js("window.kgExplorer.nodesView.getIds()"))
    assert shown == neighbours | {hub}
    assert fresh.js("window.kgExplorer.drawnNodeCount()") == len(shown)
    fresh.page.click("#kg-all")
    assert fresh.js("window.kgExplorer.drawnNodeCount()") == fresh.js(
        "window.kgExplorer.nodes.length"
    )


def test_clicking_a_node_shows_its_details(fresh: Opened) -> None:
    node = fresh.js(
        "id => window.kgExplorer.nodes.get(id)", lone_node(fresh, with_measurements=True)
    )
    fresh.js("id => window.kgExplorer.focusNode(id)", node["id"])
    fresh.js("window.kgExplorer.network.unselectAll()")
    fresh.page.mouse.click(*node_screen_position(fresh, node["id"]))
    details = fresh.page.locator("#kg-details")
    assert details.locator("h2").inner_text() == node["kg"]["label"]
    text = details.inner_text()
    assert "提及文档" in text and "指标" in text
    assert node["kg"]["measurements"][0]["evidence"][0]["text"] in text
    assert node["kg"]["documents"][0]["source"] in text


def test_hovering_a_node_shows_a_tooltip(fresh: Opened) -> None:
    node_id = lone_node(fresh)
    fresh.js("id => window.kgExplorer.focusNode(id)", node_id)
    fresh.page.mouse.move(*node_screen_position(fresh, node_id))
    tooltip = fresh.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert (
        fresh.js("id => window.kgExplorer.nodes.get(id).kg.label", node_id) in tooltip.inner_text()
    )
    assert "类型" in tooltip.inner_text()
    move_off_nodes(fresh)


def test_clicking_an_edge_shows_relation_and_evidence(fresh: Opened) -> None:
    box = fresh.page.locator("#kg-network").bounding_box()
    point = fresh.js(  # a point that only one edge covers, no node, in the middle of the view
        """() => { const k = window.kgExplorer, n = k.network, at = n.getPositions();
                   const length = e =>
                     Math.hypot(at[e.from].x - at[e.to].x, at[e.from].y - at[e.to].y);
                   // the longest edges first: their middles are clear of the nodes at their ends
                   const edges = k.edges.get().sort((a, b) => length(b) - length(a));
                   for (const candidate of edges.slice(0, 20)) {
                     k.showAround(candidate.from, 1);  // fewer edges to cross it
                     const edge = n.body.edges[candidate.id];
                     for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
                       const middle = edge.edgeType.getPoint(t);
                       n.moveTo({position: middle, scale: 1.0});
                       const dom = n.canvasToDOM(middle);
                       // not under a node, and the same edge a few pixels around (a node laid
                       // out on the edge puts other edges over it, and a click may take those)
                       const around = [[0, 0], [4, 0], [-4, 0], [0, 4], [0, -4]];
                       const clear = around.every(([dx, dy]) => {
                         const p = {x: dom.x + dx, y: dom.y + dy};
                         return n.getNodeAt(p) === undefined && n.getEdgeAt(p) === candidate.id;
                       });
                       if (clear) return {x: dom.x, y: dom.y, edge: candidate.id};
                     }
                   }
                   return null; }"""
    )
    assert point is not None, "no edge of the seeds graph can be clicked clear of the others"
    edge = fresh.js("id => window.kgExplorer.edges.get(id)", point["edge"])
    fresh.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = fresh.page.locator("#kg-details")
    assert details.locator("h2").inner_text().startswith(edge["label"])
    text = details.inner_text()
    evidence = edge["kg"]["evidence"][0]
    words = " ".join(evidence["text"].split())  # innerText collapses white space
    assert words in " ".join(text.split()) and evidence["source"] in text


# ------------------------------------------------------------------ hostile text, big graphs


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    """A graph built from a document full of markup, with hostile aliases and title added."""
    from kg.build import build

    source = tmp_path_factory.mktemp("hostile-in") / "hostile<img src=x onerror=alert(3)>.txt"
    source.write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    build([source.parent], out, warn=lambda _message: None)
    graph = Graph().parse(out / "graph.ttl")
    assert any("<script>" in str(label) for label in graph.objects(None, SKOS.prefLabel))
    entity = next(graph.subjects(RDF.type, CKG.Firm), None) or next(
        graph.subjects(SKOS.prefLabel, None)
    )
    graph.add((entity, SKOS.altLabel, Literal("<img src=x onerror=alert(5)>", lang="zh-Hans")))
    graph.add((entity, SKOS.altLabel, Literal("\"'><svg onload=alert(6)>", lang="zh-Hant")))
    for doc in graph.subjects(RDF.type, CKG.Document):
        title = "</script><script>alert(7)</script>" + str(graph.value(doc, DCTERMS.title) or "")
        graph.set((doc, DCTERMS.title, Literal(title)))
    path = out / "hostile.html"
    write_html(graph, path)
    return path


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_text_never_runs(browser, hostile_page: Path, bypass_csp: bool) -> None:
    opened = open_page(browser, hostile_page, bypass_csp=bypass_csp)
    shown = opened.js(
        """() => { const k = window.kgExplorer, panel = document.getElementById('kg-details');
                   let text = '';
                   k.nodes.getIds().forEach(id => { k.focusNode(id); text += panel.textContent; });
                   k.edges.getIds().forEach(id => { k.showEdge(id); text += panel.textContent; });
                   return text; }"""
    )
    assert "<script>alert(1)</script>" in shown  # shown as text …
    assert "<img src=x onerror=alert(5)>" in shown
    assert "</script><script>alert(7)</script>" in shown
    for node_id in opened.js("window.kgExplorer.nodes.getIds()"):  # … in tooltips too
        opened.js("id => window.kgExplorer.focusNode(id)", node_id)
        opened.page.mouse.move(*node_screen_position(opened, node_id))
        opened.page.wait_for_timeout(250)
    opened.page.fill("#kg-search-input", "<")
    opened.page.press("#kg-search-input", "Enter")
    opened.page.wait_for_timeout(300)
    assert opened.js("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert opened.js("document.querySelectorAll('script').length") == 6  # 4 JSON blocks + 2 scripts
    assert opened.js("typeof window.alert === 'function'")
    opened.assert_clean()
    opened.page.context.close()


def test_big_graph_loads_with_fixed_positions(browser, tmp_path: Path) -> None:
    graph = Graph()
    nodes = [ID[f"firm/{i}"] for i in range(800)]
    for i, node in enumerate(nodes):
        graph.add((node, RDF.type, CKG.Firm))
        graph.add((node, SKOS.prefLabel, Literal(f"企业{i}号", lang="zh-Hans")))
        if i % 4:
            graph.add((node, CKG.partnerOf, nodes[i // 2]))
    path = tmp_path / "big.html"
    path.write_text(render_html(graph), encoding="utf-8")
    opened = open_page(browser, path)
    connected = opened.js("window.kgExplorer.nodes.get().filter(n => n.kg.degree > 0).length")
    assert 0 < connected < 800  # no cluster: the page opens on every entity with relations
    assert opened.js("window.kgExplorer.drawnNodeCount()") == connected
    opened.js("window.kgExplorer.showAll()")
    assert opened.js("window.kgExplorer.drawnNodeCount()") == typed_entity_count(graph) == 800
    assert opened.js("window.kgExplorer.network.physics.physicsEnabled") is False
    before = opened.js("window.kgExplorer.network.getPositions()")
    opened.page.wait_for_timeout(300)
    assert opened.js("window.kgExplorer.network.getPositions()") == before
    opened.assert_clean()
    opened.page.context.close()


def test_empty_graph_page_loads(browser, tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(render_html(Graph()), encoding="utf-8")
    opened = open_page(browser, path)
    assert opened.js("window.kgExplorer.drawnNodeCount()") == 0
    opened.assert_clean()
    opened.page.context.close()
