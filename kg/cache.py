"""Incremental builds: a cache of per-document results.

An entry is keyed by everything the result depends on: the document (text, identifier, encoding,
title, url, date), :data:`kg.pipeline.PIPELINE_VERSION`, and fingerprints of the data files under
``kg/data`` and of the package's code, so that editing a dictionary or a rule invalidates every
entry (:func:`document_key` is the one place the key is computed). The path is not part of the
key: a moved or renamed file is still a hit (the cached result takes the new path).

Entries are *data*, never code: JSON of the result's dataclasses, decoded field by field with
every type checked, and signed with HMAC-SHA256 under a per-user secret key kept outside the
output folder (``$XDG_CACHE_HOME/cluster-kg/cache-key``, mode 0600). An entry that was planted,
altered, truncated or written by another user's key does not verify and is a miss: the document
is extracted again. Entries are written atomically.

The default location is ``OUT/.kg-cache``, next to the outputs it produced; ``kg build --no-cache``
ignores it. Entries live in one folder per pipeline fingerprint; :meth:`ResultCache.prune`
(run by every build) deletes the folders of other fingerprints, so the cache holds one
pipeline version's entries at most.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg import __version__
from kg.model import (
    DocumentResult,
    Entity,
    Evidence,
    Measurement,
    Mention,
    Relation,
    SourceDocument,
)
from kg.serialise import write_atomic

CACHE_DIR_NAME = ".kg-cache"
_FORMAT = b"cluster-kg result cache 2\n"
_SUFFIX = ".json"
KEY_FILE_ENV = "KG_CACHE_KEY_FILE"  # where the signing key lives (default: the user's cache dir)


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


def document_key(source: SourceDocument, fingerprint: str | None = None) -> str:
    """The cache key of one document under a pipeline's ``fingerprint``
    (:attr:`kg.pipeline.Pipeline.fingerprint`; None: the default pipeline's)."""
    if fingerprint is None:
        from kg.pipeline import default_pipeline

        fingerprint = default_pipeline().fingerprint
    fields = (
        fingerprint,
        source.doc_id or "",
        source.encoding,
        source.title or "",
        source.url or "",
        source.date or "",
    )
    digest = hashlib.sha256("\x1f".join(fields).encode("utf-8") + b"\x1e")
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# ---------------------------------------------------------------- the signing key


def key_file() -> Path:
    """The per-user secret that signs cache entries (never inside an output folder)."""
    if os.environ.get(KEY_FILE_ENV):
        return Path(os.environ[KEY_FILE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cluster-kg" / "cache-key"


def signing_key() -> bytes | None:
    """The signing key, created on first use; None when it cannot be read or created."""
    path = key_file()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        handle = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(32))
        try:
            os.link(fresh, path)  # the first writer wins; a concurrent build reads its key
        except FileExistsError:
            pass
        finally:
            fresh.unlink(missing_ok=True)
        data = path.read_bytes()
        return data if len(data) >= 32 else None
    except OSError:
        return None


# ---------------------------------------------------------------- entries as data


class _Invalid(ValueError):
    """An entry that does not have the shape of a document result."""


def _check(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise _Invalid(f"expected {kind}, got {type(value).__name__}")
    return value


def _opt(value: Any, kind: type) -> Any:
    return None if value is None else _check(value, kind)


def _strs(values: Any) -> list[str]:
    return [_check(v, str) for v in _check(values, list)]


def _key(value: Any) -> tuple[str, str]:
    pair = _strs(value)
    if len(pair) != 2:
        raise _Invalid("an entity key is a (type, name) pair")
    return (pair[0], pair[1])


def _evidence_data(e: Evidence) -> list[Any]:
    return [e.doc_id, e.start, e.end, e.text]


def _evidence(data: Any) -> Evidence:
    doc_id, start, end, text = _check(data, list)
    return Evidence(_check(doc_id, str), _check(start, int), _check(end, int), _check(text, str))


def encode_result(result: DocumentResult) -> dict[str, Any]:
    """A :class:`DocumentResult` as JSON-ready data (sets sorted, decimals as strings)."""
    return {
        "doc_id": result.doc_id,
        "path": result.path,
        "title": result.title,
        "encoding": result.encoding,
        "length": result.length,
        "url": result.url,
        "date": result.date,
        "entities": [
            {
                "type": e.type,
                "name": e.name,
                "aliases": sorted(e.aliases),
                "traditional": sorted(e.traditional),
                "mentions": [
                    [
                        m.type,
                        m.name,
                        m.start,
                        m.end,
                        m.sentence,
                        m.surface,
                        m.rule,
                        list(m.aliases),
                        m.nested,
                        m.from_table,
                        None if m.key is None else list(m.key),
                    ]
                    for m in e.mentions
                ],
            }
            for e in result.entities
        ],
        "relations": [
            [list(r.head), r.relation, list(r.tail), _evidence_data(r.evidence), r.cue]
            for r in result.relations
        ],
        "measurements": [
            [
                list(m.entity),
                m.quantity,
                m.label,
                _evidence_data(m.evidence),
                None if m.amount_yuan is None else str(m.amount_yuan),
                m.count,
                m.year,
            ]
            for m in result.measurements
        ],
    }


def _mention(data: Any) -> Mention:
    kind, name, start, end, sentence, surface, rule, aliases, nested, table, key = _check(
        data, list
    )
    return Mention(
        _check(kind, str),
        _check(name, str),
        _check(start, int),
        _check(end, int),
        _check(sentence, int),
        _check(surface, str),
        _check(rule, str),
        tuple(_strs(aliases)),
        _check(nested, bool),
        _check(table, bool),
        None if key is None else _key(key),
    )


def _entity(data: Any) -> Entity:
    _check(data, dict)
    return Entity(
        type=_check(data["type"], str),
        name=_check(data["name"], str),
        aliases=set(_strs(data["aliases"])),
        traditional=set(_strs(data["traditional"])),
        mentions=[_mention(m) for m in _check(data["mentions"], list)],
    )


def _relation(data: Any) -> Relation:
    head, relation, tail, evidence, cue = _check(data, list)
    return Relation(
        _key(head), _check(relation, str), _key(tail), _evidence(evidence), _check(cue, str)
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(_check(value, str))
    except InvalidOperation as error:
        raise _Invalid("not a decimal") from error


def _measurement(data: Any) -> Measurement:
    entity, quantity, label, evidence, amount, count, year = _check(data, list)
    return Measurement(
        _key(entity),
        _check(quantity, str),
        _check(label, str),
        _evidence(evidence),
        _decimal(amount),
        _opt(count, int),
        _opt(year, int),
    )


def decode_result(data: Any) -> DocumentResult:
    """The inverse of :func:`encode_result`; :class:`ValueError` for anything else."""
    try:
        _check(data, dict)
        result = DocumentResult(
            doc_id=_check(data["doc_id"], str),
            path=_check(data["path"], str),
            title=_opt(data["title"], str),
            encoding=_check(data["encoding"], str),
            length=_check(data["length"], int),
            url=_opt(data["url"], str),
            date=_opt(data["date"], str),
            entities=[_entity(e) for e in _check(data["entities"], list)],
            relations=[_relation(r) for r in _check(data["relations"], list)],
            measurements=[_measurement(m) for m in _check(data["measurements"], list)],
        )
    except (KeyError, TypeError, ValueError) as error:  # wrong arity unpacks raise ValueError
        raise _Invalid(f"not a document result: {error}") from error
    return result


class ResultCache:
    """Signed JSON :class:`DocumentResult` files under ``folder``, one folder per pipeline
    fingerprint, then a two-level fan-out by key."""

    def __init__(self, folder: Path, fingerprint: str | None = None) -> None:
        """``fingerprint``: the pipeline's (None: the default pipeline's)."""
        if fingerprint is None:
            from kg.pipeline import default_pipeline

            fingerprint = default_pipeline().fingerprint
        self.fingerprint = fingerprint
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries present but not verified or not decodable
        self._secret = signing_key()

    def _generation(self) -> Path:
        return self.folder / self.fingerprint[:24]

    def _path(self, key: str) -> Path:
        return self._generation() / key[:2] / f"{key}{_SUFFIX}"

    def _mac(self, key: str, body: bytes) -> bytes:
        assert self._secret is not None
        mac = hmac.new(self._secret, _FORMAT + key.encode("ascii") + b"\n", hashlib.sha256)
        mac.update(body)
        return mac.hexdigest().encode("ascii")

    def get(self, source: SourceDocument) -> DocumentResult | None:
        if self._secret is None:
            self.misses += 1
            return None
        key = document_key(source, self.fingerprint)
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            if not data.startswith(_FORMAT):
                raise _Invalid("not a cache entry")
            mac, _, body = data[len(_FORMAT) :].partition(b"\n")
            if not hmac.compare_digest(mac, self._mac(key, body)):
                raise _Invalid("signature does not verify")
            result = decode_result(json.loads(body.decode("utf-8", "surrogatepass")))
        except (ValueError, UnicodeDecodeError, RecursionError):
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return result if result.path == source.path else replace(result, path=source.path)

    def put(self, source: SourceDocument, result: DocumentResult) -> None:
        if self._secret is None:
            return
        key = document_key(source, self.fingerprint)
        body = json.dumps(encode_result(result), ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"
        )
        data = _FORMAT + self._mac(key, body) + b"\n" + body
        write_atomic(self._path(key), data, sync=False)  # a torn entry is a miss

    def prune(self) -> int:
        """Delete the entries of other pipeline fingerprints (and pre-JSON entries); how many
        folders were removed."""
        keep = self._generation().name
        removed = 0
        try:
            children = list(self.folder.iterdir())
        except OSError:
            return 0
        for child in children:
            if child.name == keep or child.is_symlink() or not child.is_dir():
                continue
            shutil.rmtree(child, ignore_errors=True)
            removed += 1
        return removed
