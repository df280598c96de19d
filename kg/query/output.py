"""Result output: display forms of terms, terminal-safe tables, CSV, TSV and SPARQL JSON,
streamed for large answers, and the list of named queries."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TextIO

from rdflib import BNode, URIRef
from rdflib.namespace import XSD

from kg.query.common import _ECHAR, DEFAULT_PREFIXES, QueryError, Term
from kg.query.named import named_queries
from kg.query.results import Result

FORMATS = ("table", "csv", "tsv", "json")


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
