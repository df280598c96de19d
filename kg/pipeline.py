"""The per-document pipeline: a pure function from a document's text to its extraction result.

    normalise → segment → mentions → resolve → relate → measure

Each stage is registered in :data:`kg.registry.stages` and run in the order of
:data:`DEFAULT_PIPELINE`; a stage takes and returns the shared :class:`State`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg import segmenter as segmenters
from kg.lexicon import Lexicon, LexiconSource, read_names
from kg.lexicon import load as load_lexicon
from kg.measure import measure
from kg.mentions import DEFAULT_MENTION_RULES, find_mentions
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
from kg.relate import DEFAULT_RELATION_RULES, relate
from kg.resolve import Resolution, has_place, reads_as_field_cluster, resolve
from kg.segment import segment

PIPELINE_VERSION = "1"
DEFAULT_PIPELINE = ("normalise", "segment", "mentions", "resolve", "relate", "measure", "prune")


@dataclass(frozen=True)
class Pipeline:
    """Everything a document's extraction depends on besides its text: the lexicon, the stages,
    the mention and relation rules (by registered name, in running order) and the segmenter.

    This is what ``kg build``, its worker processes, the Dask engine and the cache receive; it
    pickles small (the lexicon travels as its source) and :attr:`fingerprint` keys the cache.
    """

    lexicon: Lexicon = field(default_factory=load_lexicon)
    stages: tuple[str, ...] = DEFAULT_PIPELINE
    mention_rules: tuple[str, ...] = DEFAULT_MENTION_RULES
    relation_rules: tuple[str, ...] = DEFAULT_RELATION_RULES
    segmenter: str = segmenters.DEFAULT
    # how relations are decided: the cue rules ("rules") or the learned classifier over their
    # candidates ("learned", "filter", "add"; kg.relate.learned), with the shipped model or
    # the one at relation_model
    relations: str = "rules"
    relation_model: str | None = None

    @classmethod
    def configured(
        cls,
        names: str | Path | None = None,
        lexicon_dir: str | Path | None = None,
        replace_lexicon: bool = False,
        segmenter: str | None = None,
    ) -> Pipeline:
        """The pipeline of ``kg build --names FILE --lexicon DIR [--replace-lexicon]``."""
        if lexicon_dir is not None and not Path(lexicon_dir).is_dir():
            from kg.lexicon import LexiconError

            raise LexiconError(f"{lexicon_dir}: no such lexicon folder")
        source = LexiconSource(
            folder=str(Path(lexicon_dir).resolve()) if lexicon_dir is not None else None,
            replace=replace_lexicon,
            names=read_names(names) if names is not None else (),
        )
        try:
            lexicon = load_lexicon(source)
        except KeyError as error:  # a replacing file without an entry the rules read
            from kg.lexicon import LexiconError

            raise LexiconError(
                f"{lexicon_dir}: a data file there lacks the entry {error} "
                "(with --replace-lexicon, start from a copy of the package's file)"
            ) from None
        return cls(lexicon=lexicon, segmenter=segmenters.check(segmenter or segmenters.DEFAULT))

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything but the text that the results depend on: the code and package
        data (:func:`kg.cache.pipeline_fingerprint`), the lexicon's own additions, the rule and
        stage names, and the segmenter."""
        from kg.cache import pipeline_fingerprint

        parts = (
            pipeline_fingerprint(),
            self.lexicon.fingerprint,
            ",".join(self.stages),
            ",".join(self.mention_rules),
            ",".join(self.relation_rules),
            self.segmenter,
        )
        if self.relations != "rules" or self.relation_model is not None:
            model = Path(self.relation_model).read_bytes() if self.relation_model else b""
            parts = (*parts, self.relations, hashlib.sha256(model).hexdigest())
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def extract(self, source: SourceDocument) -> DocumentResult:
        return extract(source, self)


@dataclass
class State:
    source: SourceDocument
    pipeline: Pipeline
    document: NormalisedDocument | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    resolution: Resolution | None = None
    relations: list[Relation] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)

    @property
    def lexicon(self) -> Lexicon:
        return self.pipeline.lexicon


@stages.register("normalise")
def _normalise(state: State) -> State:
    state.document = normalise(state.source, state.lexicon)
    return state


@stages.register("segment")
def _segment(state: State) -> State:
    state.sentences = segment(state.document, state.lexicon)
    return state


@stages.register("mentions")
def _mentions(state: State) -> State:
    state.mentions = find_mentions(state.sentences, state.lexicon, state.pipeline.mention_rules)
    return state


