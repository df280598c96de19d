"""Small typed records that flow between the pipeline stages."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import add, itemgetter
from typing import Any, Generic, NamedTuple, TypeVar, overload

ENTITY_TYPES: tuple[str, ...] = (
    "Cluster",
    "Park",
    "Firm",
    "Policy",
    "Platform",
    "Agency",
    "ResearchOrg",
    "Region",
)

RELATION_TYPES: tuple[str, ...] = (
    "locatedIn",
    "partOf",
    "memberOf",
    "leads",
    "hasPlatform",
    "builtBy",
    "issuedBy",
    "supports",
    "designatedBy",
    "partnerOf",
)


@dataclass(frozen=True)
class SourceDocument:
    """A decoded input document, before any processing."""

    path: str
    text: str
    encoding: str = "utf-8"
    title: str | None = None
    url: str | None = None
    date: str | None = None
    doc_id: str | None = None  # stable identifier; defaults to a hash of the text


@dataclass(frozen=True)
class NormalisedDocument:
    """Simplified-Chinese text with a way back to the original character offsets.

    ``text`` has one character per original character wherever opencc allowed it; the
    ``offsets`` table maps each normalised index to the original index (``None`` = identity).
    ``furniture`` lists (start, end) spans of page furniture to skip, not deleted, so offsets hold.
    """

    source: SourceDocument
    text: str
    offsets: tuple[int, ...] | None
    furniture: tuple[tuple[int, int], ...] = ()
    was_traditional: bool = False

    def to_original(self, index: int) -> int:
        if self.offsets is None:
            return index
        if index >= len(self.offsets):
            return len(self.source.text)
        return self.offsets[index]

    def original_surface(self, start: int, end: int) -> str:
        return self.source.text[self.to_original(start) : self.to_original(end)]


class Token(NamedTuple):
    """A jieba word. A named tuple, not a dataclass: a document has tens of thousands."""

    text: str
    start: int  # offset in the normalised document
    tag: str  # jieba dictionary POS tag ("x" when unknown)


_TEXT, _START = itemgetter(0), itemgetter(1)  # of a Token

_T = TypeVar("_T")


class once(Generic[_T]):  # noqa: N801 - used like functools.cached_property
    """:func:`functools.cached_property` without its lock: the value is computed at the first
    access and kept in the instance's ``__dict__``, which later accesses read directly. Python
    3.11's cached_property takes a lock at every first access, and a document has thousands of
    sentences whose word tables are each asked for once or twice."""

    def __init__(self, function: Callable[[Any], _T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> once[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> once[_T] | _T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    section: int | None = None  # index of the heading sentence that scopes this one
    is_heading: bool = False
    cells: tuple[tuple[int, int], ...] = ()  # table cells as spans, when the line is a table row
    header: tuple[str, ...] = ()  # the texts of the table's first row, for the rows below it

    @once
    def token_starts(self) -> tuple[int, ...]:
        """Document offsets where the tokens start, in order (for :func:`bisect.bisect_left`)."""
        return tuple(map(_START, self.tokens))

    def tokens_before(self, offset: int) -> tuple[Token, ...]:
        """The tokens that start before document offset ``offset``."""
        return self.tokens[: bisect_left(self.token_starts, offset)]

    def tokens_from(self, offset: int) -> tuple[Token, ...]:
        """The tokens that start at or after document offset ``offset``."""
        return self.tokens[bisect_left(self.token_starts, offset) :]

    @once
    def word_starts(self) -> frozenset[int]:
        """Document offsets where a word (or the sentence) starts."""
        return frozenset((*self.token_starts, self.start))

    @once
    def word_ends(self) -> frozenset[int]:
        """Document offsets where a word (or the sentence) ends."""
        ends = map(add, self.token_starts, map(len, map(_TEXT, self.tokens)))
        return frozenset((*ends, self.end))

    @once
    def word_boundaries(self) -> frozenset[int]:
        """Document offsets where a word (or the sentence) starts or ends."""
        return self.word_starts | self.word_ends


@dataclass(frozen=True)
class Mention:
    """A span of text that names an entity of a given type."""

    type: str
    name: str  # canonical (completed, Simplified) name
    start: int
    end: int
    sentence: int
    surface: str  # the literal span in the normalised text
    rule: str  # the name of the rule that found it (for provenance and debugging only)
    aliases: tuple[str, ...] = ()
    nested: bool = False  # a place at the start of another name (山东|烟台高新区…集群)
    from_table: bool = False  # completed with the place of its table row
    key: tuple[str, str] | None = None  # the entity it names (type, name), set by resolve

    def keyed(self, key: tuple[str, str]) -> Mention:
        """This mention naming entity ``key``: ``dataclasses.replace(self, key=key)`` without
        its walk over the fields (resolve keys every mention of every document)."""
        new = object.__new__(Mention)
        new.__dict__.update(self.__dict__, key=key)
        return new


@dataclass
class Entity:
    """One entity of one document, with all the forms the document uses for it."""

    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    traditional: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.name)


@dataclass(frozen=True)
class Evidence:
    """A sentence of a document, with offsets into the original (decoded) text."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Relation:
    head: tuple[str, str]  # entity key (type, name)
    relation: str
    tail: tuple[str, str]
    evidence: Evidence
    cue: str = ""


@dataclass(frozen=True)
class Measurement:
    entity: tuple[str, str]
    quantity: str  # output | revenue | scale | firmCount …
    label: str  # the words of the text, e.g. 产业规模
    evidence: Evidence
    amount_yuan: Decimal | None = None
    count: int | None = None
    year: int | None = None


@dataclass
class DocumentResult:
    """Everything extracted from one document: the unit that workers return and merge."""

    doc_id: str
    path: str
    title: str | None
    encoding: str
    length: int
    url: str | None = None
    date: str | None = None
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
