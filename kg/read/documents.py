"""Files into :class:`~kg.model.SourceDocument` records: one per .txt, .md or .html file, one
per JSON Lines record, each bad file or record a :class:`~kg.read.problems.ReadProblem`, and
duplicates (same text, or a reused id) reported."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.formats import RecordError, html_to_text, markdown_to_text, parse_record
from kg.model import SourceDocument
from kg.read.cleanup import _check_lines, normalise_breaks, rejoin_lines, split_long_sentences
from kg.read.decoding import _declared_charset, decode
from kg.read.html import main_content
from kg.read.paths import SUPPORTED_SUFFIXES
from kg.read.problems import ReadProblem, Unreadable, _reason
from kg.read.titles import document_title, title_like, title_line

MAX_FILE_BYTES = 32 * 1024 * 1024
SNIFF_BYTES = 1024 * 1024  # sample of a JSON Lines file used to detect its encoding


def document_id(text: str) -> str:
    """A stable identifier for a document: a hash of its decoded text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


RECORD_ID_PREFIX = "record-"


def record_id(value: str) -> str:
    """The identifier of a JSON Lines record that states its own ``id``: the id with
    :data:`RECORD_ID_PREFIX`, so it can never equal another document's content hash
    (:func:`document_id`, hexadecimal digits only) nor be a ``.`` or ``..`` IRI segment."""
    return RECORD_ID_PREFIX + value


def _document(path: str, text: str, encoding: str, **meta: str | None) -> SourceDocument:
    if not text.strip():
        raise Unreadable("no text")
    _check_lines(text)
    text = split_long_sentences(text)
    doc_id = meta.pop("doc_id", None) or document_id(text)
    return SourceDocument(path=path, text=text, encoding=encoding, doc_id=doc_id, **meta)


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unreadable(
            f"file too large ({size:,} bytes, limit {MAX_FILE_BYTES:,}): skipped unread"
        )
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def read_file(path: Path) -> SourceDocument:
    """One .txt, .md or .html file (or a file of another suffix, read as plain text)."""
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    is_html = suffix in (".html", ".htm")
    text, encoding = decode(data, _declared_charset(data) if is_html else None)
    text = normalise_breaks(text)
    if is_html:
        page = html_to_text(text)
        if not page.text.strip():
            raise Unreadable("no text in the page (markup only)")
        body = main_content(text) or page.text
        heading = title_line(body)
        if heading and page.title and heading in page.title:  # <title> = heading + site name
            title = heading
        else:
            title = page.title if page.title and title_like(page.title) else None
        return _document(
            str(path),
            body,
            encoding,
            title=title or heading or page.title or document_title("", path),
            url=page.url,
            date=page.date,
        )
    if suffix == ".md":
        text = markdown_to_text(text)
    text = rejoin_lines(text)
    return _document(str(path), text, encoding, title=document_title(text, path))


def _jsonl_encoding(handle: BinaryIO) -> str:
    """The codec of a JSON Lines file, from its first megabyte cut at a line end (UTF-8 with
    corrupt bytes is read as UTF-8: the corrupt records are then problems of their own)."""
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise Unreadable("UTF-16/UTF-32 JSON Lines are not supported: save it as UTF-8")
    cut = sample.rfind(b"\n")
    if cut > 0 and len(sample) == SNIFF_BYTES:
        sample = sample[:cut]
    encoding = decode(sample)[1]
    return "utf-8" if encoding.startswith("utf-8 (") else encoding


def _records(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) pairs; ``None`` for a line over the size limit (not kept)."""
    number = 0
    while True:
        line = handle.readline(MAX_FILE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_FILE_BYTES:
            while line and not line.endswith(b"\n"):
                line = handle.readline(SNIFF_BYTES)
            yield number, None
        else:
            yield number, line


def read_jsonl(path: Path) -> Iterator[SourceDocument | ReadProblem]:
    """One document per JSON Lines record; a bad record is a problem of its own line only."""
    with path.open("rb") as handle:
        encoding = _jsonl_encoding(handle)
        codec = "utf-8-sig" if encoding == "utf-8-sig" else encoding
        count = 0
        for number, raw in _records(handle):
            where = f"{path}#{number}"
            if raw is None:
                yield ReadProblem(where, f"record over {MAX_FILE_BYTES:,} bytes: skipped unread")
                continue
            if not raw.strip():
                continue
            count += 1
            try:
                line = raw.decode(codec if number == 1 else codec.removesuffix("-sig"))
                record = parse_record(line)
                text = rejoin_lines(normalise_breaks(record.text))
                title = record.title or title_line(text)
                meta = {"title": title, "url": record.url, "date": record.date}
                doc_id = record_id(record.id) if record.id else None
                yield _document(where, text, encoding, doc_id=doc_id, **meta)
            except UnicodeDecodeError as error:
                yield ReadProblem(where, f"not {encoding} at byte {error.start}")
            except (RecordError, Unreadable) as error:
                yield ReadProblem(where, str(error))
    if count == 0:
        raise Unreadable("empty file (no records)")


def _read_one(path: Path) -> Iterator[SourceDocument | ReadProblem]:
    """The documents of one path. Any error is this file's problem, never the build's: an
    unexpected one (a bug, say, on some strange markup) is reported with its type."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            yield ReadProblem(str(path), f"no {', '.join(SUPPORTED_SUFFIXES)} files in this folder")
        elif not stat.S_ISREG(mode):
            yield ReadProblem(str(path), "not a regular file (a pipe, socket or device)")
        elif path.suffix.lower() == ".jsonl":
            yield from read_jsonl(path)
        else:
            yield read_file(path)
    except (OSError, ValueError, LookupError, MemoryError) as error:
        yield ReadProblem(str(path), _reason(error))
    except Exception as error:  # one file must not stop the build
        yield ReadProblem(str(path), f"unexpected error: {type(error).__name__}: {error}")


def read_documents(paths: Iterable[Path]) -> Iterator[SourceDocument | ReadProblem]:
    """Every document of every file, in order; a :class:`ReadProblem` for each file or record
    that cannot be read. A document whose identifier was already seen is a problem too: with
    the same text it is a duplicate (its facts are already in), with another text (two JSON
    Lines records sharing an ``id``) its facts would be filed under the first."""
    seen: dict[str, tuple[str, str]] = {}  # doc_id → (first path, text hash)
    for path in paths:
        if isinstance(path, ReadProblem):  # found while listing the inputs (a symbolic link)
            yield path
            continue
        for item in _read_one(Path(path)):
            if isinstance(item, SourceDocument) and item.doc_id is not None:
                digest = document_id(item.text)
                first, first_digest = seen.setdefault(item.doc_id, (item.path, digest))
                if first != item.path and first_digest == digest:
                    item = ReadProblem(item.path, f"same text as {first}: skipped as a duplicate")
                elif first != item.path:
                    stated = item.doc_id.removeprefix(RECORD_ID_PREFIX)
                    item = ReadProblem(item.path, f'duplicate id "{stated}" (also {first})')
            yield item
