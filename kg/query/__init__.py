"""SPARQL over a built graph: named queries, parameter binding, two stores, result formats.

A query is a named query (``kg/ontology/queries/NAME.rq``), a ``.rq`` file or inline SPARQL text.
Parameters are *bound*, never pasted: each value becomes an escaped RDF term in a ``VALUES``
block placed at the start of the query's WHERE group, so it can only ever be a value. Named
queries read an unbound parameter as "no filter" (``FILTER(!BOUND(?p) || …)``), so a query
without parameters returns every row.

Both stores (rdflib and pyoxigraph) run the same query text; results come back as rdflib terms
with numeric literals in canonical form, so the two stores print the same output.

The package, one module per concern: :mod:`~kg.query.named` (named queries),
:mod:`~kg.query.lexical` (the lexical scan and read-only checks), :mod:`~kg.query.parameters`
(binding), :mod:`~kg.query.stores` (loading and running on either store),
:mod:`~kg.query.results` (answers and term normalisation), :mod:`~kg.query.output` (formats),
:mod:`~kg.query.timeout` (a query in a process that can be killed) and :mod:`~kg.query.common`
(prefixes, types, :class:`QueryError`). ``from kg.query import …`` is the API: the names below
are re-exported here.
"""

from __future__ import annotations

from kg.query.common import DEFAULT_PREFIXES, QueryError, Store, Term
from kg.query.lexical import _guard, check
from kg.query.named import NamedQuery, named_queries, resolve
from kg.query.output import (
    FORMATS,
    compact,
    describe_named,
    format_csv,
    format_json,
    format_result,
    format_table,
    format_tsv,
    json_term,
    printable,
    rdf_syntax,
    table_lines,
    write_result,
)
from kg.query.parameters import bind, no_match_hints, parse_params, sparql_term, to_term
from kg.query.results import _INTEGER_TYPES, Result, language_tag, normalise
from kg.query.stores import STORES, graph_file, load, run, to_oxigraph
from kg.query.timeout import TIMED_OUT, run_with_timeout

__all__ = [
    "DEFAULT_PREFIXES",
    "FORMATS",
    "STORES",
    "TIMED_OUT",
    "_INTEGER_TYPES",
    "_guard",
    "NamedQuery",
    "QueryError",
    "Result",
    "Store",
    "Term",
    "bind",
    "check",
    "compact",
    "describe_named",
    "format_csv",
    "format_json",
    "format_result",
    "format_table",
    "format_tsv",
    "graph_file",
    "json_term",
    "language_tag",
    "load",
    "named_queries",
    "no_match_hints",
    "normalise",
    "parse_params",
    "printable",
    "rdf_syntax",
    "resolve",
    "run",
    "run_with_timeout",
    "sparql_term",
    "table_lines",
    "to_oxigraph",
    "to_term",
    "write_result",
]
