"""Reading input: encodings, formats, broken-line rejoining, bad files and size limits.

The passages are invented for the tests; files in other encodings, binary and oversized files
are generated in a temporary folder rather than committed.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.read as read
from kg.formats import Record, html_to_text, markdown_to_text, parse_record
from kg.graph import ID, document_iri
from kg.model import SourceDocument
from kg.read import (
    SUPPORTED_SUFFIXES,
    ReadProblem,
    Unreadable,
    decode,
    expand_paths,
    read_documents,
    rejoin_lines,
    split_long_sentences,
)

MESSY = Path(__file__).resolve().parent / "data" / "messy"

SIMPLIFIED = (
    "青川高新区细胞治疗产业集群位于江苏省苏州市，是国家级创新型产业集群。"
    "集群龙头企业包括云杉生物制药有限公司和澄湖基因科技有限公司，"
    "2023年集群总产值达到一百二十亿元，同比增长百分之十五。"
    "该集群依托青川高新区建设了细胞制备公共服务平台，为企业提供检验检测和人才培训服务。"
)
TRADITIONAL = (
    "青川高新區細胞治療產業集群位於江蘇省蘇州市，是國家級創新型產業集群。"
    "集群龍頭企業包括雲杉生物製藥有限公司和澄湖基因科技有限公司，"
    "2023年集群總產值達到一百二十億元，同比增長百分之十五。"
    "該集群依託青川高新區建設了細胞製備公共服務平臺，為企業提供檢驗檢測和人才培訓服務。"
)
SENTENCES_SIMPLIFIED = [s + "。" for s in SIMPLIFIED.split("。") if s]
SENTENCES_TRADITIONAL = [s + "。" for s in TRADITIONAL.split("。") if s]


def documents(*paths: Path) -> list[SourceDocument | ReadProblem]:
    return list(read_documents(expand_paths(paths)))


def only_document(path: Path) -> SourceDocument:
    [item] = documents(path)
    assert isinstance(item, SourceDocument), item
    return item


def only_problem(path: Path) -> str:
    [item] = documents(path)
    assert isinstance(item, ReadProblem), item
    assert item.path == str(path)
    return item.reason


# ------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED.encode("utf-8-sig"), "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
        (SIMPLIFIED.encode("utf-32"), "utf-32"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.encode("gb2312"), "gb18030"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (TRADITIONAL.encode("gbk"), "gb18030"),  # Traditional characters in a GBK file
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-le",
        "utf16-be",
        "utf32",
        "gbk",
        "gb2312",
        "gb18030",
        "big5",
        "gbk-traditional",
    ],
)
def test_encodings_are_detected_and_round_trip(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert text in (SIMPLIFIED, TRADITIONAL)


@settings(max_examples=40, deadline=None)
@given(
    sentences=st.lists(st.sampled_from(SENTENCES_TRADITIONAL), min_size=1, max_size=6),
    codec=st.sampled_from(["big5", "gbk"]),
)
def test_traditional_passages_round_trip_in_big5_and_gbk(sentences: list[str], codec: str) -> None:
    """Big5 bytes nearly always also decode as GB18030 (as mojibake): the tie must go to Big5,
    and GBK bytes of the same Traditional text must stay GB18030."""
    text = "".join(sentences)
    decoded, used = decode(text.encode(codec))
    assert decoded == text
    assert used == ("big5" if codec == "big5" else "gb18030")


@settings(max_examples=40, deadline=None)
@given(sentences=st.lists(st.sampled_from(SENTENCES_SIMPLIFIED), min_size=1, max_size=6))
def test_simplified_passages_round_trip_in_gbk(sentences: list[str]) -> None:
    text = "".join(sentences)
    assert decode(text.encode("gbk")) == (text, "gb18030")


@settings(max_examples=50, deadline=None)
@given(data=st.data(), length=st.integers(min_value=8, max_value=40))
def test_short_snippets_round_trip(data: st.DataObject, length: int) -> None:
    """Down to eight characters, GBK and Big5 are told apart (by how Chinese each reading is)."""
    codec, text = data.draw(st.sampled_from([("gbk", SIMPLIFIED), ("big5", TRADITIONAL)]))
    start = data.draw(st.integers(min_value=0, max_value=len(text) - length))
    snippet = text[start : start + length]
    assert decode(snippet.encode(codec))[0] == snippet


@pytest.mark.parametrize("word", ["營商環境", "醫藥領域", "橡膠等項", "擁有國家"])
def test_four_character_big5_words(word: str) -> None:
    assert decode(word.encode("big5")) == (word, "big5")


def test_truncated_utf8_loses_only_the_cut_character() -> None:
    data = SIMPLIFIED.encode("utf-8")[:-1]
    assert decode(data) == (SIMPLIFIED[:-1], "utf-8")


def test_a_corrupt_byte_in_utf8_is_replaced_not_fatal() -> None:
    data = bytearray(SIMPLIFIED.encode("utf-8"))
    data[30] = 0xFF
    text, encoding = decode(bytes(data))
    assert encoding.startswith("utf-8 (1 invalid byte sequence replaced, first at byte ")
    assert text.replace("\ufffd", "") == SIMPLIFIED[:10] + SIMPLIFIED[11:]
    for at in range(60, 420, 30):  # a dozen corrupt places in 150 characters: not text
        data[at] = 0xFF
    with pytest.raises(Unreadable, match="undecodable|not Chinese"):
        decode(bytes(data))


def test_html_meta_charset_decides_between_gbk_and_big5(tmp_path: Path) -> None:
    page = f"<html><head><meta charset=big5></head><body><p>{TRADITIONAL}</p></body></html>"
    path = tmp_path / "big5.html"
    path.write_bytes(page.encode("big5"))
    document = only_document(path)
    assert (document.encoding, document.text) == ("big5", TRADITIONAL)


def test_encoding_is_recorded_on_the_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SIMPLIFIED.encode("gbk"))
    (tmp_path / "b.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "c.txt").write_bytes(SIMPLIFIED[:60].encode("utf-16"))
    found = {Path(d.path).name: d.encoding for d in documents(tmp_path)}
    assert found == {"a.txt": "gb18030", "b.txt": "big5", "c.txt": "utf-16"}


# ------------------------------------------------------------------ bad files


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        (bytes([0x80, 0xFF, 0xFE, 0x81, 0x07, 0x1B]) * 300, "undecodable"),
        (b"\xff\xfe\x00\xd8", "invalid UTF-16"),  # a lone surrogate after the BOM
    ],
    ids=["empty", "blank", "bom-only", "png", "noise", "bad-utf16"],
)
def test_bad_bytes_are_a_problem_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert reason in only_problem(path)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.sampled_from(SENTENCES_TRADITIONAL), max_size=3).map(
            lambda s: "".join(s).encode("big5")
        ),
    ),
    suffix=st.sampled_from(SUPPORTED_SUFFIXES + (".pdf",)),
)
def test_any_bytes_give_documents_or_problems_never_an_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    for item in read_documents([path]):
        assert isinstance(item, SourceDocument | ReadProblem)
        if isinstance(item, SourceDocument):
            assert item.text.strip() and item.encoding and item.doc_id
        else:
            assert item.reason and "\n" not in str(item)


def test_random_bytes_are_never_a_document(tmp_path: Path) -> None:
    path = tmp_path / "random.txt"
    path.write_bytes(bytes(b for b in os.urandom(20_000) if b))  # no NUL: not caught as binary
    assert "undecodable" in only_problem(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert only_problem(pipe) == "not a regular file (a pipe, socket or device)"


def test_unexpected_errors_are_a_problem_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.html").write_text("<p>甲</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(SIMPLIFIED, encoding="utf-8")

    def broken(_text: str) -> None:
        raise AssertionError("parser bug")

    monkeypatch.setattr("kg.read.documents.html_to_text", broken)
    problem, document = documents(tmp_path)
    assert problem.reason == "unexpected error: AssertionError: parser bug"
    assert document.text == SIMPLIFIED


def test_missing_file_and_folder_without_inputs(tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "empty-folder" / "notes.pdf").write_bytes(b"%PDF-1.4")
    missing = tmp_path / "gone.txt"
    reasons = {Path(p.path).name: p.reason for p in documents(missing, tmp_path / "empty-folder")}
    assert reasons["gone.txt"] == "No such file or directory"
    assert reasons["empty-folder"].startswith("no .txt, .md")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    path.chmod(0)
    try:
        assert only_problem(path) == "Permission denied"
    finally:
        path.chmod(0o644)


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, for a root user (who can read a mode-000 file): opening fails with EACCES."""
    path = tmp_path / "locked.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert only_problem(path) == "Permission denied"


