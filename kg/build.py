"""Run the pipeline over a set of files and write the outputs: the ``kg build`` job."""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from kg import segmenter as segmenters
from kg.cache import ResultCache
from kg.graph import Corpus, add_triples, build_graph, merge
from kg.model import DocumentResult
from kg.parallel import extract_stream, make_engine
from kg.pipeline import Pipeline
from kg.read import ReadProblem, expand_paths, read_documents
from kg.serialise import TurtleWriter, write_turtle

EXIT_SKIPPED = 3  # `kg build --strict`: some inputs were skipped (the outputs are still written)
EXIT_NOTHING_READ = 4  # no document was read: the outputs are left as they were
LOCK_NAME = ".kg-lock"
OUTPUTS = ("graph.ttl", "graph.html")


class BuildError(Exception):
    """A build that cannot start or would write nothing useful; one-line message."""


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
    pipeline: Pipeline | None = None  # lexicon, rules and segmenter; None: the defaults
    follow_links: bool = False  # follow symbolic links that lead out of an input folder


@dataclass
class BuildSummary:
    read: int = 0
    skipped: list[ReadProblem] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    measurements: int = 0
    written: bool = False  # the outputs were replaced

    def line(self) -> str:
        return (
            f"{self.read} documents read, {len(self.skipped)} skipped; {self.entities} entities, "
            f"{self.relations} relations, {self.measurements} measurements"
        )

    def exit_code(self, strict: bool = False) -> int:
        """:data:`EXIT_NOTHING_READ` when no document was read; else 0, or with ``strict``
        :data:`EXIT_SKIPPED` when some file or record was skipped."""
        if self.read == 0:
            return EXIT_NOTHING_READ
        return EXIT_SKIPPED if strict and self.skipped else 0


def _lines(path: Path) -> int:
    """The number of lines of a file, counted in pieces of 1 MiB (a line may be any length)."""
    count, last = 0, b"\n"
    try:
        with path.open("rb") as handle:
            while piece := handle.read(1 << 20):
                count += piece.count(b"\n")
                last = piece[-1:]
    except OSError:
        return 0
    return count + (last != b"\n")


def documents_in(files: list[Path | ReadProblem]) -> int:
    """How many documents (or skipped ones) reading ``files`` yields, for the progress bar: one
    per file or problem, one per line of a JSON Lines file (an upper bound: a blank line is no
    record; the bar's total is corrected as it goes)."""
    total = 0
    for item in files:
        jsonl = isinstance(item, Path) and item.suffix.lower() == ".jsonl" and item.is_file()
        total += max(1, _lines(item)) if jsonl else 1
    return total


def extract_all(
    paths: list[Path],
    warn: Callable[[str], None],
    progress: bool,
    options: BuildOptions | None = None,
    exclude: tuple[Path, ...] = (),
) -> tuple[list[DocumentResult], BuildSummary]:
    """Read and extract every document, streamed through the engine of ``options``; nothing
    inside an ``exclude`` folder (the output folder) is read."""
    options = options or BuildOptions()
    files = expand_paths(paths, follow_links=options.follow_links, exclude=exclude)
    summary = BuildSummary()
    results: list[DocumentResult] = []
    chars = 0
    pipeline = options.pipeline or Pipeline(segmenter=options.segmenter)
    segmenters.use(pipeline.segmenter)
    cache = (
        ResultCache(options.cache_dir, pipeline.fingerprint)
        if options.cache_dir is not None
        else None
    )
    if cache is not None:
        cache.prune()  # entries of other pipeline versions
    engine = make_engine(options.engine, options.jobs, options.scheduler, pipeline)
    try:
        total = documents_in(files) if progress else None
        with tqdm(total=total, unit="doc", disable=not progress, file=sys.stderr) as bar:
            for item in extract_stream(read_documents(files), engine, cache):
                if isinstance(item, ReadProblem):
                    warn(f"warning: {item}")
                    summary.skipped.append(item)
                else:
                    if "replaced" in item.encoding:  # damaged bytes: kept, but said
                        warn(f"warning: {item.path}: {item.encoding}")
                    results.append(item)
                    summary.read += 1
                    chars += item.length
                if bar.total is not None and bar.n >= bar.total:  # the count was an estimate
                    bar.total = bar.n + 1
                bar.update(1)
                bar.set_postfix(chars=chars)
            if bar.total is not None:
                bar.total = bar.n  # blank lines of a JSON Lines file are no documents
                bar.refresh()
    finally:
        engine.close()
    return results, summary


