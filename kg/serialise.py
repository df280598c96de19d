"""Stage 8, serialise: write files atomically (temporary file in the same folder, then rename),
so an interrupted build never leaves a truncated output and the previous one stays intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def to_turtle(graph: Graph) -> bytes:
    """Turtle with a stable order: rdflib sorts subjects, predicates and objects."""
    return graph.serialize(format="turtle", encoding="utf-8")


def write_turtle(graph: Graph, path: Path) -> None:
    write_atomic(path, to_turtle(graph))