def test_file_that_vanishes_between_listing_and_reading(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TRADITIONAL, encoding="utf-8")
    files = expand_paths([tmp_path])
    (tmp_path / "a.txt").unlink()
    items = list(read_documents(files))
    assert [type(i).__name__ for i in items] == ["ReadProblem", "SourceDocument"]
    assert items[0].reason == "No such file or directory"


def test_file_over_the_size_limit_is_skipped_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("字" * 1000, encoding="utf-8")
    monkeypatch.setattr("kg.read.documents.MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    assert only_problem(path).startswith("file too large (3,000 bytes")


def test_overlong_line_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.read.cleanup.MAX_LINE_CHARS", 2_000)
    path = tmp_path / "dump.txt"
    path.write_text("标题\n" + "字，" * 1_499 + "字。\n结尾。", encoding="utf-8")
    assert only_problem(path) == "line 2 is 3,000 characters long (limit 2,000): not prose, skipped"


def test_overlong_sentences_are_cut_at_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.read.cleanup.MAX_SENTENCE_CHARS", 100)
    text = "开头。" + "产业集群，" * 60 + "结尾。" + "字" * 250
    cut = split_long_sentences(text)
    assert cut.replace("\n", "") == text
    assert max(len(piece) for piece in cut.replace("。", "\n").split("\n")) <= 100
    assert all(line.endswith(("，", "。")) for line in cut.split("\n")[:-3])
    assert split_long_sentences(SIMPLIFIED) is SIMPLIFIED


def test_hidden_files_and_unsupported_suffixes_are_not_collected(tmp_path: Path) -> None:
    for name in (
        "a.txt",
        "b.MD",
        "c.htm",
        "d.html",
        "e.jsonl",
        "f.pdf",
        ".hidden.txt",
        ".git/x.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == [
        "a.txt",
        "b.MD",
        "c.htm",
        "d.html",
        "e.jsonl",
    ]
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".html", ".htm", ".jsonl"}
    # a file named explicitly is read whatever its suffix; a file named twice is read once
    assert expand_paths([tmp_path / "f.pdf", tmp_path / "f.pdf"]) == [tmp_path / "f.pdf"]


def test_duplicate_documents_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(SIMPLIFIED.encode("gbk"))
    first, second = documents(tmp_path)
    assert isinstance(first, SourceDocument)
    assert second == ReadProblem(
        str(tmp_path / "b.txt"), f"same text as {tmp_path / 'a.txt'}: skipped as a duplicate"
    )


# ------------------------------------------------------------------ formats


def test_plain_utf8_text_is_kept_exactly(tmp_path: Path) -> None:
    text = "\n标题\n\n" + SIMPLIFIED + "\n\n" + TRADITIONAL + "\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    assert only_document(path).text == text


def test_line_breaks_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("第一行。\r\n第二行。\r第三页。\f第四行。\u2028第五行。".encode())
    assert only_document(path).text == "第一行。\n第二行。\n第三页。\n第四行。\n第五行。"


def test_html_text_without_scripts_styles_or_navigation() -> None:
    page = html_to_text((MESSY / "page.html").read_text(encoding="utf-8"))
    assert page.title == "南桥高新区集成电路产业集群"
    assert page.url == "https://example.gov.cn/news/123.html"
    assert page.date == "2023-05-18"
    assert page.text.split("\n") == [
        "南桥高新区集成电路产业集群",
        "南桥高新区集成电路产业集群位于江苏省南京市，集聚了晶芯微电子有限公司等龙头企业。",
        "企业\t所在地",
        "晶芯微电子有限公司\t南京市",
        "页面正文中的 <script>alert(1)</script> 是文字，不是标记。",
    ]
    for hidden in ("脚本", "样式", "首页", "请启用"):
        assert hidden not in page.text


def test_html_blocks_become_lines() -> None:
    page = html_to_text(
        "<div>一<br>二<p>三</p><ul><li>四</li><li>五</li></ul>六<pre>七  八</pre></div>"
    )
    assert page.text == "一\n二\n三\n四\n五\n六\n七  八"
    assert (
        html_to_text("<p>集群位于\n  江苏省。</p><p>word\nwrap</p>").text
        == "集群位于江苏省。\nword wrap"
    )
    assert html_to_text("<p>未闭合的 <b>标记 <script>x").text == "未闭合的 标记"
    unclosed_head = html_to_text("<html><head><title>题</title><body><p>正文。</p></body>")
    assert (unclosed_head.title, unclosed_head.text) == ("题", "正文。")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<script>",
                    "</script>",
                    "<![CDATA[",
                    "<!--",
                    "-->",
                    "<!DOCTYPE",
                    "<?xml",
                    "&#x",
                    "&amp",
                    "<td>",
                    "<pre>",
                    "<title>",
                    "<meta name=date content=",
                    "<br/>",
                    "<",
                    ">",
                    "]]>",
                    "\n",
                ]
            ),
            st.text(max_size=10),
        ),
        max_size=30,
    ).map("".join)
)
def test_markup_extraction_never_crashes(markup: str) -> None:
    page = html_to_text(markup)
    assert "\n\n" not in page.text
    markdown_to_text(markup)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(blacklist_characters="<>&"), max_size=12),
            st.sampled_from(["<p>", "</p>", "<b>", "</b>", "<br>", "<!-- x -->", "<td>", "<li>"]),
        ),
        max_size=15,
    )
)
def test_html_keeps_every_word_of_the_text(pieces: list[tuple[str, str]]) -> None:
    page = html_to_text("".join(text + tag for text, tag in pieces))
    assert "".join(page.text.split()) == "".join("".join(t for t, _ in pieces).split())


