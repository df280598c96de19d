"""Stage 8, serialise: write files atomically (temporary file in the same folder, then rename),
so an interrupted build never leaves a truncated output and the previous one stays intact.

Turtle is written by a small sorted writer rather than rdflib's serializer: rdflib's spends most of
its time computing prefixed names (about 35 s per million triples); this one streams the triples
once, formats each distinct term once, and sorts. The output is byte-identical for the same set of
triples whatever order they were added in, and it is plain Turtle 1.1 that rdflib and pyoxigraph
both parse back to an isomorphic graph.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_STRING_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f]')
_TYPE = str(RDF.type)


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it over ``path``
    (``sync``: fsync before the rename, so that the new content survives a crash)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if sync:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_prefixes() -> dict[str, str]:
    from kg.graph import PREFIXES

    prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}
    prefixes.update({name: str(namespace) for name, namespace in PREFIXES.items()})
    return prefixes


class _Formatter:
    """Turtle text for RDF terms, memoised (a graph repeats its IRIs many times)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # longest namespace first, so that a namespace nested in another wins
        self.namespaces = sorted(
            ((ns, name) for name, ns in prefixes.items()), key=lambda x: -len(x[0])
        )
        self.iris: dict[str, str] = {}

    def iri(self, value: str) -> str:
        text = self.iris.get(value)
        if text is None:
            text = self.iris[value] = self._iri(value)
        return text

    def _iri(self, value: str) -> str:
        for namespace, name in self.namespaces:
            if value.startswith(namespace) and _LOCAL_NAME.fullmatch(value, len(namespace)):
                return f"{name}:{value[len(namespace) :]}"
        return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04X}", value) + ">"

    def term(self, term: object) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal):
            return self.literal(term)
        if isinstance(term, BNode):
            return f"_:{term}"
        raise TypeError(f"not an RDF term: {term!r}")

    def literal(self, literal: Literal) -> str:
        text = '"' + _STRING_UNSAFE.sub(_escape_char, str(literal)) + '"'
        if literal.language:
            return f"{text}@{literal.language}"
        if literal.datatype is not None and str(literal.datatype) != str(XSD.string):
            return f"{text}^^{self.iri(str(literal.datatype))}"
        return text


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _STRING_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def turtle_lines(
    triples: Iterable[tuple[object, object, object]], prefixes: Mapping[str, str]
) -> list[str]:
    """Sorted Turtle statements, one subject per block: subjects, predicates (``a`` first) and
    objects each in code-point order of their Turtle text."""
    formatter = _Formatter(prefixes)
    rows = set()
    for s, p, o in triples:
        predicate = "a" if str(p) == _TYPE else formatter.term(p)
        rows.add((formatter.term(s), predicate != "a", predicate, formatter.term(o)))
    lines = [f"@prefix {name}: <{ns}> ." for name, ns in sorted(prefixes.items())]
    subject = None
    for s, _not_type, p, o in sorted(rows):
        if s != subject:
            if subject is not None:
                lines[-1] += " ."
            lines.append("")
            lines.append(f"{s} {p} {o}")
            subject = s
        else:
            lines[-1] += " ;"
            lines.append(f"    {p} {o}")
    if subject is not None:
        lines[-1] += " ."
    lines.append("")
    return lines


def to_turtle(graph: Graph, prefixes: Mapping[str, str] | None = None) -> bytes:
    """Deterministic Turtle: the same triples give the same bytes, whatever their insertion order."""
    lines = turtle_lines(graph, prefixes if prefixes is not None else default_prefixes())
    return "\n".join(lines).encode("utf-8")


def write_turtle(graph: Graph, path: Path) -> None:
    write_atomic(path, to_turtle(graph))
