"""Stage 3, find mentions: spans of a sentence that name an entity of one of the eight types.

Rules, each a small function over one sentence (registered in :data:`MENTION_RULES`):

- ``titles``: 《…》 titles are policies;
- ``suffixes``: a name ends in a type's suffix (…产业集群, …高新区, …有限公司, …中心, …大学);
  its left edge is found by walking back over jieba words until a boundary word;
- ``known``: central agencies and famous park nicknames from the public lists in the lexicon;
- ``regions``: administrative names from the national division list;
- ``district_parks``: a district's short name + 园 (天河园), how 一区多园 parks are named;
- ``lists``: coordinated and elliptical lists (A、B等四家创新型产业集群; A、B等企业).

Overlaps are settled by keeping the longest span; places that begin a cluster's or platform's
name are then added as nested mentions (:func:`place_prefixes`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache, lru_cache

from kg.lexicon import Lexicon, _automaton
from kg.lexicon import load as load_lexicon
from kg.model import Mention, Sentence, Token

MAX_NAME = 40
MAX_LIST_ITEM = 24
TYPE_PRIORITY = {
    "Policy": 0,
    "Cluster": 1,
    "Agency": 2,
    "ResearchOrg": 3,
    "Platform": 4,
    "Firm": 5,
    "Park": 6,
    "Region": 7,
}
# jieba tags that never occur inside a name: prepositions, conjunctions, particles, adverbs,
# pronouns, numerals, measure words, time words, interjections.
_STOP_TAGS = frozenset(
    {
        "p",
        "c",
        "u",
        "uj",
        "ul",
        "uz",
        "ud",
        "ug",
        "uv",
        "d",
        "r",
        "m",
        "q",
        "t",
        "y",
        "e",
        "o",
        "mq",
        "i",
    }
)
_CONJUNCTIONS = frozenset({"与", "和", "及", "暨"})
_CHINESE_DIGITS = "一二三四五六七八九十百千万"
_OPEN = "(（"
_CLOSE = ")）"
_MEDIA_SUFFIXES = (
    "报",
    "日报",
    "杂志",
    "周刊",
    "月刊",
    "学报",
    "期刊",
    "网",
    "新闻",
    "年鉴",
    "论",
    "志",
)
_NUMBER = r"[一二三四五六七八九十百千两\d]+"
_COUNT_BEFORE_HEAD = re.compile(rf"(?:等)?(?:{_NUMBER}(?:家|个|大|项|类|所|座|批|只))?$")


@cache
def _firm_list_tail() -> re.Pattern[str]:
    """等(十家)?…企业 after a list: the words that close a list of firms (cues.toml)."""
    heads = "|".join(map(re.escape, load_lexicon().firm_heads))
    return re.compile(
        rf"^(?:等(?:{_NUMBER}(?:余|多)?(?:家|个|批))?|{_NUMBER}(?:余|多)?家)[^，,。；;、]{{0,14}}?(?:{heads})"
    )


_LED_BY = re.compile(r"以([^，,。；;以]{2,80}?)为(?:龙头|链主|引领)")
_FIRM_LIST_LEAD = re.compile(
    r"(?:龙头企业|领军企业|骨干企业|重点企业|代表企业|代表性企业|知名企业|链主企业|企业)(?:有|包括|如|主要有)[:：]?$"
)
_LIST_SEPARATORS = "、"


def _is_punct(token: Token) -> bool:
    return not any(ch.isalnum() for ch in token.text)


@cache
def _suffix_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    lexicon = load_lexicon()
    owner: dict[str, str] = {}
    for type_, suffixes in lexicon.suffixes.items():
        for suffix in suffixes:
            owner.setdefault(suffix, type_)
    alternatives = sorted(owner, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, alternatives))), owner


@cache
def _known_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    owner = {name: type_ for type_, names in load_lexicon().known.items() for name in names}
    alternatives = sorted(owner, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, alternatives))), owner


# ------------------------------------------------------------------ name edges


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


_PLACE_WORDS = ("高新区", "开发区", "园区", "新区", "园", "省", "市", "区", "县")
_PROPER_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "nz"})


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


_CATEGORY_WORDS = (
    "企业",
    "公司",
    "集群",
    "园区",
    "机构",
    "单位",
    "高校",
    "院校",
    "部门",
    "行业",
    "政府",
)


@cache
def _agency_words() -> frozenset[str]:
    lexicon = load_lexicon()
    return frozenset(lexicon.known.get("Agency", ())) | frozenset(
        s for s in lexicon.suffixes.get("Agency", ()) if len(s) >= 3
    )


def _is_agency_word(text: str) -> bool:
    return text in _agency_words() or (
        len(text) >= 4 and any(text.endswith(s) for s in _agency_words() if len(s) >= 3)
    )


def _soft(token: Token, lexicon: Lexicon) -> bool:
    """Verbs that may sit inside a name: the curated soft words, any word tagged as a verb."""
    return token.text in lexicon.soft_words or (
        token.tag == "v"
        and token.text not in lexicon.stop_words
        and token.text not in lexicon.name_verbs
    )


def _begins_with_region(text: str, lexicon: Lexicon) -> bool:
    return any(text.startswith(text[:n]) and text[:n] in lexicon.regions for n in range(2, 8))


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


@cache
def _longest_region(lexicon: Lexicon) -> int:
    return max(map(len, lexicon.regions), default=0)


@cache
def _all_suffixes() -> tuple[str, ...]:
    _pattern, owner = _suffix_pattern()
    return tuple(owner)


# ------------------------------------------------------------------ specificity


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


@cache
def _generic_words(lexicon: Lexicon) -> tuple[str, ...]:
    """Generic words of two characters or more: one character is stripped from inside
    others (子 from 电子), so single characters count only as whole heads."""
    return _longest_first(frozenset(w for w in lexicon.generic if len(w) >= 2))


@cache
def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _strip_words(text: str, words: tuple[str, ...]) -> str:
    """Remove every occurrence of the given words, longest first."""
    for word in words:
        if word in text:
            text = text.replace(word, "")
    return text


def _strip_places(text: str, lexicon: Lexicon) -> str:
    pattern, owner = _suffix_pattern()
    while True:
        found = place_prefix(text + "XX", lexicon)
        if found is None:
            return text
        text = text[len(found[1]) :]


@lru_cache(maxsize=65536)
def _tokens_of(text: str) -> tuple[Token, ...]:
    from kg.segment import tokens

    return tokens(text, 0)


# ------------------------------------------------------------------ rules


def titles(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    out = []
    for match in re.finditer(r"《([^《》\n]{2,80})》", sentence.text):
        title = match.group(1).strip()
        if title.endswith(_MEDIA_SUFFIXES):
            continue
        start = sentence.start + match.start()
        out.append(
            Mention(
                "Policy",
                title,
                start,
                sentence.start + match.end(),
                sentence.index,
                match.group(0),
                "title",
            )
        )
    return out


_PROGRAMME_END = r"(?:计划|规划|行动|工程|制度|纲要|方案|政策|新政\d+条|\d+条)"
_QUOTED_PROGRAMME = re.compile(rf"[“\"]([^“”\"，。；、\s]{{2,24}}?{_PROGRAMME_END})[”\"]")
_NAMED_PROGRAMME = re.compile(
    rf"(?:实施|启动|通过|出台|印发|推出|制定|发布|开展|争取到|依托)了?([^，,。；;、“”《》()（）\s]{{3,20}}?{_PROGRAMME_END})"
    r"(?=[，,。；;、(（\s]|$|创新|改革|试点|等)"
)


_ACADEMY_INSTITUTE = re.compile(
    r"(?:中国科学院|中科院)[^，,。；;、“”《》()（）\s]{2,14}?所(?![有在需])"
)


def institutes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """中科院沈阳自动化所: an Academy institute named by its short form ends in 所."""
    return [
        Mention(
            "ResearchOrg",
            m.group(0),
            sentence.start + m.start(),
            sentence.start + m.end(),
            sentence.index,
            m.group(0),
            "institute",
        )
        for m in _ACADEMY_INSTITUTE.finditer(sentence.text)
    ]


def programmes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Named programmes without 《》: a quoted “…计划/…工程/…制度/人才新政30条”, or one that
    follows 实施/启动/通过 (实施某某培育计划)."""
    out = []
    for pattern in (_QUOTED_PROGRAMME, _NAMED_PROGRAMME):
        for match in pattern.finditer(sentence.text):
            name = match.group(1)
            if _only_field_words(re.sub(_PROGRAMME_END + "$", "", name), lexicon):
                continue
            start = sentence.start + match.start(1)
            out.append(
                Mention("Policy", name, start, start + len(name), sentence.index, name, "programme")
            )
    return out