@pytest.mark.parametrize(
    "unit",
    ["<a ", "<!--", "<![", "<![x>", "</", "<", "<a b='>", '<a b="x>', "<!x", "<?x", "<p>字"],
)
def test_hostile_markup_takes_linear_time(unit: str) -> None:
    """html.parser alone needs minutes for 100 KB of unclosed ``<a ``; markdown patterns too."""
    start = time.perf_counter()
    html_to_text(unit * 20_000)
    markdown_to_text(unit.replace("<", "![") * 20_000)
    markdown_to_text(unit.replace("<", "[x](") * 20_000)
    assert time.perf_counter() - start < 5


def test_text_around_stray_angle_brackets_is_kept() -> None:
    page = html_to_text("<p>当 a < b 且 c <d 时，<b>集群</b>增长。<!-- 注释 --></p><p>x <![y z</p>")
    assert page.text == "当 a < b 且 c <d 时，集群增长。\nx <![y z"


def test_markdown_keeps_words_headings_and_tables() -> None:
    text = markdown_to_text((MESSY / "notes.md").read_text(encoding="utf-8"))
    assert "声言智能科技股份有限公司。" in text
    assert "https://" not in text and "**" not in text and "代码块" not in text
    assert text.startswith("# 东湖高新区智能语音产业集群\n")
    assert (
        markdown_to_text("| 企业 | 地点 |\n|---|:---:|\n| 甲 | 乙 |")
        == "| 企业 | 地点 |\n| 甲 | 乙 |"
    )


