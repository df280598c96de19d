"""The segmenter layer: jieba and rjieba backends, the same user words, the choice travelling
from the build options to the workers and into the cache key."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import segmenter
from kg.cache import document_key
from kg.model import SourceDocument
from kg.parallel import make_engine
from kg.pipeline import Pipeline
from kg.segment import tokenizer, tokens

TEXT = (
    "2023年，  深圳市 AI芯片 iPhone15产业集群（一）——由启元科技牵头。\t表格|单元 𠀀字 ok.\n"
    "第二行：宜宾高新区锂电产业集群获批，產業規模 12.5亿元"
)
INVENTED = "翠岚微纳光子"  # not a jieba word: the HMM cuts it up unless it is a user word


def _covers(text: str, pieces: list[tuple[str, int, int]]) -> None:
    position = 0
    for word, start, end in pieces:
        assert start == position and end == start + len(word) and text[start:end] == word
        position = end
    assert position == len(text)


@pytest.mark.parametrize("name", segmenter.BACKENDS)
def test_words_cover_the_text_with_character_offsets(name: str) -> None:
    backend = segmenter.make(name)
    _covers(TEXT, [tuple(t) for t in backend.tokenize(TEXT)])


@pytest.mark.parametrize("name", segmenter.BACKENDS)
@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="深圳高新区产业集群有限公司由与和AI 12-.，。\n\t𠀀", max_size=40))
def test_any_text_is_covered(name: str, text: str) -> None:
    backend, _tags = tokenizer(name)
    _covers(text, [tuple(t) for t in backend.tokenize(text)])
    joined = "".join(t.text for t in tokens(text, 7))
    assert joined == text


@pytest.mark.parametrize("name", segmenter.BACKENDS)
def test_user_words_reach_the_backend(name: str) -> None:
    sentence = f"{INVENTED}研究院成立"
    plain = [w for w, _s, _e in segmenter.make(name).tokenize(sentence)]
    assert INVENTED not in plain
    backend = segmenter.make(name, [(INVENTED, 50_000, "nz")])
    assert INVENTED in [w for w, _s, _e in backend.tokenize(sentence)]


@pytest.mark.parametrize("name", segmenter.BACKENDS)
def test_the_project_lexicon_reaches_both_backends(name: str) -> None:
    backend, tags = tokenizer(name)
    # a suffix of the lexicon is one word (jieba alone cuts 创新型 / 产业 / 集群)
    words = [w for w, _s, _e in backend.tokenize("一个创新型产业集群")]
    assert "创新型产业集群" in words
    assert tags["创新型产业集群"] == "n"


def test_both_backends_agree_on_body_text() -> None:
    jieba_backend, _ = tokenizer("jieba")
    rust_backend, _ = tokenizer("rjieba")
    line = "宜宾高新区锂电产业集群由启元科技有限公司牵头，与四川大学共建创新中心。"
    assert list(jieba_backend.tokenize(line)) == [tuple(t) for t in rust_backend.tokenize(line)]


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown segmenter"):
        segmenter.use("thulac")


def test_the_choice_reaches_pool_workers_and_the_cache_key() -> None:
    source = SourceDocument(path="a.txt", text="集群", doc_id="d")
    before = segmenter.active()
    try:
        keys = {}
        for name in segmenter.BACKENDS:
            keys[name] = document_key(source, Pipeline(segmenter=name).fingerprint)
        assert len(set(keys.values())) == len(segmenter.BACKENDS)
        other = next(n for n in segmenter.BACKENDS if n != before)
        engine = make_engine("local", 2, pipeline=Pipeline(segmenter=other))
        try:
            assert engine.pool.submit(segmenter.active).result() == other
        finally:
            engine.close()
    finally:
        segmenter.use(before)
