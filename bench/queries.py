"""Load a graph into one store and time every named query; prints JSON lines as it goes (run
as a subprocess by ``bench/run.py``, so that a slow store can be stopped by a time limit without
losing what was measured, and its memory is freed).

    python bench/queries.py --store oxigraph --graph out/graph.ttl [--repeat 3]

Each named query runs twice: with its parameters unbound (every row: the worst case) and with
its first parameter bound to a value taken from the graph (the typical use: one cluster, one
place, one relation).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal

from kg.query import bind, named_queries

CKG = "https://w3id.org/cluster-kg/ontology#"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SLOW_S = 10.0  # a query this slow is not repeated
# a label parameter is bound to the label of an entity that plays the part the query asks about
_LABEL_PARAM_PATTERNS = {
    "cluster_label": "?x ckg:memberOf ?e",
    "place_label": "?x ckg:locatedIn ?e",
    "issuer_label": "?x ckg:issuedBy ?e",
    "subject_label": "?x rdf:subject ?e",
    "object_label": "?x rdf:object ?e",
}
_FIXED = {"entity_type": "Cluster", "relation": "memberOf"}


def _format(path: Path) -> tuple[ox.RdfFormat, str]:
    if path.suffix == ".nt":
        return ox.RdfFormat.N_TRIPLES, "nt"
    return ox.RdfFormat.TURTLE, "turtle"


def load(store: str, path: Path) -> tuple[Any, float, int]:
    started = time.perf_counter()
    ox_format, rdflib_format = _format(path)
    if store == "oxigraph":
        loaded: Any = ox.Store()
        loaded.load(path=str(path), format=ox_format)
    else:
        loaded = Graph().parse(str(path), format=rdflib_format)
    return loaded, time.perf_counter() - started, len(loaded)


def _label_for(store: str, loaded: Any, pattern: str) -> str | None:
    text = (
        f"PREFIX ckg: <{CKG}> PREFIX rdf: <{RDF}> "
        f"SELECT ?label WHERE {{ {pattern} . ?e <{SKOS_PREF}> ?label }} "
        "ORDER BY STR(?label) LIMIT 1"
    )
    rows = list(loaded.query(text))
    if not rows:
        return None
    return rows[0]["label"].value if store == "oxigraph" else str(rows[0][0])


def parameter(store: str, loaded: Any, name: str) -> str | None:
    if name in _FIXED:
        return _FIXED[name]
    pattern = _LABEL_PARAM_PATTERNS.get(name)
    return _label_for(store, loaded, pattern) if pattern else None


def time_query(loaded: Any, text: str, repeat: int) -> dict[str, Any]:
    times = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = sum(1 for _row in loaded.query(text))
        times.append(time.perf_counter() - started)
        if times[-1] > SLOW_S:
            break
    return {"median_s": statistics.median(times), "max_s": max(times), "rows": rows}


def run(store: str, path: Path, repeat: int) -> Iterator[dict[str, Any]]:
    """Records, as they are measured: the load, then each query unbound and bound."""
    loaded, load_s, triples = load(store, path)
    yield {"store": store, "load_s": load_s, "triples": triples}
    for name, query in named_queries().items():
        yield {"query": name, "mode": "all", **time_query(loaded, query.text, repeat)}
        if not query.params:
            continue
        first = next(iter(query.params))
        value = parameter(store, loaded, first)
        if value is not None:
            bound = bind(query.text, {first: Literal(value)})
            timing = time_query(loaded, bound, repeat)
            yield {"query": name, "mode": "bound", "param": f"{first}={value}", **timing}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=("oxigraph", "rdflib"), required=True)
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    for record in run(args.store, args.graph, args.repeat):  # one JSON line each, as measured
        print(json.dumps(record, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
