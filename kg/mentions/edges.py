"""Where a name begins, and whether what was found is a name at all (not a generic phrase)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from kg.lexicon import Lexicon, jieba_freqs
from kg.mentions.places import _begins_with_region, _strip_places
from kg.mentions.words import (
    _CLOSE,
    _NUMBER,
    _OPEN,
    _PROPER_TAGS,
    _STOP_TAGS,
    MAX_NAME,
    _field_terms,
    _generic_words,
    _is_agency_word,
    _is_punct,
    _longest_first,
    _longest_region,
    _replace_words,
    _strip_words,
    _tokens_of,
)
from kg.model import Sentence, Token


def left_edge(
    sentence: Sentence,
    end: int,
    lexicon: Lexicon,
    split_conjunctions: bool = False,
    organisation: bool = False,
    firm: bool = False,
    field: bool = False,
    agency: bool = False,
) -> int:
    """Walk back from ``end`` (document offset) over the words that can belong to a name.

    ``organisation`` (firm and platform names) lets verbs inside the name through (芯迈照明,
    产业投资基金) and stops at category words (台资企业|闽台联创…公司). ``field`` (cluster
    names) lets two fields joined by 与/和 through even when jieba tags the first as a verb
    (数字安防与网络通信产业集群)."""
    tokens = sentence.tokens_before(end)
    conjunctions = lexicon.word_set("edges", "conjunctions")
    inner = lexicon.vocabulary["edges"]["inner_conjunction"]
    categories = lexicon.word_set("edges", "category_words")
    category_endings = lexicon.words("edges", "category_words")
    place_words = lexicon.words("edges", "place_words")
    start = end
    i = len(tokens) - 1
    depth = 0
    joined = False  # the last word passed was a conjunction inside the name
    bracketed = False  # the last words passed were a bracketed place inside a firm's name
    while i >= 0:
        token = tokens[i]
        text = token.text
        if token.start + len(text) > end:  # a word that straddles the suffix start
            start = min(start, token.start) if not _stops(token, lexicon) else start
            i -= 1
            continue
        if depth == 0 and end - token.start > MAX_NAME:
            break
        if agency and start != end and _before_an_agencys_place(tokens, i, start, lexicon):
            break  # 压接|绵阳市委宣传部: an agency's name begins with its place
        if text in ("—", "-") and i > 0 and tokens[i - 1].text == text:
            break  # 研发机构——某研究所: a double dash is punctuation, a single one joins a name
        if text and text[-1] in _CLOSE:
            depth += 1
        elif text and text[0] in _OPEN:
            if depth == 0:
                break
            depth -= 1
            start = token.start
            i -= 1
            bracketed = firm and depth == 0  # 某某(昆山)精密…公司: the brand stands before it
            continue
        if depth > 0:
            if text in _TITLE_MARKS:
                break  # 《)新区: a closing bracket never opened inside the name
            start = token.start
            i -= 1
            continue
        if bracketed and len(text) == 1 and not _is_punct(token) and not text.isdigit():
            start = token.start  # 某森|那|(昆山)…: a character of a transliterated brand
            i -= 1
            continue
        bracketed = False
        if text in conjunctions and split_conjunctions and text != inner:
            break
        if text in conjunctions and start == end and _bare_head_at(sentence, end, lexicon):
            break  # 快速道路及|园区: a bare head right after a conjunction names nothing
        if text in conjunctions:
            before = sentence.text[: token.start - sentence.start]
            after = sentence.text[token.start + len(text) - sentence.start :]
            previous = tokens[i - 1] if i > 0 else None
            if (
                firm  # 青禾半导体和晟达药业: a firm's name does not run across 和
                or not before
                or previous is None
                or _proper_name_before(tokens, i, lexicon)  # 星衡科技与西南交通大学
                or (
                    _stops(previous, lexicon)
                    and previous.text not in lexicon.soft_words
                    and not (field and _field_verb(previous, lexicon))
                )
                or _predicate_run([previous], lexicon)  # 平台建设和…: the verb ends the name
                or previous.text in categories
                or _ends_with_name(before, lexicon)
                or _begins_with_region(after, lexicon)  # 岷江重装与四川大学: two names
                or _known_name_through(after, end - token.start - len(text), lexicon)
            ):
                break
            start = token.start
            joined = True
            i -= 1
            continue
        if (
            organisation
            and start != end
            and text.endswith(category_endings)
            and not _branch_of(sentence, start, end, lexicon)  # 某某有限公司|绵阳分公司
            and not _service_of_a_cluster(sentence, text, start, end, lexicon)
        ):
            break  # 龙头企业|有…集团, 台资企业|闽台…公司
        if start != end and not agency and text in _cue_verbs(lexicon):
            break  # 某委员会核定|新竹科学园区: a body's act, tagged as a noun, opens no name
        if (
            start != end
            and not agency
            and (_is_agency_word(text, lexicon) or _party_or_government(text, lexicon))
        ):
            break  # 某部某中心|创新型产业集群, 市委|高度重视…: an agency is not part of the name
        # (but it is part of its own sub-unit's name: 某部某委员会, 某市政府某局某分局)
        if (
            (
                start != end
                or i == 0
                or (i > 0 and tokens[i - 1].text in ("、", "，"))
                or (i > 0 and tokens[i - 1].text in conjunctions)  # 与|启衡|集团
            )
            and _guessed_verb(token, lexicon)
            and _lacks_proper_part(tokens, i, lexicon)
        ):
            # 启衡|化工公司, 、启衡|研究院: a word jieba does not know, guessed as a verb
            start = token.start
            i -= 1
            continue
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
                or previous.text in categories
                or previous.text in lexicon.regions  # 宁波发展…: a place and its predicate
                or (
                    previous.text.endswith(place_words)
                    and _predicate_run(tokens[k + 1 : i + 1], lexicon)
                )
            ):
                break
            start = token.start
            i -= 1
            continue
        if field and joined and _field_verb(token, lexicon):
            start = token.start  # 数字安防与…集群: the field before 与, tagged as a verb
            joined = False
            i -= 1
            continue
        joined = False
        if (
            firm
            and start != end
            and token.tag == "i"
            and text not in lexicon.stop_words
            and (i == 0 or _stops(tokens[i - 1], lexicon))
        ):
            start = token.start  # 在|一帆风顺|家具有限公司: a brand jieba knows as an idiom
            break
        if start != end and len(text) == 1 and _split_first_character(tokens, i, start, lexicon):
            start = token.start  # 拥有|泓|芯微…: jieba split off a name's first character
            break
        glued = _glued_preposition(token, lexicon) if start != end and token.tag == "x" else 0
        if glued:
            start = token.start + glued  # 项目由泓|芯科技…: jieba glued a preposition to the name
            break
        if _macro_region_direction(tokens, i, lexicon):
            start = tokens[i - 1].start  # 滇|中|自创区: a province's short name and a direction
            i -= 2
            continue
        if organisation and start != end and _split_inside_word(tokens, i, lexicon):
            start = token.start  # 锂|能|科技: jieba split a word it does not know
            i -= 1
            continue
        if (
            firm
            and start != end
            and i > 0
            and len(text) == 2
            and token.tag in ("d", "a", "ad", "v")
            and text not in lexicon.stop_words
            and tokens[i - 1].text in lexicon.regions
        ):
            start = tokens[i - 1].start  # 四川|久远|银海软件股份有限公司: place, brand, field, form
            break
        if (
            text == "中"
            and start != end
            and sentence.text[start - sentence.start : start - sentence.start + 1]
            in lexicon.vocabulary["edges"]["partner_country_initials"]
        ):
            start = token.start  # 绵阳|中|德|合作区: China and a partner country, one name part
            i -= 1
            continue
        if _stops(token, lexicon) and not (
            start == end and _may_end_name(token, lexicon, _bare_head_at(sentence, end, lexicon))
        ):
            if start != end and _name_initial(tokens, i, lexicon):
                start = token.start  # 中|石化…: the initial of a name, not the postposition
            break
        start = token.start
        i -= 1
    return start


def _before_an_agencys_place(tokens: Sequence[Token], i: int, start: int, lexicon: Lexicon) -> bool:
    """Token ``i`` stands right before the place the agency's name has begun with, and is
    itself no place, no agency and no prefix a body's name carries (中共, 国家)."""
    placed = tokens[i + 1] if i + 1 < len(tokens) else None
    if placed is None or placed.start != start or placed.text not in lexicon.regions:
        return False
    text = tokens[i].text
    prefixes = lexicon.words("edges", "agency_name_prefixes")
    return not (
        text in lexicon.regions
        or _is_agency_word(text, lexicon)
        or text.endswith(_agency_suffixes(lexicon))  # 国家税务总局|某市税务局: its parent body
        or text.endswith(prefixes)
    )


