"""Run the per-document pipeline on many documents: in-process, on a pool of worker processes
(``kg build --jobs N``) or on a Dask cluster (``kg build --engine dask``).

Documents are streamed: the main process reads one document at a time and keeps at most a small
window of them in flight, so the input text is never all in memory. A worker's task is a batch of
documents (about :data:`BATCH_CHARS` characters: a passage of a few kB alone would cost more in
the round trip through the pool than in extraction). Workers return *slim* results (entities
without their mention lists), which is all that :func:`kg.graph.merge` uses; the merged graph
does not depend on the engine, the number of workers, the batches or the order results come back
in.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from kg.cache import ResultCache
from kg.model import DocumentResult, SourceDocument
from kg.read import ReadProblem

if TYPE_CHECKING:
    from kg.pipeline import Pipeline

ENGINES = ("local", "dask")
WINDOW_PER_WORKER = 4  # batches in flight per worker
BATCH_CHARS = 8_000  # characters of text per task of a worker (a longer document goes alone)
BATCH_DOCUMENTS = 64  # documents per task at most


def slim(result: DocumentResult) -> DocumentResult:
    """The result without the mention lists of its entities (cheap to pickle and to cache)."""
    return replace(result, entities=[replace(e, mentions=[]) for e in result.entities])


def extract_slim(source: SourceDocument, pipeline: Pipeline | None = None) -> DocumentResult:
    """The worker's task: :func:`kg.pipeline.extract` with ``pipeline``, slimmed."""
    from kg.pipeline import extract

    return slim(extract(source, pipeline))


@dataclass(frozen=True)
class Failure:
    """A document's extraction raised ``error`` (``"RuntimeError: boom"``) in a worker."""

    error: str


def extract_batch(
    sources: list[SourceDocument], pipeline: Pipeline | None = None
) -> list[DocumentResult | Failure]:
    """A worker's task: :func:`extract_slim` of each document, or the failure it raised, so that
    one document's failure does not fail the others of its batch."""
    out: list[DocumentResult | Failure] = []
    for source in sources:
        try:
            out.append(extract_slim(source, pipeline))
        except Exception as error:  # reported for this document alone
            out.append(Failure(f"{type(error).__name__}: {error}"))
    return out


def warm_up(pipeline: Pipeline | None = None) -> None:
    """Load the pipeline's lexicon, its segmenter's dictionary and the mention rules' matcher
    once per process, before the first document (the lexicon arrives pickled as its source and
    is rebuilt here). With ``fork`` the parent warms up and the workers inherit it all."""
    from kg import segmenter as backends
    from kg.mentions.matcher import lexicon_matcher
    from kg.pipeline import default_pipeline
    from kg.segment import tokenizer

    pipeline = pipeline or default_pipeline()
    backends.use(pipeline.segmenter)
    tokenizer(pipeline.segmenter, pipeline.lexicon)
    lexicon_matcher(pipeline.lexicon)
    # What is loaded now lives as long as the process: out of the cyclic collector's reach, its
    # full collections no longer walk the dictionaries again (and forked workers do not touch
    # the pages they share with the parent to do it). Extraction makes many small containers
    # and almost no garbage cycles: the youngest generation is collected less often.
    gc.freeze()
    first, younger, older = gc.get_threshold()
    gc.set_threshold(max(first, _YOUNG_THRESHOLD), younger, older)


_YOUNG_THRESHOLD = 10_000  # allocations between two collections of the youngest objects


Batch = list[SourceDocument]
BatchResult = list[DocumentResult | Failure]


class Engine(Protocol):
    workers: int
    batch_chars: int  # characters of text per task (0: one document per task)

    def submit(self, sources: Batch) -> Any: ...

    def wait_any(self, pending: Iterable[Any]) -> set[Any]: ...

    def result(self, future: Any) -> BatchResult: ...

    def close(self) -> None: ...


class SerialEngine:
    """Extract in the calling process (``--jobs 1``), one document at a time."""

    workers = 1
    batch_chars = 0

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self.pipeline = pipeline
        warm_up(pipeline)

    def submit(self, sources: Batch) -> Future[BatchResult]:
        future: Future[BatchResult] = Future()
        try:
            future.set_result(extract_batch(sources, self.pipeline))
        except Exception as error:  # re-raised by result(), as a pool would
            future.set_exception(error)
        return future

    def wait_any(self, pending: Iterable[Future[BatchResult]]) -> set[Future[BatchResult]]:
        return set(pending)

    def result(self, future: Future[BatchResult]) -> BatchResult:
        return future.result()

    def close(self) -> None:
        pass


