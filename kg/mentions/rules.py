"""The mention rules, one small function per kind of evidence, registered in MENTION_RULES."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.lexicon import Lexicon
from kg.mentions.edges import (
    _named_park_head,
    _only_field_words,
    _research_body,
    _trim_name,
    is_specific,
    left_edge,
)
from kg.mentions.lists import _clause_like, lists
from kg.mentions.places import _place_heads
from kg.mentions.words import _CENTRAL_SUFFIXES, _known_agencies, _known_pattern, _suffix_pattern
from kg.model import Mention, Sentence

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
    return _matches(sentence, _ACADEMY_INSTITUTE, lambda _name: "ResearchOrg", "institute")


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


def known(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    pattern, owner = _known_pattern()
    return _matches(sentence, pattern, owner.__getitem__, "known")


def _matches(
    sentence: Sentence, pattern: re.Pattern[str], type_of: Callable[[str], str], rule: str
) -> list[Mention]:
    """Every match of ``pattern`` as a mention, typed by ``type_of(name)``."""
    return [
        Mention(
            type_of(m.group(0)),
            m.group(0),
            sentence.start + m.start(),
            sentence.start + m.end(),
            sentence.index,
            m.group(0),
            rule,
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
