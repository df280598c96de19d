"""The explorer's first drawing for a big graph, in headless Chromium (``bench/run.py --html``).

    python bench/explorer.py --nodes 5000

A synthetic graph of ``--nodes`` typed entities (the eight types in the devset's proportions,
Chinese labels, an alternative label each, about 1.5 relations per entity between random
entities of the right kinds) is rendered by :func:`kg.render.render_html` (timed: for a graph
this big the layout is computed in Python) and opened from disk in headless Chromium through
Playwright, network blocked, ``--repeat`` times in a fresh browser context. The first drawing is
the explorer's own ready signal: ``body[data-ready=true]``, set by vis-network's first
``afterDrawing`` event. Its time is read in the page (``performance.now()``, i.e. from the
start of navigation) and from outside (wall time of ``page.goto`` until the signal). The page
opens on its cluster view (clusters and what is one relation away), so the first drawing may
show fewer than all entities; the time to redraw with every entity shown (``showAll``) is
measured after it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
READY = "body[data-ready='true']"
# Devset proportions of the eight types (Firm 342, Region 217, Park 182, Agency 120, …).
TYPE_WEIGHTS = {
    "Firm": 342,
    "Region": 217,
    "Park": 182,
    "Agency": 120,
    "Policy": 81,
    "Cluster": 77,
    "Platform": 62,
    "ResearchOrg": 29,
}
SUFFIX = {
    "Firm": "科技有限公司",
    "Region": "市",
    "Park": "高新区",
    "Agency": "科技局",
    "Policy": "若干措施",
    "Cluster": "产业集群",
    "Platform": "创新中心",
    "ResearchOrg": "研究院",
}
RELATIONS = (  # (relation, subject type, object type)
    ("memberOf", "Firm", "Cluster"),
    ("leads", "Firm", "Cluster"),
    ("locatedIn", "Firm", "Region"),
    ("locatedIn", "Park", "Region"),
    ("locatedIn", "Cluster", "Park"),
    ("partOf", "Region", "Region"),
    ("issuedBy", "Policy", "Agency"),
    ("supports", "Policy", "Cluster"),
    ("hasPlatform", "Cluster", "Platform"),
    ("builtBy", "Platform", "ResearchOrg"),
    ("partnerOf", "Firm", "Firm"),
    ("designatedBy", "Cluster", "Agency"),
)
_CHARS = "华东南西北中新光电信息智能制造生物医药材料能源汽车装备软件数据云海天山江河星恒远创"


def synthetic_graph(nodes: int, seed: int = 0):  # noqa: ANN201 - an rdflib Graph
    """A graph of ``nodes`` entities shaped like the ones the pipeline builds."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SKOS

    from kg.graph import CKG, ID

    rng = random.Random(seed)
    graph = Graph()
    types = list(TYPE_WEIGHTS)
    chosen = rng.choices(types, weights=[TYPE_WEIGHTS[t] for t in types], k=nodes)
    by_type: dict[str, list] = {t: [] for t in types}
    for i, type_ in enumerate(chosen):
        node = ID[f"{type_.lower()}/{i:06d}"]
        name = "".join(rng.choice(_CHARS) for _ in range(rng.randint(2, 4))) + SUFFIX[type_]
        graph.add((node, RDF.type, CKG[type_]))
        graph.add((node, SKOS.prefLabel, Literal(f"{name}{i}", lang="zh-Hans")))
        graph.add((node, SKOS.altLabel, Literal(f"{name[:2]}{i}", lang="zh-Hans")))
        by_type[type_].append(node)
    for _ in range(int(nodes * 1.5)):
        relation, subject_type, object_type = rng.choice(RELATIONS)
        if by_type[subject_type] and by_type[object_type]:
            subject = rng.choice(by_type[subject_type])
            obj = rng.choice(by_type[object_type])
            if subject != obj:
                graph.add((subject, CKG[relation], obj))
    return graph


def chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


_RECORD_READY = """
(() => {
  const seen = () => {
    if (document.body && document.body.dataset.ready === "true" && !window.__kgReadyAt) {
      window.__kgReadyAt = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { attributes: true, subtree: true });
})();
"""


_SHOW_ALL = """() => new Promise(resolve => {
  const k = window.kgExplorer, started = performance.now();
  k.network.once("afterDrawing", () => resolve(performance.now() - started));
  k.showAll();
})"""


def measure(nodes: int = 5000, repeat: int = 3, seed: int = 0) -> dict[str, Any]:
    """Render time and first-drawing times (median of ``repeat``) for ``nodes`` entities."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "needs playwright (pip install -e '.[test]')"}
    executable = chromium()
    if executable is None:
        return {"skipped": "needs Chromium (bash .ci/install-browser)"}
    from kg.render import render_html

    graph = synthetic_graph(nodes, seed)
    started = time.perf_counter()
    html = render_html(graph)
    render_s = time.perf_counter() - started
    work = Path(tempfile.mkdtemp(prefix="kg-explorer-"))
    page_path = work / "graph.html"
    page_path.write_text(html, encoding="utf-8")
    in_page: list[float] = []
    wall: list[float] = []
    all_drawn: list[float] = []
    drawn = drawn_all = errors = requests = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
            try:
                for _ in range(repeat):
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    blocked: list[str] = []
                    context.route(
                        "**/*",
                        lambda route, blocked=blocked: (
                            route.continue_()
                            if route.request.url.startswith(("file:", "data:"))
                            else (blocked.append(route.request.url), route.abort())
                        ),
                    )
                    page = context.new_page()
                    page_errors: list[str] = []
                    page.on(
                        "pageerror", lambda e, page_errors=page_errors: page_errors.append(str(e))
                    )
                    page.add_init_script(_RECORD_READY)
                    started = time.perf_counter()
                    page.goto(page_path.as_uri())
                    page.wait_for_selector(READY, state="attached", timeout=120_000)
                    wall.append(time.perf_counter() - started)
                    in_page.append(page.evaluate("window.__kgReadyAt") / 1000)
                    drawn = page.evaluate("window.kgExplorer.drawnNodeCount()")
                    all_drawn.append(page.evaluate(_SHOW_ALL) / 1000)
                    drawn_all = page.evaluate("window.kgExplorer.drawnNodeCount()")
                    errors += len(page_errors)
                    requests += len(blocked)
                    context.close()
            finally:
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "nodes": nodes,
        "edges": sum(1 for _ in graph) - 3 * nodes,
        "html_bytes": len(html.encode("utf-8")),
        "render_s": render_s,
        "first_draw_s": statistics.median(in_page),
        "first_draw_runs_s": in_page,
        "goto_to_drawn_s": statistics.median(wall),
        "drawn_nodes": drawn,
        "show_all_s": statistics.median(all_drawn),
        "show_all_nodes": drawn_all,
        "page_errors": errors,
        "blocked_requests": requests,
        "chromium": executable,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    json.dump(measure(args.nodes, args.repeat), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