class PoolEngine:
    """A pool of ``jobs`` worker processes, each loading jieba once.

    On platforms with ``fork`` the parent loads jieba and the lexicon first and the workers
    inherit them; elsewhere each worker loads them in its initializer.
    """

    batch_chars = BATCH_CHARS

    def __init__(self, jobs: int, pipeline: Pipeline | None = None) -> None:
        self.workers = jobs
        self.pipeline = pipeline
        if "fork" in multiprocessing.get_all_start_methods():
            warm_up(pipeline)
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("spawn")
        self.context = context
        self.restarts = 0
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            self.workers, mp_context=self.context, initializer=warm_up, initargs=(self.pipeline,)
        )
        pool.submit(os.getpid).result()  # start the workers now, before any other thread
        return pool

    def submit(self, sources: Batch) -> Future[BatchResult]:
        try:
            return self.pool.submit(extract_batch, sources, self.pipeline)
        except BrokenProcessPool:  # a worker died (the OOM killer): a fresh pool
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.restarts += 1
            self.pool = self._start()
            return self.pool.submit(extract_batch, sources, self.pipeline)

    def wait_any(self, pending: Iterable[Future[BatchResult]]) -> set[Future[BatchResult]]:
        return wait(list(pending), return_when=FIRST_COMPLETED).done

    def result(self, future: Future[BatchResult]) -> BatchResult:
        return future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """Dask distributed: a scheduler at ``scheduler`` (``tcp://host:8786``), or a LocalCluster
    of ``jobs`` single-threaded worker processes. Remote workers need cluster-kg installed."""

    batch_chars = BATCH_CHARS

    def __init__(
        self,
        jobs: int,
        scheduler: str | None = None,
        processes: bool = True,
        pipeline: Pipeline | None = None,
    ) -> None:
        self.pipeline = pipeline
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise RuntimeError(
                "--engine dask needs Dask: pip install 'cluster-kg[dask]'"
            ) from error
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=processes, dashboard_address=None
            )
            self.client = Client(self.cluster)
        self.client.run(warm_up, pipeline)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, sources: Batch) -> Any:
        return self.client.submit(extract_batch, sources, self.pipeline, pure=False)

    def wait_any(self, pending: Iterable[Any]) -> set[Any]:
        from distributed import wait as dask_wait

        return set(dask_wait(list(pending), return_when="FIRST_COMPLETED").done)

    def result(self, future: Any) -> BatchResult:
        return future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(
    engine: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    pipeline: Pipeline | None = None,
) -> Engine:
    """An engine whose workers run ``pipeline`` (None: the default pipeline)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if engine == "dask":
        return DaskEngine(jobs, scheduler, pipeline=pipeline)
    if scheduler:
        raise ValueError("--scheduler needs --engine dask")
    return SerialEngine(pipeline) if jobs <= 1 else PoolEngine(jobs, pipeline)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_stream(
    items: Iterable[SourceDocument | ReadProblem],
    engine: Engine,
    cache: ResultCache | None = None,
    on_document: Callable[[SourceDocument], None] | None = None,
) -> Iterator[DocumentResult | ReadProblem]:
    """Results (in completion order) and read problems (as met) for a stream of read items.

    Cached documents are not sent to the engine; the others go in batches of about
    ``engine.batch_chars`` characters, and fresh results are stored in the cache. ``on_document``
    is called for each document when it has been read. When a worker process dies (killed, out
    of memory), every batch in flight fails with it; each of their documents is then sent again
    once, *alone* to a fresh pool, so that a second death can only be its own: one that dies
    that way again is reported as a problem, and no document is blamed for another's.
    """
    window = max(2, engine.workers * WINDOW_PER_WORKER)
    pending: dict[Any, Batch] = {}  # in submission order

    def outcome(future: Any, sources: Batch) -> list[DocumentResult | ReadProblem]:
        """The results of a finished batch, or the problems of its documents
        (BrokenProcessPool is raised: the caller decides)."""
        try:
            results = engine.result(future)
        except BrokenProcessPool:
            raise
        except Exception as error:  # one batch's failure never stops the build
            results = [Failure(f"{type(error).__name__}: {error}")] * len(sources)
        out: list[DocumentResult | ReadProblem] = []
        for source, result in zip(sources, results, strict=True):
            if isinstance(result, Failure):
                out.append(ReadProblem(source.path, f"extraction failed: {result.error}"))
                continue
            if cache is not None:
                cache.put(source, result)
            out.append(result)
        return out

    def alone(source: SourceDocument) -> DocumentResult | ReadProblem:
        """A document whose worker died, sent again with nothing else in flight."""
        future = engine.submit([source])
        engine.wait_any([future])
        try:
            return outcome(future, [source])[0]
        except BrokenProcessPool:
            return ReadProblem(
                source.path,
                "extraction failed: a worker process died twice on this document (out of memory?)",
            )

    def finished(futures: set[Any]) -> Iterator[DocumentResult | ReadProblem]:
        suspects: list[SourceDocument] = []
        while True:
            for future in [f for f in pending if f in futures]:
                sources = pending.pop(future)
                try:
                    yield from outcome(future, sources)
                except BrokenProcessPool:
                    suspects.extend(sources)
            if not suspects or not pending:
                break
            futures = engine.wait_any(pending)  # a broken pool fails all the others too
        for source in suspects:  # in the order they were sent
            yield alone(source)

    batch: Batch = []
    chars = 0

    def send() -> Iterator[DocumentResult | ReadProblem]:
        nonlocal batch, chars
        pending[engine.submit(batch)] = batch
        batch, chars = [], 0
        while len(pending) >= window:
            yield from finished(engine.wait_any(pending))

    for item in items:
        if isinstance(item, ReadProblem):
            yield item
            continue
        if on_document is not None:
            on_document(item)
        hit = cache.get(item) if cache is not None else None
        if hit is not None:
            yield hit
            continue
        batch.append(item)
        chars += len(item.text)
        if chars >= engine.batch_chars or len(batch) >= BATCH_DOCUMENTS:
            yield from send()
    if batch:
        yield from send()
    while pending:
        yield from finished(engine.wait_any(pending))
