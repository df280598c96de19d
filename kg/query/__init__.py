"""SPARQL over a built graph: named queries, parameter binding, two stores, result formats.

A query is a named query (``kg/ontology/queries/NAME.rq``), a ``.rq`` file or inline SPARQL text.
Parameters are *bound*, never pasted: each value becomes an escaped RDF term in a ``VALUES``
block placed at the start of the query's WHERE group, so it can only ever be a value. Named
queries read an unbound parameter as "no filter" (``FILTER(!BOUND(?p) || …)``), so a query
without parameters returns every row.

Both stores (rdflib and pyoxigraph) run the same query text; results come back as rdflib terms
with numeric literals in canonical form, so the two stores print the same output.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import multiprocessing
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier

from kg.graph import PREFIXES
from kg.paths import queries_dir

STORES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "tsv", "json")
DEFAULT_PREFIXES: dict[str, str] = {"rdf": str(RDF), **{k: str(v) for k, v in PREFIXES.items()}}
Term = Identifier
Store = Graph | ox.Store


class QueryError(Exception):
    """A problem with a query or its parameters, worded for a one-line message."""


# ---------------------------------------------------------------- named queries


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    description: str
    params: dict[str, str] = field(default_factory=dict)  # name → what it filters


def _parse_header(text: str) -> tuple[str, dict[str, str]]:
    """The leading ``#`` comment: description lines, then ``@param name: meaning`` lines."""
    lines: list[str] = []
    params: dict[str, str] = {}
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        line = raw.lstrip("#").strip()
        match = re.match(r"@param\s+\??(\w+)\s*:?\s*(.*)", line)
        if match:
            params[match.group(1)] = match.group(2)
        elif line:
            lines.append(line)
    return " ".join(lines), params


def named_queries() -> dict[str, NamedQuery]:
    """Every ``.rq`` file in ``kg/ontology/queries``, by name (the file name without ``.rq``)."""
    found = {}
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        description, params = _parse_header(text)
        found[path.stem] = NamedQuery(path.stem, path, text, description, params)
    return found


def _is_file(spec: str) -> bool:
    if "\n" in spec or "{" in spec:
        return False
    try:
        return Path(spec).is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte: inline text, not a path
        return False


def resolve(spec: str) -> str:
    """Query text for a named query, a ``.rq`` file or inline SPARQL."""
    queries = named_queries()
    name = spec.removesuffix(".rq")
    if name in queries and "/" not in spec:
        return queries[name].text
    if _is_file(spec):
        return Path(spec).read_text(encoding="utf-8")
    if re.fullmatch(r"[\w.\-/]+", spec):
        known = ", ".join(queries) or "none"
        raise QueryError(f"no named query or file {spec!r}; named queries: {known}")
    return spec


# ---------------------------------------------------------------- lexical scan

_LEXEME = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
    re.S,
)
_FORMS = re.compile(r"(?<![\w?$:])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:])", re.I)
_UPDATES = re.compile(
    r"(?<![\w?$:])(INSERT|DELETE|DROP|CLEAR|LOAD|CREATE|COPY|MOVE|ADD|WITH)(?![\w:])", re.I
)
_REMOTE = re.compile(r"(?<![\w?$:])(SERVICE|FROM)(?![\w:])", re.I)


