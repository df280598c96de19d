"""A learned relation classifier over the relation rules' candidates (issue 14).

The cue rules decide relation by relation with hand-set gap limits; this module scores every
pair of one sentence's entities whose types the ontology allows for a relation (and the
discourse links the rules use: the topic place, the cluster of the heading above, the platform
of the sentence before) with a small logistic model per relation, trained by
``scripts/train_relations.py`` and shipped as ``kg/data/relation_model.json``. The rules' own
output is a feature (which rule gave this pair this relation), so the model can keep, drop or
add. Features are general: type pair, order, distance, cue words of ``relations.toml`` and the
words between and around the two mentions, list membership, clause breaks, brackets, the
sentence's subject and topic; never an entity's name.

Inference is plain Python (a sum of weights and a threshold per relation), so neither
scikit-learn nor numpy is needed at run time, and the output is deterministic.

Modes (``kg build --relations MODE``): ``rules`` (the cue rules alone, the default), ``learned``
(the classifier's decisions alone), ``filter`` (the rules' relations that the classifier keeps),
``add`` (the rules' relations and the classifier's), ``auto`` (per relation, whichever of these
did best on the training documents' out-of-fold scores). Under every mode, a relation for which
training found the classifier no better than the rules is decided by the rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from kg.lexicon import Lexicon
from kg.lexicon import load as load_lexicon
from kg.model import RELATION_TYPES, Evidence, Mention, NormalisedDocument, Relation, Sentence
from kg.registry import RelationRule
from kg.relate import DEFAULT_RELATION_RULES, _deduplicate, trace
from kg.relate.context import CLAUSE_BREAK, Context, sentence_evidence
from kg.resolve import Resolution
from kg.schema import Schema, load_schema

MODES: tuple[str, ...] = ("rules", "learned", "filter", "add", "auto")
MODEL_FILE = "relation_model.json"
MODEL_FORMAT = 1

Key = tuple[str, str]

_LIST_GAP = re.compile(r"[、和及与或\s“”\"「」『』]{0,3}")
_BUCKETS = (0, 1, 2, 3, 6, 10, 20, 40)
_WORD = re.compile(r"\w")
# POS tags of jieba words that may be names (people, places, organisations, other proper
# nouns, unknown words, numbers, Latin): never used as word features
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "x", "eng", "m", "mq"})
_WORDS_EACH_SIDE = 4


def bucket(n: int) -> str:
    """A count clipped into a few ranges: 0, 1, 2, 3, 4–6, 7–10, 11–20, 21–40, 41+."""
    for limit in _BUCKETS:
        if n <= limit:
            return str(limit)
    return "41+"


@dataclass
class Candidate:
    """One possible relation of one sentence (or of the document, when only a document-level
    rule gave it), with its binary features and what the rules said of it."""

    sentence: int
    head: Key
    relation: str
    tail: Key
    features: set[str]
    evidence: Evidence
    rule_cue: str = ""  # the cue of the first rule that gave it, "" when none did
    distance: int = 1 << 30  # characters between the two mentions, to keep the nearest pair

    @property
    def by_rules(self) -> bool:
        return bool(self.rule_cue)


@dataclass(frozen=True)
class RelationWeights:
    bias: float
    weights: dict[str, float]
    # by mode: the score (log-odds) at and above which it holds; None: the rules decide
    # (training found the mode no better than the rules for this relation)
    thresholds: dict[str, float | None]
    choice: str = "rules"  # the mode that did best for this relation in training ("auto")

    def score(self, features: set[str]) -> float:
        total = self.bias
        for name in sorted(features):  # a fixed order: the same float sum every run
            total += self.weights.get(name, 0.0)
        return total


@dataclass(frozen=True)
class RelationModel:
    """Weights per relation; a relation without weights keeps the rules' decisions."""

    relations: dict[str, RelationWeights] = field(default_factory=dict)
    about: str = ""

    def mode_for(self, relation: str, mode: str) -> str:
        """The mode that decides ``relation``: ``rules`` when the model has no weights or no
        threshold for it, the trained choice under ``auto``."""
        weights = self.relations.get(relation)
        if weights is None:
            return "rules"
        if mode == "auto":
            mode = weights.choice
        return "rules" if mode == "rules" or weights.thresholds.get(mode) is None else mode

    def accepts(self, candidate: Candidate, mode: str) -> bool:
        """Whether the classifier says the candidate holds under ``mode`` (not ``rules``)."""
        weights = self.relations[candidate.relation]
        threshold = weights.thresholds[mode]
        assert threshold is not None
        return weights.score(candidate.features) >= threshold


