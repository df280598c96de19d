"""Where a name begins, and whether what was found is a name at all (not a generic phrase)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import Lexicon
from kg.mentions.places import _begins_with_region, _strip_places
from kg.mentions.words import (
    _CATEGORY_WORDS,
    _CHINESE_DIGITS,
    _CLOSE,
    _CONJUNCTIONS,
    _NUMBER,
    _OPEN,
    _PLACE_WORDS,
    _PROPER_TAGS,
    _STOP_TAGS,
    MAX_NAME,
    _agency_words,
    _all_suffixes,
    _generic_words,
    _is_agency_word,
    _is_punct,
    _known_pattern,
    _longest_first,
    _longest_region,
    _strip_words,
    _suffix_pattern,
)
from kg.model import Sentence, Token


def left_edge(
    sentence: Sentence,
    end: int,
    lexicon: Lexicon,
    split_conjunctions: bool = False,
    organisation: bool = False,
    firm: bool = False,
) -> int:
    """Walk back from ``end`` (document offset) over the words that can belong to a name.

    ``organisation`` (firm and platform names) lets verbs inside the name through (芯迈照明,
    产业投资基金) and stops at category words (台资企业|闽台联创…公司)."""
    tokens = [t for t in sentence.tokens if t.start < end]
    start = end
    i = len(tokens) - 1
    depth = 0
    while i >= 0:
        token = tokens[i]
        text = token.text
        if token.start + len(text) > end:  # a word that straddles the suffix start
            start = min(start, token.start) if not _stops(token, lexicon) else start
            i -= 1
            continue
        if depth == 0 and end - token.start > MAX_NAME:
            break
        if text and text[-1] in _CLOSE:
            depth += 1
        elif text and text[0] in _OPEN:
            if depth == 0:
                break
            depth -= 1
            start = token.start
            i -= 1
            continue
        if depth > 0:
            start = token.start
            i -= 1
            continue
        if text in _CONJUNCTIONS and split_conjunctions and text != "与":
            break
        if text in _CONJUNCTIONS:
            before = sentence.text[: token.start - sentence.start]
            after = sentence.text[token.start + len(text) - sentence.start :]
            previous = tokens[i - 1] if i > 0 else None
            if (
                firm  # 青禾半导体和晟达药业: a firm's name does not run across 和
                or not before
                or previous is None
                or _proper_name_before(tokens, i, lexicon)  # 星衡科技与西南交通大学
                or (_stops(previous, lexicon) and previous.text not in lexicon.soft_words)
                or _predicate_run([previous])  # 平台建设和…: the verb ends the first name
                or previous.text in _CATEGORY_WORDS
                or _ends_with_name(before, lexicon)
                or _begins_with_region(after, lexicon)  # 岷江重装与四川大学: two names
            ):
                break
            start = token.start
            i -= 1
            continue
        if organisation and start != end and text.endswith(_CATEGORY_WORDS):
            break  # 龙头企业|有…集团, 台资企业|闽台…公司
        if start != end and _is_agency_word(text):
            break  # 科技部火炬中心|创新型产业集群: an agency is not part of what it names
        if organisation and _soft(token, lexicon):
            # a verb inside a name (芯迈照明, 产业投资基金) follows a name word; after a stop
            # word or a category word it is the predicate (大力发展, 企业提供)
            k = i - 1
            while k >= 0 and _soft(tokens[k], lexicon):
                k -= 1  # a run of such words (创新设计研发中心) is judged by the word before it
            previous = tokens[k] if k >= 0 else None
            if (
                previous is None
                or _stops(previous, lexicon)
                or previous.text in _CATEGORY_WORDS
                or previous.text in lexicon.regions  # 宁波发展…: a place and its predicate
                or (previous.text.endswith(_PLACE_WORDS) and _predicate_run(tokens[k + 1 : i + 1]))
            ):
                break
            start = token.start
            i -= 1
            continue
        if _stops(token, lexicon) and not (start == end and _may_end_name(token, lexicon)):
            break
        start = token.start
        i -= 1
    return start


def _predicate_run(run: list[Token]) -> bool:
    """高新区|建设…平台: after a place, these words are what the place does (not 创新发展联盟)."""
    return any(t.text in ("建设", "支持", "引导", "投资", "促进", "打造", "推动") for t in run)


def _proper_name_before(tokens: list[Token], i: int, lexicon: Lexicon) -> bool:
    """The words just before a 与/和 hold a proper name (星衡科技与…): two names, not one."""
    for token in reversed(tokens[max(0, i - 2) : i]):
        if _stops(token, lexicon):
            return False
        if (
            token.tag in _PROPER_TAGS
            and token.text not in lexicon.industry_terms
            and len(token.text) >= 2
        ):
            return True
    return False


def _soft(token: Token, lexicon: Lexicon) -> bool:
    """Verbs that may sit inside a name: the curated soft words, any word tagged as a verb."""
    return token.text in lexicon.soft_words or (
        token.tag == "v"
        and token.text not in lexicon.stop_words
        and token.text not in lexicon.name_verbs
    )


def _may_end_name(token: Token, lexicon: Lexicon) -> bool:
    """The last word of a name (某某研究所's 所) escapes the tag test, not the stop words."""
    return (
        not _is_punct(token) and token.text not in lexicon.stop_words and not token.text.isdigit()
    )


def _stops(token: Token, lexicon: Lexicon) -> bool:
    text = token.text
    if text.isspace() or not text:
        return True
    if _is_punct(token) and text not in _OPEN + _CLOSE and text not in "-—·":
        return True
    if text in lexicon.industry_terms or text in lexicon.regions:
        return False
    if text in lexicon.stop_words:
        return True
    if text.isdigit():
        return True
    if text == "所" or (
        token.tag == "m" and len(text) <= 2 and all(c in _CHINESE_DIGITS for c in text)
    ):
        return False  # 化物所, 三一重机: jieba tags these as a conjunction or a numeral
    if text in lexicon.soft_words:
        return True
    if token.tag == "v" and text not in lexicon.name_verbs:
        return True
    if (
        token.tag == "x"
        and len(text) > 2
        and any(text.startswith(w) for w in _long_stop_words(lexicon))
    ):
        return True
    return token.tag in _STOP_TAGS


def _long_stop_words(lexicon: Lexicon) -> tuple[str, ...]:
    return _longest_first(frozenset(w for w in lexicon.stop_words if len(w) >= 2))


def _ends_with_name(text: str, lexicon: Lexicon) -> bool:
    tail = text[-8:]
    if any(tail.endswith(s) for s in _all_suffixes()):
        return True
    if any(text.endswith(name) for name in _known_pattern()[1]):
        return True
    longest = _longest_region(lexicon)  # same test as over every region, by suffix lookup
    return any(text[-n:] in lexicon.regions for n in range(2, min(len(text), longest) + 1))


@lru_cache(maxsize=65536)
def is_specific(name: str, suffix: str, type_: str, lexicon: Lexicon) -> bool:
    """A name is specific when what precedes its suffix is more than generic modifiers.

    A cluster needs a field of its own (杭州数字安防产业集群, not 浙江省创新型产业集群); other
    types are specific with a place (成都人工智能创新中心) or any non-generic word.
    """
    head = name[: len(name) - len(suffix)]
    if len(name) < 3 or not head:
        return False
    if name in lexicon.industry_terms:
        return False
    rest = _strip_words(head, _generic_words(lexicon))
    rest = re.sub(_NUMBER + "[大个地家类项所座批]", "", rest)  # 五大国际中心, 三大产业集群
    if type_ == "Cluster":
        rest = _strip_places(rest, lexicon)
    if type_ == "Cluster":
        if any(word in head for word in _agency_words()):
            return False  # 科技部火炬中心创新型产业集群: the agency's programme, not a cluster
        rest = re.sub(_NUMBER + "[大个地家类]", "", rest)
    if type_ == "Firm":
        rest = _strip_words(rest, _longest_first(lexicon.not_regions))
    if type_ in ("Park", "Firm"):
        rest = _strip_words(
            re.sub(_NUMBER + "[大个家]", "", rest), _longest_first(lexicon.industry_terms)
        )
    rest = re.sub(r"[()（）与和及、\s]", "", rest)
    return len(rest) >= 2 or (len(rest) == 1 and type_ != "Cluster" and len(head) >= 2)


def _named_park_head(head: str, lexicon: Lexicon) -> bool:
    """某某高新区管委会: the head is a specific park name (judged by its longest park suffix)."""
    _pattern, owner = _suffix_pattern()
    suffix = max(
        (s for s, t in owner.items() if t == "Park" and head.endswith(s)), key=len, default=""
    )
    return bool(suffix) and is_specific(head, suffix, "Park", lexicon)


def _research_body(name: str, suffix: str) -> bool:
    """An institute of a university or of the Academy of Sciences is a research organisation."""
    head = name[: len(name) - len(suffix)]
    return suffix in ("研究院", "中心", "研究中心") and (
        head.startswith(("中国科学院", "中科院"))
        or "大学" in head
        or "研究" in suffix
        and "科学院" in head
    )


def _trim_name(name: str) -> str:
    """Strip quotes, a leading outline number and a trailing category (…上市公司)."""
    if name.endswith("上市公司") and len(name) > 6:
        name = name[:-4]  # 某某软件(中国)上市公司: the firm, then its category
    name = name.strip(" \t“”\"'‘’「」『』·-—")
    name = re.sub(r"^[(（][^()（）]{0,6}[)）]", "", name)  # a leading outline number: (二)
    while name and name[0] in _CLOSE:
        name = name[1:]
    # an opening bracket never left unclosed at the start
    if name[:1] in _OPEN and not any(c in name for c in _CLOSE):
        name = name[1:]
    return name


def _only_field_words(item: str, lexicon: Lexicon) -> bool:
    rest = _strip_words(
        _strip_words(item, _longest_first(lexicon.industry_terms)), _generic_words(lexicon)
    )
    return len(re.sub(r"[()（）与和及、\s]", "", rest)) < 2
