"""Stage 2, segment: sentences, headings and sections, table cells, furniture, jieba tokens."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import SourceDocument
from kg.normalise import normalise
from kg.segment import heading_level, segment

REPORT = (
    "# 宜宾高新区锂电产业发展报告\n"
    "一、总体情况\n"
    "（一）产业规模\n"
    "宜宾高新区锂电产业集群发展迅速。集群企业数量增长较快！\n"
    "1. 重点企业\n"
    "（1）龙头企业\n"
    "启元科技有限公司是集群龙头。\n"
    "二、发展路径\n"
    "下一步，宜宾高新区将印发《关于加快锂电产业发展的若干措施。试行》；推动产业链协同。\n"
    "责任编辑：韦某某\n"
)


def _sentences(text: str):
    return segment(normalise(SourceDocument(path="p.txt", text=text)))


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("## 发展现状", 0),
        ("一、总体情况", 1),
        ("三．主要任务", 1),
        ("（二）发展路径", 2),
        ("(三)保障措施", 2),
        ("3、重点任务", 3),
        ("2. 重点企业", 3),
        ("（1）龙头企业", 4),
        ("宜宾高新区锂电产业集群发展迅速。", None),
        ("2.1亿元投资带动产业链上下游协同发展", None),
        ("一、" + "很长的一行正文" * 8, None),
        ("", None),
    ],
)
def test_heading_level(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_sentences_split_at_sentence_ends_and_lines() -> None:
    texts = [s.text for s in _sentences(REPORT)]
    assert "宜宾高新区锂电产业集群发展迅速。" in texts
    assert "集群企业数量增长较快！" in texts
    assert "启元科技有限公司是集群龙头。" in texts


def test_no_split_inside_a_title() -> None:
    texts = [s.text for s in _sentences(REPORT)]
    assert "下一步，宜宾高新区将印发《关于加快锂电产业发展的若干措施。试行》；" in texts
    assert "推动产业链协同。" in texts


def test_no_split_inside_quotes_or_brackets_and_a_stray_closer_changes_nothing() -> None:
    text = "他说“星澜高新区很好。岚汀也是。”）随后（见附表。）落地。再来！"
    texts = [s.text for s in _sentences(text)]
    assert texts == ["他说“星澜高新区很好。岚汀也是。”）随后（见附表。）落地。", "再来！"]


def test_sentence_offsets_and_tokens_point_into_the_document() -> None:
    document = normalise(SourceDocument(path="p.txt", text=REPORT))
    for sentence in segment(document):
        assert document.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert "".join(t.text for t in sentence.tokens) == sentence.text
        for token in sentence.tokens:
            assert document.text[token.start : token.start + len(token.text)] == token.text


def test_headings_scope_the_sentences_below_them() -> None:
    sentences = _sentences(REPORT)
    by_text = {s.text: s for s in sentences}
    top, general, scale = (
        by_text["# 宜宾高新区锂电产业发展报告"],
        by_text["一、总体情况"],
        by_text["（一）产业规模"],
    )
    assert top.is_heading and general.is_heading and scale.is_heading
    assert general.section == top.index
    assert scale.section == general.index
    assert by_text["宜宾高新区锂电产业集群发展迅速。"].section == scale.index
    leaders = by_text["（1）龙头企业"]
    assert by_text["启元科技有限公司是集群龙头。"].section == leaders.index
    assert sentences[leaders.section].text == "1. 重点企业"
    # a new level-1 heading closes the deeper sections
    path = by_text["二、发展路径"]
    assert path.section == top.index
    assert by_text["推动产业链协同。"].section == path.index


def test_furniture_lines_are_skipped() -> None:
    texts = [s.text for s in _sentences(REPORT)]
    assert not any("责任编辑" in t for t in texts)
    assert not any("韦某某" in t for t in texts)


def test_table_rows_are_one_sentence_with_cells() -> None:
    text = (
        "表1 宜宾高新区重点集群\n"
        "序号\t集群名称\t所在园区\n"
        "1\t锂电产业集群\t宜宾高新区\n"
        "| 2 | 晶硅光伏产业集群 | 宜宾三江新区 |\n"
    )
    document = normalise(SourceDocument(path="t.txt", text=text))
    rows = [s for s in segment(document) if s.cells]
    assert len(rows) == 3
    cells = [[document.text[a:b] for a, b in row.cells] for row in rows]
    assert cells[0] == ["序号", "集群名称", "所在园区"]
    assert cells[1] == ["1", "锂电产业集群", "宜宾高新区"]
    assert cells[2] == ["2", "晶硅光伏产业集群", "宜宾三江新区"]
    assert not any(s.is_heading for s in rows)


@pytest.mark.parametrize("word", ["高新区", "产业集群", "创新中心", "有限公司"])
def test_suffix_words_are_never_cut(word: str) -> None:
    """No token boundary falls inside a suffix word, so a name's end is a token end."""
    sentence = _sentences("宜宾高新区锂电产业集群建有动力电池创新中心，启元科技有限公司参与建设。")[
        0
    ]
    at = sentence.text.index(word) + sentence.start
    starts = {t.start for t in sentence.tokens}
    assert not any(at < s < at + len(word) for s in starts)


_ALPHABET = (
    "宜宾高新区锂电产业集群公司中心大学局《》“”（）()、，。；！？：#一二1.\t\n |责任编辑来源"
)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_sentences_are_ordered_disjoint_spans_of_the_text(text: str) -> None:
    document = normalise(SourceDocument(path="p.txt", text=text))
    previous_end = 0
    for sentence in segment(document):
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert document.text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
        for a, b in sentence.cells:
            assert sentence.start <= a < b <= sentence.end
        previous_end = sentence.end
