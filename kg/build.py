"""Run the pipeline over a set of files and write the outputs: the ``kg build`` job."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg import segmenter as segmenters
from kg.cache import ResultCache
from kg.graph import Corpus, add_triples, build_graph, merge
from kg.model import DocumentResult
from kg.parallel import extract_stream, make_engine
from kg.read import ReadProblem, expand_paths, read_documents
from kg.serialise import TurtleWriter, write_turtle

EXIT_SKIPPED = 3  # `kg build --strict`: some inputs were skipped (the outputs are still written)


@dataclass(frozen=True)
class BuildOptions:
    """How to run the extraction: ``jobs`` worker processes (1: in this process) or a Dask
    cluster (``engine="dask"``, at ``scheduler`` or a LocalCluster of ``jobs`` workers); a
    result cache in ``cache_dir`` (None: no cache); ``html``: also write graph.html;
    ``segmenter``: the word segmentation backend (:data:`kg.segmenter.BACKENDS`)."""

    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    cache_dir: Path | None = None
    html: bool = True
    segmenter: str = segmenters.DEFAULT


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
    paths: list[Path],
    warn: Callable[[str], None],
    progress: bool,
    options: BuildOptions | None = None,
) -> tuple[list[DocumentResult], BuildSummary]:
    """Read and extract every document, streamed through the engine of ``options``."""
    options = options or BuildOptions()
    files = expand_paths(paths)
    summary = BuildSummary()
    results: list[DocumentResult] = []
    chars = 0
    segmenters.use(options.segmenter)  # this process's too: the cache key includes it
    cache = ResultCache(options.cache_dir) if options.cache_dir is not None else None
    engine = make_engine(options.engine, options.jobs, options.scheduler, options.segmenter)
    try:
        with tqdm(total=len(files), unit="file", disable=not progress, file=sys.stderr) as bar:
            for item in extract_stream(read_documents(files), engine, cache):
                if isinstance(item, ReadProblem):
                    warn(f"warning: {item}")
                    summary.skipped.append(item)
                else:
                    results.append(item)
                    summary.read += 1
                    chars += item.length
                bar.update(1)
                bar.set_postfix(chars=chars)
    finally:
        engine.close()
    return results, summary


def write_outputs(corpus: Corpus, out_dir: Path, html: bool = True) -> None:
    """graph.ttl, and graph.html unless ``html`` is false (large corpora: no rdflib graph is
    built then, the Turtle is written straight from the corpus; a stale graph.html is removed)."""
    if not html:
        writer = TurtleWriter()
        add_triples(corpus, writer.add)
        writer.write(out_dir / "graph.ttl")
        (out_dir / "graph.html").unlink(missing_ok=True)
        return
    from kg.render import write_html  # pyvis (and IPython) take a second to import

    graph = build_graph(corpus)
    write_turtle(graph, out_dir / "graph.ttl")
    write_html(graph, out_dir / "graph.html")


def build(
    paths: list[Path],
    out_dir: Path,
    warn: Callable[[str], None] = print,
    progress: bool = False,
    options: BuildOptions | None = None,
) -> BuildSummary:
    results, summary = extract_all(paths, warn, progress, options)
    corpus = merge(results)
    write_outputs(corpus, out_dir, html=options is None or options.html)
    summary.entities = len(corpus.entities)
    summary.relations = len(corpus.relations)
    summary.measurements = len(corpus.measurements)
    return summary