def test_jsonl_records_are_documents_with_metadata() -> None:
    items = documents(MESSY / "records.jsonl")
    path = str(MESSY / "records.jsonl")
    first, second, not_json, no_text = items
    assert (first.path, first.doc_id, first.title, first.url, first.date) == (
        f"{path}#1",
        "record-news-001",
        "松湖新一代信息技术产业集群",
        "https://example.cn/a",
        "2023-03-01",
    )
    assert (
        first.text
        == "松湖新一代信息技术产业集群位于广东省东莞市。\n远航终端有限公司是集群的龙头企业。"
    )
    assert (second.path, second.doc_id, second.title) == (f"{path}#3", "record-news-002", None)
    assert not_json == ReadProblem(f"{path}#4", "not JSON (Expecting value at column 1)")
    assert no_text == ReadProblem(f"{path}#5", 'no "text" string field')


def test_jsonl_edge_cases(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    lines = [
        {"text": "甲集群位于江苏省。"},
        {"id": 7, "text": "乙集群位于浙江省。"},
        {"id": 7, "text": "丙集群位于安徽省。"},
        {"text": "   "},
        {"text": "丁集群位于福建省。", "title": 3, "date": 20230101, "url": ["x"], "id": None},
        ["not", "an", "object"],
    ]
    path.write_bytes(
        b"\xef\xbb\xbf" + "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode()
    )
    items = documents(path)
    assert items[0].doc_id == read.document_id("甲集群位于江苏省。")
    assert items[1].doc_id == "record-7"
    assert [str(i) for i in items[2:4] + items[5:]] == [
        f'{path}#3: duplicate id "7" (also {path}#2)',
        f'{path}#4: empty "text"',
        f"{path}#6: not a JSON object but list",
    ]
    metadata = items[4]  # metadata of the wrong type is dropped or kept as text, never fatal
    assert (metadata.title, metadata.date, metadata.url) == ("3", "20230101", None)
    assert metadata.doc_id == read.document_id(metadata.text)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert only_problem(empty) == "empty file"


def test_a_record_id_equal_to_a_files_content_hash_keeps_both(tmp_path: Path) -> None:
    """A record's own id and a file's content hash are kept apart: the file is not knocked out
    as a "duplicate id", and the two documents get different IRIs."""
    hashed = "青川高新区细胞治疗产业集群位于江苏省。"
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": read.document_id(hashed), "text": SIMPLIFIED}, ensure_ascii=False),
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(hashed, encoding="utf-8")
    record, text = documents(tmp_path)
    assert isinstance(record, SourceDocument) and isinstance(text, SourceDocument), (record, text)
    assert text.doc_id == read.document_id(hashed)
    assert document_iri(record.doc_id) != document_iri(text.doc_id)


def test_record_ids_cannot_make_iris_outside_the_document_namespace(tmp_path: Path) -> None:
    """Ids ``.``, ``..`` and ids holding ``/`` give IRIs that resolve to themselves, below
    ``id:doc/``: never the namespace root, nor ``id:doc/`` itself, nor anything outside."""
    ids = [".", "..", "a/b", "../..", "./x", "%2E%2E"]
    path = tmp_path / "r.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": i, "text": f"{i}集群位于江苏省。"}) for i in ids),
        encoding="utf-8",
    )
    docs = documents(path)
    iris = [str(document_iri(d.doc_id)) for d in docs] + [
        str(document_iri(raw)) for raw in ids
    ]  # the IRI itself is safe too, whatever id it is given
    base = str(ID) + "doc/"
    for iri in iris:
        assert iri.startswith(base) and len(iri) > len(base), iri
        assert "/" not in iri[len(base) :], iri
        assert urljoin(base, iri[len(base) :]) == iri, iri  # no dot segment to remove
    assert len(set(iris[: len(ids)])) == len(ids)


