"""Score a built graph against gold annotations, with the annotation guide's matching rule.

- Gold entities of one type that share a name or alias across files are one entity.
- A graph entity matches a gold entity of the same type when one of its labels, normalised
  (Traditional → Simplified, whitespace, quotes and 《》 removed), equals the gold name or an alias;
  each gold entity matches at most once.
- A graph relation matches a gold relation with the same name whose head and tail match.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.graph import CKG
from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.normalise import to_simplified

_STRIP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉]")
SYMMETRIC = {"partnerOf"}


def normalise_label(label: str) -> str:
    return _STRIP.sub("", to_simplified(label))


@dataclass
class ScoredEntity:
    type: str
    name: str
    labels: frozenset[str]


@dataclass
class Dataset:
    entities: list[ScoredEntity]
    relations: set[tuple[int, str, int]]  # indices into entities


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    missed_entities: list[str] = field(default_factory=list)
    false_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    false_relations: list[str] = field(default_factory=list)

    def overall(self, kind: str) -> Score:
        scores = self.entities if kind == "entities" else self.relations
        total = Score()
        for score in scores.values():
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
        return total


# ------------------------------------------------------------------ loading


class EvalError(ValueError):
    """A graph or gold file that cannot be read, worded for one line naming the file."""


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_gold(folder: Path) -> Dataset:
    """Union of gold files; same-type entities sharing a label become one. A file that is not
    gold JSON raises :class:`EvalError` naming it."""
    raw_entities: list[tuple[str, str, set[str]]] = []
    raw_relations: list[tuple[int, str, int]] = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            _read_gold_file(path, raw_entities, raw_relations)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise EvalError(f"cannot read gold file {path}: {_one_line(error)}") from None
        except (KeyError, TypeError, AttributeError) as error:
            raise EvalError(
                f"not a gold file {path}: an entity or relation lacks a field ({_one_line(error)})"
            ) from None
    return _merge_by_label(raw_entities, raw_relations)


def _read_gold_file(path: Path, raw_entities: list, raw_relations: list) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    index: dict[str, int] = {}
    for entity in data.get("entities", []):
        labels = {normalise_label(entity["name"])} | {
            normalise_label(a) for a in entity.get("aliases", [])
        }
        index[entity["name"]] = len(raw_entities)
        raw_entities.append((entity["type"], entity["name"], labels))
    for relation in data.get("relations", []):
        if relation["head"] in index and relation["tail"] in index:
            raw_relations.append(
                (index[relation["head"]], relation["relation"], index[relation["tail"]])
            )


def _merge_by_label(raw_entities, raw_relations) -> Dataset:
    parent = list(range(len(raw_entities)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for i, (type_, _name, labels) in enumerate(raw_entities):
        for label in labels:
            key = (type_, label)
            if key in owner:
                a, b = find(owner[key]), find(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[key] = i
    roots = sorted({find(i) for i in range(len(raw_entities))})
    position = {root: n for n, root in enumerate(roots)}
    labels: dict[int, set[str]] = defaultdict(set)
    for i, (_type, _name, entity_labels) in enumerate(raw_entities):
        labels[find(i)].update(entity_labels)
    entities = [
        ScoredEntity(raw_entities[r][0], raw_entities[r][1], frozenset(labels[r])) for r in roots
    ]
    relations = {(position[find(h)], rel, position[find(t)]) for h, rel, t in raw_relations}
    return Dataset(entities, _canonical_relations(relations))


def _canonical_relations(relations: set[tuple[int, str, int]]) -> set[tuple[int, str, int]]:
    return {(min(h, t), r, max(h, t)) if r in SYMMETRIC else (h, r, t) for h, r, t in relations}


def load_graph(path: Path) -> Dataset:
    path = Path(path)
    if path.is_dir():
        path = path / "graph.ttl"
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many kinds; the message can hold the whole file
        raise EvalError(f"cannot read graph {path}: {_one_line(error)}") from None
    index: dict = {}
    entities: list[ScoredEntity] = []
    for type_ in ENTITY_TYPES:
        for node in sorted(graph.subjects(RDF.type, CKG[type_])):
            labels = {
                str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(node, p)
            }
            name = str(graph.value(node, SKOS.prefLabel) or node)
            index[node] = len(entities)
            entities.append(
                ScoredEntity(type_, name, frozenset(normalise_label(x) for x in labels))
            )
    relations = set()
    for relation in RELATION_TYPES:
        for head, tail in graph.subject_objects(CKG[relation]):
            if head in index and tail in index:
                relations.add((index[head], relation, index[tail]))
    return Dataset(entities, _canonical_relations(relations))


# ------------------------------------------------------------------ scoring


def score(predicted: Dataset, gold: Dataset) -> Report:
    report = Report()
    by_label: dict[tuple[str, str], list[int]] = defaultdict(list)
    for g, entity in enumerate(gold.entities):
        for label in entity.labels:
            by_label[(entity.type, label)].append(g)
    matched_gold: dict[int, int] = {}  # predicted index → gold index
    used: set[int] = set()
    # exact name matches first, so an entity's own name wins over another's alias
    order = sorted(
        range(len(predicted.entities)),
        key=lambda i: (predicted.entities[i].type, predicted.entities[i].name),
    )
    for exact in (True, False):
        for i in order:
            if i in matched_gold:
                continue
            entity = predicted.entities[i]
            candidates = sorted(
                {g for label in entity.labels for g in by_label.get((entity.type, label), [])}
            )
            if exact:
                candidates = [
                    g for g in candidates if normalise_label(gold.entities[g].name) in entity.labels
                ]
            free = [g for g in candidates if g not in used]
            if free:
                matched_gold[i] = free[0]
                used.add(free[0])
    for i, entity in enumerate(predicted.entities):
        if i in matched_gold:
            report.entities[entity.type].tp += 1
        else:
            report.entities[entity.type].fp += 1
            report.false_entities.append(f"{entity.type}\t{entity.name}")
    for g, entity in enumerate(gold.entities):
        if g not in used:
            report.entities[entity.type].fn += 1
            report.missed_entities.append(f"{entity.type}\t{entity.name}")

    def compatible(i: int) -> set[int]:
        entity = predicted.entities[i]
        return {g for label in entity.labels for g in by_label.get((entity.type, label), [])}

    remaining = set(gold.relations)
    for h, relation, t in sorted(predicted.relations):
        heads, tails = compatible(h), compatible(t)
        hit = None
        for gh, gr, gt in sorted(remaining):
            if gr != relation:
                continue
            if (gh in heads and gt in tails) or (
                relation in SYMMETRIC and gh in tails and gt in heads
            ):
                hit = (gh, gr, gt)
                break
        if hit:
            remaining.discard(hit)
            report.relations[relation].tp += 1
        else:
            report.relations[relation].fp += 1
            report.false_relations.append(
                f"{predicted.entities[h].name}\t{relation}\t{predicted.entities[t].name}"
            )
    for gh, relation, gt in sorted(remaining):
        report.relations[relation].fn += 1
        report.missed_relations.append(
            f"{gold.entities[gh].name}\t{relation}\t{gold.entities[gt].name}"
        )
    return report


def format_report(report: Report, show_errors: bool = False) -> str:
    lines = [f"{'':14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]

    def row(name: str, s: Score) -> str:
        scores = f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
        return f"{name:14} {scores} {s.tp:5d} {s.fp:5d} {s.fn:5d}"

    lines.append(row("ENTITIES", report.overall("entities")))
    for type_ in ENTITY_TYPES:
        lines.append(row("  " + type_, report.entities[type_]))
    lines.append(row("RELATIONS", report.overall("relations")))
    for relation in RELATION_TYPES:
        lines.append(row("  " + relation, report.relations[relation]))
    if show_errors:
        for title, items in (
            ("missed entities", report.missed_entities),
            ("false entities", report.false_entities),
            ("missed relations", report.missed_relations),
            ("false relations", report.false_relations),
        ):
            lines.append(f"\n# {title} ({len(items)})")
            lines.extend(sorted(items))
    return "\n".join(lines)
