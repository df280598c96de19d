"""The two stores (rdflib, pyoxigraph): loading a graph and running a query on either, with
results as normalised rdflib terms."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.query.common import DEFAULT_PREFIXES, QueryError, Store, Term
from kg.query.lexical import _one_line, _syntax_message, check
from kg.query.named import resolve
from kg.query.parameters import bind
from kg.query.results import Result, normalise

STORES = ("oxigraph", "rdflib")


def graph_file(path: str | Path) -> Path:
    path = Path(path)
    return path / "graph.ttl" if path.is_dir() else path


def load(path: str | Path, store: str = "oxigraph") -> Store:
    """A graph file (or a build folder holding ``graph.ttl``) loaded into the chosen store."""
    path = graph_file(path)
    try:
        if store == "rdflib":
            return Graph().parse(path, format="turtle")
        if store == "oxigraph":
            loaded = ox.Store()
            loaded.load(path=str(path), format=ox.RdfFormat.TURTLE)
            return loaded
    except (OSError, SyntaxError, ValueError) as error:
        raise QueryError(f"cannot load {path}: {_one_line(str(error))}") from None
    raise QueryError(f"unknown store {store!r}; choose from {', '.join(STORES)}")


def to_oxigraph(graph: Graph) -> ox.Store:
    """An rdflib graph copied into an in-memory Oxigraph store."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _from_oxigraph(term: object) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return normalise(Literal(term.value, lang=term.language))
        return normalise(Literal(term.value, datatype=URIRef(term.datatype.value)))
    raise QueryError(f"unsupported term in result: {term!r}")


def _run_oxigraph(store: ox.Store, text: str, lazy: bool = False) -> Result:
    try:
        answer = store.query(text, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as error:
        raise QueryError(_syntax_message(str(error))) from None
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"query failed: {_one_line(str(error))}") from None
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        graph = Graph()
        for triple in answer:
            graph.add(
                tuple(_from_oxigraph(t) for t in (triple.subject, triple.predicate, triple.object))
            )
        return Result("graph", graph=graph)
    variables = [v.value for v in answer.variables]
    rows = (tuple(_from_oxigraph(solution[v]) for v in variables) for solution in answer)
    return Result("select", variables, rows if lazy else list(rows))


def _run_rdflib(graph: Graph, text: str, lazy: bool = False) -> Result:
    try:
        answer = graph.query(text, initNs=DEFAULT_PREFIXES)
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return Result("graph", graph=answer.graph)
        variables = [str(v) for v in answer.vars]
        rows = [tuple(normalise(row[v]) for v in variables) for row in answer]
    except QueryError:
        raise
    except Exception as error:  # rdflib raises pyparsing and plain Exceptions alike
        line, column = getattr(error, "lineno", None), getattr(error, "col", None)
        if line is not None and column is not None:
            detail = _one_line(getattr(error, "msg", str(error)))
            raise QueryError(
                f"SPARQL syntax error at line {line}, column {column}: {detail}"
            ) from None
        raise QueryError(f"query failed: {_one_line(str(error))}") from None
    return Result("select", variables, rows)


def run(
    store: Store, query: str, params: Mapping[str, str | Term] | None = None, lazy: bool = False
) -> Result:
    """Run a named query, ``.rq`` file or SPARQL text over a loaded store, binding ``params``.
    ``lazy``: on Oxigraph, a SELECT's rows are an iterator, computed as they are read (for
    :func:`write_result`, which streams them)."""
    text = resolve(query)
    check(text)
    bound = bind(text, params or {})
    if isinstance(store, ox.Store):
        return _run_oxigraph(store, bound, lazy)
    if isinstance(store, Graph):
        return _run_rdflib(store, bound, lazy)
    raise QueryError(f"cannot query a {type(store).__name__}")
