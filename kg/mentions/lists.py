"""Coordinated and elliptical lists: A、B等四家创新型产业集群; “A”“B”中心; A、B等企业."""

from __future__ import annotations

import re
from functools import cache

from kg.lexicon import Lexicon
from kg.mentions.edges import (
    _only_field_words,
    _research_body,
    _trim_name,
    is_specific,
    left_edge,
)
from kg.mentions.matcher import SUFFIXES, sentence_scan
from kg.mentions.places import _leading_region
from kg.mentions.words import (
    _NUMBER,
    _STOP_TAGS,
    MAX_LIST_ITEM,
    STOCK_CODE,
    _longest_first,
    _tokens_of,
    either,
    firm_suffixes,
)
from kg.model import Mention, Sentence
from kg.registry import mention_rules


@cache
def _patterns(lexicon: Lexicon) -> dict[str, re.Pattern[str]]:
    """The list grammar, written over the words of ``kg/data/mentions/lists.toml``."""
    words = lexicon.vocabulary["lists"]
    measures = either(words["count_measures"])
    approx = either(words["approximators"])
    firm_measures = either(words["firm_count_measures"])
    closer = re.escape(words["closer"])
    heads = either(lexicon.firm_heads)
    # 这些 / 这几家 / 这三家 after a list without 等 (拥有A、B、C这些…冠军)
    pointers = rf"这(?:{either(words['pointer_closers'])}|{_NUMBER}(?:{firm_measures}))"
    return {
        "count_before_head": re.compile(rf"(?:{closer})?(?:{_NUMBER}(?:{measures}))?$"),
        # 等(十家)?…企业 after a list: the words that close a list of firms
        "firm_list_tail": re.compile(
            rf"^(?:{closer}(?:{_NUMBER}(?:{approx})?(?:{firm_measures}))?|{_NUMBER}(?:{approx})?家"
            rf"|{pointers})"
            rf"[^，,。；;、]{{0,14}}?(?:{heads})"
        ),
        "firm_list_closer": re.compile(rf"{closer}|{_NUMBER}(?:{approx})?家|{pointers}"),
        "led_by": re.compile(rf"以([^，,。；;以]{{2,80}}?)为(?:{either(words['led_by'])})"),
        "represented_by": re.compile(
            rf"以([^，,。；;以、]{{2,20}}?)为代表的[^，,。；;]{{0,8}}?(?:{either(words['firm_category'])})"
        ),
        # 龙头企业有A、B; 入驻企业200余家，其中包括A、B: the firms the category counted
        "firm_list_lead": re.compile(
            rf"(?:{either(words['firm_list_categories'])})"
            rf"(?:{_NUMBER}(?:{approx})?(?:{firm_measures})[，,]其中)?"
            rf"(?:{either(words['firm_list_verbs'])})[:：]?$"
        ),
        "firm_list_verb": re.compile(rf"(?:{either(words['firm_list_verbs'])})[:：]?"),
        "firm_category_after": re.compile(
            rf"^[^，,。；;、]{{0,8}}?(?:{either(words['firm_category'])})"
        ),
        "platform_tail": re.compile(rf"(?:{either(words['platform_tails'])})$"),
    }


@mention_rules.register("lists", priority=1, produces=("Cluster", "Platform", "Park", "Region"))
def lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Coordinated lists completed with their head: A、B等四家创新型产业集群; “A”“B”中心;
    下辖A、B、C三个街道 (a town completed with its head when the division list has it)."""
    return (
        _elliptical_lists(sentence, lexicon)
        + _quoted_lists(sentence, lexicon)
        + _town_lists(sentence, lexicon)
    )


_TOWN_HEAD = re.compile(rf"(?:等)?(?:{_NUMBER}个)?(街道|镇|乡)")


def _town_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """下辖新开、小海、竹行4个街道: each item + 街道 is a town of the division list."""
    text = sentence.text
    out: list[Mention] = []
    if "、" not in text:
        return out
    for match in _TOWN_HEAD.finditer(text):
        if match.start() == 0 or not re.search(r"[\d一二三四五六七八九十等]", match.group(0)):
            continue
        items = _list_items(sentence, match.start(), lexicon)
        if len(items) < 2:
            continue
        head = match.group(1)
        for start, end in items:
            item = text[start:end]
            name = item if item.endswith(head) else item + head
            if name in lexicon.regions:
                out.append(
                    Mention(
                        "Region",
                        name,
                        sentence.start + start,
                        sentence.start + end,
                        sentence.index,
                        item,
                        "lists",
                        (item,) if name != item else (),
                    )
                )
    return out


@mention_rules.register("firm_lists", produces=("Firm",))
def firm_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Lists whose items are firms: A、B等企业, 龙头企业有A、B, 以A、B为龙头."""
    return _firm_lists(sentence, lexicon)