def suffixes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    pattern, owner = _suffix_pattern()
    out: list[Mention] = []
    boundaries = sentence.word_starts | sentence.word_ends
    for match in pattern.finditer(sentence.text):
        end = sentence.start + match.end()
        if end not in boundaries and end != sentence.end:
            continue
        suffix = match.group(0)
        type_ = owner[suffix]
        if len(suffix) == 1 and sentence.start + match.start() not in boundaries:
            continue  # 局 in 布局: a one-character suffix is a word of its own
        start = left_edge(
            sentence,
            sentence.start + match.start(),
            lexicon,
            organisation=type_ in ("Firm", "Platform"),
            firm=type_ == "Firm",
        )
        name = sentence.text[start - sentence.start : match.end()]
        name = _trim_name(name)
        if name.endswith("上市公司") and len(name) > 6:
            name, end = name[:-4], end - 4
        start = end - len(name)
        if not is_specific(name, suffix, type_, lexicon):
            continue
        if type_ == "Platform" and _research_body(name, suffix):
            type_ = "ResearchOrg"
        if (
            type_ == "Agency"
            and suffix not in _CENTRAL_SUFFIXES
            and not (
                _place_heads(name, lexicon)
                or name.startswith(("国家", "国务院", "中央", *_known_agencies()))
                or re.fullmatch(
                    r"[省市区县][^省市区县]{1,6}(?:厅|局|委)", name
                )  # 省科技厅: its place elided
                or _named_park_head(name[: -len(suffix)], lexicon)
            )
        ):
            continue  # 地方政府, 省委省政府, 当地税务局: a government body is named by its place
        out.append(Mention(type_, name, start, end, sentence.index, name, "suffix"))
    return out