def model_from_dict(data: dict) -> RelationModel:
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"relation model format {data.get('format')!r}, expected {MODEL_FORMAT}")
    relations = {
        name: RelationWeights(
            float(entry["bias"]),
            {k: float(v) for k, v in entry["weights"].items()},
            {k: None if v is None else float(v) for k, v in entry["thresholds"].items()},
            entry.get("choice", "rules"),
        )
        for name, entry in data["relations"].items()
    }
    return RelationModel(relations, data.get("about", ""))


@cache
def load_model(path: str | None = None) -> RelationModel:
    """The shipped model (``kg/data/relation_model.json``) or the one at ``path``."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("kg").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return model_from_dict(json.loads(text))


# ------------------------------------------------------------------ features


@cache
def _vocabulary(lexicon: Lexicon) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Cue words per relation (relations.toml's ``cues``), and the locatedIn, builtBy and
    partnerOf word lists the rules use (holding and arrival cues, anaphors, markers)."""
    groups: list[tuple[str, tuple[str, ...]]] = [(r, lexicon.cues[r]) for r in RELATION_TYPES]
    extra = {
        "hold": ("locatedIn", "holding_cues"),
        "arrive": ("locatedIn", "arrival_cues"),
        "at": ("locatedIn", "at_verbs"),
        "anaphor": ("locatedIn", "place_anaphors"),
        "opener": ("locatedIn", "subject_openers"),
        "marker": ("builtBy", "builder_markers"),
        "join": ("builtBy", "co_builder_joiners"),
        "pmarker": ("partnerOf", "markers"),
    }
    for name, (relation, key) in extra.items():
        words = lexicon.relation_cues.get(relation, {}).get(key, ())
        groups.append((name, tuple(sorted(set(words)))))
    return tuple(groups)


def _cue_features(text: str, prefix: str, lexicon: Lexicon) -> set[str]:
    out = set()
    for group, words in _vocabulary(lexicon):
        hits = [w for w in words if w in text]
        if hits:
            out.add(f"{prefix}c:{group}")
            out.update(f"{prefix}w:{w}" for w in hits)
    return out


def _words(sentence: Sentence, start: int, end: int, taken: list[Mention]) -> list[str]:
    """The dictionary words of the sentence inside [start, end) that are not part of a mention
    and cannot be names (see ``_NAME_TAGS``)."""
    out = []
    for token in sentence.tokens:
        t_end = token.start + len(token.text)
        if token.start < start or t_end > end or not _WORD.search(token.text):
            continue
        if token.tag in _NAME_TAGS or any(m.start < t_end and token.start < m.end for m in taken):
            continue
        out.append(token.text)
    return out


def _clause_start(ctx: Context, offset: int) -> int:
    text = ctx.document.text[ctx.sentence.start : offset]
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text)]
    return ctx.sentence.start + (breaks[-1] if breaks else 0)


def _clause_end(ctx: Context, offset: int) -> int:
    found = CLAUSE_BREAK.search(ctx.document.text, offset, ctx.sentence.end)
    return found.start() if found else ctx.sentence.end


def _list_chains(ctx: Context) -> list[int]:
    """For each mention of the sentence, the index of the 、-list it belongs to."""
    chains: list[int] = []
    for k, mention in enumerate(ctx.mentions):
        if k and _LIST_GAP.fullmatch(ctx.between(ctx.mentions[k - 1], mention)):
            chains.append(chains[-1])
        else:
            chains.append(k)
    return chains