def _code(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length, newlines kept)."""
    return _LEXEME.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _guard(text: str) -> None:
    """Refuse updates and anything that would fetch data from elsewhere (SERVICE, FROM)."""
    code = _code(text)
    form = _FORMS.search(code)
    update = _UPDATES.search(code)
    if update and (form is None or update.start() < form.start()):
        raise QueryError(
            f"SPARQL updates are not allowed (read-only) at {_position(text, update.start())}"
        )
    remote = _REMOTE.search(code)
    if remote:
        word = remote.group(1).upper()
        raise QueryError(
            f"{word} is not allowed: queries run over the local graph only, "
            f"at {_position(text, remote.start())}"
        )


def _syntax_message(message: str) -> str:
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.S)
    if not match:
        return f"SPARQL syntax error: {_one_line(message)}"
    line, column, detail = match.groups()
    return f"SPARQL syntax error at line {line}, column {column}: {_one_line(detail)}"


def _one_line(message: str, limit: int = 240) -> str:
    flat = " ".join(str(message).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def check(text: str) -> None:
    """Raise :class:`QueryError` (with line and column) unless ``text`` is a read-only query."""
    _guard(text)
    try:
        ox.Store().query(text, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as error:
        raise QueryError(_syntax_message(str(error))) from None


# ---------------------------------------------------------------- parameters

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
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
    if _ANGLED_IRI.fullmatch(text):  # an absolute IRI; <b> or <中关村> stays a string
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


# ---------------------------------------------------------------- stores and results


@dataclass
class Result:
    """A query answer: solutions (``variables``/``rows``), a boolean, or a graph."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def records(self) -> list[dict[str, str | None]]:
        return [
            {v: None if t is None else str(t) for v, t in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]


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


def _canonical_number(term: Literal) -> Literal:
    datatype = str(term.datatype)
    try:
        if datatype == str(XSD.decimal):
            value = Decimal(str(term))
            if value == value.to_integral_value():
                return Literal(f"{int(value)}.0", datatype=term.datatype)
            return Literal(format(value.normalize(), "f"), datatype=term.datatype)
        if datatype in _INTEGER_TYPES:  # oxigraph reports every integer type as xsd:integer
            return Literal(str(int(str(term))), datatype=XSD.integer)
        if datatype in (str(XSD.double), str(XSD.float)) and math.isfinite(float(str(term))):
            return Literal(repr(float(str(term))), datatype=term.datatype)
    except (InvalidOperation, ValueError):
        return term
    return term


_INTEGER_TYPES = {
    str(XSD[name])
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip


def language_tag(tag: str) -> str:
    """BCP 47 casing (``zh-Hans``, ``en-GB``): stores differ in how they case language tags."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(
            part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower()
        )
    return "-".join(out)


def normalise(term: Term | None) -> Term | None:
    """One spelling per term: plain strings without ``xsd:string``, canonical numbers."""
    if isinstance(term, Literal):
        if term.language:
            return Literal(str(term), lang=language_tag(term.language))
        if term.datatype is None or term.datatype == XSD.string:
            return Literal(str(term))
        return _canonical_number(term)
    return term


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


# ---------------------------------------------------------------- output


def compact(term: Term | None) -> str:
    """A short display form: prefixed names for known namespaces, literal text as is."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in DEFAULT_PREFIXES.items():
            if str(term).startswith(namespace):
                return f"{prefix}:{str(term)[len(namespace) :]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (ESC, BEL, bidi overrides …) written as
    ``\\x1b``/``\\u202e`` escapes, so a document cannot drive the terminal."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


def _clip(text: str, limit: int) -> str:
    text = printable(" ".join(text.split()))
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for char in text:
        used += _width(char)
        if used > limit - 1:
            break
        out.append(char)
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table_lines(result: Result, max_width: int = 48, sample: int = 1000) -> Iterator[str]:
    """The table, line by line, for rows that may be an iterator: column widths come from the
    first ``sample`` rows (all of them for smaller results, so the output equals
    :func:`format_table`'s); later rows are padded to those widths."""
    rows = iter(result.rows)
    head = [[_clip(compact(t), max_width) for t in row] for row in itertools.islice(rows, sample)]
    widths = [
        max([_width(printable(name))] + [_width(row[i]) for row in head])
        for i, name in enumerate(result.variables)
    ]

    def line(cells: list[str]) -> str:
        return " | ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    yield line([printable(v) for v in result.variables])
    yield "-+-".join("-" * w for w in widths).rstrip()
    count = 0
    for cells in head:
        count += 1
        yield line(cells)
    for row in rows:
        count += 1
        yield line([_clip(compact(t), max_width) for t in row])
    yield f"({count} row{'s' if count != 1 else ''})"


def write_result(result: Result, fmt: str, out: TextIO) -> int:
    """Write ``result`` to ``out`` as :func:`format_result` would, streaming a SELECT's rows
    (never all in memory); the number of rows written."""
    if result.kind != "select":
        out.write(format_result(result, fmt) + "\n")
        return 0
    count = 0
    if fmt == "table":
        seen = [0]

        def counted(rows: Iterable[tuple]) -> Iterator[tuple]:
            for row in rows:
                seen[0] += 1
                yield row

        for text in table_lines(Result("select", result.variables, counted(result.rows))):
            out.write(text + "\n")
        return seen[0]
    if fmt in ("csv", "tsv"):
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(result.variables)
            for row in result.rows:
                writer.writerow([_plain(t) for t in row])
                count += 1
        else:
            out.write("\t".join(f"?{v}" for v in result.variables) + "\n")
            for row in result.rows:
                out.write("\t".join(rdf_syntax(t) for t in row) + "\n")
                count += 1
        return count
    if fmt != "json":
        raise QueryError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    head = json.dumps({"vars": result.variables}, ensure_ascii=False)
    out.write(f'{{\n  "head": {head},\n  "results": {{\n    "bindings": [')
    for row in result.rows:
        binding = {
            v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None
        }
        out.write(("," if count else "") + "\n      " + json.dumps(binding, ensure_ascii=False))
        count += 1
    out.write("\n    ]\n  }\n}\n")
    return count


class _Channel(io.TextIOBase):
    """A child's stdout or stderr: text sent to the parent in pieces of about 64 KB."""

    def __init__(self, conn: Any, name: str) -> None:
        self.conn, self.name, self.parts, self.size = conn, name, [], 0

    def writable(self) -> bool:
        return True

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("a text stream")
        self.parts.append(text)
        self.size += len(text)
        if self.size >= 1 << 16 or self.name == "err":
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            self.conn.send((self.name, "".join(self.parts)))
            self.parts, self.size = [], 0


def run_with_timeout(task: Callable[[], int], timeout: float | None) -> int:
    """Run ``task`` (which writes to stdout and stderr and returns an exit status) in a child
    process and stop it after ``timeout`` seconds (None or 0: no limit). A query cannot be
    interrupted inside the store, so it runs where it can be killed; its output is relayed as
    it comes. The task's exit status, or :data:`TIMED_OUT`."""
    if not timeout or "fork" not in multiprocessing.get_all_start_methods():
        return task()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        code = 1
        out, err = _Channel(sender, "out"), _Channel(sender, "err")
        sys.stdout, sys.stderr = out, err
        try:
            code = task()
        finally:
            out.flush()
            err.flush()
            sender.close()
            os._exit(code)

    process = context.Process(target=child)
    process.start()
    sender.close()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not receiver.poll(left):
                process.kill()
                process.join()
                return TIMED_OUT
            try:
                name, text = receiver.recv()
            except EOFError:
                break
            stream = sys.stdout if name == "out" else sys.stderr
            try:
                stream.write(text)
                stream.flush()
            except BrokenPipeError:  # the reader stopped (| head): stop the query
                process.kill()
                process.join()
                return 0
    except BaseException:  # Ctrl-C: stop the query too
        process.kill()
        process.join()
        raise
    finally:
        receiver.close()
    process.join()
    return process.exitcode or 0


TIMED_OUT = 124  # as timeout(1)


def format_table(result: Result, max_width: int = 48) -> str:
    rows = list(result.rows)
    whole = Result(result.kind, result.variables, rows)
    return "\n".join(table_lines(whole, max_width, sample=max(1, len(rows))))


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def format_csv(result: Result, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables)
    writer.writerows([_plain(t) for t in row] for row in result.rows)
    return buffer.getvalue().rstrip("\n")


def rdf_syntax(term: Term | None) -> str:
    """A term in N-Triples syntax (used by TSV output)."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return f"<{term}>"
    body = '"' + "".join(_ECHAR.get(c, c) for c in str(term)) + '"'
    if term.language:
        return f"{body}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{body}^^<{term.datatype}>"
    return body


def format_tsv(result: Result) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(rdf_syntax(t) for t in row) for row in result.rows]
    return "\n".join(lines)


def json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    body = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False, indent=2)


def format_result(result: Result, fmt: str = "table") -> str:
    if result.kind == "graph":
        for prefix, namespace in DEFAULT_PREFIXES.items():
            result.graph.bind(prefix, namespace)
        return result.graph.serialize(format="turtle").rstrip("\n")
    if result.kind == "ask":
        return format_json(result) if fmt == "json" else ("true" if result.boolean else "false")
    formatters = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}
    if fmt not in formatters:
        raise QueryError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return formatters[fmt](result)


def describe_named() -> str:
    """One paragraph per named query: name, parameters, what it answers."""
    blocks = []
    for query in named_queries().values():
        params = " ".join(f"[--param {p}=…]" for p in query.params)
        lines = [f"{query.name} {params}".rstrip(), f"    {query.description}"]
        lines += [f"    ?{p}: {meaning}" for p, meaning in query.params.items()]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
