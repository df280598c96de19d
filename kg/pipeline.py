"""The per-document pipeline: a pure function from a document's text to its extraction result.

    normalise → segment → mentions → resolve → relate → measure

Each stage is registered in :data:`kg.registry.stages` and run in the order of
:data:`DEFAULT_PIPELINE`; a stage takes and returns the shared :class:`State`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.lexicon import load as load_lexicon
from kg.measure import measure
from kg.mentions import find_mentions
from kg.model import (
    DocumentResult,
    Measurement,
    Mention,
    NormalisedDocument,
    Relation,
    Sentence,
    SourceDocument,
)
from kg.normalise import normalise
from kg.read import document_id
from kg.registry import stages
from kg.relate import relate
from kg.resolve import Resolution, resolve
from kg.segment import segment

PIPELINE_VERSION = "1"
DEFAULT_PIPELINE = ("normalise", "segment", "mentions", "resolve", "relate", "measure")


@dataclass
class State:
    source: SourceDocument
    document: NormalisedDocument | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    resolution: Resolution | None = None
    relations: list[Relation] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)


@stages.register("normalise")
def _normalise(state: State) -> State:
    state.document = normalise(state.source)
    return state


@stages.register("segment")
def _segment(state: State) -> State:
    state.sentences = segment(state.document)
    return state


@stages.register("mentions")
def _mentions(state: State) -> State:
    state.mentions = find_mentions(state.sentences, load_lexicon())
    return state


@stages.register("resolve")
def _resolve(state: State) -> State:
    state.resolution = resolve(state.document, state.mentions, load_lexicon())
    return state


@stages.register("relate")
def _relate(state: State) -> State:
    state.relations = relate(
        state.document, state.sentences, state.mentions, state.resolution, load_lexicon()
    )
    return state


@stages.register("measure")
def _measure(state: State) -> State:
    state.measurements = measure(state.document, state.sentences, state.mentions, state.resolution)
    return state


def extract(source: SourceDocument, pipeline: tuple[str, ...] = DEFAULT_PIPELINE) -> DocumentResult:
    """Run the pipeline over one document. Pure: the result depends only on the text."""
    if source.doc_id is None:
        source = SourceDocument(**{**source.__dict__, "doc_id": document_id(source.text)})
    state = State(source)
    for name in pipeline:
        state = stages.get(name)(state)
    entities = state.resolution.entities if state.resolution else []
    return DocumentResult(
        doc_id=source.doc_id,
        path=source.path,
        title=source.title or _first_line(source.text),
        encoding=source.encoding,
        length=len(source.text),
        url=source.url,
        date=source.date,
        entities=entities,
        relations=state.relations,
        measurements=state.measurements,
    )


def _first_line(text: str) -> str | None:
    """A title-like line near the top of the text (:func:`kg.read.title_line`): short, no
    sentence punctuation, not page furniture; ``None`` when there is none."""
    from kg.read import title_line

    return title_line(text)