@dataclass
class _Sentence:
    """What the features of one sentence's pairs share."""

    ctx: Context
    chains: dict[int, int]  # id(mention) → list index
    list_sizes: dict[int, int]
    first: Mention | None
    subject: bool  # the first mention opens the sentence (its subject)
    common: set[str]
    places: int

    @classmethod
    def of(cls, ctx: Context) -> _Sentence:
        chains = _list_chains(ctx)
        sizes: dict[int, int] = {}
        for chain in chains:
            sizes[chain] = sizes.get(chain, 0) + 1
        first = ctx.mentions[0] if ctx.mentions else None
        subject = False
        if first is not None:
            opening = ctx.document.text[ctx.sentence.start : first.start].strip()
            openers = tuple(ctx.lexicon.relation_cues["locatedIn"]["subject_openers"])
            subject = len(opening) <= 2 or opening.endswith(openers)
        common = {f"nm:{bucket(len(ctx.mentions))}"}
        if ctx.sentence.is_heading:
            common.add("heading")
        if ctx.sentence.cells:
            common.add("table")
        if ctx.scope_clusters:
            common.add("scoped")
        places = sum(1 for m in ctx.mentions if m.type in ("Park", "Region"))
        common.add(f"places:{bucket(places)}")
        return cls(
            ctx,
            {id(m): c for m, c in zip(ctx.mentions, chains, strict=True)},
            {id(m): sizes[c] for m, c in zip(ctx.mentions, chains, strict=True)},
            first,
            subject,
            common,
            places,
        )

    def role(self, mention: Mention, role: str) -> set[str]:
        """Features of one mention in its sentence: first, subject, in a list, topic, scope."""
        out = {f"{role}type:{mention.type}"}
        if mention is self.first:
            out.add(f"first:{role}")
            if self.subject:
                out.add(f"subject:{role}")
        if mention.nested:
            out.add(f"nestedplace:{role}")
        if self.list_sizes.get(id(mention), 1) > 1:
            out.add(f"inlist:{role}")
        if mention.key == self.ctx.topic_place:
            out.add(f"topic:{role}")
        if mention.key in self.ctx.scope_clusters:
            out.add(f"scope:{role}")
        if mention.from_table:
            out.add(f"fromtable:{role}")
        return out


def pair_features(info: _Sentence, head: Mention, tail: Mention) -> tuple[set[str], int]:
    """Features of ``head relation tail`` for two mentions of one sentence, and their distance
    in characters."""
    ctx = info.ctx
    text = ctx.document.text
    left, right = (
        (head, tail) if (head.start, -head.end) <= (tail.start, -tail.end) else (tail, head)
    )
    order = "ht" if left is head else "th"
    features = {f"tp:{head.type}>{tail.type}", f"order:{order}"}
    features |= info.common | info.role(head, "h") | info.role(tail, "t")
    if right.end <= left.end:  # one name inside the other (东莞|某某集群)
        features.add(f"nested:{order}")
        gap, distance = "", 0
    else:
        gap = text[left.end : right.start] if right.start >= left.end else ""  # "": overlap
        distance = len(gap)
        between = [m for m in ctx.mentions if m.start >= left.end and m.end <= right.start]
        features.add(f"gaplen:{bucket(len(gap))}")
        features.add(f"nbetween:{bucket(len(between))}")
        features.update(f"btype:{m.type}" for m in between)
        features.add(f"gap:{gap}" if len(gap) <= 2 else "gap:long")
        breaks = CLAUSE_BREAK.findall(gap)
        features.add(f"breaks:{min(len(breaks), 3)}")
        if not breaks:
            features.add(f"sameclause:{head.type}>{tail.type}")
        if "；" in gap or ";" in gap:
            features.add("semicolon")
        if gap in ("(", "（"):
            features.add(f"paren:{order}")
        same_list = id(left) in info.chains and info.chains.get(id(left)) == info.chains.get(
            id(right)
        )
        if same_list:
            features.add(f"samelist:{head.type}>{tail.type}")
        features |= _cue_features(gap, "g", ctx.lexicon)
        words = _words(ctx.sentence, left.end, right.start, ctx.mentions)
        features.update(f"bw:{w}" for w in words[:_WORDS_EACH_SIDE] + words[-_WORDS_EACH_SIDE:])
    before = ctx.document.text[_clause_start(ctx, left.start) : left.start]
    after = ctx.document.text[right.end : _clause_end(ctx, right.end)]
    features |= _cue_features(before, "p", ctx.lexicon)
    features |= _cue_features(after, "a", ctx.lexicon)
    left_words = _words(ctx.sentence, ctx.sentence.start, left.start, ctx.mentions)[-2:]
    right_words = _words(ctx.sentence, right.end, ctx.sentence.end, ctx.mentions)[:2]
    features.update(f"lw:{w}" for w in left_words)
    features.update(f"rw:{w}" for w in right_words)
    return features, distance


