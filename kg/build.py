"""Run the pipeline over a set of files and write the outputs: the ``kg build`` job."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg.graph import Corpus, build_graph, merge
from kg.model import DocumentResult
from kg.pipeline import extract
from kg.read import ReadProblem, expand_paths, read_documents
from kg.render import write_html
from kg.serialise import write_turtle

EXIT_SKIPPED = 3  # `kg build --strict`: some inputs were skipped (the outputs are still written)


@dataclass
class BuildSummary:
    read: int = 0
    skipped: list[ReadProblem] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    measurements: int = 0

    def line(self) -> str:
        return (
            f"{self.read} documents read, {len(self.skipped)} skipped; {self.entities} entities, "
            f"{self.relations} relations, {self.measurements} measurements"
        )

    def exit_code(self, strict: bool = False) -> int:
        """0, or with ``strict`` :data:`EXIT_SKIPPED` when some file or record was skipped."""
        return EXIT_SKIPPED if strict and self.skipped else 0


def extract_all(
    paths: list[Path], warn: Callable[[str], None], progress: bool
) -> tuple[list[DocumentResult], BuildSummary]:
    files = expand_paths(paths)
    summary = BuildSummary()
    results: list[DocumentResult] = []
    chars = 0
    with tqdm(total=len(files), unit="file", disable=not progress, file=sys.stderr) as bar:
        for item in read_documents(files):
            if isinstance(item, ReadProblem):
                warn(f"warning: {item}")
                summary.skipped.append(item)
            else:
                results.append(extract(item))
                summary.read += 1
                chars += len(item.text)
            bar.update(1)
            bar.set_postfix(chars=chars)
    return results, summary


def write_outputs(corpus: Corpus, out_dir: Path) -> None:
    graph = build_graph(corpus)
    write_turtle(graph, out_dir / "graph.ttl")
    write_html(graph, out_dir / "graph.html")


def build(
    paths: list[Path], out_dir: Path, warn: Callable[[str], None] = print, progress: bool = False
) -> BuildSummary:
    results, summary = extract_all(paths, warn, progress)
    corpus = merge(results)
    write_outputs(corpus, out_dir)
    summary.entities = len(corpus.entities)
    summary.relations = len(corpus.relations)
    summary.measurements = len(corpus.measurements)
    return summary