def _staged(out_dir: Path, name: str) -> Path:
    return out_dir / f".{name}.{os.getpid()}.staged.tmp"


def write_outputs(corpus: Corpus, out_dir: Path, html: bool = True) -> None:
    """graph.ttl, and graph.html unless ``html`` is false (large corpora: no rdflib graph is
    built then, the Turtle is written straight from the corpus; a stale graph.html is removed).

    Both files are written in full first, then renamed into place one right after the other,
    so a failure while writing leaves the previous pair untouched."""
    from kg.serialise import output_mode

    out_dir.mkdir(parents=True, exist_ok=True)
    staged = {name: _staged(out_dir, name) for name in OUTPUTS}
    try:
        if not html:
            writer = TurtleWriter()
            add_triples(corpus, writer.add)
            writer.write(staged["graph.ttl"])
            del staged["graph.html"]
        else:
            from kg.render import write_html  # pyvis (and IPython) take a second to import

            graph = build_graph(corpus)
            write_turtle(graph, staged["graph.ttl"])
            write_html(graph, staged["graph.html"])
        for name, path in staged.items():
            os.chmod(path, output_mode(out_dir / name))
        for name, path in staged.items():
            os.replace(path, out_dir / name)
        if not html:
            (out_dir / "graph.html").unlink(missing_ok=True)
    finally:
        for path in staged.values():
            path.unlink(missing_ok=True)


def clean_stale_temporaries(out_dir: Path) -> list[Path]:
    """Remove the temporary files of builds that were killed while writing (call with the
    output folder locked)."""
    removed = []
    for name in OUTPUTS:
        for pattern in (f".{name}.*.tmp", f"..{name}.*.tmp"):
            for path in out_dir.glob(pattern):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock (``OUT/.kg-lock``) for a build: a second build into the
    same folder fails at once instead of mixing its outputs with the first one's."""
    out_dir.mkdir(parents=True, exist_ok=True)
    handle = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another kg build is writing to {out_dir}") from None
        yield
    finally:
        os.close(handle)  # releases the lock


def check_inputs(paths: list[Path]) -> None:
    """A path that does not exist is an error (a mistyped name), not a skipped file."""
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise BuildError(f"no such file or folder: {', '.join(missing)}")


def build(
    paths: list[Path],
    out_dir: Path,
    warn: Callable[[str], None] = print,
    progress: bool = False,
    options: BuildOptions | None = None,
) -> BuildSummary:
    """Extract ``paths`` and write the outputs to ``out_dir``, holding its lock. Raises
    :class:`BuildError` for a missing input or a folder another build holds; when no document
    was read the outputs are left as they were (``summary.written`` is false)."""
    check_inputs(paths)
    out_dir = Path(out_dir)
    with locked(out_dir):
        clean_stale_temporaries(out_dir)
        results, summary = extract_all(paths, warn, progress, options, exclude=(out_dir,))
        if summary.read == 0:
            return summary
        pipeline = options.pipeline if options is not None else None
        corpus = merge(results, pipeline.lexicon if pipeline is not None else None)
        write_outputs(corpus, out_dir, html=options is None or options.html)
        summary.written = True
    summary.entities = len(corpus.entities)
    summary.relations = len(corpus.relations)
    summary.measurements = len(corpus.measurements)
    return summary
