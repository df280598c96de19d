"""Firms written without a legal suffix, found through the enumerations that carry them.

Chinese reports name firms by their short forms in lists: 引进了A、B、C; 形成了A、B为代表的…;
包括A、B在内; A、B等一批项目; 龙头企业A. A 、-list is taken as a list of firms when a governing
verb opens it, a category noun closes it, or one of its items is already known as a firm (a legal
suffix, a listed company); each item is then a firm unless it is a field, a place or another kind
of name. The words are in ``kg/data/mentions/enumerations.toml``.
"""

from __future__ import annotations

import re
from functools import cache

from kg.lexicon import Lexicon, jieba_tags
from kg.mentions.edges import (
    _guessed_verb,
    _only_field_words,
    _trim_span,
    glued_you,
    is_specific,
    left_edge,
)
from kg.mentions.words import (
    MAX_LIST_ITEM,
    STOCK_CODE,
    _is_punct,
    _tokens_of,
    firm_suffixes,
)
from kg.model import Mention, Sentence, Token
from kg.registry import mention_rules

_ITEM_BREAK = re.compile(r"[，,。；;：:“”《》「」()（）\s]")


@cache
def _words(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    vocabulary = lexicon.vocabulary["enumerations"]
    longest = lambda key: tuple(sorted(vocabulary[key], key=len, reverse=True))  # noqa: E731
    return {key: longest(key) for key in vocabulary}


@cache
def _closer_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    words = _words(lexicon)
    fillers = "|".join(map(re.escape, words["closer_fillers"]))
    closers = "|".join(map(re.escape, words["closers"]))
    count = r"(?:[一二三四五六七八九十百两\d]+(?:余|多)?(?:家|个|大|批))?"
    return re.compile(
        rf"^(?:[，,](?=均为|都是|均是))?(?:{fillers})?{count}[^，,。；;、]{{0,6}}?(?:{closers})"
    )


@cache
def _predicate_closer(lexicon: Lexicon) -> re.Pattern[str]:
    """A、B是某集群的龙头企业 / A、B均为…的骨干企业: the list is the subject of a 是 that names
    what its items are."""
    closers = "|".join(map(re.escape, _words(lexicon)["closers"]))
    return re.compile(
        rf"^(?:均|都|也)?(?:是|为|成为)[^，,。；;、]{{0,20}}?的[^，,。；;、]{{0,6}}?(?:{closers})"
    )


@cache
def _not_firm_closer(lexicon: Lexicon) -> re.Pattern[str]:
    words = _words(lexicon)
    fillers = "|".join(map(re.escape, words["closer_fillers"]))
    heads = "|".join(map(re.escape, words["not_firm_closers"]))
    return re.compile(rf"^(?:{fillers})?[^，,。；;、]{{0,8}}?(?:{heads})")


@mention_rules.register("enumerations", produces=("Firm",))
def enumerations(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Firms in 、-lists (引进了A、B、C等项目) and after a category noun (龙头企业A)."""
    out: list[Mention] = []
    if "、" in sentence.text:
        for items, opening, closing in _lists(sentence, lexicon):
            if not _is_firm_list(items, opening, closing, sentence, lexicon):
                continue
            project = bool(_closer_pattern(lexicon).match(closing)) and "项目" in closing[:12]
            strong = bool(_closer_pattern(lexicon).match(closing))
            project_words = tuple(_words(lexicon)["project_words"])
            for start, end in items:
                item = sentence.text[start:end]
                if _short_and_unknown(item, strong, lexicon):
                    continue
                own_project = item.endswith(project_words) and len(item) > 4  # 某某…项目、…
                out.extend(_firm(sentence, start, end, lexicon, project or own_project))
    out.extend(_after_category(sentence, lexicon))
    out.extend(_single_counted_item(sentence, lexicon))
    return out


def _single_counted_item(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """新引进某某电子等24个关联项目: one name between a governing verb and 等 + a count of
    projects or firms is a firm (the count says it stands for more)."""
    text = sentence.text
    if "等" not in text:
        return []
    out: list[Mention] = []
    for match in _single_item_pattern(lexicon).finditer(text):
        start, end = match.start(1), match.end(1)
        if not _looks_proper(text[start:end], lexicon):
            continue
        project = match.group(2) == "项目"
        out.extend(_firm(sentence, start, end, lexicon, project))
    return out


@cache
def _single_item_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    words = _words(lexicon)
    governors = "|".join(map(re.escape, words["governors"]))
    return re.compile(
        rf"(?:{governors})了?([^，,。；;、：:“”《》()（）等\s]{{2,12}})等"
        r"[\d一二三四五六七八九十百两]+(?:余|多)?[个家项批][^，,。；;]{0,6}?(项目|企业|公司)"
    )


def _short_and_unknown(name: str, closed: bool, lexicon: Lexicon) -> bool:
    """易某某, 大乙烯, 发改: a short item is a firm only when known, or proper-looking in a list
    that a category noun closes (陕汽、上汽为代表的…)."""
    if len(name) > 3 or _known_firm(name, lexicon):
        return False
    if closed and len(name) == 3 and name not in jieba_tags() and name not in lexicon.generic:
        return False  # 星月光 in 岚川电子、星月光等厂商: unknown to jieba, in a closed list
    return not (_looks_proper(name, lexicon) and (closed or len(name) == 3))


def _lists(sentence: Sentence, lexicon: Lexicon) -> list[tuple[list[tuple[int, int]], str, str]]:
    """Every run of 、-separated items: (item spans, sentence-relative; the text before the first
    item; the text after the last)."""
    text = sentence.text
    pieces: list[tuple[int, int]] = []
    position = 0
    for part in text.split("、"):
        pieces.append((position, position + len(part)))
        position += len(part) + 1
    runs: list[tuple[list[tuple[int, int]], str, str]] = []
    i = 0
    while i < len(pieces) - 1:
        first_start, first_end = pieces[i]
        # the first item: the name that ends the piece before the first 、
        start = sentence.start + first_end
        start = left_edge(sentence, start, lexicon, organisation=True, firm=True) - sentence.start
        if not (2 <= first_end - start <= MAX_LIST_ITEM) or _ITEM_BREAK.search(
            text[start:first_end]
        ):
            i += 1
            continue
        items = [(start, first_end)]
        j = i + 1
        while j < len(pieces) - 1:
            a, b = pieces[j]
            if not (2 <= b - a <= MAX_LIST_ITEM) or _ITEM_BREAK.search(text[a:b]):
                break
            items.append((a, b))
            j += 1
        # the last piece: a name from its start, perhaps a joiner and one more name
        a, b = pieces[j]
        end = _forward_name(sentence, a, lexicon)
        if end - a < 2:
            i = j
            continue
        items.append((a, end))
        rest = text[end:b]
        joiner = next((w for w in _words(lexicon)["last_joiners"] if rest.startswith(w)), None)
        if joiner is not None:
            more = _forward_name(sentence, end + len(joiner), lexicon)
            if more - (end + len(joiner)) >= 2:
                items.append((end + len(joiner), more))
                end = more
        runs.append((items, text[max(0, start - 8) : start], text[end : end + 16]))
        i = j
    return runs


def _forward_name(sentence: Sentence, start: int, lexicon: Lexicon) -> int:
    """Sentence-relative end of the name that begins at ``start``: its words run until
    punctuation, a stop word, a numeral or a verb. One-character words inside it do not end it
    (jieba cuts an unknown name into single characters with arbitrary tags: 瀚|越|精工), nor
    does a one-character first word that the next word continues (日|月光)."""
    end = start
    joiners = _words(lexicon)["last_joiners"]
    words = _tokens_from(sentence, start)
    for k, token in enumerate(words):
        text = token.text
        first = end == start
        initial = text in lexicon.vocabulary["edges"]["name_initials"]
        if first and (text in lexicon.regions or initial):
            end = token.start - sentence.start + len(text)
            continue
        following = words[k + 1] if k + 1 < len(words) else None
        if (
            first
            and len(text) == 1
            and not _is_punct(token)
            and following is not None
            and not _is_punct(following)
            and following.text not in lexicon.stop_words
            and len(following.text) >= 2
        ):
            end = token.start - sentence.start + len(text)
            continue
        counting = token.tag in ("m", "mq", "q") and re.search(_COUNTING, text)
        if (
            _is_punct(token)
            or text in lexicon.stop_words
            or text in joiners
            or text in _words(lexicon)["closers"]
            or counting
            or text.isdigit()
            or (
                not first and token.tag == "v" and len(text) >= 2 and text not in lexicon.name_verbs
            )
        ):
            break
        end = token.start - sentence.start + len(text)
        if end - start > MAX_LIST_ITEM:
            return start
    return end


_COUNTING = r"[\d一二三四五六七八九十百千万两几余多个家项批]"


def _tokens_from(sentence: Sentence, start: int) -> tuple[Token, ...]:
    return sentence.tokens_from(sentence.start + start)


def _is_firm_list(
    items: list[tuple[int, int]],
    opening: str,
    closing: str,
    sentence: Sentence,
    lexicon: Lexicon,
) -> bool:
    words = _words(lexicon)
    names = [sentence.text[a:b] for a, b in items]
    known = sum(1 for n in names if _known_firm(n, lexicon))
    if known:
        return True
    framed = (  # 与A、B共建“某中心”: co-builders; 由A、B组成的某集群: members
        opening.endswith(words["co_builder_openers"])
        and closing.startswith(words["co_builder_verbs"])
    ) or (
        opening.endswith(words["member_frame_openers"])
        and closing.startswith(words["member_frame_closers"])
    )
    strong = _closer_pattern(lexicon).match(closing)
    said = _predicate_closer(lexicon).match(closing)  # A、B是某集群的龙头企业
    weak = _not_firm_closer(lexicon).match(closing)
    if said and not strong:
        strong, weak = said, None
    if weak and not framed and (strong is None or weak.end() < strong.end()):
        return False  # 等一批新材料产品: the head that closes the list is not a firm's
    closed = strong is not None
    governed = (
        framed
        or opening.endswith(words["governors"])
        or (closed and opening.endswith(words["weak_governors"]))
    )
    if not (closed or governed):
        return False
    # the cue alone needs names that look like proper names, not fields or products
    proper = sum(1 for n in names if _looks_proper(n, lexicon))
    return proper * 2 > len(names)


def _looks_proper(name: str, lexicon: Lexicon) -> bool:
    """A word jieba does not know (or knows as a proper name) that is not a place or a field."""
    words = _tokens_of(name, lexicon)
    singles = sum(1 for t in words if len(t.text) == 1 and not _is_punct(t))
    if singles >= 2:
        return True  # jieba fell back to single characters: a word it does not know
    for token in words:
        if token.text in lexicon.regions or token.text in lexicon.industry_terms:
            continue
        if token.tag in ("x", "nz", "nt", "j", "eng"):
            return True
        if token.tag.startswith("nr") and (len(name) > 3 or len(token.text) >= 3):
            return True  # a person-tagged word of three characters: jieba's guess for a brand
        if token.tag == "ns" and len(name) > len(token.text):
            return True  # 北欧|电子: a place word that is no division (checked above) opens a brand
        if _guessed_verb(token, lexicon):
            return True  # 启衡|智能: a rarity guessed as a verb is an unknown brand
    return False


def _known_firm(name: str, lexicon: Lexicon) -> bool:
    """A listed company (a safe gazetteer name, or a short one jieba does not know as a word),
    a name the lexicon knows as a firm, or a name with a legal suffix."""
    if lexicon.gazetteer_names.get(name) == "Firm" or lexicon.known_owner.get(name) == "Firm":
        return True
    if lexicon.gazetteer.get(name) == "Firm" and len(name) >= 2 and name not in jieba_tags():
        return True
    return name[1:].endswith(firm_suffixes(lexicon))  # a suffix and something before it


@cache
def _other_suffixes(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(s for s, t in lexicon.suffix_owner.items() if t != "Firm")


def _firm(
    sentence: Sentence, start: int, end: int, lexicon: Lexicon, project: bool
) -> list[Mention]:
    """The item as a firm, or nothing when it is a field, a place or another kind of name."""
    text = sentence.text
    trim_start, trim_end = _trim_span(text[start:end], lexicon)
    start, end = start + trim_start, start + trim_end
    words = _words(lexicon)
    for prefix in (*words["glued_openers"], *words["countries"]):
        if text.startswith(prefix, start) and end - start - len(prefix) >= 2:
            start += len(prefix)
            break
    start += glued_you(text, start, lexicon)  # 龙头企业有|某某: jieba glued 有 to the first item
    for category in lexicon.words("lists", "item_categories"):
        at = text.rfind(category, start, end)
        if at >= 0 and end - at - len(category) >= 2:
            start = at + len(category)  # 某行业龙头企业|某某: the category is no part of the name
            break
    name = text[start:end]
    if project:
        end = start + _brand_length(sentence, start, end, lexicon)
        name = text[start:end]
    if len(name) < 2 or not _plausible_firm(name, lexicon):
        return []
    absolute = sentence.start + start
    return [
        Mention("Firm", name, absolute, absolute + len(name), sentence.index, name, "enumerations")
    ]


def _brand_length(sentence: Sentence, start: int, end: int, lexicon: Lexicon) -> int:
    """岚川泓达高端阀门制造项目 → 岚川泓达: the words before the first field, generic or phase
    word."""
    stops = lexicon.generic | set(_words(lexicon)["phase_words"])
    words = [t for t in _tokens_from(sentence, start) if t.start - sentence.start < end]
    length = 0
    for k, token in enumerate(words):
        last = k == len(words) - 1 or words[k + 1].text in _words(lexicon)["project_words"]
        field = (
            token.text in lexicon.industry_terms
            or token.text in stops
            or (token.tag in ("n", "vn") and len(token.text) >= 2 and length >= 2)
        )  # 某某|机电监测…项目: a common noun after the brand begins what it makes
        if (token.text in _words(lexicon)["phase_words"]) or (field and not last and k > 0):
            break  # 某某高端阀门制造项目 (but 某某科技项目 keeps 科技)
        length = token.start - sentence.start + len(token.text) - start
    return length


def _reads_as_clause(name: str, lexicon: Lexicon) -> bool:
    """Like :func:`kg.mentions.lists._clause_like`, but a one-character word at the start (中
    in 中集…, 新 in 新研…) does not make an item of a list a clause."""
    words = _tokens_of(name, lexicon)
    if not words:
        return True
    if len(words[0].text) >= 2 and words[0].text in lexicon.stop_words:
        return True
    if words[0].tag == "p" and words[0].text in lexicon.stop_words and len(words) > 1:
        return True  # 于麾下, 向全球: a preposition opens a phrase, not a name
    if (
        len(words) == 2
        and words[0].tag == "v"
        and len(words[0].text) >= 2
        and words[1].text in lexicon.regions
    ):
        return True  # 来到绵阳: a verb and its place
    clause_words = lexicon.word_set("lists", "clause_words")
    return any(w.text in clause_words for w in words)


def _plausible_firm(name: str, lexicon: Lexicon) -> bool:
    list_words = lexicon.vocabulary["lists"]
    tag = jieba_tags().get(name)
    if (
        tag is not None
        and tag not in ("nz", "nt", "nr", "nrt", "j")
        and not _known_firm(name, lexicon)
    ):
        return False  # 代表, 高度肯定: an ordinary word of the dictionary
    if name in lexicon.regions or name in lexicon.generic or name in lexicon.industry_terms:
        return False
    if _only_field_words(name, lexicon) or _reads_as_clause(name, lexicon):
        return False
    if any(w in name for w in list_words["non_firm_words"]):
        return False
    if any(w in name for w in _words(lexicon)["person_titles"]):
        return False
    words = _tokens_of(name, lexicon)
    if (
        words
        and words[-1].tag in ("a", "ad", "v", "vd", "d")
        and words[-1].text not in lexicon.name_verbs
        and words[-1].text not in lexicon.word_set("enumerations", "firm_words")  # 某某|精密
    ):
        return False  # 带动性强, 密切跟踪: a clause, not a name
    if len(name) <= 3 and all(w.tag.startswith("nr") for w in words):
        return False  # 吴某某: a person
    if name.endswith(
        (
            *list_words["non_firm_endings"],
            *list_words["activity_endings"],
            *list_words["building_words"],
        )
    ):
        return False  # …企业, …加工, …大楼: a kind, an activity or a building
    owner = lexicon.suffix_owner
    if name.endswith(_other_suffixes(lexicon)):
        return False  # 某某研究院, 某某产业园: another kind of name, found by its suffix
    suffix = max((s for s in owner if owner[s] == "Firm" and name.endswith(s)), key=len, default="")
    if suffix and not is_specific(name, suffix, "Firm", lexicon):
        return False  # 创投公司: a generic firm
    return not re.search(r"\d|[A-Za-z]{6,}|等|其|该", name)


@cache
def _category_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    categories = "|".join(map(re.escape, _words(lexicon)["categories_before_name"]))
    return re.compile(rf"(?:{categories})(?:——|—|-)?")


def _after_category(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """龙头企业A, 链主企业A, 自行车大厂A: the one name right after a category noun."""
    out: list[Mention] = []
    for match in _category_pattern(lexicon).finditer(sentence.text):
        start = match.end()
        if start not in {t.start - sentence.start for t in sentence.tokens}:
            continue
        end = _forward_name(sentence, start, lexicon)
        first = next((t for t in sentence.tokens if t.start - sentence.start == start), None)
        if first is not None and first.tag == "v" and first.text in jieba_tags():
            continue  # 领军企业|瞄准未来需求: the category is the subject of a verb
        if end - start >= 2 and sentence.text[end : end + 1] != "、":
            out.extend(_firm(sentence, start, end, lexicon, project=False))
    return out


@mention_rules.register("brand_firms", produces=("Firm",))
def brand_firms(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """岚川生物与某大学共建…, 启衡科技已入驻…: a brand the dictionary does not know followed by
    a firm word, as the subject of its sentence or clause (failure class 8)."""
    firm_words = lexicon.word_set("enumerations", "firm_words")
    followers = _words(lexicon)["subject_followers"]
    tokens = sentence.tokens
    out: list[Mention] = []
    # the firm word is the second of three tokens: k + 1 in 1 … len - 2
    at_firm_words = [k - 1 for k in range(1, len(tokens) - 1) if tokens[k].text in firm_words]
    for k in at_firm_words:
        brand, after = tokens[k], tokens[k + 2]
        first = k - 1 if k > 0 and _split_brand(tokens[k - 1], brand, lexicon) else k
        if first == k and not (
            _unknown_brand(brand, lexicon)
            or _guessed_verb(brand, lexicon)
            or (brand.tag.startswith("nr") and len(brand.text) >= 3)  # 施耐德|电气
        ):
            continue
        word = tokens[k + 1]
        before = tokens[first - 1] if first > 0 else None
        visited = before is not None and before.text in _words(lexicon)["visit_verbs"]
        opens = (
            before is None
            or _is_punct(before)
            or before.text in lexicon.stop_words
            or sentence.text[: tokens[first].start - sentence.start].endswith(
                _words(lexicon)["brand_openers"]
            )  # 某集团旗下|某某光电, 某集群的核心企业|某某光电
            or before.text in _words(lexicon)["countries"]  # 法国|某某电气: a foreign firm
        )
        follows = (
            after.text.startswith(followers)
            or (after.tag == "t" and len(after.text) >= 2)
            or _after_a_fronted_category(sentence, tokens[first].start, lexicon)
        )
        if not (visited or (opens and follows)):
            continue  # a clause's subject (某某光电今年…), or the firm visited (前往某某重工)
        start = tokens[first].start
        name = sentence.text[start - sentence.start : word.start + len(word.text) - sentence.start]
        if _plausible_firm(name, lexicon):
            out.append(
                Mention("Firm", name, start, start + len(name), sentence.index, name, "brand_firms")
            )
    return out


def _after_a_fronted_category(sentence: Sentence, start: int, lexicon: Lexicon) -> bool:
    """作为某集群的链主企业，某某光电…: the brand opening the clause after a fronted 作为 phrase
    that ends in a firm category is that phrase's subject."""
    before = sentence.text[: start - sentence.start]
    return (
        before.lstrip().startswith("作为")
        and before.endswith(("，", ","))
        and before[:-1].endswith(tuple(lexicon.firm_heads))
    )


def _split_brand(first: Token, second: Token, lexicon: Lexicon) -> bool:
    """Two one-character words that together are no word of jieba's (峦|启 before 光电): the
    HMM split an unknown two-character brand into its characters."""
    pair = first.text + second.text
    return (
        len(first.text) == 1
        and len(second.text) == 1
        and all(c.isalpha() and c not in lexicon.stop_words for c in pair)
        and pair not in jieba_tags()
        and pair not in lexicon.regions
        and first.start + 1 == second.start
    )


@mention_rules.register("project_brands", produces=("Firm",))
def project_brands(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """泓芯微二期项目开工, 推动某某新能项目落地: a brand the dictionary does not know, opening
    its clause, whose project (a phase and 项目) starts, signs or arrives is a firm (class 8)."""
    if "项目" not in sentence.text:
        return []
    words = _words(lexicon)
    out: list[Mention] = []
    tokens = sentence.tokens
    for match in _project_pattern(lexicon).finditer(sentence.text):
        head = sentence.start + match.start()
        k = next((i for i, t in enumerate(tokens) if t.start == head), None)
        if k is None:
            continue
        first = k
        while (
            first > 0
            and head - tokens[first - 1].start <= 6
            and (
                _unknown_brand(tokens[first - 1], lexicon)
                or (
                    len(tokens[first - 1].text) == 1
                    and tokens[first - 1].tag in ("q", "x", "nr")
                    and tokens[first - 1].text.isalnum()
                )
            )
        ):
            first -= 1
        if first == k or not any(_unknown_brand(t, lexicon) for t in tokens[first:k]):
            continue
        before = tokens[first - 1] if first > 0 else None
        if not (
            before is None
            or _is_punct(before)
            or before.text in lexicon.stop_words
            or before.text.endswith(words["project_openers"])
        ):
            continue  # the brand opens its clause (or follows 推动, 加快…)
        start = tokens[first].start
        name = sentence.text[start - sentence.start : head - sentence.start]
        if _plausible_firm(name, lexicon):
            out.append(Mention("Firm", name, start, head, sentence.index, name, "project_brands"))
    return out


@cache
def _project_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """A phase and 项目, then what the project does (二期项目正式开工)."""
    events = "|".join(map(re.escape, _words(lexicon)["project_events"]))
    return re.compile(rf"(?:[一二三四五六七八九十\d]期)?项目(?:正式|顺利|已经|已)?(?:{events})")


def _unknown_brand(token: Token, lexicon: Lexicon) -> bool:
    """A word of two or more characters that jieba's dictionary does not hold, and no place."""
    text = token.text
    return (
        len(text) >= 2
        and text not in jieba_tags()
        and text not in lexicon.regions
        and text not in lexicon.industry_terms
        and not any(not ch.isalnum() for ch in text)
        and not text.isdigit()
    )


@mention_rules.register("stock_codes", produces=("Firm",))
def stock_codes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """岚川科技（600123.SH）, 星月光（6231）: the name before a stock code is a listed firm."""
    out: list[Mention] = []
    if "(" not in sentence.text and "（" not in sentence.text:
        return out
    for match in STOCK_CODE.finditer(sentence.text):
        end = sentence.start + match.start()
        start = left_edge(sentence, end, lexicon, organisation=True, firm=True)
        name = sentence.text[start - sentence.start : match.start()]
        trim_start, trim_end = _trim_span(name, lexicon)
        name = name[trim_start:trim_end]
        if 2 <= len(name) <= MAX_LIST_ITEM and _plausible_firm(name, lexicon):
            at = start + trim_start
            out.append(
                Mention("Firm", name, at, at + len(name), sentence.index, name, "stock_codes")
            )
    return out