def test_jsonl_in_gbk_and_with_an_oversized_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.jsonl"
    record = json.dumps({"text": SIMPLIFIED}, ensure_ascii=False)
    path.write_bytes(
        (
            record
            + "\n"
            + json.dumps({"text": "字" * 400}, ensure_ascii=False)
            + "\n"
            + record.replace("青川", "白沙")
        ).encode("gbk")
    )
    monkeypatch.setattr("kg.read.documents.MAX_FILE_BYTES", 700)
    first, big, last = documents(path)
    assert (first.text, first.encoding) == (SIMPLIFIED, "gb18030")
    assert big == ReadProblem(f"{path}#2", "record over 700 bytes: skipped unread")
    assert last.text == SIMPLIFIED.replace("青川", "白沙")


def test_jsonl_with_a_corrupt_record(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    good = json.dumps({"text": SIMPLIFIED}, ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + b'{"text": "\xff\xfe"}\n' + good.replace("青川".encode(), b"X"))
    first, bad, last = documents(path)
    assert (first.encoding, last.encoding) == ("utf-8", "utf-8")
    assert bad == ReadProblem(f"{path}#2", "not utf-8 at byte 10")


def test_parse_record_metadata() -> None:
    assert parse_record('{"id": true, "text": "x", "title": " t "}') == Record("x", None, "t")
    assert parse_record('{"id": 1.5, "text": "x"}').id == "1.5"
    with pytest.raises(ValueError, match='no "text" string field'):
        parse_record('{"text": ["x"]}')


def test_problem_is_one_line_whatever_the_file_name() -> None:
    problem = ReadProblem("a\nb.txt", "not JSON\n(at column 1)")
    assert str(problem) == "a\\nb.txt: not JSON (at column 1)"


# ------------------------------------------------------------------ lines broken mid-sentence

WRAPPED = """北岭高新区低空装备产业集群

　　北岭高新区低空装备创新型产业集群企业数量已占全省三成。2023年，北岭高新区以翔宇航
空科技有限公司、鹏程无人机有限公司为龙头的低空装备产业集群发展迅速，120余家企业中有高
新技术企业45家，集群总产值超过180亿元。
　　该集群依托北岭高新区建设了一批公共服务平台，为企业提供检验检测、适航认证和人才培
训等服务，推动集群高质量发展。"""


def test_broken_lines_are_rejoined() -> None:
    lines = rejoin_lines(WRAPPED).split("\n")
    assert lines[0] == "北岭高新区低空装备产业集群"  # a heading stays on its own
    assert lines[2].endswith("集群总产值超过180亿元。")
    assert "翔宇航空科技有限公司" in lines[2] and "高新技术企业45家" in lines[2]
    assert (
        lines[3] == "　　该集群依托北岭高新区建设了一批公共服务平台，"
        "为企业提供检验检测、适航认证和人才培训等服务，推动集群高质量发展。"
    )
    assert len(lines) == 4


@pytest.mark.parametrize(
    "text",
    [
        # headings, short captions, list items, table rows and finished sentences stay apart
        "一、总体要求\n到2025年，集群规模超过千亿元，形成一批具有国际竞争力的龙头企业和产品。",
        "集群规模超过千亿元，形成一批具有国际竞争力的龙头企业，带动上下游协同发展\n"
        "1. 加强平台建设，建设一批公共服务平台，为企业提供检验检测和人才服务。\n2. 强化金融支持。",
        "企业名称\t所在地\t主营业务\t年产值\t员工人数\t成立时间\n"
        "云杉生物制药有限公司\t苏州市\t生物药\t十亿元\t八百人\t二〇一五年",
        "图为青川高新区\n集群规模超过千亿元，形成一批具有国际竞争力的龙头企业。\n集群依托平台发展。",
        "集群规模超过千亿元，形成一批具有国际竞争力的龙头企业和产品。\n"
        "集群依托青川高新区建设，带动上下游企业协同发展，形成完整的产业链。",
        "The cluster is located in the Qingchuan high-tech zone and has grown\n"
        "quickly over the past decade, according to the report.\nIt employs many people.",
        # lists of long names, one per line, with and without brackets
        "入选名单\n青川高新区细胞治疗创新型产业集群\n北岭高新区低空装备创新型产业集群（培育）\n"
        "南桥高新区集成电路创新型产业集群\n东湖高新区智能语音与人工智能创新型产业集群\n"
        "白沙高新区新能源汽车及关键零部件创新型产业集群\n西江高新区装备制造产业集群",
        "青川高新区细胞治疗创新型产业集群（国家级）\n北岭高新区低空装备创新型产业集群（省级）\n"
        "南桥高新区集成电路创新型产业集群（国家级）\n东湖高新区智能语音创新型产业集群（市级）",
    ],
    ids=["heading", "list", "table", "caption", "sentence-end", "english", "names", "brackets"],
)
def test_rejoin_leaves_structure_alone(text: str) -> None:
    assert rejoin_lines(text) == text


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.sampled_from("集群产业企业，。、\n 　#|\t1一（）ab“”"), max_size=400))
def test_rejoin_only_removes_line_breaks(text: str) -> None:
    """Whatever the text, rejoining removes line breaks (and spaces before them), nothing else."""

    def squash(value: str) -> str:
        return re.sub(r"[^\S\n]*\n", "", value)

    joined = rejoin_lines(text)
    assert squash(joined) == squash(text)
    assert joined.count("\n") <= text.count("\n")


