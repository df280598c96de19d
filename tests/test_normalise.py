"""Stage 1, normalise: Traditional → Simplified, one character for one; page furniture marked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import SourceDocument
from kg.normalise import furniture_spans, normalise, to_simplified

TRADITIONAL = "煙臺高新區海洋生物產業集羣重點發展海洋藥物，與瀾芯微電子有限公司簽署戰略合作協議。"
SIMPLIFIED = "烟台高新区海洋生物产业集群重点发展海洋药物，与澜芯微电子有限公司签署战略合作协议。"


def test_traditional_becomes_simplified_with_the_same_length() -> None:
    assert to_simplified(TRADITIONAL) == SIMPLIFIED
    assert len(to_simplified(TRADITIONAL)) == len(TRADITIONAL)


def test_simplified_text_is_unchanged() -> None:
    text = "柳州高新区智能网联汽车产业集群产值达到1352亿元。\n澜芯微电子有限公司位于柳州高新区。"
    assert to_simplified(text) == text
    document = normalise(SourceDocument(path="p.txt", text=text))
    assert document.text == text
    assert not document.was_traditional


def test_normalised_offsets_point_into_the_original() -> None:
    text = "前言\n" + TRADITIONAL + "\n"
    document = normalise(SourceDocument(path="p.txt", text=text))
    assert document.was_traditional
    assert len(document.text) == len(text)
    start = document.text.index("澜芯微电子有限公司")
    end = start + len("澜芯微电子有限公司")
    assert document.original_surface(start, end) == "瀾芯微電子有限公司"
    assert document.to_original(start) == text.index("瀾芯微電子有限公司")


def test_line_ends_and_mixed_punctuation_stay_in_place() -> None:
    text = "一、總體情況\n\n（一）產業規模\t2022年\n“集羣”發展。"
    simple = to_simplified(text)
    assert len(simple) == len(text)
    assert [i for i, c in enumerate(simple) if c in "\n\t“”（）"] == [
        i for i, c in enumerate(text) if c in "\n\t“”（）"
    ]


# A few hundred Traditional characters, punctuation and line breaks: whatever opencc does with
# phrases, the conversion keeps every line's length.
_ALPHABET = (
    "煙臺區產業集羣發展與簽署戰略協議藥物電腦軟體臺灣積體電路製造裏麵髮乾後隻發現範圍開發區園區會議書長門東車馬鳥魚龍龜"
    "，。、；：“”《》（）\n\t 0123456789"
)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_conversion_is_length_preserving(text: str) -> None:
    simple = to_simplified(text)
    assert len(simple) == len(text)
    assert simple.count("\n") == text.count("\n")


def test_furniture_lines_are_marked_not_removed() -> None:
    text = (
        "柳州高新区智能网联汽车产业集群加快发展\n"
        "来源：柳州高新区管委会\n"
        "正文第一句。\n"
        "责任编辑：韦某某\n"
        "记者 覃某某 通讯员 黄某\n"
    )
    document = normalise(SourceDocument(path="p.txt", text=text))
    assert document.text == text  # nothing deleted: offsets hold
    marked = [text[a:b] for a, b in document.furniture]
    assert marked == ["来源：柳州高新区管委会", "责任编辑：韦某某", "记者 覃某某 通讯员 黄某"]
    assert furniture_spans(text) == document.furniture


def test_traditional_furniture_is_marked() -> None:
    text = "正文。\n責任編輯：韋某某\n來源：柳州日報\n"
    document = normalise(SourceDocument(path="p.txt", text=text))
    assert [text[a:b] for a, b in document.furniture] == ["責任編輯：韋某某", "來源：柳州日報"]


def test_body_text_mentioning_a_source_is_not_furniture() -> None:
    text = "柳州高新区的资金来源：财政专项与社会资本。\n"
    assert furniture_spans(text) == ()


def test_a_report_line_opening_with_jizhe_is_no_byline() -> None:
    """记者从某地获悉，… opens the report itself: only a short line without a comma is a byline."""
    text = "记者从绵阳市经信局获悉，岚川电子有限公司正式投产。\n本报记者 王某某\n"
    assert [text[a:b] for a, b in furniture_spans(text)] == ["本报记者 王某某"]
