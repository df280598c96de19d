"""What every part of the query package shares: the predeclared prefixes, the term and store
types, :class:`QueryError` and the escapes of a quoted literal."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Identifier

from kg.graph import PREFIXES

DEFAULT_PREFIXES: dict[str, str] = {"rdf": str(RDF), **{k: str(v) for k, v in PREFIXES.items()}}
Term = Identifier
Store = Graph | ox.Store


class QueryError(Exception):
    """A problem with a query or its parameters, worded for a one-line message."""


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