def test_seed_like_paragraph_per_line_text_is_unchanged(tmp_path: Path) -> None:
    """Web text with one paragraph per line (and short headings) must come through unchanged."""
    text = "\n".join(
        ["青川高新区细胞治疗产业集群", "", SIMPLIFIED, "", "集群亮点", SIMPLIFIED[:50], ""]
    )
    path = tmp_path / "web.txt"
    path.write_text(text, encoding="utf-8")
    assert only_document(path).text == text


def test_decode_rejects_what_is_not_text() -> None:
    with pytest.raises(Unreadable):
        decode(b"\x00\x01\x02abc")


# ------------------------------------------------------------------ document titles


def test_a_phone_number_on_the_first_line_is_not_the_title(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("0431-86001234\n青川高新区细胞治疗产业集群建设方案\n" + SIMPLIFIED, "utf-8")
    assert only_document(path).title == "青川高新区细胞治疗产业集群建设方案"


def test_a_breadcrumb_is_not_the_title(tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    path.write_text("资讯> 正文\n\n# 澄湖基因科技获批新平台\n\n" + SIMPLIFIED, "utf-8")
    assert only_document(path).title == "澄湖基因科技获批新平台"


def test_without_a_title_like_line_the_file_name_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "annual-report-2023.txt"
    path.write_text(SIMPLIFIED, "utf-8")  # one long paragraph
    assert only_document(path).title == "annual-report-2023"


def test_bylines_and_dates_are_not_titles() -> None:
    furniture = (
        "来源：青川日报",
        "2023-06-01 10:20",
        "發佈時間：2023年6月1日",
        "點擊舉報",
        "【字体：大】",
    )
    for line in furniture:
        assert not read.title_like(line), line
    assert read.title_like("青川高新区细胞治疗产业集群入选国家级名单")


def test_a_symlink_out_of_the_input_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("某某产业集群。", encoding="utf-8")
    (corpus / "p.txt").symlink_to(secret)
    (corpus / "sub").symlink_to(tmp_path, target_is_directory=True)
    found = expand_paths([corpus])
    assert [p for p in found if isinstance(p, Path)] == [corpus / "a.txt"]
    problems = {p.path: p.reason for p in found if isinstance(p, ReadProblem)}
    assert set(problems) == {str(corpus / "p.txt"), str(corpus / "sub")}
    assert "not followed" in problems[str(corpus / "p.txt")]
    texts = [d.text for d in read_documents(found) if not isinstance(d, ReadProblem)]
    assert not any("root:x" in t for t in texts)


def test_follow_links_reads_them_and_links_inside_are_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("外面的集群。", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("某某产业集群。", encoding="utf-8")
    (corpus / "b.txt").symlink_to(corpus / "a.txt")
    (corpus / "o.txt").symlink_to(outside)
    assert expand_paths([corpus])[:2] == [corpus / "a.txt", corpus / "b.txt"]
    assert expand_paths([corpus], follow_links=True) == [
        corpus / "a.txt",
        corpus / "b.txt",
        corpus / "o.txt",
    ]


def test_nothing_inside_an_excluded_folder_is_listed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "out").mkdir(parents=True)
    (corpus / "a.txt").write_text("某某产业集群。", encoding="utf-8")
    (corpus / "out" / "graph.html").write_text("<p>旧的输出</p>", encoding="utf-8")
    assert expand_paths([corpus], exclude=[corpus / "out"]) == [corpus / "a.txt"]


# ------------------------------------------------------------------ HTML main content

ARTICLE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>南桥高新区集成电路产业集群获批 - 南桥新闻网</title></head><body>
<div class="header"><a href="/">首页</a> | <a href="/news">新闻</a></div>
<div class="main"><article><h1>南桥高新区集成电路产业集群获批</h1>
<p>近日，南桥高新区集成电路产业集群入选国家级创新型产业集群名单。集群龙头企业包括澄江微电子有限公司。</p>
<table><tr><th>企业</th><th>所在地市</th></tr><tr><td>澄江微电子有限公司</td><td>南桥市</td></tr></table>
<p>下一步，南桥高新区将继续推动集群高质量发展，培育更多创新主体。</p></article>
<aside class="sidebar"><h3>相关阅读</h3><ul>
<li><a href="/a">西湾生物医药有限公司签约落户西湾高新区</a></li>
<li><a href="/b">东港新能源汽车产业集群再添新项目</a></li></ul></aside></div>
<div class="footer">版权所有 南桥新闻网</div></body></html>"""


def test_html_sidebar_links_are_left_out_of_the_article(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_text(ARTICLE_PAGE, encoding="utf-8")
    document = only_document(path)
    assert "澄江微电子有限公司\t南桥市" in document.text  # the table stays a table
    assert "下一步" in document.text and document.title == "南桥高新区集成电路产业集群获批"
    for boilerplate in ("相关阅读", "西湾生物医药", "东港新能源", "版权所有"):
        assert boilerplate not in document.text


def test_html_falls_back_to_the_whole_page_when_extraction_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(trafilatura, "extract", broken)
    path = tmp_path / "article.html"
    path.write_text(ARTICLE_PAGE, encoding="utf-8")
    text = only_document(path).text
    assert "下一步" in text and "相关阅读" in text


DAMAGE_TEXT = "白沙高新区新能源汽车产业集群位于湖南省长沙市，驰远汽车有限公司是集群龙头企业。" * 60
DAMAGE_TRAD = "北岭高新區低空裝備產業集群位於湖北省襄陽市，翔宇航空科技有限公司是龍頭企業。" * 60


@pytest.mark.parametrize(
    ("text", "codec"), [(DAMAGE_TEXT, "gbk"), (DAMAGE_TRAD, "big5")], ids=["gbk", "big5"]
)
def test_a_legacy_file_cut_mid_character_keeps_its_text(text: str, codec: str) -> None:
    decoded, encoding = decode(text.encode(codec)[:-1])
    assert encoding == {"gbk": "gb18030", "big5": "big5"}[codec]
    assert decoded == text[:-1]


def test_a_stray_byte_in_a_gbk_file_is_replaced_and_located() -> None:
    data = DAMAGE_TEXT.encode("gbk")
    damaged = data[:4000] + b"\xff" + data[4000:]
    text, encoding = decode(damaged)
    assert encoding == "gb18030 (1 invalid byte sequence replaced, first at byte 4000)"
    assert text.replace("\ufffd", "") == DAMAGE_TEXT


def test_a_gbk_line_in_a_utf8_file_keeps_the_file() -> None:
    line = "某某市光电产业集群位于某地。".encode("gbk")
    text, encoding = decode(DAMAGE_TEXT.encode() + b"\n" + line + b"\n" + DAMAGE_TEXT.encode())
    assert encoding.startswith("utf-8 (") and "replaced, first at byte" in encoding
    assert text.count(DAMAGE_TEXT) == 2


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (
            "東京都は日本の首都であり、多くの企業が本社を置いています。ソフト産業も盛んです。",
            "shift_jis",
        ),
        (
            "서울은 대한민국의 수도이며 많은 기업의 본사가 있습니다. 소프트웨어 산업도 활발합니다.",
            "euc_kr",
        ),
        ("Le café et la crème brûlée sont délicieux à Genève, où résident les élèves.", "latin-1"),
    ],
    ids=["shift-jis", "euc-kr", "latin-1"],
)
def test_text_in_another_language_is_refused_not_read_as_mojibake(text: str, codec: str) -> None:
    with pytest.raises(Unreadable, match="not Chinese text"):
        decode((text * 20).encode(codec))


def test_a_build_warns_about_replaced_bytes(tmp_path: Path) -> None:
    from kg.build import build

    data = DAMAGE_TEXT.encode("gbk")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(data[:100] + b"\xff" + data[100:])
    messages: list[str] = []
    summary = build([tmp_path / "in"], tmp_path / "out", warn=messages.append)
    assert summary.read == 1 and not summary.skipped
    assert messages == [
        f"warning: {tmp_path / 'in' / 'a.txt'}: gb18030 (1 invalid byte sequence replaced,"
        " first at byte 100)"
    ]
