"""Shared fixtures: the seeds graph (built once per session) and a runner for the pipeline stages.

Test passages are written for the tests (invented names and sentences); nothing is copied from
``seeds/`` or the gold files, so a test never rewards a rule that only fits the sample documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from kg.model import (
    Entity,
    Measurement,
    Mention,
    NormalisedDocument,
    Relation,
    Sentence,
    SourceDocument,
)
from kg.read import document_id
from kg.resolve import Resolution

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ONTOLOGY = ROOT / "kg" / "ontology" / "cluster-kg.ttl"
SHAPES = ROOT / "kg" / "ontology" / "shapes.ttl"


# ------------------------------------------------------------------ the seeds graph


@dataclass(frozen=True)
class BuiltGraph:
    out_dir: Path
    path: Path  # out_dir / "graph.ttl"
    graph: Graph


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltGraph:
    """`kg build seeds` once per session: the output folder and the parsed graph."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds-build")
    build([SEEDS], out, warn=lambda _message: None)
    path = out / "graph.ttl"
    return BuiltGraph(out, path, Graph().parse(path, format="turtle"))


@pytest.fixture(scope="session")
def seeds_graph(seeds_build: BuiltGraph) -> Graph:
    return seeds_build.graph


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


# ------------------------------------------------------------------ running the stages on a passage


@dataclass
class Run:
    """Every stage's output for one passage."""

    document: NormalisedDocument
    sentences: list[Sentence]
    mentions: list[Mention]
    resolution: Resolution
    relations: list[Relation]
    measurements: list[Measurement]

    def entities(self) -> set[tuple[str, str]]:
        return {(e.type, e.name) for e in self.resolution.entities}

    def entity(self, type_: str, name: str) -> Entity | None:
        return next((e for e in self.resolution.entities if e.key == (type_, name)), None)

    def triples(self) -> set[tuple[str, str, str]]:
        """Relations as (head name, relation, tail name)."""
        return {(r.head[1], r.relation, r.tail[1]) for r in self.relations}

    def typed_triples(self) -> set[tuple[tuple[str, str], str, tuple[str, str]]]:
        return {(r.head, r.relation, r.tail) for r in self.relations}


def run_stages(text: str, path: str = "passage.txt") -> Run:
    """Every stage of the default pipeline, in order, keeping what each one made."""
    from kg.pipeline import State, default_pipeline
    from kg.registry import stages

    pipeline = default_pipeline()
    source = SourceDocument(path=path, text=text, doc_id=document_id(text))
    state = State(source, pipeline)
    for name in pipeline.stages:
        state = stages.get(name)(state)
    return Run(
        state.document,
        state.sentences,
        state.mentions,
        state.resolution,
        state.relations,
        state.measurements,
    )


@pytest.fixture(scope="session")
def run() -> Callable[[str], Run]:
    """``run(text)`` runs every stage of the default pipeline (normalise … measure, prune)."""
    return run_stages


def _write_passages(folder: Path, passages: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in passages.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def write_passages() -> Callable[[Path, dict[str, str]], Path]:
    """``write_passages(folder, {stem: text})`` writes UTF-8 .txt files and returns the folder."""
    return _write_passages
