"""Train the relation classifier (kg/relate/learned.py) and write its weights as JSON.

    pip install scikit-learn            # the ``train`` extra: pip install '.[train]'
    python scripts/train_relations.py   # seeds + devset dev part → kg/data/relation_model.json

Each corpus is a folder of texts and a folder of gold files (``gold/<stem>.json``, the guide's
format). A text is run through the pipeline up to resolve; its candidates
(:func:`kg.relate.learned.candidates`) are labelled with the scorer's own matching
(:mod:`kg.evaluate`: a candidate entity matches a gold entity of its type sharing a normalised
label; a candidate relation is positive when the gold has it between matching entities).

One L2 logistic regression per relation (lbfgs, fixed settings: deterministic). Thresholds per
relation and mode are chosen on out-of-fold scores of the training documents (document-level
folds), maximising the relation's F1 over those documents. Features seen in fewer than
``--min-df`` training documents are dropped; word features that equal a gold name are dropped
too, so no name from any gold reaches the model file.

The devset's unseen part (d25–d36, d61–d72 of a folder named ``devset``) is never read.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg import segmenter as segmenters  # noqa: E402
from kg.evaluate import Dataset, _merge_by_label, _read_gold_file, normalise_label  # noqa: E402
from kg.model import RELATION_TYPES  # noqa: E402
from kg.pipeline import Pipeline, State  # noqa: E402
from kg.read import document_id  # noqa: E402
from kg.read.documents import read_file  # noqa: E402
from kg.registry import stages  # noqa: E402
from kg.relate.learned import MODEL_FORMAT, Candidate, candidates  # noqa: E402
from kg.schema import load_schema  # noqa: E402

DEFAULT_CORPORA = (
    (ROOT / "seeds", ROOT / "seeds" / "gold"),
    (ROOT.parent / "shared" / "devset" / "texts", ROOT.parent / "shared" / "devset" / "gold"),
)
DEFAULT_OUT = ROOT / "kg" / "data" / "relation_model.json"
_UNSEEN = re.compile(r"d(2[5-9]|3[0-6]|6[1-9]|7[0-2])")
_WORD_FEATURES = ("bw:", "lw:", "rw:", "sw:", "rcue:", "gw:", "pw:", "aw:")
MIN_POSITIVES = 5
Gold = tuple[int, str, int]


def unseen(texts: Path, stem: str) -> bool:
    """A file of the devset's unseen part: never read for training."""
    return "devset" in texts.parts and _UNSEEN.fullmatch(stem) is not None


@dataclass
class Document:
    """One training document: its candidates, each with the gold relation it matches."""

    stem: str
    candidates: list[Candidate]
    labels: list[Gold | None]
    gold_counts: dict[str, int]  # gold relations per relation name
    gold_names: set[str] = field(default_factory=set)


def _gold_of(path: Path) -> Dataset:
    """One gold file, read and merged exactly as the scorer reads a gold folder."""
    raw_entities: list = []
    raw_relations: list = []
    _read_gold_file(path, raw_entities, raw_relations)
    return _merge_by_label(raw_entities, raw_relations)


def _prepare(path: Path, pipeline: Pipeline) -> State:
    source = read_file(path)
    if source.doc_id is None:
        source = type(source)(**{**source.__dict__, "doc_id": document_id(source.text)})
    segmenters.use(pipeline.segmenter)
    state = State(source, pipeline)
    for name in pipeline.stages:
        if name == "relate":
            break
        state = stages.get(name)(state)
    return state


def label(found: list[Candidate], labels_of: dict, gold: Dataset) -> list[Gold | None]:
    """The gold relation each candidate matches (the scorer's rule), or None."""
    by_label: dict[tuple[str, str], list[int]] = defaultdict(list)
    for g, entity in enumerate(gold.entities):
        for text in entity.labels:
            by_label[(entity.type, text)].append(g)

    def compatible(key: tuple[str, str]) -> set[int]:
        return {g for text in labels_of.get(key, ()) for g in by_label.get((key[0], text), [])}

    symmetric = {r for r in RELATION_TYPES if load_schema()[r].symmetric}
    out: list[Gold | None] = []
    for candidate in found:
        heads, tails = compatible(candidate.head), compatible(candidate.tail)
        hit = None
        for gh, relation, gt in sorted(gold.relations):
            if relation != candidate.relation:
                continue
            if (gh in heads and gt in tails) or (
                relation in symmetric and gh in tails and gt in heads
            ):
                hit = (gh, relation, gt)
                break
        out.append(hit)
    return out


