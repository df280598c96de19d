"""Robustness on real-world input: arbitrary text never crashes the pipeline, every label survives
a Turtle round trip (rdflib and pyoxigraph), graphs conform to the SHACL shapes, hostile text is
stored verbatim, outputs are written atomically, and a messy corpus builds in one run with the
documented warnings and exit codes.

The messy corpus is ``tests/data/messy`` (small UTF-8 text fixtures) plus files generated here in a
temporary folder: GBK, Big5, UTF-16 and UTF-8-with-BOM text, a binary file, undecodable bytes, a
50 MB single line, an unreadable file and a file named on the command line that does not exist.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

import kg.serialise
from kg.build import EXIT_SKIPPED, build
from kg.cli import main
from kg.graph import NIF, build_graph, merge
from kg.model import ENTITY_TYPES, DocumentResult, Entity, SourceDocument
from kg.pipeline import extract
from kg.serialise import to_turtle, write_atomic

ROOT = Path(__file__).resolve().parent.parent
MESSY = ROOT / "tests" / "data" / "messy"
SHAPES = ROOT / "kg" / "ontology" / "shapes.ttl"

HOSTILE = [
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "'; DROP TABLE firms;--",
    'quote " and backslash \\ and \\n escaped',
    "line\nbreak\r\nand\ttab",
    "control \x00\x01\x07\x1b\x7f\x85 chars",
    "emoji 🏭🚀👩‍🔬 and flags 🇨🇳",
    "CJK extension B 𠀀𠀁𪚥𩸽 and 丨丶",
    "{{7*7}} ${jndi:ldap://x} %s %n",
    "\u202eRTL override\u200b zero width\ufeff BOM",
    "trailing space ",
    "@zh-Hans",
    '"""triple"""',
]

# Pieces of invented domain text, so that random documents also reach the deeper stages.
FRAGMENTS = [
    "青川高新区细胞治疗产业集群位于江苏省苏州市。",
    "云杉生物制药有限公司是集群龙头企业，",
    "集群总产值达到120亿元，同比增长15%。",
    "《青川市促进生物医药产业发展的若干政策》由青川市人民政府印发。",
    "北岭高新区建设了低空装备公共服务平台。",
    "一、总体要求\n",
    "企业\t所在地\n甲公司\t苏州市\n",
    "| 企业 | 产值 |\n",
    "臺灣積體電路製造股份有限公司與新竹科學園區合作。",
    "\n\n",
    "。。。",
    "（",
    "》",
    "有限公司",
    "产业集群",
]

document_texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(HOSTILE), st.text(max_size=40)),
    max_size=12,
).map("".join)
labels = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=30))


# ------------------------------------------------------------------ properties


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=document_texts)
@example(text="")
@example(text="\n".join(HOSTILE))
@example(text="青川高新区" * 400)
def test_arbitrary_text_never_crashes_the_pipeline(text: str) -> None:
    result = extract(SourceDocument(path="x.txt", text=text))
    assert result.length == len(text)
    for relation in result.relations + [m for m in result.measurements]:
        evidence = relation.evidence
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.text


def _result(doc_id: str, names: list[tuple[str, str]], title: str | None = None) -> DocumentResult:
    entities = [Entity(type_, name) for type_, name in names]
    return DocumentResult(
        doc_id=doc_id,
        path=f"{doc_id}.txt",
        title=title,
        encoding="utf-8",
        length=1,
        entities=entities,
    )


def _labels_rdflib(data: bytes) -> set[str]:
    graph = Graph().parse(data=data, format="turtle")
    return {
        str(o)
        for p in (SKOS.prefLabel, SKOS.altLabel, DCTERMS.title)
        for o in graph.objects(None, p)
    }


def _labels_oxigraph(data: bytes) -> set[str]:
    wanted = {f"<{p}>" for p in (SKOS.prefLabel, SKOS.altLabel, DCTERMS.title)}
    quads = pyoxigraph.parse(io.BytesIO(data), format=pyoxigraph.RdfFormat.TURTLE)
    return {q.object.value for q in quads if str(q.predicate) in wanted}


@settings(max_examples=50, deadline=None)
@given(
    names=st.lists(st.tuples(st.sampled_from(ENTITY_TYPES), labels), min_size=1, max_size=8),
    title=labels,
)
@example(names=[("Firm", h) for h in HOSTILE], title="<script>alert(1)</script>")
def test_every_label_survives_a_turtle_round_trip(names: list[tuple[str, str]], title: str) -> None:
    corpus = merge([_result("d1", names, title)])
    data = to_turtle(build_graph(corpus))
    expected = {name for _type, name in names} | {title}
    assert _labels_rdflib(data) == expected
    assert _labels_oxigraph(data) == expected


@pytest.fixture(scope="module")
def shapes() -> Graph:
    if not SHAPES.exists():
        pytest.skip("kg/ontology/shapes.ttl is not written yet")
    return Graph().parse(SHAPES, format="turtle")


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(document_texts, min_size=1, max_size=3), title=st.none() | labels)
@example(texts=["".join(FRAGMENTS), "\n".join(HOSTILE)], title="<script>alert(1)</script>")
def test_graphs_conform_to_the_shapes(shapes: Graph, texts: list[str], title: str | None) -> None:
    from pyshacl import validate

    results = [
        extract(SourceDocument(path=f"doc{i}.txt", text=text, title=title, encoding="gb18030"))
        for i, text in enumerate(dict.fromkeys(texts))
    ]
    graph = build_graph(merge(results))
    reparsed = Graph().parse(data=to_turtle(graph), format="turtle")
    conforms, _graph, report = validate(reparsed, shacl_graph=shapes, inference="none")
    assert conforms, report


# ------------------------------------------------------------------ hostile text, verbatim


def test_hostile_text_is_stored_verbatim(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(MESSY / "hostile.txt", source)
    build([source], tmp_path / "out", warn=lambda _m: None)
    data = (tmp_path / "out" / "graph.ttl").read_bytes()
    first_line = (MESSY / "hostile.txt").read_text(encoding="utf-8").split("\n")[0]
    assert "<script>alert(1)</script>" in first_line

    graph = Graph().parse(data=data, format="turtle")
    assert Literal(first_line) in set(graph.objects(None, NIF.anchorOf))
    # the first line is a sentence, not a title: the file name is (kg.read.document_title)
    assert set(graph.objects(None, DCTERMS.title)) == {Literal("hostile")}
    quads = pyoxigraph.parse(io.BytesIO(data), format=pyoxigraph.RdfFormat.TURTLE)
    assert first_line in {q.object.value for q in quads if str(q.predicate) == f"<{NIF.anchorOf}>"}


def test_hostile_firm_names_are_stored_verbatim() -> None:
    """A firm list of markup and injection attempts: each name is one literal, exactly."""
    names = [
        "<script>alert(1)</script>科技有限公司",
        "\"'><img src=x onerror=alert(1)>生物医药有限公司",
        "'; DROP TABLE firms;--电子有限公司",
        'SELECT * WHERE { ?s ?p "x" } 有限公司',
        "\\u0022转义\\n有限公司",
    ]
    data = to_turtle(build_graph(merge([_result("d1", [("Firm", n) for n in names])])))
    graph = Graph().parse(data=data, format="turtle")
    assert {str(o) for o in graph.objects(None, SKOS.prefLabel)} == set(names)
    assert _labels_oxigraph(data) == set(names)


# ------------------------------------------------------------------ atomic outputs


class _Interrupted(Exception):
    pass


class _HalfWriter:
    """A file that writes half of what it is given, then fails (a full disk, a kill)."""

    def __init__(self, inner: io.BufferedWriter) -> None:
        self.inner = inner

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.close()

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def write(self, data: bytes) -> int:
        self.inner.write(data[: len(data) // 2])
        self.inner.flush()
        raise _Interrupted("interrupted half-way through a write")


class _FailingOs:
    """``os`` for :mod:`kg.serialise` only, whose files fail half-way through a write."""

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def fdopen(self, fd: int, *args: object, **kwargs: object) -> _HalfWriter:
        return _HalfWriter(os.fdopen(fd, *args, **kwargs))


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != ".kg-lock"}


def test_interrupted_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.ttl"
    write_atomic(path, b"previous graph\n")
    monkeypatch.setattr(kg.serialise, "os", _FailingOs())
    with pytest.raises(_Interrupted):
        write_atomic(path, b"new graph " * 10_000)
    assert _contents(tmp_path) == {"graph.ttl": b"previous graph\n"}  # no temporary file left


def test_interrupted_build_keeps_the_previous_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(MESSY / "good.txt", source)
    out = tmp_path / "out"
    build([source], out, warn=lambda _m: None)
    before = _contents(out)
    assert set(before) == {"graph.ttl", "graph.html"}
    shutil.copy(MESSY / "wrapped.txt", source)  # the next build would give another graph
    monkeypatch.setattr(kg.serialise, "os", _FailingOs())
    with pytest.raises(_Interrupted):
        build([source], out, warn=lambda _m: None)
    assert _contents(out) == before


# ------------------------------------------------------------------ the messy corpus, end to end

BIG5_TEXT = "北岭高新區低空裝備產業集群位於湖北省襄陽市，翔宇航空科技有限公司是龍頭企業。"
GBK_TEXT = "白沙高新区新能源汽车产业集群位于湖南省长沙市，驰远汽车有限公司是集群龙头企业。"


@pytest.fixture
def messy_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus = tmp_path / "messy"
    shutil.copytree(MESSY, corpus)
    (corpus / "gbk.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (corpus / "big5.txt").write_bytes(BIG5_TEXT.encode("big5"))
    (corpus / "utf16.txt").write_bytes(
        "东湖高新区光电子产业集群位于湖北省武汉市。".encode("utf-16")
    )
    (corpus / "bom.md").write_bytes(
        "# 标题\n西江高新区装备制造产业集群位于广东省佛山市。".encode("utf-8-sig")
    )
    (corpus / "binary.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    )
    (corpus / "undecodable.txt").write_bytes(bytes([0x80, 0xFF, 0xFE, 0x81, 0x07, 0x1B]) * 300)
    with (corpus / "huge.txt").open("wb") as handle:  # one 50 MB line
        handle.write("字".encode() * (50 * 1024 * 1024 // 3 + 1))
    (corpus / "locked.txt").write_text("锁住的文件。", encoding="utf-8")
    if os.geteuid() != 0:
        (corpus / "locked.txt").chmod(0)
    else:  # root reads a mode-000 file: refuse it the way the kernel would for anyone else
        real_open = Path.open

        def refuse(self: Path, *args, **kwargs):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    return corpus


def _run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", *args], catch_exceptions=False)
    return result.exit_code, result.output.strip().split("\n")  # all of it is on stderr


def test_messy_corpus_builds_in_one_run(messy_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, lines = _run(str(messy_corpus), "--out", str(out), "--no-progress")
    assert code == 0
    warnings = sorted(line for line in lines if line.startswith("warning: "))
    p = messy_corpus
    assert warnings == sorted(
        [
            f"warning: {p / 'binary.txt'}: binary file (NUL bytes)",
            f"warning: {p / 'empty.txt'}: empty file",
            f"warning: {p / 'huge.txt'}: file too large (52,428,801 bytes, limit 33,554,432):"
            " skipped unread",
            f"warning: {p / 'locked.txt'}: Permission denied",
            f"warning: {p / 'records.jsonl'}#4: not JSON (Expecting value at column 1)",
            f'warning: {p / "records.jsonl"}#5: no "text" string field',
            f"warning: {p / 'undecodable.txt'}: binary or undecodable"
            " (not UTF-8, UTF-16, GB18030 or Big5 text)",
        ]
    )
    summary = lines[-1]
    assert summary.startswith("11 documents read, 7 skipped; ")
    assert (
        " entities, " in summary
        and " relations, " in summary
        and summary.endswith(f"→ {out / 'graph.ttl'}")
    )

    graph = Graph().parse(out / "graph.ttl", format="turtle")
    encodings = {str(o) for o in graph.objects(None, kg.graph.CKG.encoding)}
    assert encodings == {"utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"}
    names = {str(o) for o in graph.objects(None, SKOS.prefLabel)}
    assert {
        "驰远汽车有限公司",
        "翔宇航空科技有限公司",
        "晶芯微电子有限公司",
        "铁骥电力机车有限公司",
    } <= names
    titles = {str(o) for o in graph.objects(None, DCTERMS.title)}
    assert "南桥高新区集成电路产业集群" in titles and "松湖新一代信息技术产业集群" in titles
    assert not any("脚本文字" in str(o) or "样式文字" in str(o) for o in graph.objects())


def test_strict_exit_code_when_files_are_skipped(messy_corpus: Path, tmp_path: Path) -> None:
    code, lines = _run(
        str(messy_corpus), "--out", str(tmp_path / "out"), "--strict", "--no-progress"
    )
    assert code == EXIT_SKIPPED == 3
    assert lines[-1].startswith("11 documents read, 7 skipped; ")
    assert (tmp_path / "out" / "graph.ttl").exists()  # the outputs are written all the same


def test_strict_exit_code_zero_when_all_is_well(tmp_path: Path) -> None:
    good = [MESSY / "good.txt", MESSY / "page.html", MESSY / "notes.md"]
    code, lines = _run(*map(str, good), "--out", str(tmp_path / "out"), "--strict", "--no-progress")
    assert code == 0
    assert not any(line.startswith("warning: ") for line in lines)
    assert lines[-1].startswith("3 documents read, 0 skipped; ")