def _research_body_name(item: str, lexicon: Lexicon) -> bool:
    suffix = next(
        (s for s in lexicon.vocabulary["edges"]["research_body_suffixes"] if item.endswith(s)), ""
    )
    return bool(suffix) and _research_body(item, suffix, lexicon)


def _elliptical_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """`A、B、C等四家创新型产业集群` → A创新型产业集群, B…, C… (the literal item is an alias)."""
    owner = lexicon.suffix_owner
    words = lexicon.vocabulary["lists"]
    patterns = _patterns(lexicon)
    text = sentence.text
    out: list[Mention] = []
    if not any(joiner in text for joiner in words["list_joiners"]):
        return out  # a list needs two items
    for match in sentence_scan(sentence, lexicon).leftmost_longest(SUFFIXES):
        suffix = match.word
        type_ = owner[suffix]
        if type_ not in ("Cluster", "Platform", "Park"):
            continue
        head_start = match.start
        # the head may carry generic words before the suffix: 等共性技术平台 / 三大研发中心
        head_words_start = (
            _generic_run_start(sentence, sentence.start + head_start, lexicon) - sentence.start
        )
        before = text[:head_words_start]
        if type_ == "Cluster" and text.startswith(tuple(words["cluster_kinds"]), head_words_start):
            continue  # 集成电路、民用航空等前沿产业集群: fields of a kind of cluster, no names
        count = patterns["count_before_head"].search(before)
        items_end = count.start() if count else len(before)
        if patterns["firm_category_after"].match(text[match.end :]):
            continue  # 等集群企业: the items are firms
        if (
            head_words_start == head_start
            and text[:head_start].endswith(words["closer"])
            and suffix == words["fund_suffix"]
        ):
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
        head = text[head_words_start : match.end]
        other_heads = _other_heads(lexicon, type_)
        activities = tuple(lexicon.words("lists", "activity_endings"))
        for start, end in items:
            item = text[start:end]
            if item.endswith(other_heads) or (type_ == "Platform" and item.endswith(("区", "园"))):
                continue  # 某某片区、某某示范区等平台: the items are zones, not platforms
            if type_ != "Cluster" and item.endswith(activities):
                continue  # 检验检测、人才服务等公共服务平台: services a platform offers
            if item.endswith(("有", "各有", "共有", "均有", "都有")):
                continue  # 甲省和乙省各有两个集群: a place and its verb, no item
            if type_ == "Platform" and _research_body_name(item, lexicon):
                continue  # 某大学某研究院、…等平台: a university's institute, typed by its own name
            name = item if item.endswith(_own_heads(lexicon, type_)) else item + head
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
                    "lists",
                    aliases,
                )
            )
    return out


@cache
def _own_heads(lexicon: Lexicon, type_: str) -> tuple[str, ...]:
    """The suffixes of ``type_``, in the lexicon's order."""
    return tuple(s for s, t in lexicon.suffix_owner.items() if t == type_)


@cache
def _other_heads(lexicon: Lexicon, type_: str) -> tuple[str, ...]:
    """The suffixes of two characters or more of the other types, in the lexicon's order."""
    return tuple(s for s, t in lexicon.suffix_owner.items() if t != type_ and len(s) >= 2)


_QUOTED_LIST = re.compile(r"((?:[“\"「][^”\"」，,。]{1,20}[”\"」][、和及与]?){2,})")


def _quoted_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """“A”“B”“C”企业联合创新中心: each quoted name completed with the head that follows."""
    pattern, owner = lexicon.suffix_pattern, lexicon.suffix_owner
    text = sentence.text
    out: list[Mention] = []
    for match in _QUOTED_LIST.finditer(text):
        rest = text[match.end() : match.end() + 16]
        suffix = next(pattern.finditer(rest), None)
        if suffix is None or owner[suffix.group(0)] not in ("Platform", "Cluster", "Park"):
            continue
        head = rest[: suffix.end()]
        if re.search(r"[，,。；;、“”()（）]", head) or _has_verb(head, lexicon):
            continue  # “A”“B”）坐落于某新区: the park after a verb is no head of the items
        if re.match(rf"{_NUMBER}[个家所座]", head):
            continue  # “A园”“B园”两个园区: a count of the items, not their head
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
                    "lists",
                    (literal,),
                )
            )
    return out