@cache
def _agency_suffixes(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(s for s, t in lexicon.suffix_owner.items() if t == "Agency")


def _bare_head_at(sentence: Sentence, end: int, lexicon: Lexicon) -> bool:
    """The suffix at ``end`` (document offset) is a bare generic head (园区, 中心, 集群…)."""
    return sentence.text.startswith(lexicon.words("edges", "bare_heads"), end - sentence.start)


def _service_of_a_cluster(
    sentence: Sentence, text: str, start: int, end: int, lexicon: Lexicon
) -> bool:
    """某某产业集群|发展促进中心: a body serving a cluster is named with the cluster; only words of
    serving it stand between the cluster's head and the platform's."""
    if not text.endswith("集群"):
        return False
    span = sentence.text[start - sentence.start : end - sentence.start]
    words = _longest_first(lexicon.word_set("edges", "cluster_service_words"))
    return not _strip_words(span, words)  # (…集群|建设公共服务平台: a predicate, no service)


def _branch_of(sentence: Sentence, start: int, end: int, lexicon: Lexicon) -> bool:
    """The walk so far is a place and the suffix is a branch's head (绵阳|分公司): the company
    written before it belongs to the name."""
    heads = tuple(lexicon.words("edges", "branch_heads"))
    span = sentence.text[start - sentence.start : end - sentence.start]
    return sentence.text.startswith(heads, end - sentence.start) and span in lexicon.regions


@cache
def _cue_verbs(lexicon: Lexicon) -> frozenset[str]:
    """Verbs by which bodies issue, approve and select (印发, 核定, 认定…), less those that open
    programme names (实施方案, 编制规划)."""
    cues = lexicon.relation_cues
    verbs = {*cues["issuedBy"]["cues"], *cues["designatedBy"]["cues"]}
    in_names = lexicon.word_set("edges", "cue_verbs_in_names")
    return frozenset(v for v in verbs if len(v) >= 2) - in_names


def _party_or_government(text: str, lexicon: Lexicon) -> bool:
    """A word that is a Party committee or a government (市委, 省政府, 县政府): the actor of
    the clause, never inside another type's name."""
    return text in lexicon.word_set("edges", "party_bodies") or (
        text[-1:] == "府" and text.endswith("政府")
    )


_TITLE_MARKS = frozenset("《》〈〉“”「」『』")


def _split_first_character(tokens: Sequence[Token], i: int, start: int, lexicon: Lexicon) -> bool:
    """A one-character word (tagged as a measure word, a noun…) right before a word jieba does
    not know, after a verb or punctuation (拥有|泓|芯微, 、|澄|光电): the name's first character,
    which the HMM split off."""
    token = tokens[i]
    if len(token.text) != 1 or i + 1 >= len(tokens) or token.text in lexicon.stop_words:
        return False
    following = tokens[i + 1]
    if following.start != start or following.tag != "x" or len(following.text) < 2:
        return False
    if (
        _is_punct(token)
        or token.text.isdigit()
        or token.text in lexicon.vocabulary["edges"]["numerals"]
    ):
        return False
    previous = tokens[i - 1] if i > 0 else None
    return previous is None or _is_punct(previous) or previous.tag == "v"


def _known_name_through(after: str, reach: int, lexicon: Lexicon) -> bool:
    """某研院与某某大学: what follows the conjunction is a university, institute or body of the
    public lists running through the suffix walked from (``reach`` characters on): a name of its
    own."""
    return any(
        lexicon.gazetteer.get(after[:length]) in ("ResearchOrg", "Agency")
        for length in range(min(len(after), 16), reach, -1)
    )  # (a park or firm list holds generic names: 生物医药产业园)


def _glued_preposition(token: Token, lexicon: Lexicon) -> int:
    """How many characters of a word jieba does not know are prepositions, pointers or verbs
    glued to the first characters of a name (由泓, 如泓, 内有岚川: 1, 1, 2): the HMM joined
    the function words to the name; 0 when the word opens with none."""
    text = token.text
    if token.tag != "x" or len(text) < 2 or _is_punct(token):
        return 0
    glue = lexicon.vocabulary["edges"]["glued_prepositions"]
    length = 0
    while length < 2 and length < len(text) and text[length] in glue:
        length += 1
    return length  # (the whole word when it is only such words: 园区|内有|某某…)


def _macro_region_direction(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> bool:
    """滇|中, 皖|北: a direction after a province's one-character short name (a macro-region)."""
    places = lexicon.vocabulary["places"]
    return (
        i > 0
        and tokens[i].text in places["directions"]
        and len(tokens[i].text) == 1
        and tokens[i - 1].text in places["province_abbreviations"]
        and len(tokens[i - 1].text) == 1
    )


def _split_inside_word(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> bool:
    """A one-character verb, adverb or adjective after a one-character piece of a word jieba
    does not know (某某先行锂|能|科技, 瀚|越|材料): a character of the name, not a predicate."""
    token = tokens[i]
    if len(token.text) != 1 or token.tag not in ("v", "d", "a") or i == 0:
        return False
    previous = tokens[i - 1]
    return (
        len(previous.text) == 1
        and previous.tag in ("nz", "x", "ng", "n", "nr")
        and previous.text not in lexicon.stop_words
        and not _is_punct(previous)
    )


_KNOWN_NAME_TAGS = (_PROPER_TAGS - {"x"}) | {"ns"}  # a word jieba knows as a name or place


def _lacks_proper_part(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> bool:
    """The words walked so far (after token ``i``) hold no word jieba knows as a name or a
    place: the name still lacks its brand (启衡|磁业公司, not 参访|某兴园区)."""
    return not any(t.tag in _KNOWN_NAME_TAGS or t.text in lexicon.regions for t in tokens[i + 1 :])


def _guessed_verb(token: Token, lexicon: Lexicon) -> bool:
    """A two-character word tagged as a verb that jieba's dictionary lacks or holds as a rarity
    (a guess for an unknown word): before a name's head it is the name's own brand
    (启衡|化工公司), not a predicate."""
    text = token.text
    return (
        token.tag == "v"
        and len(text) == 2
        and jieba_freqs().get(text, 0) <= _RARE
        and text not in lexicon.stop_words
    )


_RARE = 10  # jieba's dictionary frequency at or below which a word is a rarity


def _field_verb(token: Token, lexicon: Lexicon) -> bool:
    """A word jieba tags as a verb that is a field in a cluster's name (安防, 封装, 节能)."""
    text = token.text
    return token.tag in ("v", "vn") and text not in lexicon.stop_words and len(text) >= 2


def _name_initial(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> bool:
    """A one-character word that names often begin with (中石化, 中集), standing where no noun
    precedes it: at the start, after punctuation or after a stop word (有中…, 、中…)."""
    if tokens[i].text not in lexicon.vocabulary["edges"]["name_initials"]:
        return False
    if i == 0:
        return True
    previous = tokens[i - 1]
    return _is_punct(previous) or (previous.text in lexicon.stop_words and len(previous.text) > 0)


def _predicate_run(run: Sequence[Token], lexicon: Lexicon) -> bool:
    """高新区|建设…平台: after a place, these words are what the place does (not 创新发展联盟)."""
    predicates = lexicon.word_set("edges", "predicate_words")
    return any(t.text in predicates for t in run)


def _proper_name_before(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> bool:
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


_FUNCTION_TAGS = frozenset({"p", "c", "d", "r", "u", "uj", "ul", "uz", "ud", "ug", "uv", "f", "t"})


_PARTICLE_TAGS = frozenset({"u", "uj", "ul", "uz", "ud", "ug", "uv"})


def _may_end_name(token: Token, lexicon: Lexicon, bare_head: bool = False) -> bool:
    """The last word of a name (某某研究所's 所) escapes the tag test, not the stop words; a
    function word of two characters or more (随着|公司, 代表着|公司) does not escape it, nor a
    verb of two that names do not hold before a bare head (负责|园区, 建设|中心)."""
    if len(token.text) >= 2 and token.tag in _FUNCTION_TAGS:
        return False
    if (
        bare_head
        and len(token.text) == 2
        and token.tag == "v"
        and token.text not in lexicon.name_verbs
        and jieba_freqs().get(token.text, 0) > _RARE  # (a rarity may be the brand: 启衡|研究院)
    ):
        return False
    if token.tag in _PARTICLE_TAGS:
        return False  # 代表着|公司: an aspect particle ends a verb, never a name
    return (
        not _is_punct(token) and token.text not in lexicon.stop_words and not token.text.isdigit()
    )


def _stops(token: Token, lexicon: Lexicon) -> bool:
    """Whether a word ends a name walking back (a stop word, punctuation, a verb…): a pure
    function of the word and its tag, so kept per lexicon for the words seen."""
    known = _stop_table(lexicon)
    key = (token.text, token.tag)
    found = known.get(key)
    if found is None:
        if len(known) >= _STOP_TABLE_SIZE:
            known.clear()
        found = known[key] = _stops_uncached(token, lexicon)
    return found


_STOP_TABLE_SIZE = 200_000


@cache
def _stop_table(lexicon: Lexicon) -> dict[tuple[str, str], bool]:
    return {}


def _stops_uncached(token: Token, lexicon: Lexicon) -> bool:
    text = token.text
    if text.isspace() or not text or "——" in text:
        return True  # (a double dash is punctuation, a single one may join a name)
    if _is_punct(token) and text not in _OPEN + _CLOSE and text not in _name_marks(lexicon):
        return True
    if text in lexicon.industry_terms or text in lexicon.regions:
        return False
    if token.tag == "t" and text in lexicon.generic and len(text) >= 2:
        return False  # 现代, 新一代: tagged as time words, names hold them (某市新一代…集群)
    if text in lexicon.stop_words:
        return True
    if text.isdigit():
        return True
    edges = lexicon.vocabulary["edges"]
    if text == edges["institute_word"] or (
        token.tag == "m" and len(text) <= 2 and all(c in edges["numerals"] for c in text)
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


def _name_marks(lexicon: Lexicon) -> str:
    return lexicon.vocabulary["edges"]["name_marks"]


def _long_stop_words(lexicon: Lexicon) -> tuple[str, ...]:
    return _longest_first(frozenset(w for w in lexicon.stop_words if len(w) >= 2))


def _ends_with_name(text: str, lexicon: Lexicon) -> bool:
    if text[-8:].endswith(_suffix_tuple(lexicon)):
        return True
    if text.endswith(_known_tuple(lexicon)):
        return True
    longest = _longest_region(lexicon)  # same test as over every region, by suffix lookup
    return any(text[-n:] in lexicon.regions for n in range(2, min(len(text), longest) + 1))


@cache
def _suffix_tuple(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(lexicon.suffix_owner)


@cache
def _known_tuple(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(lexicon.known_owner)


@lru_cache(maxsize=65536)
def is_specific(name: str, suffix: str, type_: str, lexicon: Lexicon) -> bool:
    """A name is specific when what precedes its suffix is more than generic modifiers.

    A cluster needs a field of its own (某市数字安防产业集群, not 某省创新型产业集群); other
    types are specific with a place (成都人工智能创新中心) or any non-generic word.
    """
    head = name[: len(name) - len(suffix)]
    if len(name) < 3 or not head:
        return False
    if name in lexicon.industry_terms:
        return False
    if (
        type_ == "Cluster" or (type_ == "Park" and suffix in _category_park_heads(lexicon))
    ) and _province_category(head, lexicon):
        return False  # 某省经济技术开发区, 某省县域特色产业集群: a province's category
    rest = head
    if type_ == "Cluster":  # a field word is never eaten by a generic one (现代化|工 of 现代化工)
        rest = _replace_words(rest, _field_terms(lexicon), "\x00\x00")
    elif type_ == "Park":  # …nor in a park's name (智能|制造 of 智能制造产业园)
        rest = _strip_words(rest, _longest_first(lexicon.industry_terms))
    rest = _strip_words(rest, _generic_words(lexicon))
    measures = lexicon.vocabulary["edges"]["count_measures"]
    rest = re.sub(_NUMBER + f"[{measures}]", "", rest)  # 五大国际中心, 三大产业集群
    placed = False
    if type_ == "Cluster":
        unplaced = _strip_places(rest, lexicon)
        placed, rest = unplaced != rest, unplaced
    if type_ == "Cluster":
        if any(word in head for word in lexicon.agency_words):
            return False  # 某部某中心创新型产业集群: the agency's programme, not a cluster
        rest = re.sub(_NUMBER + "[大个地家类]", "", rest)
    if type_ == "Firm":
        rest = _strip_words(rest, _longest_first(lexicon.not_regions))
    if type_ == "Firm":
        rest = _strip_words(
            re.sub(_NUMBER + "[大个家]", "", rest), _longest_first(lexicon.industry_terms)
        )
    elif type_ == "Park":
        rest = re.sub(_NUMBER + "[大个家]", "", rest)  # (its field words are out already)
    rest = re.sub(r"[()（）与和及、\s]", "", rest)
    if len(rest) == 1 and rest in _FUNCTION_CHARACTERS:
        return False  # 壮大|成企业集团: a verb's or a particle's character, no brand
    if type_ == "Cluster" and len(rest) == 1:
        # 某市钛产业集群, 某县茶产业集群: a one-character material or product after a place
        return placed and "\u4e00" <= rest <= "\u9fff" and rest not in _QUALITY_CHARACTERS
    return len(rest) >= 2 or (len(rest) == 1 and type_ != "Cluster" and len(head) >= 2)


# one-character qualities, not fields (某市新产业集群, 某市大产业集群)
_QUALITY_CHARACTERS = frozenset("新大小强老优特全好多高低名重总各本该此")


_FUNCTION_CHARACTERS = frozenset("成为是在和到从把被让向与及或的了着过也都就又还再将已")


@cache
def _category_park_heads(lexicon: Lexicon) -> frozenset[str]:
    """Park heads that a province's name makes a category (某省开发区); a field's head after a
    province is one park (某省软件园)."""
    edges = lexicon.vocabulary["edges"]
    return frozenset((*edges["outer_park_suffixes"], *edges["category_park_heads"]))


def _province_category(head: str, lexicon: Lexicon) -> bool:
    """The head is a province and generic words only: the province's zones or clusters as a
    category, not one of them."""
    province = next((p for p in lexicon.province_names if head.startswith(p)), None)
    if province is None:
        return False
    rest = _strip_words(head[len(province) :], _generic_words(lexicon))
    return len(rest) == 0


def _named_park_head(head: str, lexicon: Lexicon) -> bool:
    """某某高新区管委会: the head is a specific park name (judged by its longest park suffix)."""
    owner = lexicon.suffix_owner
    suffix = max(
        (s for s, t in owner.items() if t == "Park" and head.endswith(s)), key=len, default=""
    )
    return bool(suffix) and is_specific(head, suffix, "Park", lexicon)


def _research_body(name: str, suffix: str, lexicon: Lexicon) -> bool:
    """An institute of a university or of the Academy of Sciences is a research organisation."""
    edges = lexicon.vocabulary["edges"]
    head = name[: len(name) - len(suffix)]
    return name.endswith(tuple(edges["research_body_suffixes"])) and (
        head.startswith(tuple(edges["academy_prefixes"]))
        or edges["university_word"] in head
        or "研究" in suffix
        and edges["academy_word"] in head
        or "研究" in suffix
        and _university_short_form(head, lexicon)
    )


def _university_short_form(head: str, lexicon: Lexicon) -> bool:
    """某科大|某技术研究院: the head opens with a university's short form, a word of two or
    three characters ending in 大 that jieba knows as an abbreviation or an organisation."""
    words = _tokens_of(head, lexicon)
    first = words[0] if words else None
    return (
        first is not None
        and 2 <= len(first.text) <= 3
        and first.text.endswith("大")
        and first.tag in ("j", "nt")
        and first.text not in lexicon.regions
    )


def glued_you(text: str, start: int, lexicon: Lexicon) -> int:
    """企业有|某某公司: jieba glues 有 to an unknown brand after a category noun; 1 when the
    name at ``start`` (an offset into ``text``) opens with such a 有, else 0."""
    category = tuple(lexicon.words("edges", "category_words"))
    return int(text.startswith("有", start) and text[:start].endswith(category))


def _trim_span(name: str, lexicon: Lexicon) -> tuple[int, int]:
    """Where the name proper lies inside a found span: without quotes, a leading outline
    number or a trailing category (…上市公司). Offsets into ``name``, so a mention's span can
    follow its trimmed surface."""
    edges = lexicon.vocabulary["edges"]
    start, end = 0, len(name)
    for category in edges["trailing_categories"]:
        if name.endswith(category) and len(name) > len(category) + 2:
            end -= len(category)  # 某某软件(中国)上市公司: the firm, then its category
            break
    demonstrative = next((d for d in edges["demonstratives"] if name.startswith(d)), None)
    if demonstrative and end - len(demonstrative) >= 2:
        start += len(demonstrative)  # 这一|片区, 该|园区: a pointer to a place, not its name
    quotes = edges["quote_marks"]
    while start < end and name[start] in quotes:
        start += 1
    while end > start and name[end - 1] in quotes:
        end -= 1
    outline = re.match(r"[(（][^()（）]{0,6}[)）]", name[start:end])  # a leading number: (二)
    if outline:
        start += outline.end()
    while start < end and name[start] in _CLOSE:
        start += 1
    # an opening bracket never left unclosed at the start
    if name[start : start + 1] in tuple(_OPEN) and not any(c in name[start:end] for c in _CLOSE):
        start += 1
    return start, end


def _trim_name(name: str, lexicon: Lexicon) -> str:
    start, end = _trim_span(name, lexicon)
    return name[start:end]


def _only_field_words(item: str, lexicon: Lexicon) -> bool:
    rest = _strip_words(
        _strip_words(item, _longest_first(lexicon.industry_terms)), _generic_words(lexicon)
    )
    return len(re.sub(r"[()（）与和及、\s]", "", rest)) < 2
