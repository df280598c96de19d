"""One scan of a sentence for every dictionary the mention rules look words up in.

The rules look for suffixes (…高新区, …有限公司), known names, user names, gazetteer names,
region names and district short names. Scanning the sentence once per dictionary cost more than
any rule's own work, so :class:`Matcher` holds all the dictionaries in one Aho–Corasick automaton
(pyahocorasick), each word tagged with the dictionaries ("kinds") it belongs to, and a scan
returns each kind's hits. :func:`sentence_scan` scans a sentence once for all the rules that run
on it, with one matcher per lexicon, built on first use.

The automaton is fed UTF-16 code units written as Latin-1 characters, not the text itself: a
trie node of pyahocorasick finds its child by a linear search, and the root of a dictionary of
Chinese words has thousands of children, while a node over byte values has at most 256. That
makes a scan four times faster; a hit that starts inside a character (at an odd byte) is
dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import NamedTuple

import ahocorasick

from kg.lexicon import Lexicon
from kg.model import Sentence

REGIONS = "regions"
GAZETTEER = "gazetteer"
DISTRICTS = "districts"
SUFFIXES = "suffixes"
KNOWN = "known"
USER_NAMES = "user_names"


class Hit(NamedTuple):
    """A dictionary word found in a text: offsets into that text."""

    start: int
    end: int
    word: str


class Scan:
    """The hits of one text, by kind, in the automaton's order: by end offset, and at the same
    end the longest word first (the order of ``ahocorasick.Automaton.iter``)."""

    __slots__ = ("_hits", "_chosen")

    def __init__(self, hits: dict[str, list[Hit]]) -> None:
        self._hits = hits
        self._chosen: dict[str, list[Hit]] = {}

    def hits(self, kind: str) -> list[Hit]:
        """Every occurrence of a word of ``kind``, overlapping ones included."""
        return self._hits.get(kind, [])

    def leftmost_longest(self, kind: str) -> list[Hit]:
        """The non-overlapping hits of ``kind`` from left to right, the longest at a position:
        what ``re.finditer`` gives for an alternation of the words sorted longest first (made
        once per kind: several rules ask for it)."""
        chosen = self._chosen.get(kind)
        if chosen is not None:
            return chosen
        chosen = self._chosen[kind] = []
        reached = 0
        for hit in sorted(self.hits(kind), key=_by_start_longest):
            if hit.start >= reached:
                chosen.append(hit)
                reached = hit.end
        return chosen


def _by_start_longest(hit: Hit) -> tuple[int, int]:
    return (hit.start, -hit.end)


class Matcher:
    """Words of several dictionaries ("kinds") in one automaton; :meth:`scan` finds them all in
    one pass over a text."""

    def __init__(self, dictionaries: Mapping[str, Iterable[str]]) -> None:
        kinds_of: dict[str, list[str]] = {}
        for kind, words in dictionaries.items():
            for word in words:
                if word and kind not in kinds_of.setdefault(word, []):
                    kinds_of[word].append(kind)
        self.kinds = tuple(dictionaries)
        self._automaton = ahocorasick.Automaton()
        for word in sorted(kinds_of):
            units = _units(word)
            self._automaton.add_word(units, (word, len(units) // 2, tuple(kinds_of[word])))
        self._empty = not kinds_of
        if not self._empty:
            self._automaton.make_automaton()
        self._last: tuple[Sentence, Scan] | None = None

    def scan(self, text: str) -> Scan:
        """Every hit of every kind in ``text``."""
        hits: dict[str, list[Hit]] = {}  # a kind without hits has no entry
        if self._empty or not text:
            return Scan(hits)
        encoded = text.encode("utf-16-be", "surrogatepass").decode("latin-1")  # _units(text)
        found = self._automaton.iter(encoded)
        make = tuple.__new__  # Hit(...) without the named tuple's Python-level __new__
        if len(encoded) == 2 * len(text):  # one code unit per character
            for last_byte, (word, length, kinds) in found:
                if last_byte & 1:  # else it begins at the second byte of a code unit
                    end = (last_byte + 1) >> 1
                    hit = make(Hit, (end - length, end, word))
                    for kind in kinds:
                        hits.setdefault(kind, []).append(hit)
            return Scan(hits)
        offsets = _char_offsets(text)
        for last_byte, (word, length, kinds) in found:
            if last_byte & 1:
                end = (last_byte + 1) >> 1
                hit = make(Hit, (offsets[end - length], offsets[end], word))
                for kind in kinds:
                    hits.setdefault(kind, []).append(hit)
        return Scan(hits)

    def sentence(self, sentence: Sentence) -> Scan:
        """The scan of a sentence's text, kept for the next rule that asks for the same
        sentence (the rules run one sentence at a time)."""
        last = self._last
        if last is not None and last[0] is sentence:
            return last[1]
        scan = self.scan(sentence.text)
        self._last = (sentence, scan)
        return scan


def _units(text: str) -> str:
    """The UTF-16 code units of ``text``, two Latin-1 characters each (lone surrogates too)."""
    return text.encode("utf-16-be", "surrogatepass").decode("latin-1")


def _char_offsets(text: str) -> list[int]:
    """Code-unit offset → character offset, for a text with characters beyond the BMP (two
    units each); the offset inside such a character maps to the character's start."""
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * (2 if ord(char) > 0xFFFF else 1))
    offsets.append(len(text))
    return offsets


@cache
def lexicon_matcher(lexicon: Lexicon) -> Matcher:
    """The matcher of every dictionary of ``lexicon`` that the mention rules scan for, built
    once per lexicon (and so once per worker process)."""
    return Matcher(
        {
            SUFFIXES: lexicon.suffix_owner,
            KNOWN: lexicon.known_owner,
            USER_NAMES: dict(lexicon.source.names),
            GAZETTEER: lexicon.gazetteer_names,
            REGIONS: lexicon.regions,
            DISTRICTS: lexicon.district_shorts,
        }
    )


def sentence_scan(sentence: Sentence, lexicon: Lexicon) -> Scan:
    """Every dictionary hit in ``sentence``, scanned once for all the rules."""
    return lexicon_matcher(lexicon).sentence(sentence)
