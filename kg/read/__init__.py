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
"""

from __future__ import annotations

import hashlib
import math
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

import charset_normalizer
import jieba

from kg.formats import RecordError, html_to_text, markdown_to_text, parse_record
from kg.model import SourceDocument
from kg.normalise import to_simplified
from kg.segment import heading_level

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_LINE_CHARS = 1_000_000
MAX_SENTENCE_CHARS = 2_000
SNIFF_BYTES = 1024 * 1024  # sample of a JSON Lines file used to detect its encoding

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CHINESE = ("gb18030", "big5", "cp950", "big5hkscs")  # preference order; Big5 variants as one
_DECLARED = {  # an HTML <meta charset> → the codec that reads it (GB18030 is a superset of GBK)
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "cp936", "gb18030"), "gb18030"),
    **{"big5": "big5", "big5-hkscs": "big5hkscs", "cp950": "cp950"},
}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
_BAD_SHARE = 0.01  # more control or private-use characters than this: not text
_REPLACED = re.compile("\ufffd+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")


@dataclass(frozen=True)
class ReadProblem:
    path: str
    reason: str

    def __str__(self) -> str:
        """``PATH: reason`` on one line, whatever characters the file name holds."""
        path = self.path if self.path.isprintable() else repr(self.path)[1:-1]
        return f"{path}: {' '.join(self.reason.split())}"


class Unreadable(ValueError):
    """A file (or record) that is not a usable document; the message is the reason."""


def document_id(text: str) -> str:
    """A stable identifier for a document: a hash of its decoded text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# --- finding files ------------------------------------------------------------------------------


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk(
    root: Path, follow_links: bool, exclude: tuple[Path, ...]
) -> Iterator[Path | ReadProblem]:
    """Supported, non-hidden files below ``root``, sorted. A symbolic link is followed only when
    its target is inside ``root`` (a file) or never (a folder), unless ``follow_links``; a link
    left alone is a :class:`ReadProblem`. Files inside an ``exclude`` folder are never listed."""
    real_root = root.resolve()
    visited: set[Path] = {real_root}
    out: list[Path | ReadProblem] = []

    def visit(folder: Path) -> None:
        try:
            entries = sorted(folder.iterdir())
        except OSError as error:
            out.append(ReadProblem(str(folder), _reason(error)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            real = entry.resolve()
            if any(_inside(real, e) for e in exclude):
                continue
            if entry.is_symlink():
                if entry.is_dir():
                    if not follow_links:
                        out.append(
                            ReadProblem(str(entry), "symbolic link to a folder: not followed")
                        )
                        continue
                elif not entry.is_file() or not _supported(entry):
                    continue
                elif not follow_links and not _inside(real, real_root):
                    out.append(
                        ReadProblem(
                            str(entry),
                            "symbolic link to a file outside the input folder: not followed"
                            " (kg build --follow-links reads it)",
                        )
                    )
                    continue
            if entry.is_dir():
                if real not in visited:  # a link loop is walked once
                    visited.add(real)
                    visit(entry)
            elif entry.is_file() and _supported(entry):
                out.append(entry)

    visit(root)
    yield from out


def expand_paths(
    paths: Iterable[str | Path],
    follow_links: bool = False,
    exclude: Iterable[str | Path] = (),
) -> list[Path | ReadProblem]:
    """Files named directly (whatever their suffix), plus every supported file below a named
    folder, sorted, hidden files and folders skipped. A folder holding no supported file is
    kept in the list so that reading reports it instead of it vanishing silently.

    Below a folder, symbolic links that lead out of it are not followed unless
    ``follow_links`` (each is listed as a :class:`ReadProblem`), and nothing inside an
    ``exclude`` folder (the build's output folder) is read."""
    found: list[Path | ReadProblem] = []
    seen: set[Path] = set()
    excluded = tuple(Path(e).resolve() for e in exclude)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = list(_walk(path, follow_links, excluded))
            members = inside if any(isinstance(m, Path) for m in inside) else [*inside, path]
        else:
            members = [path]
        for member in members:
            if isinstance(member, ReadProblem):
                found.append(member)
            elif member not in seen:
                seen.add(member)
                found.append(member)
    return found


# --- decoding -----------------------------------------------------------------------------------


def _plausible(text: str) -> bool:
    """Decoded text, not decoded noise: few control or private-use characters."""
    if not text:
        return True
    return len(_BAD_CHARS.findall(text)) <= _BAD_SHARE * len(text)


def _declared_charset(data: bytes) -> str | None:
    """A Chinese charset named by an HTML ``<meta charset>`` in the first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return _DECLARED.get(match.group(1).decode("ascii").lower()) if match else None


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as error:
                name = codec.removesuffix("-sig").upper()
                raise Unreadable(
                    f"invalid {name} after byte-order mark (byte {error.start})"
                ) from None
    return None


def _decode_utf8(data: bytes) -> str | None:
    """Strict UTF-8; a character cut off at the very end (a truncated file) is dropped."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data) and error.start > 0:
            try:
                return data[: error.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
        return None


def _decode_mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few corrupt bytes (at most one sequence per thousand characters): each bad
    sequence becomes U+FFFD and the codec name says how many, rather than losing the file."""
    text = data.decode("utf-8", "replace")
    bad = len(_REPLACED.findall(text)) - len(_REPLACED.findall(data.decode("utf-8", "ignore")))
    if bad > max(1, len(text) // 1000):
        return None
    try:
        data.decode("utf-8")
        first = 0
    except UnicodeDecodeError as error:
        first = error.start
    plural = "s" if bad > 1 else ""
    return text, f"utf-8 ({bad} invalid byte sequence{plural} replaced, first at byte {first})"


_PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·"
_SCORE_SAMPLE = 20_000  # characters of a reading that are scored


@cache
def _char_weights() -> dict[str, float]:
    """log(1 + frequency) of every character in jieba's dictionary of Simplified words, and
    the common Chinese punctuation as frequent as the most frequent character."""
    counts: Counter[str] = Counter()
    path = Path(jieba.__file__).with_name("dict.txt")
    if path.exists():
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                word, count, *_rest = line.split(" ")
                for ch in word:
                    counts[ch] += int(count)
    weights = {ch: math.log1p(n) for ch, n in counts.items()}
    top = max(weights.values(), default=1.0)
    weights.update(dict.fromkeys(_PUNCTUATION, top))
    return weights


def _likelihood(text: str) -> float:
    """How much a reading looks like Chinese: the mean weight of its non-ASCII characters,
    Traditional ones first made Simplified. Big5 bytes read as GB18030 (or the reverse) give
    valid but rare characters, kana and symbols: the mojibake reading scores lower, even on a
    few characters where statistics of byte patterns cannot tell."""
    weights = _char_weights()
    sample = [
        ch for ch in to_simplified(text[:_SCORE_SAMPLE]) if ord(ch) > 0x7F and not ch.isspace()
    ]
    return sum(weights.get(ch, 0.0) for ch in sample) / len(sample) if sample else 0.0


def _charset_normalizer_choice(data: bytes) -> str | None:
    """charset-normalizer between GB18030 and Big5, when it strictly prefers one."""
    found = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"])
    ranks = {m.encoding: (m.chaos, -m.coherence) for m in found}
    if len(set(ranks.values())) != len(ranks) or not ranks:
        return None
    return min(ranks, key=ranks.__getitem__)


def _decode_chinese(data: bytes, prefer: str | None) -> tuple[str, str] | None:
    """GB18030 or Big5 (or a Big5 variant), whichever gives plausible text. When both do: the
    declared one; else the one that reads more like Chinese (:func:`_likelihood`); on a tie
    charset-normalizer's strict preference; else GB18030."""
    readings: dict[str, tuple[str, str]] = {}  # family → (text, codec)
    for codec in _CHINESE:
        family = "gb18030" if codec == "gb18030" else "big5"
        if family in readings:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            if not (error.end == len(data) and len(data) - error.start < 4 and error.start):
                continue
            try:  # a file cut off in the middle of its last character: drop that character
                text = data[: error.start].decode(codec)
            except UnicodeDecodeError:
                continue
        if _plausible(text):
            readings[family] = (text, codec)
    if len(readings) <= 1:
        return next(iter(readings.values()), None)
    if prefer is not None:
        return readings["gb18030" if prefer == "gb18030" else "big5"]
    gb, big5 = (_likelihood(readings[f][0]) for f in ("gb18030", "big5"))
    if gb != big5:
        return readings["gb18030" if gb > big5 else "big5"]
    return readings[_charset_normalizer_choice(data) or "gb18030"]


_DAMAGE_SHARE = 0.03  # at most this share of characters replaced, else the file is not text
_MIN_LIKELIHOOD = 9.5  # :func:`_likelihood` of Chinese text is about 11.5; mojibake reads lower
_MIN_PAIR_SHARE = 0.15  # of adjacent Han characters that form a dictionary word (Chinese: ~0.5)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _decode_damaged(data: bytes, prefer: str | None) -> tuple[str, str] | None:
    """UTF-8, GB18030 or Big5 with some bad bytes (a stray byte, a line in another encoding):
    the reading with the fewest replaced sequences, if at most :data:`_DAMAGE_SHARE` of its
    characters; the codec name says how many were replaced and where the first one is."""
    best = None
    for codec in ("utf-8", "gb18030", "big5"):
        text = data.decode(codec, "replace")
        bad = len(_REPLACED.findall(text)) - len(_REPLACED.findall(data.decode(codec, "ignore")))
        if bad == 0:
            continue
        rank = (bad, codec != prefer, -_likelihood(text))
        if best is None or rank < best[0]:
            best = (rank, text, codec, bad)
    if best is None:
        return None
    _, text, codec, bad = best
    if bad > max(4, _DAMAGE_SHARE * len(text)) or not _plausible(text):
        return None
    try:
        data.decode(codec)
        first = 0
    except UnicodeDecodeError as error:
        first = error.start
    plural = "s" if bad > 1 else ""
    return text, f"{codec} ({bad} invalid byte sequence{plural} replaced, first at byte {first})"


@cache
def _word_pairs() -> frozenset[str]:
    """Two-character words of jieba's dictionary."""
    path = Path(jieba.__file__).with_name("dict.txt")
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8") as lines:
        return frozenset(w for w in (line.split(" ", 1)[0] for line in lines) if len(w) == 2)


def reads_as_chinese(text: str) -> bool:
    """Whether a legacy-codec reading is Chinese rather than mojibake (Shift-JIS, EUC-KR or
    Latin-1 bytes read as GB18030 give valid characters that no Chinese text strings
    together): its characters are frequent ones and its neighbours form words."""
    if _likelihood(text) < _MIN_LIKELIHOOD:
        return False
    pairs = hits = 0
    words = _word_pairs()
    for run in _HAN_RUN.findall(to_simplified(text[:_SCORE_SAMPLE])):
        for i in range(len(run) - 1):
            pairs += 1
            hits += run[i : i + 2] in words
    return pairs < 20 or not words or hits >= _MIN_PAIR_SHARE * pairs


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text and name the codec used; raise :class:`Unreadable` when the bytes
    are empty, binary or in no encoding we can tell."""
    if not data.strip(b" \t\r\n\f\v") or any(data == bom for bom, _ in _BOMS):
        raise Unreadable("empty file")
    result = _decode_bom(data)
    if result is None:
        if b"\x00" in data[:8192]:
            raise Unreadable("binary file (NUL bytes)")
        text = _decode_utf8(data)
        if text is not None:
            result = (text, "utf-8")
        else:
            result = (
                _decode_chinese(data, declared)
                or _decode_mostly_utf8(data)
                or _decode_damaged(data, declared)
            )
            if result is None:
                guess = charset_normalizer.from_bytes(data).best()
                result = (str(guess), guess.encoding) if guess is not None else None
            if (
                result is not None
                and not result[1].startswith("utf-8")
                and _plausible(result[0])
                and not reads_as_chinese(result[0])
            ):
                raise Unreadable(
                    f"not Chinese text: read as {result[1].split(' ')[0]} it is mojibake"
                    " (Japanese, Korean or a Western encoding?)"
                )
    if result is None or not _plausible(result[0]):
        raise Unreadable("binary or undecodable (not UTF-8, UTF-16, GB18030 or Big5 text)")
    if not result[0].strip():
        raise Unreadable("empty file")
    return result


# --- text clean-up ------------------------------------------------------------------------------

_FINAL = set("。！？!?；;…")
_QUOTES = "”’」』\"'"
_CLOSERS = set("）)》】")
_CONTINUES = set("，、,“‘（(《—-/%％")  # a line ending in these is mid-sentence
_LEADS = set(
    "，、,。.；;：:！？!?）)》”’」』%“‘「『《（(【"
)  # a line starting with these continues the last
_STRUCTURE = re.compile(
    r"^\s*(#|>|[-*+•·●■◆▪▶]\s|\d{1,3}[.、)）](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|第[一二三四五六七八九十百\d]+[章节条部分篇])"
)
_MIN_WRAP_WIDTH = 50  # display columns: 25 CJK characters (list items and captions are shorter)
_WRAP_SLACK = 4  # a wrapped line is within this many columns of the wrap width
_WRAP_LINES = 3  # at least this many lines at the wrap width …
_WRAP_SHARE = 0.5  # … and this share of the lines of at least _MIN_WRAP_WIDTH columns
_MIN_HAN_SHARE = 0.3  # a line of Chinese text, not English or numbers


def _is_han(ch: str) -> bool:
    return (
        "\u3400" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003ffff"
    )


def _is_word(ch: str) -> bool:
    return _is_han(ch) or (ch.isascii() and ch.isalnum())


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def _width(line: str) -> int:
    """Display columns: East Asian wide and full-width characters count two."""
    return len(line) + len(_WIDE.findall(line))


def _stands_alone(line: str) -> bool:
    """Headings and table rows never run on into the next line. A numbered line with a sentence
    end inside is the first line of a numbered paragraph, not a heading."""
    stripped = line.strip()
    heading = heading_level(line) is not None and not _FINAL.intersection(stripped[:-1])
    return heading or "\t" in stripped or stripped.startswith(("|", "#", ">"))


def _starts_block(line: str) -> bool:
    """Headings, table rows and list items start something new: nothing runs on into them."""
    return _stands_alone(line) or bool(_STRUCTURE.match(line))


def _chinese_line(line: str) -> bool:
    letters = [ch for ch in line if not ch.isspace()]
    return bool(letters) and sum(map(_is_han, letters)) >= _MIN_HAN_SHARE * len(letters)


def _ends_mid_sentence(line: str) -> bool:
    """The line stops inside a sentence: on a word, on mid-sentence punctuation, or on a closing
    quotation mark that does not follow a sentence end (“订单式” goes on; 。” does not). A
    closing bracket ends it: （国家级） closes list items and captions as often as not."""
    stripped = line.rstrip()
    body = stripped.rstrip(_QUOTES)
    if not body or body[-1] in _FINAL or body[-1] in _CLOSERS:
        return False
    return body != stripped or _is_word(body[-1]) or body[-1] in _CONTINUES


def _starts_continuation(previous: str, line: str) -> bool:
    """The next line goes on with the sentence: it starts at once (no indent, which marks a new
    paragraph in Chinese typesetting) with a word or trailing punctuation, and two English
    words are not glued together."""
    if not line or not (_is_word(line[0]) or line[0] in _LEADS) or _starts_block(line):
        return False
    last = previous.rstrip()[-1]
    return not (last.isascii() and last.isalpha() and line[0].isascii() and line[0].isalpha())


def _wrap_width(lines: list[str]) -> int | None:
    """The right margin at which the text was hard-wrapped, or None when it was not: many lines end
    within a few columns of the same right margin (a list of names of random lengths does not
    qualify, nor does web text with one paragraph per line)."""
    widths = [w for w in (_width(line.rstrip()) for line in lines) if w >= _MIN_WRAP_WIDTH]
    if len(widths) < _WRAP_LINES:
        return None
    counts = Counter(widths)
    margin = max(counts, key=lambda w: (sum(counts[v] for v in range(w - _WRAP_SLACK, w + 1)), w))
    at_margin = sum(counts[v] for v in range(margin - _WRAP_SLACK, margin + 1))
    if at_margin < _WRAP_LINES or at_margin < _WRAP_SHARE * len(widths):
        return None
    return margin


def rejoin_lines(text: str) -> str:
    """Rejoin lines broken mid-sentence, as PDF conversion leaves them.

    Conservative: only in a text hard-wrapped at a right margin (:func:`_wrap_width`), a line
    is joined to the next when it is Chinese text that reaches the margin (so headings and
    captions, which are short, never are), ends on a word or mid-sentence punctuation, is not a
    heading, list item or table row, and the next line starts right away (no indent) with a
    word or trailing punctuation. The newline is removed (with trailing spaces of the first
    line), so offsets refer to the rejoined text."""
    lines = text.split("\n")
    margin = _wrap_width(lines)
    if margin is None:
        return text
    out: list[str] = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if (
            _ends_mid_sentence(previous)
            and _width(previous.rstrip()) >= margin - _WRAP_SLACK
            and not _stands_alone(previous)
            and _chinese_line(previous)
            and _starts_continuation(previous, line)
        ):
            out[-1] = out[-1].rstrip() + line
        else:
            out.append(line)
    return "\n".join(out)


def normalise_breaks(text: str) -> str:
    """CRLF, CR, form feed (a page break), vertical tab, NEL and U+2028/9 → ``\\n``."""
    return _LINE_BREAKS.sub("\n", text)


def _check_lines(text: str) -> None:
    position = 0
    number = 1
    while position <= len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if end - position > MAX_LINE_CHARS:
            raise Unreadable(
                f"line {number} is {end - position:,} characters long (limit {MAX_LINE_CHARS:,}):"
                " not prose, skipped"
            )
        position = end + 1
        number += 1


_RUN = re.compile(r"[^\n。！？!?；;]+")
_SOFT_BREAKS = "，,、：: \t"


def _cut(run: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    while len(run) - start > MAX_SENTENCE_CHARS:
        low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        at = max(run.rfind(ch, low, high) for ch in _SOFT_BREAKS)
        cut = at + 1 if at >= 0 else high
        pieces.append(run[start:cut])
        start = cut
    pieces.append(run[start:])
    return pieces


def split_long_sentences(text: str) -> str:
    """Cut every run of more than :data:`MAX_SENTENCE_CHARS` characters without a sentence end
    or line break by inserting line breaks after a comma or space (or anywhere, when it has
    none), so the pipeline never sees a "sentence" that long."""
    if len(text) <= MAX_SENTENCE_CHARS:
        return text
    parts: list[str] = []
    last = 0
    for match in _RUN.finditer(text):
        if match.end() - match.start() > MAX_SENTENCE_CHARS:
            parts.append(text[last : match.start()])
            parts.append("\n".join(_cut(match.group())))
            last = match.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


# --- HTML main content -------------------------------------------------------------------------

_CJK_WRAP = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3400-\u9fff])"
)
_MAIN_MIN_CHARS = 20  # words (CJK characters, letters) below which the extractor found no article


@cache
def _extractor_config():
    """trafilatura's settings for Chinese pages: its size thresholds count characters, and 250
    Chinese characters is a whole news item, so they are lowered; no signal-based timeout."""
    from trafilatura.settings import use_config

    config = use_config()
    for key, value in (
        ("MIN_EXTRACTED_SIZE", "40"),
        ("MIN_OUTPUT_SIZE", "1"),
        ("MIN_EXTRACTED_COMM_SIZE", "1"),
        ("MIN_OUTPUT_COMM_SIZE", "1"),
        ("EXTRACTION_TIMEOUT", "0"),
    ):
        config.set("DEFAULT", key, value)
    return config


def main_content(html: str) -> str | None:
    """The article of an HTML page as plain text, one line per block and table cells separated by
    tabs, without the page's boilerplate (navigation, "相关阅读" link lists and other sidebars,
    bylines, footers), found by trafilatura. ``None`` when trafilatura is not installed, fails
    or finds no article: the caller then keeps the whole visible text."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    html = _CJK_WRAP.sub("", html)  # a line break inside Chinese text is no space
    try:
        article = trafilatura.extract(
            html,
            output_format="html",
            include_tables=True,
            include_comments=False,
            include_links=False,
            include_images=False,
            include_formatting=False,
            deduplicate=False,
            config=_extractor_config(),
        )
    except Exception:  # a library failure on strange markup must not lose the page
        return None
    if not article:
        return None
    text = html_to_text(article).text
    return text if len(_TITLE_CONTENT.findall(text)) >= _MAIN_MIN_CHARS else None


# --- document titles ---------------------------------------------------------------------------

TITLE_MAX_CHARS = 60
_TITLE_LOOKAHEAD = 8  # non-empty lines at the top of a document where a title may stand
_TITLE_SENTENCE = re.compile(r"[。；;]|[，,].*[，,].*[，,]")  # a sentence, or a clause list
_TITLE_FURNITURE = re.compile(
    r"https?://|www\.|@|[>›»]|\|\s*\S*网|首页|当前位置|您的位置|正文$|举报|^点击|"
    r"返回|上一篇|下一篇|相关阅读|相关新闻|扫一扫|二维码|"
    r"^(?:来源|作者|编辑|责任编辑|记者|通讯员|发布|发布时间|发布日期|时间|日期|浏览|阅读|点击|"
    r"字号|字体|分享|打印|关闭|电话|传真|邮编|地址|联系|索引号|主题分类|发文机关|成文日期)"
    r"\s*[:：]|^[【\[]"
)
_TITLE_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def title_like(line: str) -> bool:
    """Whether ``line`` reads as a document title: short, with words (not a number, date or
    phone), no sentence punctuation, and not page furniture (breadcrumbs, bylines, links)."""
    line = line.strip()
    if not 4 <= len(line) <= TITLE_MAX_CHARS:
        return False
    if len(_TITLE_CONTENT.findall(line)) < max(4, len(line) // 2):
        return False
    simple = to_simplified(line)
    return not (_TITLE_SENTENCE.search(simple) or _TITLE_FURNITURE.search(simple))


def title_line(text: str) -> str | None:
    """The first title-like line among the first few non-empty lines of ``text``, if any
    (Markdown ``#`` marks removed)."""
    seen = 0
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip().strip("*_ ")
        if not line:
            continue
        if title_like(line):
            return line
        seen += 1
        if seen >= _TITLE_LOOKAHEAD:
            break
    return None


def document_title(text: str, path: str | Path | None = None) -> str | None:
    """A document's title: a title-like line near its top, else its file name without the
    suffix (a name made only of an id or hash is still better than a paragraph)."""
    found = title_line(text)
    if found or path is None:
        return found
    stem = Path(str(path).split("#", 1)[0]).stem
    return stem or None


def _document(path: str, text: str, encoding: str, **meta: str | None) -> SourceDocument:
    if not text.strip():
        raise Unreadable("no text")
    _check_lines(text)
    text = split_long_sentences(text)
    doc_id = meta.pop("doc_id", None) or document_id(text)
    return SourceDocument(path=path, text=text, encoding=encoding, doc_id=doc_id, **meta)


# --- files --------------------------------------------------------------------------------------


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
                yield _document(where, text, encoding, doc_id=record.id, **meta)
            except UnicodeDecodeError as error:
                yield ReadProblem(where, f"not {encoding} at byte {error.start}")
            except (RecordError, Unreadable) as error:
                yield ReadProblem(where, str(error))
    if count == 0:
        raise Unreadable("empty file (no records)")


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


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
                    item = ReadProblem(item.path, f'duplicate id "{item.doc_id}" (also {first})')
            yield item