def _has_verb(head: str, lexicon: Lexicon) -> bool:
    """A head that holds a verb (坐落于某园区) is a clause, not the items' shared head."""
    verbs = lexicon.relation_cues["locatedIn"]["cues"]
    return any(v in head for v in verbs)


def _generic_run_start(sentence: Sentence, suffix_start: int, lexicon: Lexicon) -> int:
    start = suffix_start
    for token in reversed(sentence.tokens_before(suffix_start)):
        if token.start + len(token.text) > suffix_start:
            continue  # the word that runs into the suffix
        if token.text in lexicon.generic and token.start + len(token.text) == start:
            start = token.start
        else:
            break
    return start


_ITEM_BREAK = re.compile(r"[，,。；;：:“”《》()（）\s]|等")


def _list_items(
    sentence: Sentence, items_end: int, lexicon: Lexicon, organisation: bool = False
) -> list[tuple[int, int]]:
    """Items of a 、-separated list ending at ``items_end`` (sentence-relative), in text order.

    An item between two 、 is taken whole (三一重机 keeps its numeral); the first item of the list
    is bounded by the name-edge walk (又集聚了A、B… starts at A); 和/及/以及 may join the
    last item."""
    text = sentence.text
    closer = lexicon.vocabulary["lists"]["closer"]
    joiners = lexicon.words("lists", "item_joiners")
    items: list[tuple[int, int]] = []
    end = items_end - len(closer) if text.endswith(closer, 0, items_end) else items_end
    while end > 0:
        previous = text.rfind("、", 0, end)
        whole = text[previous + 1 : end]
        if "（" in whole or "(" in whole:
            whole = STOCK_CODE.sub("", whole)  # 、某某（600123）、
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
                or text.endswith(closer, 0, start)  # 厦门大学等科研院校: after 等 the category
            ):
                break
        items.append((start, end))
        joiner = next((j for j in joiners if text.endswith(j, 0, start)), None)
        if joiner is None or (joiner != joiners[0] and len(items) > 1):
            break
        end = start - len(joiner)
    items.reverse()
    return items


def _last_joiner(sentence: Sentence, start: int, end: int, lexicon: Lexicon) -> bool:
    """A 和/及/以及 inside the last item's span joins it to the list, unless what follows it is
    only generic words (智能感知技术及应用平台 is one name)."""
    joiners = lexicon.word_set("lists", "item_joiners")
    tail = _patterns(lexicon)["platform_tail"]
    for token in sentence.tokens:
        at = token.start - sentence.start
        if token.text in joiners and token.text != "、" and start < at < end:
            rest = sentence.text[at + len(token.text) : end]
            return not _only_field_words(tail.sub("", rest), lexicon) or not rest
    return False


def _fields_before_head(tail: str, lexicon: Lexicon) -> bool:
    """等环节的配套企业, 等领域的龙头企业: the items are fields or products that the firms work
    in, not the firms."""
    rest = tail
    for filler in _longest_first(lexicon.word_set("enumerations", "closer_fillers")):
        if rest.startswith(filler):
            rest = rest[len(filler) :]
            break
    return rest.startswith(lexicon.words("enumerations", "not_firm_closers"))


def _looks_like_item(item: str) -> bool:
    return not re.search(r"[，,。；;：:“”《》\s]", item)