def _named_park_head(head: str, lexicon: Lexicon) -> bool:
    """某某高新区管委会: the head is a specific park name (judged by its longest park suffix)."""
    _pattern, owner = _suffix_pattern()
    suffix = max(
        (s for s, t in owner.items() if t == "Park" and head.endswith(s)), key=len, default=""
    )
    return bool(suffix) and is_specific(head, suffix, "Park", lexicon)


# Suffixes of bodies that are named without a place (国家中医药管理局 is also written 中医药管理局).
_CENTRAL_SUFFIXES = ("管理局", "监督管理局", "总局")


@cache
def _known_agencies() -> tuple[str, ...]:
    return tuple(load_lexicon().known.get("Agency", ()))


def _place_heads(name: str, lexicon: Lexicon) -> list[str]:
    return [name[:n] for n in range(2, min(len(name), 10)) if name[:n] in lexicon.regions]


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


def known(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    pattern, owner = _known_pattern()
    return [
        Mention(
            owner[m.group(0)],
            m.group(0),
            sentence.start + m.start(),
            sentence.start + m.end(),
            sentence.index,
            m.group(0),
            "known",
        )
        for m in pattern.finditer(sentence.text)
    ]


def regions(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    out = []
    starts, ends = sentence.word_starts, sentence.word_ends
    for end_index, surface in lexicon.region_matcher.iter(sentence.text):
        end = end_index + 1
        start = end - len(surface)
        if sentence.start + start not in starts or sentence.start + end not in ends:
            continue
        out.append(
            Mention(
                "Region",
                surface,
                sentence.start + start,
                sentence.start + end,
                sentence.index,
                surface,
                "region",
            )
        )
    return out


def district_parks(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """`<district short name>园` (天河园, 黄埔园): a sub-park of a multi-park zone."""
    out: list[Mention] = []
    text = sentence.text
    if "园" not in text:
        return out
    for end_index, surface in lexicon.district_matcher.iter(text):
        end = end_index + 1
        if text[end : end + 1] == "园" and text[end : end + 2] not in ("园区",):
            start = end - len(surface)
            name = text[start : end + 1]
            out.append(
                Mention(
                    "Park",
                    name,
                    sentence.start + start,
                    sentence.start + end + 1,
                    sentence.index,
                    name,
                    "district-park",
                )
            )
    return out


def lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    return (
        _elliptical_lists(sentence, lexicon)
        + _quoted_lists(sentence, lexicon)
        + _firm_lists(sentence, lexicon)
    )


def _elliptical_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """`A、B、C等四家创新型产业集群` → A创新型产业集群, B…, C… (the literal item is an alias)."""
    pattern, owner = _suffix_pattern()
    text = sentence.text
    out: list[Mention] = []
    if not any(joiner in text for joiner in "、和及与"):
        return out  # a list needs two items
    for match in pattern.finditer(text):
        suffix = match.group(0)
        type_ = owner[suffix]
        if type_ not in ("Cluster", "Platform", "Park"):
            continue
        head_start = match.start()
        # the head may carry generic words before the suffix: 等共性技术平台 / 三大研发中心
        head_words_start = (
            _generic_run_start(sentence, sentence.start + head_start, lexicon) - sentence.start
        )
        before = text[:head_words_start]
        count = _COUNT_BEFORE_HEAD.search(before)
        items_end = count.start() if count else len(before)
        if re.match(r"^[^，,。；;、]{0,8}?(?:企业|公司)", text[match.end() :]):
            continue  # 等集群企业: the items are firms
        if head_words_start == head_start and text[:head_start].endswith("等") and suffix == "基金":
            continue  # A、B等基金: the items are investment firms, not funds
        items = _list_items(sentence, items_end, lexicon, organisation=type_ == "Platform")
        if len(items) < 2:
            continue
        if not (count and count.group(0)) and not all(
            text[a:b] in lexicon.regions for a, b in items[:-1]
        ):
            continue  # needs 等 or a count, or places (杭州、宁波数字经济创新中心)
        if not (count and count.group(0)):
            last_start, last_end = items[-1]
            place = _leading_region(text[last_start:last_end], lexicon)
            if place is not None:
                items[-1] = (last_start, last_start + len(place))
        head = text[head_words_start : match.end()]
        for start, end in items:
            item = text[start:end]
            name = (
                item
                if item.endswith(tuple(s for s, t in owner.items() if t == type_))
                else item + head
            )
            if not is_specific(name, suffix, type_, lexicon) or _only_field_words(item, lexicon):
                continue
            aliases = (item,) if name != item else ()
            out.append(
                Mention(
                    type_,
                    name,
                    sentence.start + start,
                    sentence.start + end,
                    sentence.index,
                    item,
                    "list",
                    aliases,
                )
            )
    return out


def _only_field_words(item: str, lexicon: Lexicon) -> bool:
    rest = _strip_words(
        _strip_words(item, _longest_first(lexicon.industry_terms)), _generic_words(lexicon)
    )
    return len(re.sub(r"[()（）与和及、\s]", "", rest)) < 2


def _leading_region(text: str, lexicon: Lexicon) -> str | None:
    for n in range(min(len(text), 8), 1, -1):
        if text[:n] in lexicon.regions:
            return text[:n]
    return None


_QUOTED_LIST = re.compile(r"((?:[“\"「][^”\"」，,。]{1,20}[”\"」][、和及与]?){2,})")


def _quoted_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """“A”“B”“C”企业联合创新中心: each quoted name completed with the head that follows."""
    pattern, owner = _suffix_pattern()
    text = sentence.text
    out: list[Mention] = []
    for match in _QUOTED_LIST.finditer(text):
        rest = text[match.end() : match.end() + 16]
        suffix = next(pattern.finditer(rest), None)
        if suffix is None or owner[suffix.group(0)] not in ("Platform", "Cluster", "Park"):
            continue
        head = rest[: suffix.end()]
        if re.search(r"[，,。；;、“”]", head):
            continue
        for item in re.finditer(r"[“\"「]([^”\"」]+)[”\"」]", match.group(1)):
            literal = item.group(1)
            start = sentence.start + match.start() + item.start(1)
            out.append(
                Mention(
                    owner[suffix.group(0)],
                    literal + head,
                    start,
                    start + len(literal),
                    sentence.index,
                    literal,
                    "list",
                    (literal,),
                )
            )
    return out


def _generic_run_start(sentence: Sentence, suffix_start: int, lexicon: Lexicon) -> int:
    start = suffix_start
    for token in reversed([t for t in sentence.tokens if t.start + len(t.text) <= suffix_start]):
        if token.text in lexicon.generic and token.start + len(token.text) == start:
            start = token.start
        else:
            break
    return start


_ITEM_JOINERS = ("、", "以及", "和", "及", "或")
_ITEM_BREAK = re.compile(r"[，,。；;：:“”《》()（）\s]|等")


def _list_items(
    sentence: Sentence, items_end: int, lexicon: Lexicon, organisation: bool = False
) -> list[tuple[int, int]]:
    """Items of a 、-separated list ending at ``items_end`` (sentence-relative), in text order.

    An item between two 、 is taken whole (三一重机 keeps its numeral); the first item of the list
    is bounded by the name-edge walk (又集聚了A、B… starts at A); 和/及/以及 may join the
    last item."""
    text = sentence.text
    items: list[tuple[int, int]] = []
    end = items_end - 1 if text[:items_end].endswith("等") else items_end
    while end > 0:
        previous = text.rfind("、", 0, end)
        whole = text[previous + 1 : end]
        if (
            previous >= 0
            and 2 <= len(whole) <= MAX_LIST_ITEM
            and not _ITEM_BREAK.search(whole)
            and not (not items and _last_joiner(sentence, previous + 1, end, lexicon))
        ):
            start = previous + 1
        else:
            start = (
                left_edge(
                    sentence,
                    sentence.start + end,
                    lexicon,
                    split_conjunctions=not items,
                    organisation=organisation,
                )
                - sentence.start
            )
            if (
                end - start < 2
                or end - start > MAX_LIST_ITEM
                or not _looks_like_item(text[start:end])
                or text[:start].endswith("等")  # 厦门大学等科研院校: after 等 comes the category
            ):
                break
        items.append((start, end))
        joiner = next((j for j in _ITEM_JOINERS if text[:start].endswith(j)), None)
        if joiner is None or (joiner != "、" and len(items) > 1):
            break
        end = start - len(joiner)
    items.reverse()
    return items


def _last_joiner(sentence: Sentence, start: int, end: int, lexicon: Lexicon) -> bool:
    """A 和/及/以及 inside the last item's span joins it to the list, unless what follows it is
    only generic words (智能感知技术及应用平台 is one name)."""
    for token in sentence.tokens:
        at = token.start - sentence.start
        if token.text in ("和", "及", "以及", "或") and start < at < end:
            rest = sentence.text[at + len(token.text) : end]
            return not _only_field_words(re.sub(_SUFFIX_TAIL, "", rest), lexicon) or not rest
    return False


_SUFFIX_TAIL = r"(?:平台|中心|实验室|联盟|基金|研究院)$"


def _looks_like_item(item: str) -> bool:
    return not re.search(r"[，,。；;：:“”《》\s]", item)


def _firm_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """`聚集了A、B、C等国际知名企业` and `龙头企业有A、B、C`: every item is a firm."""
    text = sentence.text
    out: list[Mention] = []
    for match in re.finditer(rf"等|{_NUMBER}(?:余|多)?家", text):
        if not _firm_list_tail().match(text[match.start() :]):
            continue
        items = _list_items(sentence, match.start(), lexicon)
        if items and (len(items) >= 2 or text[match.start()] == "等"):
            out.extend(_firm_items(sentence, items, lexicon))
    for match in _LED_BY.finditer(text):
        out.extend(
            _firm_items(sentence, _forward_items(text, match.start(1), match.end(1)), lexicon)
        )
    for match in re.finditer(r"(?:有|包括|如|主要有)[:：]?", text):
        if not _FIRM_LIST_LEAD.search(text[: match.end()]):
            continue
        items = _forward_items(text, match.end(), None)
        if len(items) >= 2:
            out.extend(_firm_items(sentence, items, lexicon))
    return out


def _clause_like(item: str, lexicon: Lexicon) -> bool:
    """A list item that reads as a clause (市场为导向) rather than a name: it opens with a stop
    word or holds a particle. jieba's tags are not trusted here: rare firm names get verb tags."""
    words = _tokens_of(item)
    if not words or words[0].text in lexicon.stop_words:
        return True
    return any(w.text in ("的", "是", "为", "在", "了", "将", "把", "被") for w in words)


def _forward_items(text: str, start: int, end: int | None) -> list[tuple[int, int]]:
    if end is None:
        end = len(text)
        stop = re.search(r"[，,。；;：:]|等", text[start:])
        if stop:
            end = start + stop.start()
    items = []
    position = start
    for part in re.split(r"[、和及与]", text[start:end]):
        if part:
            items.append((position, position + len(part)))
        position += len(part) + 1
    return [(a, b) for a, b in items if 2 <= b - a <= MAX_LIST_ITEM]


def _firm_items(
    sentence: Sentence, items: list[tuple[int, int]], lexicon: Lexicon
) -> list[Mention]:
    out = []
    for start, end in items:
        name = _trim_name(re.split(r"[(（](?:以下|下)?(?:简称|称)", sentence.text[start:end])[0])
        if len(name) < 2 or not _looks_like_item(name) or _only_field_words(name, lexicon):
            continue
        if (
            name in lexicon.regions
            or name in lexicon.generic
            or any(w in name for w in ("产业", "行业", "领域", "的"))
        ):
            continue
        if _clause_like(name, lexicon) or name.endswith(("企业", "院校", "单位", "机构", "厂商")):
            continue
        offset = sentence.text.index(name, start)
        out.append(
            Mention(
                "Firm",
                name,
                sentence.start + offset,
                sentence.start + offset + len(name),
                sentence.index,
                name,
                "firm-list",
            )
        )
    return out


_FIRM_COLUMN = re.compile(r"企业|公司|厂商|链主")


def table_firms(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """In a table whose header names a firm column (龙头企业, 骨干企业), that column's cells
    (split at 、) are firms."""
    out: list[Mention] = []
    for column, (start, end) in enumerate(sentence.cells):
        if column >= len(sentence.header) or not _FIRM_COLUMN.search(sentence.header[column]):
            continue
        position = start
        for part in re.split(
            r"([、，,；;/])", sentence.text[start - sentence.start : end - sentence.start]
        ):
            name = part.strip()
            if (
                len(name) >= 2
                and not re.fullmatch(r"[、，,；;/]", part)
                and not _clause_like(name, lexicon)
            ):
                offset = position + part.index(name)
                out.append(
                    Mention(
                        "Firm", name, offset, offset + len(name), sentence.index, name, "table-firm"
                    )
                )
            position += len(part)
    return out


MENTION_RULES: dict[str, Callable[[Sentence, Lexicon], list[Mention]]] = {
    "titles": titles,
    "programmes": programmes,
    "institutes": institutes,
    "suffixes": suffixes,
    "known": known,
    "regions": regions,
    "district_parks": district_parks,
    "lists": lists,
    "table_firms": table_firms,
}


# ------------------------------------------------------------------ overlap and nesting


def settle_overlaps(candidates: list[Mention]) -> list[Mention]:
    """Keep the longest non-overlapping spans; a title or a list item beats a suffix match."""
    rank = {
        "title": 0,
        "list": 1,
        "firm-list": 3,
        "suffix": 2,
        "known": 2,
        "district-park": 2,
        "region": 4,
    }

    def order(m: Mention) -> tuple:
        return (
            rank.get(m.rule, 5) if m.rule in ("title", "list") else 2,
            -(m.end - m.start),
            TYPE_PRIORITY[m.type],
            m.start,
            m.name,
        )

    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for mention in sorted(candidates, key=order):
        if any(mention.start < b and a < mention.end for a, b in taken):
            continue
        chosen.append(mention)
        taken.append((mention.start, mention.end))
    return sorted(chosen, key=lambda m: (m.start, m.end, m.type))


def place_prefix(name: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The park or region a cluster's or platform's name begins with: (type, name)."""
    pattern, owner = _suffix_pattern()
    for province in _starting_like(lexicon.province_names, name):
        rest = name[len(province) :]
        if name.startswith(province) and len(rest) > 4 and _begins_with_place(rest, lexicon):
            return ("Region", province)
    for short in _starting_like(lexicon.district_shorts_by_length, name):
        if (
            name.startswith(short + "园")
            and not name.startswith(short + "园区")
            and len(name) > len(short) + 3
        ):
            return ("Park", short + "园")
    for match in pattern.finditer(name):
        suffix = match.group(0)
        if owner[suffix] != "Park" or match.end() >= len(name) - 1 or match.start() < 2:
            continue
        park = name[: match.end()]
        if "(" in park or "（" in park:
            park = re.split(r"[(（]", park)[0]
            if not park.endswith(suffix):
                break
        return ("Park", park)
    for length in range(min(len(name) - 2, 12), 1, -1):
        head = name[:length]
        if head in lexicon.regions:
            return ("Region", head)
    return None


def _begins_with_place(text: str, lexicon: Lexicon) -> bool:
    cities = _starting_like(lexicon.city_names_by_length, text)
    return any(text.startswith(r) for r in cities) or bool(
        re.match(r"^[^、，,]{2,8}?(?:高新区|开发区|新区|高新园)", text)
    )


_FIRST_CHAR_INDEXES: dict[int, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {}


def _starting_like(words: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The words sharing ``text``'s first character, in their given order: a fast pre-filter
    for ``text.startswith(word)`` over thousands of place names (same result, same order)."""
    entry = _FIRST_CHAR_INDEXES.get(id(words))
    if entry is None or entry[0] is not words:
        index: dict[str, list[str]] = {}
        for word in words:
            index.setdefault(word[:1], []).append(word)
        entry = (words, {first: tuple(group) for first, group in index.items()})
        _FIRST_CHAR_INDEXES[id(words)] = entry
    return entry[1].get(text[:1], ())


def place_prefixes(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Every place a cluster's or platform's name begins with (山东 烟台高新区 …) is a mention."""
    out = []
    for mention in mentions:
        if mention.type not in ("Cluster", "Platform"):
            continue
        rest, offset = mention.name, 0
        for _ in range(3):
            found = place_prefix(rest, lexicon)
            if found is None:
                break
            type_, place = found
            start = (
                mention.start + offset
                if mention.surface.startswith(mention.name[: offset + len(place)])
                else mention.start
            )
            out.append(
                Mention(type_, place, start, start + len(place), mention.sentence, place, "prefix")
            )
            rest, offset = rest[len(place) :], offset + len(place)
    return out


STATED_ALIAS = re.compile(
    r"^\s*[(（]?\s*[,，]?\s*(?:以下简称|以下称|下称|简称|又称为|又称|也称|俗称|亦称|即)[:：]?\s*"
    r"(?:[“\"「《]([^”\"」》]{2,16})[”\"」》]|([^”\"」》）)，,。；;、\s]{2,16}?)\s*(?=[)），,。；;]))"
)


def stated_alias(text_after: str) -> str | None:
    """The alias a text gives right after a name: X（以下简称“Y”）, X（下称Y）."""
    match = STATED_ALIAS.match(text_after)
    return (match.group(1) or match.group(2)) if match else None


def find_mentions(sentences: list[Sentence], lexicon: Lexicon | None = None) -> list[Mention]:
    """Two passes: the rules per sentence; then every name and stated alias found anywhere in
    the document is looked up in every sentence (华为 named again, 澜光半导体 after its 下称)."""
    lexicon = lexicon or load_lexicon()
    chosen_by_sentence: list[list[Mention]] = []
    for sentence in sentences:
        candidates = [m for rule in MENTION_RULES.values() for m in rule(sentence, lexicon)]
        chosen = settle_overlaps(candidates)
        chosen = complete_table_row(sentence, chosen, lexicon)
        chosen = [_with_stated_alias(m, sentence) for m in chosen]
        chosen_by_sentence.append(chosen)
    names = _document_names(chosen_by_sentence)
    matcher = _automaton(tuple(sorted(names))) if names else None
    found: list[Mention] = []
    for sentence, chosen in zip(sentences, chosen_by_sentence, strict=True):
        chosen = settle_overlaps(chosen + _named_again(sentence, chosen, names, matcher))
        found.extend(chosen)
        found.extend(place_prefixes(chosen, lexicon))
    return found


def _with_stated_alias(mention: Mention, sentence: Sentence) -> Mention:
    alias = stated_alias(
        sentence.text[mention.end - sentence.start : mention.end - sentence.start + 30]
    )
    if alias and alias != mention.name:
        return replace(mention, aliases=(*mention.aliases, alias))
    return mention


_GAZETTEER_TYPES = ("Firm", "Platform", "ResearchOrg", "Agency", "Park", "Cluster", "Policy")


def _document_names(chosen_by_sentence: list[list[Mention]]) -> dict[str, str]:
    """Name or alias → type, for names of at least 3 characters (2 for a stated alias)."""
    names: dict[str, str] = {}
    for mentions in chosen_by_sentence:
        for mention in mentions:
            if mention.type not in _GAZETTEER_TYPES or mention.rule == "title":
                continue
            for form in (mention.name, *mention.aliases):
                if len(form) >= 2 and not re.search(r"[、，,。\s]", form):
                    names.setdefault(form, mention.type)
    return names


def _named_again(
    sentence: Sentence, chosen: list[Mention], names: dict[str, str], matcher
) -> list[Mention]:
    if not names:
        return []
    starts, ends = sentence.word_starts, sentence.word_ends
    taken = [(m.start, m.end) for m in chosen]
    out = []
    for end_index, form in matcher.iter(sentence.text):
        start = sentence.start + end_index + 1 - len(form)
        end = start + len(form)
        if start not in starts or end not in ends:
            continue
        if any(start < b and a < end for a, b in taken):
            continue
        out.append(Mention(names[form], form, start, end, sentence.index, form, "named-again"))
    return out


def complete_table_row(
    sentence: Sentence, mentions: list[Mention], lexicon: Lexicon
) -> list[Mention]:
    """In a table row, a cluster named without its place takes the place of another cell."""
    if not sentence.cells:
        return mentions
    places = [m for m in mentions if m.type in ("Park", "Region") and _fills_cell(m, sentence)]
    if len(places) != 1:
        return mentions
    place = places[0]
    out = []
    for mention in mentions:
        if mention.type == "Cluster" and place_prefix(mention.name, lexicon) is None:
            mention = replace(
                mention,
                name=place.name + mention.name,
                aliases=(*mention.aliases, mention.name),
                rule="table",
            )
        out.append(mention)
    return out


def _fills_cell(mention: Mention, sentence: Sentence) -> bool:
    return any(a == mention.start and b == mention.end for a, b in sentence.cells)
