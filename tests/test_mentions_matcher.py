"""The combined dictionary matcher of the mention rules (kg/mentions/matcher.py).

The words and sentences are invented for these tests (岚汀, 澄屿, 星澜 are no real places or
firms).
"""

from __future__ import annotations

import pickle
import re

from kg.lexicon import load as load_lexicon
from kg.mentions.matcher import (
    REGIONS,
    SUFFIXES,
    Hit,
    Matcher,
    lexicon_matcher,
    sentence_scan,
)
from kg.model import Sentence
from kg.segment import tokens

LEXICON = load_lexicon()


def sentence(text: str, start: int = 0) -> Sentence:
    return Sentence(
        index=0, start=start, end=start + len(text), text=text, tokens=tokens(text, start, LEXICON)
    )


def test_scan_finds_the_words_of_each_kind_at_text_offsets() -> None:
    matcher = Matcher({"places": ["岚汀"], "heads": ["高新区"]})
    scan = matcher.scan("位于岚汀高新区")
    assert scan.hits("places") == [Hit(2, 4, "岚汀")]
    assert scan.hits("heads") == [Hit(4, 7, "高新区")]


def test_a_word_of_two_dictionaries_is_a_hit_of_both() -> None:
    scan = Matcher({"a": ["澄屿"], "b": ["澄屿", "星澜"]}).scan("澄屿与星澜")
    assert scan.hits("a") == [Hit(0, 2, "澄屿")]
    assert scan.hits("b") == [Hit(0, 2, "澄屿"), Hit(3, 5, "星澜")]


def test_hits_include_overlapping_words_longest_first_at_the_same_end() -> None:
    scan = Matcher({"places": ["汀市", "岚汀市", "岚汀"]}).scan("岚汀市")
    assert scan.hits("places") == [Hit(0, 2, "岚汀"), Hit(0, 3, "岚汀市"), Hit(1, 3, "汀市")]


def test_leftmost_longest_is_what_finditer_gives_for_the_alternation() -> None:
    words = ["中心", "创新中心", "新中", "研究院", "究院", "院"]
    pattern = re.compile("|".join(sorted(words, key=lambda w: (-len(w), w))))
    matcher = Matcher({"heads": words})
    for text in ("星澜创新中心与岚汀研究院", "中心中心院", "新中心研究院院", "无"):
        expected = [Hit(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
        assert matcher.scan(text).leftmost_longest("heads") == expected


def test_offsets_count_characters_beyond_the_basic_plane_as_one() -> None:
    scan = Matcher({"places": ["岚汀"]}).scan("𠀀😀岚汀")
    assert scan.hits("places") == [Hit(2, 4, "岚汀")]


def test_a_word_across_two_characters_code_units_is_no_hit() -> None:
    # 中文 is 4E2D 6587 in UTF-16: U+2D65 appears in its bytes, but not in the text
    assert Matcher({"odd": ["\u2d65"]}).scan("中文").hits("odd") == []


def test_an_empty_matcher_finds_nothing() -> None:
    assert Matcher({"places": []}).scan("岚汀高新区").hits("places") == []


def test_a_sentence_is_scanned_once_for_all_the_rules() -> None:
    first, second = sentence("岚汀市星澜高新区"), sentence("岚汀市星澜高新区", start=20)
    assert sentence_scan(first, LEXICON) is sentence_scan(first, LEXICON)
    assert sentence_scan(second, LEXICON) is not sentence_scan(first, LEXICON)


def test_the_lexicon_matcher_holds_suffixes_and_regions() -> None:
    scan = sentence_scan(sentence("杭州市星澜高新区"), LEXICON)
    assert Hit(0, 3, "杭州市") in scan.hits(REGIONS)
    assert Hit(5, 8, "高新区") in scan.leftmost_longest(SUFFIXES)


def test_the_lexicon_matcher_is_built_once_per_lexicon() -> None:
    assert lexicon_matcher(LEXICON) is lexicon_matcher(LEXICON)


def test_a_pickled_lexicon_gives_the_same_hits() -> None:
    text = "杭州市星澜高新区"
    copy = pickle.loads(pickle.dumps(LEXICON))
    found = lexicon_matcher(copy).scan(text).hits(REGIONS)
    assert found == lexicon_matcher(LEXICON).scan(text).hits(REGIONS) != []
