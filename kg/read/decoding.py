"""Decoding bytes to text: byte-order marks, UTF-8, GB18030 and Big5 told apart by how Chinese
the reading looks, damaged files kept with a few characters replaced, mojibake refused."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

import charset_normalizer
import jieba

from kg.normalise import to_simplified
from kg.read.problems import Unreadable

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