def read_corpus(texts: Path, gold_dir: Path, pipeline: Pipeline) -> list[Document]:
    documents = []
    for path in sorted(texts.glob("*.txt")):
        gold_path = gold_dir / f"{path.stem}.json"
        if unseen(texts, path.stem) or not gold_path.exists():
            continue
        state = _prepare(path, pipeline)
        assert state.resolution is not None and state.document is not None
        found = candidates(
            state.document,
            state.sentences,
            state.mentions,
            state.resolution,
            state.lexicon,
            pipeline.relation_rules,
        )
        labels_of = {
            e.key: {normalise_label(x) for x in (e.name, *e.aliases, *e.traditional)}
            for e in state.resolution.entities
        }
        gold = _gold_of(gold_path)
        counts: dict[str, int] = defaultdict(int)
        for _h, relation, _t in gold.relations:
            counts[relation] += 1
        names = {label for entity in gold.entities for label in entity.labels}
        documents.append(
            Document(path.stem, found, label(found, labels_of, gold), dict(counts), names)
        )
    return documents


# ------------------------------------------------------------------ training


def vocabulary(documents: Sequence[Document], min_df: int) -> set[str]:
    """Features seen in at least ``min_df`` documents, without word features naming a gold
    entity of any document."""
    df: dict[str, int] = defaultdict(int)
    for document in documents:
        seen = set()
        for candidate in document.candidates:
            seen |= candidate.features
        for name in seen:
            df[name] += 1
    names = set().union(*(d.gold_names for d in documents)) if documents else set()
    keep = set()
    for feature, count in df.items():
        if count < min_df:
            continue
        if feature.startswith(_WORD_FEATURES) and feature.split(":", 1)[1] in names:
            continue
        keep.add(feature)
    return keep


def _fit(rows: list[set[str]], y: list[int], C: float) -> tuple[float, dict[str, float]]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    X = vectorizer.fit_transform([dict.fromkeys(sorted(r), 1) for r in rows])
    model = LogisticRegression(C=C, solver="lbfgs", max_iter=5000, tol=1e-6)
    model.fit(X, y)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    return round(float(model.intercept_[0]), 4), weights


def fit_relations(
    documents: Sequence[Document], vocab: set[str], C: float
) -> dict[str, tuple[float, dict[str, float]]]:
    """(bias, weights) per relation with enough positive candidates."""
    out = {}
    for relation in RELATION_TYPES:
        rows, y = [], []
        for document in documents:
            for candidate, gold in zip(document.candidates, document.labels, strict=True):
                if candidate.relation == relation:
                    rows.append(candidate.features & vocab)
                    y.append(int(gold is not None))
        if sum(y) >= MIN_POSITIVES and sum(y) < len(y):
            out[relation] = _fit(rows, y, C)
    return out


def _score(bias: float, weights: dict[str, float], features: set[str]) -> float:
    total = bias
    for name in sorted(features):
        total += weights.get(name, 0.0)
    return total


@dataclass
class Scored:
    """A document-level relation of one held-out document: its best score over the
    sentences that state it, whether a rule gave it, and the gold relation it matches."""

    document: str
    score: float
    by_rules: bool
    gold: Gold | None


def out_of_fold(
    documents: Sequence[Document], folds: int, min_df: int, C: float
) -> dict[str, list[Scored]]:
    """Scores of each training document's candidates by a model trained without its fold."""
    out: dict[str, list[Scored]] = defaultdict(list)
    for fold in range(folds):
        held = [d for i, d in enumerate(documents) if i % folds == fold]
        rest = [d for i, d in enumerate(documents) if i % folds != fold]
        vocab = vocabulary(rest, min_df)
        fitted = fit_relations(rest, vocab, C)
        for document in held:
            best: dict[tuple, Scored] = {}
            for candidate, gold in zip(document.candidates, document.labels, strict=True):
                if candidate.relation in fitted:
                    bias, weights = fitted[candidate.relation]
                    score = _score(bias, weights, candidate.features)
                else:  # too few positives in this fold: the rules alone decide
                    score = -math.inf
                key = (candidate.head, candidate.relation, candidate.tail)
                if key not in best:
                    best[key] = Scored(document.stem, score, candidate.by_rules, gold)
                else:
                    best[key].score = max(best[key].score, score)
                    best[key].by_rules |= candidate.by_rules
            for (_h, relation, _t), scored in sorted(best.items()):
                out[relation].append(scored)
    return out


def _f1(kept: Iterable[Scored], gold_total: int) -> float:
    matched, fp = set(), 0
    for item in kept:
        key = (item.document, item.gold)
        if item.gold is None or key in matched:
            fp += 1
        else:
            matched.add(key)
    tp = len(matched)
    return 2 * tp / (2 * tp + fp + (gold_total - tp)) if tp else 0.0


