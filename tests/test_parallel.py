"""Parallel and distributed builds give the same graph, byte for byte; the Turtle writer is
deterministic and round-trips through rdflib and pyoxigraph."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from kg.build import BuildOptions, build
from kg.graph import CKG, ID, add_triples, build_graph, merge
from kg.parallel import SerialEngine, extract_slim, make_engine, slim
from kg.pipeline import extract
from kg.read import read_documents
from kg.serialise import TurtleWriter, to_turtle

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _graph_bytes(tmp_path: Path, name: str, options: BuildOptions) -> bytes:
    out = tmp_path / name
    build([SEEDS], out, warn=lambda _m: None, options=options)
    return (out / "graph.ttl").read_bytes()


@pytest.fixture(scope="module")
def serial_seeds_graph(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _graph_bytes(tmp_path_factory.mktemp("serial"), "out", BuildOptions(jobs=1, html=False))


def test_two_jobs_give_the_same_graph_bytes(serial_seeds_graph: bytes, tmp_path: Path) -> None:
    assert _graph_bytes(tmp_path, "j2", BuildOptions(jobs=2, html=False)) == serial_seeds_graph


def test_dask_local_cluster_gives_the_same_graph_bytes(
    serial_seeds_graph: bytes, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    options = BuildOptions(jobs=2, engine="dask", html=False)
    assert _graph_bytes(tmp_path, "dask", options) == serial_seeds_graph


def test_graph_without_html_is_the_graph_with_it(serial_seeds_graph: bytes) -> None:
    """--no-html writes the Turtle straight from the corpus: the same bytes as via rdflib."""
    results = [extract_slim(d) for d in read_documents(sorted(SEEDS.glob("*.txt")))]
    assert to_turtle(build_graph(merge(results))) == serial_seeds_graph


def test_slim_results_merge_like_full_results() -> None:
    sources = list(read_documents(sorted(SEEDS.glob("*.txt"))[:2]))
    full = [extract(s) for s in sources]
    slimmed = [slim(r) for r in full]
    assert all(not e.mentions for r in slimmed for e in r.entities)
    assert to_turtle(build_graph(merge(slimmed))) == to_turtle(build_graph(merge(full)))


def test_unknown_engine_and_stray_scheduler_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("spark")
    with pytest.raises(ValueError, match="--engine dask"):
        make_engine("local", 2, scheduler="tcp://127.0.0.1:8786")


# ------------------------------------------------------------------ the Turtle writer


def _awkward_graph() -> Graph:
    graph = Graph()
    node = ID["firm/1"]
    graph.add((node, RDF.type, CKG.Firm))
    awkward = '引号"反斜杠\\换行\n回车\r制表\t控制\x01'
    graph.add((node, SKOS.prefLabel, Literal(awkward, lang="zh-Hans")))
    graph.add((node, SKOS.altLabel, Literal("嵐川電", lang="zh-Hant")))
    graph.add((node, CKG["count"], Literal(42, datatype=XSD.integer)))
    graph.add((node, CKG.amountYuan, Literal("1.50", datatype=XSD.decimal)))
    graph.add((node, CKG.note, Literal("typed", datatype=URIRef("http://example.org/dt#x"))))
    graph.add((node, CKG.mentionedIn, URIRef("https://w3id.org/cluster-kg/id/doc/a%20b#char=0,5")))
    graph.add((node, CKG.blank, BNode("b0")))
    graph.add((CKG["local.name"], CKG["with-dash_"], Literal("")))
    return graph


def test_turtle_round_trips_through_rdflib_and_pyoxigraph() -> None:
    graph = _awkward_graph()
    data = to_turtle(graph)
    parsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert isomorphic(parsed, graph)
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_characters_not_allowed_in_an_iri_are_escaped() -> None:
    odd = URIRef("http://example.org/a b{c}")
    data = to_turtle([(ID["x"], CKG.odd, odd)])
    assert b"<http://example.org/a\\u0020b\\u007Bc\\u007D>" in data
    assert set(Graph().parse(data=data.decode("utf-8"), format="turtle").objects()) == {odd}


def test_turtle_bytes_do_not_depend_on_insertion_order() -> None:
    triples = list(_awkward_graph())
    first = to_turtle(triples)
    random.Random(7).shuffle(triples)
    assert to_turtle(triples + triples[:3]) == first


def test_turtle_writer_from_corpus_matches_the_rdflib_graph() -> None:
    results = [extract_slim(d) for d in read_documents(sorted(SEEDS.glob("*.txt"))[:2])]
    corpus = merge(results)
    writer = TurtleWriter()
    add_triples(corpus, writer.add)
    graph = build_graph(corpus)
    assert len(writer) == len(graph)
    assert writer.to_bytes() == to_turtle(graph)
    assert isomorphic(Graph().parse(data=writer.to_bytes().decode("utf-8"), format="turtle"), graph)


def test_a_document_the_pipeline_fails_on_is_skipped_with_a_warning(tmp_path, monkeypatch) -> None:
    """An exception inside extraction becomes a one-line warning; the other documents build."""
    import kg.parallel

    good = tmp_path / "good.txt"
    good.write_text("合肥高新区集聚了甲乙科技有限公司等企业。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("这一篇会让抽取出错。", encoding="utf-8")
    real = kg.parallel.extract_slim

    def flaky(source, pipeline=None):
        if source.path.endswith("bad.txt"):
            raise RuntimeError("boom")
        return real(source, pipeline)

    monkeypatch.setattr(kg.parallel, "extract_slim", flaky)
    from kg.build import build

    warnings: list[str] = []
    summary = build([tmp_path], tmp_path / "out", warn=warnings.append)
    assert summary.read == 1
    assert [str(p) for p in summary.skipped] == [f"{bad}: extraction failed: RuntimeError: boom"]
    assert warnings == [f"warning: {bad}: extraction failed: RuntimeError: boom"]
    assert (tmp_path / "out" / "graph.ttl").exists()


def _killing_extract(marker: Path):  # noqa: ANN202 - replaces extract_slim in the workers
    """extract_slim, except that a document holding 致命 kills its worker process (as the OOM
    killer would): once if ``marker`` does not exist yet (it is created), else every time
    (每次); one holding 缓慢 takes a second, so it is still in flight when another one kills."""
    import os
    import signal
    import time

    real = extract_slim

    def extract(source, *args):  # noqa: ANN001, ANN202
        if "缓慢" in source.text:
            time.sleep(1)
        if "致命" in source.text and ("每次" in source.text or not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, *args)

    extract.__module__, extract.__qualname__ = "kg.parallel", "extract_slim"  # pickled by name
    return extract


def _corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_killed_worker_is_replaced_and_its_documents_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.parallel

    monkeypatch.setattr(kg.parallel, "extract_slim", _killing_extract(tmp_path / "died"))
    texts = {f"d{i}.txt": f"某某{i}号产业集群由某某{i}号有限公司牵头。" for i in range(6)}
    texts["d3.txt"] = "致命的一句：某某光电产业集群。"
    corpus = _corpus(tmp_path / "in", texts)
    messages: list[str] = []
    summary = build(
        [corpus], tmp_path / "out", warn=messages.append, options=BuildOptions(jobs=2, html=False)
    )
    assert (tmp_path / "died").exists()  # a worker was killed
    assert summary.read == 6 and not summary.skipped, messages
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_a_document_that_kills_its_worker_twice_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.parallel

    """Only the document that kills its worker twice is reported: the documents in flight when
    it did (d0 is slow, so it always is) are sent again alone, and are read. Sending them all
    again together blamed whichever was in flight at the second death, by the timing."""
    monkeypatch.setattr(kg.parallel, "extract_slim", _killing_extract(tmp_path / "died"))
    texts = {f"d{i}.txt": f"某某{i}号产业集群由某某{i}号有限公司牵头。" for i in range(3)}
    texts["d0.txt"] = "缓慢的一篇：" + texts["d0.txt"]
    texts["bad.txt"] = "致命，每次：某某光电产业集群。"
    corpus = _corpus(tmp_path / "in", texts)
    messages: list[str] = []
    summary = build(
        [corpus], tmp_path / "out", warn=messages.append, options=BuildOptions(jobs=2, html=False)
    )
    assert [p.path for p in summary.skipped] == [str(corpus / "bad.txt")], messages
    assert len(messages) == 1 and "died twice" in messages[0]
    assert summary.read == 3 and (tmp_path / "out" / "graph.ttl").exists()


class _RecordingEngine(SerialEngine):
    """The in-process engine with batches of 10 characters, recording the batches it is sent."""

    batch_chars = 10

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def submit(self, sources):  # noqa: ANN001, ANN201 - the Engine protocol
        self.batches.append([s.path for s in sources])
        return super().submit(sources)


def test_documents_go_to_the_workers_in_batches_of_about_batch_chars() -> None:
    from kg.model import SourceDocument
    from kg.parallel import extract_stream

    sources = [SourceDocument(path=f"d{i}.txt", text="岚汀高新区。") for i in range(5)]
    engine = _RecordingEngine()
    results = list(extract_stream(iter(sources), engine))
    assert engine.batches == [["d0.txt", "d1.txt"], ["d2.txt", "d3.txt"], ["d4.txt"]]
    assert sorted(r.path for r in results) == [s.path for s in sources]


def test_a_failing_document_fails_alone_in_its_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.parallel
    from kg.model import SourceDocument

    real = kg.parallel.extract_slim

    def flaky(source, pipeline=None):  # noqa: ANN001, ANN202 - as the real one
        if source.path == "bad.txt":
            raise RuntimeError("boom")
        return real(source, pipeline)

    monkeypatch.setattr(kg.parallel, "extract_slim", flaky)
    sources = [
        SourceDocument(path="a.txt", text="岚汀高新区。"),
        SourceDocument(path="bad.txt", text="星澜产业集群。"),
    ]
    good, failed = kg.parallel.extract_batch(sources)
    assert good.path == "a.txt"
    assert failed == kg.parallel.Failure("RuntimeError: boom")