def discourse_features(info: _Sentence, mention: Mention, role: str, via: str) -> set[str]:
    """Features of a relation between a mention and an entity the sentence does not name but
    its discourse gives (``via``: topic place, heading cluster, the platform before)."""
    ctx = info.ctx
    features = {f"via:{via}", f"viarole:{via}:{role}"} | info.common | info.role(mention, role)
    before = ctx.document.text[ctx.sentence.start : mention.start]
    clause = ctx.document.text[_clause_start(ctx, mention.start) : mention.start]
    after = ctx.document.text[mention.end : _clause_end(ctx, mention.end)]
    features |= _cue_features(before, "s", ctx.lexicon)
    features |= _cue_features(clause, "p", ctx.lexicon)
    features |= _cue_features(after, "a", ctx.lexicon)
    if not any(m.type in ("Park", "Region") for m in ctx.mentions):
        features.add("noplace")
    if not any(m.type == mention.type for m in ctx.mentions if m is not mention):
        features.add("onlyoftype")
    words = _words(ctx.sentence, ctx.sentence.start, mention.start, ctx.mentions)
    features.update(f"lw:{w}" for w in words[-2:])
    features.update(f"sw:{w}" for w in words[:2])
    return features


# ------------------------------------------------------------------ candidates


def _canonical(head: Key, relation: str, tail: Key, schema: Schema) -> tuple[Key, str, Key]:
    if schema[relation].symmetric and tail < head:
        return tail, relation, head
    return head, relation, tail


def _relations_for(head: str, tail: str, schema: Schema) -> list[str]:
    return [r for r in RELATION_TYPES if schema[r].allows(head, tail)]


def candidates(
    document: NormalisedDocument,
    sentences: list[Sentence],
    mentions: list[Mention],
    resolution: Resolution,
    lexicon: Lexicon | None = None,
    rules: Sequence[str | RelationRule] = DEFAULT_RELATION_RULES,
) -> list[Candidate]:
    """Every relation the classifier may decide on in one document, with its features: pairs
    of a sentence's entities, discourse links, and whatever a rule gave beyond those."""
    lexicon = lexicon or load_lexicon()
    schema = load_schema()
    contexts, traced = trace(document, sentences, mentions, resolution, lexicon, rules)
    sentence_at = {
        (e.start, e.end): s.index for s in sentences for e in [sentence_evidence(document, s)]
    }
    by_rules: dict[tuple[int, Key, str, Key], list[tuple[str, str]]] = {}
    pair_relations: dict[tuple[int, frozenset[Key]], set[str]] = {}
    in_document: set[tuple[Key, str, Key]] = set()
    for source, relation in traced:
        if relation.head == relation.tail or not schema.allows(
            relation.head, relation.relation, relation.tail
        ):
            continue
        head, name, tail = _canonical(relation.head, relation.relation, relation.tail, schema)
        index = sentence_at.get((relation.evidence.start, relation.evidence.end), -1)
        by_rules.setdefault((index, head, name, tail), []).append((source, relation.cue))
        pair_relations.setdefault((index, frozenset((head, tail))), set()).add(name)
        in_document.add((head, name, tail))

    found: dict[tuple[int, Key, str, Key], Candidate] = {}

    def offer(
        index: int, head: Key, name: str, tail: Key, features: set[str], distance: int
    ) -> None:
        head, name, tail = _canonical(head, name, tail, schema)
        key = (index, head, name, tail)
        if key not in found or distance < found[key].distance:
            evidence = sentence_evidence(document, sentences[index])
            found[key] = Candidate(index, head, name, tail, features, evidence, "", distance)

    for ctx in contexts:
        info = _Sentence.of(ctx)
        index = ctx.sentence.index
        every = sorted((*ctx.mentions, *ctx.nested), key=lambda m: (m.start, -m.end))
        for a_index, a in enumerate(every):
            for b in every[a_index + 1 :]:
                if a.key == b.key or a.key is None or b.key is None:
                    continue
                for head, tail in ((a, b), (b, a)):
                    names = _relations_for(head.type, tail.type, schema)
                    if not names:
                        continue
                    features, distance = pair_features(info, head, tail)
                    for name in names:
                        offer(index, head.key, name, tail.key, set(features), distance)
        keys = {m.key for m in every}
        links: list[tuple[str, Key]] = []
        if ctx.topic_place is not None and ctx.topic_place not in keys:
            links.append(("topic", ctx.topic_place))
        if ctx.scope_clusters and ctx.scope_clusters[-1] not in keys:
            links.append(("scope", ctx.scope_clusters[-1]))
        if ctx.last_platform is not None and ctx.last_platform not in keys:
            links.append(("platform", ctx.last_platform))
        for via, other in links:
            for mention in ctx.mentions:
                for head, tail, role in (
                    (mention.key, other, "h"),
                    (other, mention.key, "t"),
                ):
                    for name in _relations_for(head[0], tail[0], schema):  # type: ignore[index]
                        features = discourse_features(info, mention, role, via)
                        offer(index, head, name, tail, features, 1 << 20)  # type: ignore[arg-type]
    for (index, head, name, tail), hits in by_rules.items():
        key = (index, head, name, tail)
        candidate = found.get(key)
        if candidate is None:
            evidence = (
                sentence_evidence(document, sentences[index])
                if index >= 0
                else _evidence_of(traced, head, name, tail, schema)
            )
            features = {"via:rule", f"tp:{head[0]}>{tail[0]}"}
            candidate = Candidate(index, head, name, tail, features, evidence)
            found[key] = candidate
        candidate.rule_cue = hits[0][1] or hits[0][0]
        candidate.features.add("rule:any")
        for source, cue in hits:
            candidate.features.add(f"rule:{source}")
            if cue:
                candidate.features.add(f"rcue:{cue}")
    for (index, head, name, tail), candidate in found.items():
        others = pair_relations.get((index, frozenset((head, tail))), set()) - {name}
        candidate.features.update(f"rother:{r}" for r in others)
        if (head, name, tail) in in_document and not candidate.by_rules:
            candidate.features.add("rdoc")
    return list(found.values())


