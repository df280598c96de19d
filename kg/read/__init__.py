"""Read input files into :class:`SourceDocument` records.

Reading never raises for a bad file: it yields a :class:`ReadProblem` naming the file and the
reason, so that one broken file does not stop a build over a thousand.

Formats (by suffix, case-insensitive): ``.txt``, ``.md`` (link/emphasis markup removed), ``.html``/
``.htm`` (visible text, one line per block, scripts and styles dropped) and ``.jsonl`` (one
document per line with a ``text`` field, optional ``id``, ``title``, ``url``, ``date``; its path is
``FILE#LINE``). A file named explicitly with another suffix is read as plain text.

Encodings: a byte-order mark (UTF-8, UTF-16, UTF-32) wins; then strict UTF-8; then GB18030 (a
superset of GBK and GB2312) and Big5. When both decode, an HTML ``<meta charset>`` naming one
decides, else the reading that looks more like Chinese text (character frequencies, see
:func:`_likelihood`), else charset-normalizer restricted to the two, else GB18030. Then UTF-8 with
at most one corrupt sequence per thousand characters (replaced by U+FFFD; the encoding reads e.g.
``utf-8 (1 invalid byte sequence replaced)``); last, charset-normalizer unrestricted. UTF-16
without a byte-order mark is not detected (it reads as binary). The codec used is
:attr:`SourceDocument.encoding`.

The text of a document is the decoded text with line breaks normalised to ``\\n`` and lines
broken mid-sentence rejoined (:func:`rejoin_lines`); character offsets in the graph index this
text, which for a plain UTF-8 file without hard-wrapped lines is the file's text itself.

Limits, because the cost of the pipeline grows with the square of a sentence's length: a
.txt/.md/.html file over :data:`MAX_FILE_BYTES` is skipped unread (a JSON Lines file is streamed;
a record over that size is skipped); a document with a line over :data:`MAX_LINE_CHARS` characters
is skipped (a dump, not prose); a run of more than :data:`MAX_SENTENCE_CHARS` characters without a
sentence end is cut by line breaks at commas or spaces (:func:`split_long_sentences`), so its
words are still read but no single "sentence" costs minutes.

The package, one module per step: :mod:`~kg.read.paths` (finding the input files),
:mod:`~kg.read.decoding` (bytes to text), :mod:`~kg.read.cleanup` (line breaks, wrapped lines,
overlong lines and sentences), :mod:`~kg.read.html` (an HTML page's main content),
:mod:`~kg.read.titles` (document titles), :mod:`~kg.read.documents` (files and JSON Lines records
into documents, duplicates) and :mod:`~kg.read.problems` (:class:`ReadProblem`). The names below
are re-exported here, so ``from kg.read import …`` is the API; the limits are read where they are
defined (patch ``kg.read.documents.MAX_FILE_BYTES``, not ``kg.read.MAX_FILE_BYTES``).
"""

from __future__ import annotations

from kg.read.cleanup import (
    MAX_LINE_CHARS,
    MAX_SENTENCE_CHARS,
    normalise_breaks,
    rejoin_lines,
    split_long_sentences,
)
from kg.read.decoding import decode, reads_as_chinese
from kg.read.documents import (
    MAX_FILE_BYTES,
    RECORD_ID_PREFIX,
    SNIFF_BYTES,
    document_id,
    read_documents,
    read_file,
    read_jsonl,
    record_id,
)
from kg.read.html import main_content
from kg.read.paths import SUPPORTED_SUFFIXES, expand_paths
from kg.read.problems import ReadProblem, Unreadable
from kg.read.titles import TITLE_MAX_CHARS, document_title, title_like, title_line

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "MAX_SENTENCE_CHARS",
    "RECORD_ID_PREFIX",
    "SNIFF_BYTES",
    "SUPPORTED_SUFFIXES",
    "TITLE_MAX_CHARS",
    "ReadProblem",
    "Unreadable",
    "decode",
    "document_id",
    "document_title",
    "expand_paths",
    "main_content",
    "normalise_breaks",
    "read_documents",
    "read_file",
    "read_jsonl",
    "record_id",
    "reads_as_chinese",
    "rejoin_lines",
    "split_long_sentences",
    "title_like",
    "title_line",
]
