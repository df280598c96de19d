"""The Turtle writer: the same bytes whatever the insertion order and hash seed, parsed back by
rdflib and by pyoxigraph to exactly the triples written (language tags keep their case)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from kg.graph import CKG, ID
from kg.serialise import to_turtle

ROOT = Path(__file__).resolve().parent.parent


def _graph() -> Graph:
    graph = Graph()
    node = ID["firm/1"]
    graph.add((node, RDF.type, CKG.Firm))
    graph.add((node, SKOS.prefLabel, Literal('引号"反斜杠\\换行\n控制\x01', lang="zh-Hans")))
    graph.add((node, SKOS.altLabel, Literal("嵐川電", lang="zh-Hant")))
    graph.add((node, CKG["count"], Literal(42, datatype=XSD.integer)))
    graph.add((node, CKG.amountYuan, Literal("1.50", datatype=XSD.decimal)))
    graph.add((node, CKG.mentionedIn, URIRef(str(ID) + "doc/a%20b#char=0,5")))
    graph.add((node, CKG.blank, BNode("b0")))
    for i in range(30):
        graph.add((ID[f"firm/{i}"], CKG.partnerOf, ID[f"firm/{(i * 7) % 30}"]))
    return graph


def _oxigraph(term: object) -> str:
    """The N-Triples text pyoxigraph gives the rdflib term (its language tags in lower case)."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if term.language:
        return str(ox.Literal(str(term), language=term.language))
    return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string))))


def test_pyoxigraph_reads_back_exactly_the_triples_written() -> None:
    graph = _graph()
    data = to_turtle(graph)
    parsed = {
        (q.subject.value, q.predicate.value, str(q.object))
        for q in ox.parse(data, format=ox.RdfFormat.TURTLE)
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }
    written = {(str(s), str(p), _oxigraph(o)) for s, p, o in graph if not isinstance(o, BNode)}
    assert parsed == written


def test_rdflib_reads_back_the_same_graph_and_language_case() -> None:
    graph = _graph()
    parsed = Graph().parse(data=to_turtle(graph).decode("utf-8"), format="turtle")
    assert isomorphic(parsed, graph)
    languages = {o.language for o in parsed.objects() if isinstance(o, Literal) and o.language}
    assert languages == {"zh-Hans", "zh-Hant"}


_SCRIPT = """
import random, sys
sys.path.insert(0, {tests!r})
from test_turtle_writer import _graph
from kg.serialise import to_turtle
triples = list(_graph())
random.Random(int(sys.argv[1])).shuffle(triples)
sys.stdout.buffer.write(to_turtle(triples))
"""


def test_bytes_do_not_depend_on_hash_seed_or_insertion_order() -> None:
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        script = _SCRIPT.format(tests=str(ROOT / "tests"))
        outputs.add(
            subprocess.run(
                [sys.executable, "-c", script, seed], env=env, capture_output=True, check=True
            ).stdout
        )
    triples = list(_graph())
    random.Random(9).shuffle(triples)
    outputs.add(to_turtle(triples))
    assert len(outputs) == 1
