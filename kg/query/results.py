"""Query answers (:class:`Result`) and the one spelling of each term that both stores
return (language tags, canonical numbers)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kg.query.common import Term


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
