"""Read input files into :class:`SourceDocument` records.

Reading never raises for a bad file: it yields a :class:`ReadProblem` naming the file and the
reason, so that one broken file does not stop a build over a thousand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import SourceDocument

SUPPORTED_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class ReadProblem:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def document_id(text: str) -> str:
    """A stable identifier for a document: a hash of its decoded text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus every supported file below a named folder, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix in SUPPORTED_SUFFIXES
            )
        else:
            found.append(path)
    return found


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM); raise ValueError when it is not text."""
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        raise ValueError(f"not valid UTF-8 at byte {error.start}") from error


def read_file(path: Path) -> SourceDocument:
    data = path.read_bytes()
    text, encoding = decode(data)
    return SourceDocument(path=str(path), text=text, encoding=encoding, doc_id=document_id(text))


def read_documents(paths: Iterable[Path]) -> Iterator[SourceDocument | ReadProblem]:
    for path in paths:
        try:
            yield read_file(path)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            yield ReadProblem(str(path), reason)
