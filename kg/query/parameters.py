"""Parameters bound, never pasted: values as escaped RDF terms in a ``VALUES`` block at the
start of the WHERE group, and hints when a value matches nothing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.query.common import _ECHAR, DEFAULT_PREFIXES, QueryError, Store, Term
from kg.query.lexical import _FORMS, _code
from kg.query.named import resolve
from kg.query.output import compact
from kg.query.results import Result

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _escape(value: str) -> str:
    """A string as the body of a SPARQL ``"…"`` literal.

    SPARQL parsers may expand ``\\u``/``\\U`` codepoint escapes over the whole query text before
    parsing (rdflib does, taking up to 8 hex digits), so a ``u``/``U`` right after a backslash is
    itself written as an 8-digit codepoint escape, which such a pass can only read as that letter.
    """
    out: list[str] = []
    for i, char in enumerate(value):
        if char in "uU" and i > 0 and value[i - 1] == "\\":
            out.append(f"\\U{ord(char):08X}")
        else:
            out.append(_ECHAR.get(char, char))
    return "".join(out)


def sparql_term(term: Term) -> str:
    """An RDF term written in SPARQL syntax, escaped so it can only be read as that term."""
    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise QueryError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        body = f'"{_escape(str(term))}"'
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"not a valid language tag: {term.language!r}")
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{body}^^{sparql_term(URIRef(term.datatype))}"
        return body
    raise QueryError(f"cannot bind a {type(term).__name__} as a parameter")


_PREFIXED = re.compile(r"([A-Za-z][\w-]*):([^\s<>\"{}|^`\\]+)")


_ANGLED_IRI = re.compile(r'<[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*>')


def to_term(value: str | Term) -> Term:
    """A parameter value: an rdflib term as is, ``<scheme:…>`` as an IRI, a prefixed name with
    one of the predeclared prefixes (``id:cluster/…``, as results print IRIs) as that IRI,
    anything else a plain string (``<b>``, which is no IRI, too)."""
    if isinstance(value, Identifier):
        return value
    text = str(value)
    if _ANGLED_IRI.fullmatch(text):  # an absolute IRI; <b> or <某园> stays a string
        return URIRef(text[1:-1])
    prefixed = _PREFIXED.fullmatch(text)
    if prefixed and prefixed.group(1) in DEFAULT_PREFIXES:
        return URIRef(DEFAULT_PREFIXES[prefixed.group(1)] + prefixed.group(2))
    return Literal(text)


def _holds_resources(code: str, name: str) -> bool:
    """Whether the query uses ``?name`` as the subject of a triple pattern (so it holds IRIs)."""
    pattern = rf"(?:^|[{{.;]|\bWHERE)\s*[?$]{name}\s+(?:a\b|[A-Za-z][\w-]*:|<|\^)"
    return re.search(pattern, code, re.MULTILINE) is not None


def _in_store(store: Store, iri: URIRef) -> bool:
    if isinstance(store, ox.Store):
        node = ox.NamedNode(str(iri))
        return any(True for _ in store.quads_for_pattern(node, None, None)) or any(
            True for _ in store.quads_for_pattern(None, None, node)
        )
    return (iri, None, None) in store or (None, None, iri) in store


def no_match_hints(
    store: Store, query: str, params: Mapping[str, str | Term] | None, result: Result
) -> list[str]:
    """One-line hints for a query that returned no rows because a parameter matches nothing of
    the kind its variable holds: an IRI that is not in the graph, or a string bound to a
    variable that holds entities (IRIs)."""
    if result.kind != "select" or result.rows or not params:
        return []
    code = _code(resolve(query))
    hints = []
    for name, value in params.items():
        term = to_term(value)
        if isinstance(term, URIRef) and not _in_store(store, term):
            hints.append(f"hint: ?{name}: {compact(term)} is not in the graph")
        elif isinstance(term, Literal) and _holds_resources(code, name):
            label = f" (or ?{name}_label)" if re.search(rf"[?$]{name}_label\b", code) else ""
            hints.append(
                f"hint: ?{name} holds entities (IRIs), not text: pass an IRI as the results "
                f"print it (id:…) or as <https://…>{label}"
            )
    return hints


def parse_params(items: Sequence[str]) -> dict[str, Term]:
    """``key=value`` strings (from ``--param``) as a mapping of variable name → term."""
    params: dict[str, Term] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not _NAME.fullmatch(key):
            raise QueryError(f"--param takes KEY=VALUE with KEY a variable name, got {item!r}")
        quoted = len(value) >= 2 and value[0] == value[-1] == '"'
        params[key] = Literal(value[1:-1]) if quoted else to_term(value)  # "…": always text
    return params


def _where_brace(code: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group."""
    form = _FORMS.search(code)
    if form is None:
        raise QueryError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    skip_groups = 0
    if form.group(1).upper() == "CONSTRUCT":
        if re.match(r"\s*WHERE\b", code[form.end() :], re.I):
            raise QueryError("parameters cannot be bound in the CONSTRUCT WHERE short form")
        skip_groups = 1
    parens = braces = 0
    for index in range(form.end(), len(code)):
        char = code[index]
        if char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif char == "{" and parens == 0:
            if braces == 0 and skip_groups == 0:
                return index + 1
            braces += 1
        elif char == "}" and parens == 0:
            braces -= 1
            if braces == 0:
                skip_groups -= 1
    raise QueryError("the query has no WHERE group to bind parameters in")


def _matching_brace(code: str, start: int) -> int:
    depth = 1
    for index in range(start, len(code)):
        depth += {"{": 1, "}": -1}.get(code[index], 0)
        if depth == 0:
            return index
    raise QueryError("unbalanced braces")


def bind(text: str, params: Mapping[str, str | Term]) -> str:
    """The query with ``params`` bound by a ``VALUES`` block opening its WHERE group."""
    if not params:
        return text
    code = _code(text)
    terms = {name: to_term(value) for name, value in params.items()}
    for name in terms:
        if not _NAME.fullmatch(name):
            raise QueryError(f"not a variable name: {name!r}")
        if not re.search(rf"[?$]{name}(?!\w)", code):
            raise QueryError(f"the query has no variable ?{name} to bind")
    variables = " ".join(f"?{name}" for name in terms)
    values = " ".join(sparql_term(term) for term in terms.values())
    block = f" VALUES ({variables}) {{ ({values}) }} "
    at = _where_brace(code)
    if re.match(r"\s*SELECT\b", code[at:], re.I):  # WHERE { SELECT … }: a sub-select
        end = _matching_brace(code, at)
        return f"{text[:at]}{block}{{{text[at:end]}}}{text[end:]}"
    return f"{text[:at]}{block}{text[at:]}"
