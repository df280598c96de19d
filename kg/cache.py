"""Incremental builds: a cache of per-document results.

An entry is keyed by everything the result depends on: the document (text, identifier, encoding,
title, url, date), :data:`kg.pipeline.PIPELINE_VERSION`, and fingerprints of the data files under
``kg/data`` and of the package's code, so that editing a dictionary or a rule invalidates every
entry. The path is not part of the key: a moved or renamed file is still a hit (the cached result
takes the new path). Entries are pickles written atomically; an unreadable entry is a miss.

The default location is ``OUT/.kg-cache``, next to the outputs it produced; ``kg build --no-cache``
ignores it. Entries are never pruned: delete the folder to reclaim the space.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

from kg import __version__
from kg.model import DocumentResult, SourceDocument
from kg.serialise import write_atomic

CACHE_DIR_NAME = ".kg-cache"
_FORMAT = b"cluster-kg result cache 1\n"


def _tree_digest(root: Path, patterns: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in patterns for p in root.rglob(pattern) if p.is_file()})
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def pipeline_fingerprint() -> str:
    """A hash of PIPELINE_VERSION, the package version, the data files and the code."""
    from kg.pipeline import PIPELINE_VERSION

    root = Path(str(resources.files("kg")))
    parts = (
        PIPELINE_VERSION,
        __version__,
        _tree_digest(root / "data", ("*",)),
        _tree_digest(root, ("*.py",)),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def document_key(source: SourceDocument) -> str:
    """The cache key of one document under the current pipeline."""
    fields = (
        pipeline_fingerprint(),
        source.doc_id or "",
        source.encoding,
        source.title or "",
        source.url or "",
        source.date or "",
    )
    digest = hashlib.sha256("\x1f".join(fields).encode("utf-8") + b"\x1e")
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class ResultCache:
    """Pickled :class:`DocumentResult` files under ``folder``, two-level fan-out by key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, source: SourceDocument) -> DocumentResult | None:
        path = self._path(document_key(source))
        try:
            data = path.read_bytes()
            if not data.startswith(_FORMAT):
                raise ValueError("not a cache entry")
            result = pickle.loads(data[len(_FORMAT) :])
            if not isinstance(result, DocumentResult):
                raise ValueError("not a document result")
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return result if result.path == source.path else replace(result, path=source.path)

    def put(self, source: SourceDocument, result: DocumentResult) -> None:
        data = _FORMAT + pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self._path(document_key(source)), data, sync=False)  # a torn entry is a miss
