"""Named queries: ``kg/ontology/queries/NAME.rq`` files, their described parameters, and
resolving a query given by name, file or text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.paths import queries_dir
from kg.query.common import QueryError


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