def _evidence_of(
    traced: list[tuple[str, Relation]], head: Key, name: str, tail: Key, schema: Schema
) -> Evidence:
    for _source, relation in traced:
        if _canonical(relation.head, relation.relation, relation.tail, schema) == (
            head,
            name,
            tail,
        ):
            return relation.evidence
    raise KeyError((head, name, tail))


# ------------------------------------------------------------------ deciding


def decide(candidates: list[Candidate], model: RelationModel, mode: str) -> list[Relation]:
    """The relations that hold under ``mode`` (see the module docstring). A relation the model
    has no weights for keeps the rules' decisions in every mode."""
    if mode not in MODES:
        raise ValueError(f"unknown relations mode {mode!r} (known: {', '.join(MODES)})")
    schema = load_schema()
    out = []
    for candidate in candidates:
        decides = model.mode_for(candidate.relation, mode)
        if decides == "rules":
            keep = candidate.by_rules
        elif decides == "filter":
            keep = candidate.by_rules and model.accepts(candidate, decides)
        elif decides == "add":
            keep = candidate.by_rules or model.accepts(candidate, decides)
        else:
            keep = model.accepts(candidate, decides)
        if keep and schema.allows(candidate.head, candidate.relation, candidate.tail):
            cue = candidate.rule_cue or "learned"
            out.append(
                Relation(
                    candidate.head, candidate.relation, candidate.tail, candidate.evidence, cue
                )
            )
    return _deduplicate(out)


def relate_learned(
    document: NormalisedDocument,
    sentences: list[Sentence],
    mentions: list[Mention],
    resolution: Resolution,
    lexicon: Lexicon | None = None,
    rules: Sequence[str | RelationRule] = DEFAULT_RELATION_RULES,
    mode: str = "learned",
    model_path: str | None = None,
) -> list[Relation]:
    """The relate stage with the classifier: the candidates of :func:`candidates`, decided by
    the model under ``mode``."""
    found = candidates(document, sentences, mentions, resolution, lexicon, rules)
    return decide(found, load_model(model_path), mode)


__all__ = [
    "MODES",
    "Candidate",
    "RelationModel",
    "candidates",
    "decide",
    "load_model",
    "model_from_dict",
    "pair_features",
    "relate_learned",
]