def _firm_lists(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """`聚集了A、B、C等国际知名企业` and `龙头企业有A、B、C`: every item is a firm."""
    text = sentence.text
    patterns = _patterns(lexicon)
    closer = lexicon.vocabulary["lists"]["closer"]
    out: list[Mention] = []
    for match in patterns["firm_list_closer"].finditer(text):
        tail = patterns["firm_list_tail"].match(text[match.start() :])
        if not tail or _fields_before_head(tail.group(), lexicon):
            continue
        items = _list_items(sentence, match.start(), lexicon)
        if items and (len(items) >= 2 or text[match.start()] == closer):
            out.extend(_firm_items(sentence, items, lexicon))
    for match in patterns["led_by"].finditer(text):
        out.extend(
            _firm_items(
                sentence, _forward_items(text, match.start(1), match.end(1), lexicon), lexicon
            )
        )
    for match in patterns["represented_by"].finditer(text):
        # 以某某为代表的企业: one or more firms, when what they represent is firms
        out.extend(
            _firm_items(
                sentence, _forward_items(text, match.start(1), match.end(1), lexicon), lexicon
            )
        )
    for match in patterns["firm_list_verb"].finditer(text):
        if not patterns["firm_list_lead"].search(text[: match.end()]):
            continue
        items = _forward_items(text, match.end(), None, lexicon, sentence)
        if len(items) >= 2:
            out.extend(_firm_items(sentence, items, lexicon))
    return out


@cache
def _non_firm_heads(lexicon: Lexicon) -> tuple[str, ...]:
    """The suffixes of the other types (园区, 研究院, 管委会…): a list item ending in one is no
    firm (its own rule types it)."""
    fund = lexicon.vocabulary["lists"]["fund_suffix"]  # 某某基金: an investment firm may be listed
    return tuple(
        s for s, t in lexicon.suffix_owner.items() if t != "Firm" and len(s) >= 2 and s != fund
    )


def _clause_like(item: str, lexicon: Lexicon) -> bool:
    """A list item that reads as a clause (市场为导向) rather than a name: it opens with a stop
    word or holds a particle. jieba's tags are not trusted here: rare firm names get verb tags."""
    words = _tokens_of(item, lexicon)
    if not words or words[0].text in lexicon.stop_words:
        return True
    clause_words = lexicon.word_set("lists", "clause_words")
    return any(w.text in clause_words for w in words)


def _forward_items(
    text: str, start: int, end: int | None, lexicon: Lexicon, sentence: Sentence | None = None
) -> list[tuple[int, int]]:
    """The items of a list from ``start`` to ``end`` (sentence-relative); with no ``end``, to the
    first clause mark or closer, and before the predicate after the last item (``sentence``'s
    words tell where that begins)."""
    if end is None:
        end = len(text)
        closer = re.escape(lexicon.vocabulary["lists"]["closer"])
        stop = re.search(rf"[，,。；;：:]|{closer}", text[start:])
        if stop:
            end = start + stop.start()
        if sentence is not None:
            end = _before_predicate(sentence, start, end, lexicon)
    items = []
    position = start
    for part in re.split(r"[、和及与]", text[start:end]):
        if part:
            items.append((position, position + len(part)))
        position += len(part) + 1
    return [(a, b) for a, b in items if 2 <= b - a <= MAX_LIST_ITEM]


def _before_predicate(sentence: Sentence, start: int, end: int, lexicon: Lexicon) -> int:
    """Where the last item of a list that no closer ends stops (sentence-relative): before the
    first stop word after its first item's worth of text (…、某某光电均已上市 ends at 光电)."""
    run = sentence.text[start:end]
    last = start + max(max(run.rfind(joiner) for joiner in "、和及与"), 0)
    for word in sentence.tokens:
        at = word.start - sentence.start
        if last + 2 <= at < end and word.text in lexicon.stop_words and word.tag in _STOP_TAGS:
            return at
    return end


def _firm_items(
    sentence: Sentence, items: list[tuple[int, int]], lexicon: Lexicon
) -> list[Mention]:
    out = []
    words = lexicon.vocabulary["lists"]
    for start, end in items:
        item = re.split(r"[(（](?:以下|下)?(?:简称|称)", sentence.text[start:end])[0]
        name = _trim_name(STOCK_CODE.split(item)[0], lexicon)  # 某某（600123）: the name
        for category in words["item_categories"]:
            at = name.rfind(category)
            if at >= 0 and len(name) - at - len(category) >= 2:
                name = name[at + len(category) :]  # 某行业龙头企业|某某: the category is no name
                break
        if len(name) < 2 or not _looks_like_item(name) or _only_field_words(name, lexicon):
            continue
        suffix = next((f for f in firm_suffixes(lexicon) if name.endswith(f)), "")
        if suffix and not is_specific(name, suffix, "Firm", lexicon):
            continue  # 保险公司、融资租赁等机构: a kind of firm, not one
        if (
            name in lexicon.regions
            or name in lexicon.generic
            or any(w in name for w in words["non_firm_words"])
        ):
            continue
        if _clause_like(name, lexicon) or name.endswith(
            (*words["non_firm_endings"], *words["activity_endings"], *words["building_words"])
        ):
            continue
        if name.endswith(_non_firm_heads(lexicon)):
            continue  # 某某园区、某某中心 in a list of firms: another kind of name, by its head
        offset = sentence.text.index(name, start)
        out.append(
            Mention(
                "Firm",
                name,
                sentence.start + offset,
                sentence.start + offset + len(name),
                sentence.index,
                name,
                "firm_lists",
            )
        )
    return out