def threshold(scored: list[Scored], gold_total: int, mode: str) -> tuple[float, float]:
    """The score threshold that maximises the relation's F1 on the out-of-fold scores under
    ``mode`` (ties: the higher threshold, the fewer relations), and that F1."""
    pool = [s for s in scored if s.by_rules] if mode == "filter" else scored
    fixed = [s for s in scored if s.by_rules] if mode == "add" else []
    values = sorted({s.score for s in pool if math.isfinite(s.score)}, reverse=True)
    cuts = [values[0] + 1.0] if values else [0.0]
    cuts += [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)]
    cuts += [values[-1] - 1.0] if values else []
    best_cut, best = cuts[0], -1.0
    for cut in cuts:
        kept = [s for s in pool if s.score >= cut]
        if mode == "add":
            kept = list({id(s): s for s in (*fixed, *kept)}.values())
        f1 = _f1(kept, gold_total)
        if f1 > best + 1e-12:
            best_cut, best = cut, f1
    return round(best_cut, 4), best


def train(
    documents: Sequence[Document],
    C: float = 1.0,
    min_df: int = 3,
    folds: int = 5,
    margin: float = 0.0,
) -> dict:
    """The model file's content, trained on ``documents``."""
    documents = sorted(documents, key=lambda d: d.stem)
    vocab = vocabulary(documents, min_df)
    fitted = fit_relations(documents, vocab, C)
    scored = out_of_fold(documents, folds, min_df, C) if folds > 1 else {}
    gold_totals: dict[str, int] = defaultdict(int)
    for document in documents:
        for relation, count in document.gold_counts.items():
            gold_totals[relation] += count
    relations = {}
    for relation, (bias, weights) in fitted.items():
        pool = scored.get(relation, [])
        rules_f1 = _f1([s for s in pool if s.by_rules], gold_totals[relation])
        thresholds: dict[str, float | None] = {}
        best, choice = rules_f1, "rules"
        for mode in ("learned", "filter", "add"):
            cut, f1 = threshold(pool, gold_totals[relation], mode) if pool else (0.0, 0.0)
            # a mode no better than the rules on held-out documents leaves them the decision
            thresholds[mode] = cut if f1 > rules_f1 + margin else None
            if thresholds[mode] is not None and f1 > best + 1e-12:
                best, choice = f1, mode
        relations[relation] = {
            "bias": bias,
            "thresholds": thresholds,
            "choice": choice,
            "weights": weights,
            "oof_f1": {"rules": round(rules_f1, 4), "best": round(best, 4)},
        }
    positives = sum(1 for d in documents for g in d.labels if g is not None)
    return {
        "format": MODEL_FORMAT,
        "about": (
            "Relation classifier weights (kg/relate/learned.py), written by "
            "scripts/train_relations.py: one logistic regression per relation over general "
            "features (no entity names); thresholds are log-odds per mode."
        ),
        "trained_on": {
            "documents": [d.stem for d in documents],
            "candidates": sum(len(d.candidates) for d in documents),
            "positives": positives,
        },
        "settings": {"C": C, "min_df": min_df, "folds": folds},
        "relations": relations,
    }


def write_model(model: dict, path: Path) -> None:
    text = json.dumps(model, ensure_ascii=False, sort_keys=True, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def _finite(model: dict) -> bool:
    return all(
        math.isfinite(v)
        for entry in model["relations"].values()
        for v in (entry["bias"], *entry["weights"].values())
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        nargs=2,
        action="append",
        metavar=("TEXTS", "GOLD"),
        type=Path,
        help="a folder of texts and its gold folder (repeatable; default: the seeds and "
        "../shared/devset's development part)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--C", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--min-df", type=int, default=3, help="documents a feature needs")
    parser.add_argument("--folds", type=int, default=5, help="folds for the thresholds")
    parser.add_argument(
        "--margin",
        type=float,
        default=0.0,
        help="out-of-fold F1 a mode must gain over the rules to decide a relation "
        "(negative: always the classifier)",
    )
    args = parser.parse_args(argv)
    corpora = args.corpus or [c for c in DEFAULT_CORPORA if c[0].is_dir()]
    pipeline = Pipeline()
    documents: list[Document] = []
    for texts, gold in corpora:
        documents.extend(read_corpus(Path(texts), Path(gold), pipeline))
    if not documents:
        print("error: no text with a gold file", file=sys.stderr)
        return 2
    model = train(documents, args.C, args.min_df, args.folds, args.margin)
    assert _finite(model)
    write_model(model, args.out)
    counts = {r: len(e["weights"]) for r, e in model["relations"].items()}
    print(f"{len(documents)} documents → {args.out} (features per relation: {counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