@stages.register("resolve")
def _resolve(state: State) -> State:
    state.resolution = resolve(state.document, state.mentions, state.lexicon)
    state.mentions = state.resolution.mentions  # each now carries its entity's key
    return state


@stages.register("relate")
def _relate(state: State) -> State:
    pipeline = state.pipeline
    found = (state.document, state.sentences, state.mentions, state.resolution, state.lexicon)
    if pipeline.relations == "rules":
        state.relations = relate(*found, pipeline.relation_rules)
    else:
        from kg.relate.learned import relate_learned

        state.relations = relate_learned(
            *found, pipeline.relation_rules, pipeline.relations, pipeline.relation_model
        )
    return state


@stages.register("measure")
def _measure(state: State) -> State:
    state.measurements = measure(state.document, state.sentences, state.mentions, state.resolution)
    return state


@stages.register("prune")
def _prune(state: State) -> State:
    """A cluster written by its field alone (某某产业集群) is kept only when the passage fixes
    which one it is: when a relation ties it to a firm, a place, a platform or a policy."""
    if state.resolution is None:
        return state
    linked = {r.head for r in state.relations} | {r.tail for r in state.relations}
    lexicon = state.lexicon
    fixed = _fixed_by_context(state)
    dropped = {
        e.key
        for e in state.resolution.entities
        if e.type == "Cluster"
        and e.key not in linked
        and e.key not in fixed
        and not has_place(e, lexicon)
        and not reads_as_field_cluster(e.name, lexicon)
    }
    if dropped:
        state.resolution.entities = [e for e in state.resolution.entities if e.key not in dropped]
        state.measurements = [m for m in state.measurements if m.entity not in dropped]
    return state


def _fixed_by_context(state: State) -> set[tuple[str, str]]:
    """Clusters whose mention the context fixes: after a place and 的 (某市的某产业集群), after
    an anaphor of the topic place (我市某产业集群) or a demonstrative (这个某产业集群), quoted
    as a name (“某某集群”), or in a clause whose subject is a place (某市发展某产业集群)."""
    text = state.document.text
    anaphors = tuple(state.lexicon.relation_cues["locatedIn"]["place_anaphors"])
    demonstratives = state.lexicon.words("edges", "demonstratives")
    place_mentions = [m for m in state.mentions if m.type in ("Park", "Region")]
    places = {(m.sentence, m.end) for m in place_mentions}
    place_starts = {m.start for m in place_mentions}
    fixed = set()
    for mention in state.mentions:
        if mention.type != "Cluster" or mention.key is None:
            continue
        before = text[max(0, mention.start - 3) : mention.start]
        after = text[mention.end : mention.end + 1]
        if (
            (mention.sentence, mention.start) in places
            or (mention.sentence, mention.start - 1) in places
            and before.endswith("的")
            or before.endswith(anaphors)
            or before.endswith(demonstratives)
            or (before.endswith(("“", "「")) and after in ("”", "」"))
            or _place_subject(text, mention.start, place_starts, anaphors)
        ):
            fixed.add(mention.key)
    return fixed


_CLAUSE_END = re.compile(r"[，,。；;！!？?：:\n]")


def _place_subject(
    text: str, start: int, place_starts: set[int], anaphors: tuple[str, ...]
) -> bool:
    """The clause holding ``start`` opens with a place or a place anaphor (某市发展…, 我市致力
    于把…): the clause's subject fixes which cluster it names."""
    clause_start = max(
        (m.end() for m in _CLAUSE_END.finditer(text, max(0, start - 40), start)),
        default=max(0, start - 40),
    )
    while clause_start < start and text[clause_start].isspace():
        clause_start += 1
    if clause_start >= start:
        return False
    return clause_start in place_starts or text.startswith(anaphors, clause_start)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def extract(
    source: SourceDocument, pipeline: Pipeline | tuple[str, ...] | None = None
) -> DocumentResult:
    """Run the pipeline over one document. Pure: the result depends only on the text and the
    pipeline. ``pipeline`` may also be a tuple of stage names (the default rules and lexicon)."""
    if pipeline is None:
        pipeline = default_pipeline()
    elif isinstance(pipeline, tuple):
        pipeline = Pipeline(stages=pipeline)
    if source.doc_id is None:
        source = SourceDocument(**{**source.__dict__, "doc_id": document_id(source.text)})
    segmenters.use(pipeline.segmenter)
    state = State(source, pipeline)
    for name in pipeline.stages:
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
