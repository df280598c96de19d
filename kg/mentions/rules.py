"""The mention rules, one small function per kind of evidence, each registered in
:data:`kg.registry.mention_rules` with its priority and the types it produces."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from kg.lexicon import Lexicon, Region, jieba_freqs, jieba_tags
from kg.mentions.edges import (
    _named_park_head,
    _only_field_words,
    _research_body,
    _trim_span,
    glued_you,
    is_specific,
    left_edge,
)
from kg.mentions.lists import _clause_like
from kg.mentions.matcher import (
    DISTRICTS,
    GAZETTEER,
    KNOWN,
    REGIONS,
    SUFFIXES,
    USER_NAMES,
    Hit,
    sentence_scan,
)
from kg.mentions.places import _place_heads, _strip_places
from kg.mentions.words import (
    MAX_NAME,
    _generic_words,
    _longest_first,
    _strip_words,
    _tokens_of,
    either,
)
from kg.model import ENTITY_TYPES, Mention, Sentence
from kg.registry import mention_rules

ORGANISATIONS = ("Firm", "Platform", "Agency", "ResearchOrg", "Park", "Cluster")


@mention_rules.register("titles", priority=0, produces=("Policy",), names_again=False)
def titles(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """《…》 titles are policies, unless they name a publication (…日报, …学报)."""
    out: list[Mention] = []
    if "《" not in sentence.text:
        return out
    media = lexicon.words("titles", "media_suffixes")
    heads = lexicon.words("titles", "policy_heads")
    for match in re.finditer(r"《([^《》\n]{2,80})》", sentence.text):
        title = match.group(1).strip()
        if title.endswith(media):
            continue
        if not _without_period(title).endswith(heads):
            continue  # 《让某某跑出“加速度”》: an article's or a speech's title, not a policy
        start = sentence.start + match.start()
        out.append(
            Mention(
                "Policy",
                title,
                start,
                sentence.start + match.end(),
                sentence.index,
                match.group(0),
                "titles",
            )
        )
    return out


_DOCUMENT_NUMBER = re.compile(r"\s*[(（][^()（）]{0,12}[〔\[［]\d{4}[〕\]］]\d+号[)）]\s*$")


def _without_period(title: str) -> str:
    """The title without a trailing bracketed period or status (某某方案(2019—2023年), …(试行))."""
    return re.sub(r"(?:[(（][^()（）]{1,16}[)）])+$", "", title).rstrip("”\"' ")


@mention_rules.register("line_titles", priority=0, produces=("Policy",), names_again=False)
def line_titles(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """A policy title on a line of its own, without 《》: 关于公布…名单的通知, 附件：…名单."""
    words = lexicon.vocabulary["titles"]
    text = sentence.text.strip()
    if not (
        text.startswith(tuple(words["attachment_markers"]))
        or any(m in text for m in words["line_title_markers"])
    ):
        return []  # (what the markers' tests below need, asked before the number is cut)
    start = sentence.start + sentence.text.index(text[:1]) if text else sentence.start
    text = _DOCUMENT_NUMBER.sub("", text)  # 关于…的批复(某政函〔2020〕43号): the number is no title
    for marker in words["attachment_markers"]:
        if text.startswith(marker) and len(text) > len(marker) + 4:
            start += len(marker)
            text = text[len(marker) :].strip()
            break
    else:
        if not any(m in text for m in words["line_title_markers"]):
            return []
    if not (6 <= len(text) <= 80) or not text.endswith(tuple(words["line_title_heads"])):
        return []
    if re.search(r"[，,。；;！？!?《》“”\s]", re.sub(r"“[^“”，。]{1,8}”", "", text)):
        return []  # a short quote inside (某州“十四五”…方案的通知) is part of the title
    return [Mention("Policy", text, start, start + len(text), sentence.index, text, "line_titles")]


@cache
def _programme_patterns(
    lexicon: Lexicon,
) -> tuple[str, re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = lexicon.vocabulary["titles"]
    count = r"(?:\d+|[一二三四五六七八九十百]+)条"
    end = rf"(?:{either(tuple(words['programme_heads']))}|新政{count}|{count})"
    verbs = either(tuple(words["programme_verbs"]))
    # “某某计划”, 「某某計畫」 (Taiwan and Hong Kong quote with corner brackets), “某某十条”
    quoted = re.compile(rf"[“\"「『]([^“”\"「」『』，。；、\s]{{2,24}}?{end})[”\"」』]")
    # “某某强链”专项行动: a quoted name, then the programme's head outside the quotes
    headed = re.compile(
        rf"[“\"「](?!十[一二三四五六七八九]五[”\"」])"  # “十四五”规划: a period, not a name
        rf"([^“”\"「」，。；、\s]{{2,16}}[”\"」](?:专项)?"
        rf"(?:{either(tuple(words['quoted_name_heads']))}))"
        rf"(?!{either(tuple(words['not_after_programme']))})"  # “某某”战略布局
    )
    named = re.compile(
        rf"(?:{verbs})了?(?:{verbs})?"  # 印发实施某某方案: two verbs, then the name
        rf"([^，,。；;、“”《》()（）\s]{{3,20}}?{end}"
        rf"|关于[^，,。；;、“”《》()（）\s]{{4,40}}?(?:{either(tuple(words['policy_heads']))}))"
        rf"(?=[，,。；;、(（\s]|$|{either(tuple(words['programme_followers']))})"
    )
    return end, quoted, headed, named


@cache
def _academy_institute(lexicon: Lexicon) -> re.Pattern[str]:
    prefixes = either(lexicon.words("edges", "academy_prefixes"))
    blockers = lexicon.vocabulary["titles"]["institute_blockers"]
    return re.compile(rf"(?:{prefixes})[^，,。；;、“”《》()（）\s]{{2,14}}?所(?![{blockers}])")


@mention_rules.register("programmes", produces=("Policy",))
def programmes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Named programmes without 《》: a quoted “…计划/…工程/…制度/人才新政30条”, or one that
    follows 实施/启动/通过 (实施某某培育计划)."""
    out = []
    end, quoted, headed, named = _programme_patterns(lexicon)
    for pattern in (quoted, headed, named):
        for match in pattern.finditer(sentence.text):
            name = re.sub(r"[“”\"「」]", "", match.group(1))
            if _generic_programme(name, lexicon):
                continue
            counted = re.search(r"(?:\d+|[一二三四五六七八九十百]+)条$", name)
            if counted and re.search(r"[这那是有]", name):
                continue  # “这是十条”: a remark, not a programme
            if not counted and _only_field_words(re.sub(end + "$", "", name), lexicon):
                continue  # “科技十条” is a name; “新能源计划” is not
            if pattern is named and _unnamed_programme(name, lexicon):
                continue  # 制定中长期发展规划和专项扶持政策: kinds of documents, no title
            start, end_at = sentence.start + match.start(1), sentence.start + match.end(1)
            surface = match.group(1)  # with the quotes of “某某”专项行动
            out.append(
                Mention("Policy", name, start, end_at, sentence.index, surface, "programmes")
            )
    return out


def _unnamed_programme(name: str, lexicon: Lexicon) -> bool:
    """An unquoted programme after a verb that coordinates two documents (…规划和…政策), opens
    with a function word, or holds only generic and field words before its head."""
    if name.startswith("关于"):
        return False  # 关于…的意见: a title's own grammar
    if re.search(r"[和及与]", name) or name[0] in lexicon.stop_words:
        return True
    heads = lexicon.words("titles", "programme_heads")
    core = next(
        (name[: -len(h)] for h in sorted(heads, key=len, reverse=True) if name.endswith(h)), name
    )
    rest = _strip_words(
        _strip_words(core, _longest_first(lexicon.industry_terms)), _generic_words(lexicon)
    )
    return len(re.sub(r"[\s()（）]", "", rest)) < 2


def _generic_programme(name: str, lexicon: Lexicon) -> bool:
    """8大工程, 十条政策, 本实施方案: a count or a deictic, not a programme's name."""
    openers = tuple(lexicon.vocabulary["titles"]["generic_openers"])
    return name.startswith(openers) or bool(
        re.match(r"^[\d一二三四五六七八九十百]+(?:大|条|项|个|类)", name)
    )


@mention_rules.register("institutes", produces=("ResearchOrg",))
def institutes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """中科院…所: an Academy institute named by its short form ends in 所."""
    if "所" not in sentence.text:
        return []
    return _matches(
        sentence, _academy_institute(lexicon), lambda _name: "ResearchOrg", "institutes"
    )


@mention_rules.register("numbered_institutes", produces=("Platform", "ResearchOrg"))
def numbered_institutes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """某电科38所, 某兵器40/41所: a state group's institute named by its number and 所 (the
    bare 所 is no suffix of its own). Typed like a 研究所 (guide 1.1): a platform unless it is
    the Academy's or a university's."""
    if "所" not in sentence.text:
        return []
    blockers = lexicon.vocabulary["titles"]["institute_blockers"]
    out = []
    for match in re.finditer(rf"\d+(?:/\d+)*所(?![{blockers}])", sentence.text):
        number_start = sentence.start + match.start()
        start = left_edge(sentence, number_start, lexicon, organisation=True)
        if number_start - start < 2:
            continue
        name = sentence.text[start - sentence.start : match.end()]
        type_ = "ResearchOrg" if _university_or_academy(name, "研究所", lexicon) else "Platform"
        end = sentence.start + match.end()
        out.append(Mention(type_, name, start, end, sentence.index, name, "numbered_institutes"))
    return out


@mention_rules.register("suffixes", produces=ORGANISATIONS)
def suffixes(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """A name ends in its type's suffix; its left edge is where the name-edge walk stops."""
    matches = sentence_scan(sentence, lexicon).leftmost_longest(SUFFIXES)
    if not matches:
        return []
    owner = lexicon.suffix_owner
    edges = lexicon.vocabulary["edges"]
    out: list[Mention] = []
    boundaries = sentence.word_boundaries
    for match in matches:
        end = sentence.start + match.end
        if (
            end not in boundaries
            and end != sentence.end
            and not _title_glued(sentence, end, lexicon)
        ):
            continue
        suffix = match.word
        type_ = owner[suffix]
        if (
            type_ == "Agency"
            and sentence.text[match.end : match.end + 1] == "长"
            and (
                sentence.text[match.start - 1 : match.start] in ("副", "正", "")
                or sentence.text[: match.start].endswith(suffix)
            )
        ):
            continue  # 某分局|分局长, 某局副局长: a person's title (某管理局长: the body stands)
        if len(suffix) == 1 and sentence.start + match.start not in boundaries:
            word = _word_ending_at(sentence, end)
            if word is None or len(word) < 3 or word in edges["agency_false_endings"]:
                continue  # 局 in 布局: a one-character suffix is a word of its own
        start = left_edge(
            sentence,
            sentence.start + match.start,
            lexicon,
            organisation=type_ in ("Firm", "Platform"),
            firm=type_ == "Firm",
            field=type_ == "Cluster",
            agency=type_ == "Agency",
        )
        if type_ in ("Platform", "ResearchOrg"):
            start = _numbered_institute_start(sentence, start, suffix, lexicon)
        start = _quoted_start(sentence, start, end)
        found = sentence.text[start - sentence.start : match.end]
        trim_start, trim_end = _trim_span(found, lexicon)
        name = found[trim_start:trim_end]
        end -= len(found) - trim_end
        start += trim_start
        area_start = (
            _named_area_start(sentence, start, suffix, lexicon) if type_ == "Park" else None
        )
        if area_start is not None and area_start < start:
            name, start = (
                sentence.text[area_start - sentence.start : end - sentence.start],
                area_start,
            )
        named = area_start is not None
        if type_ == "Agency":
            cut = _outer_place_cut(name, lexicon)
            if cut:  # 某自治区|某市政府: the body is the city's; the region before is its own name
                name, start = name[cut:], start + cut
        elided = type_ == "Agency" and bool(_elided_place_agency(lexicon).fullmatch(name))
        if not (named or elided or is_specific(name, suffix, type_, lexicon)):
            continue  # (省工信厅: a body named with its province elided is specific enough)
        if _slogan(name):
            continue  # “一城两院四中心”, “创业苗圃+孵化器+加速器”: a slogan, not a name
        if type_ == "Firm" and _COUNTED_FIRMS.search(sentence.text, 0, start - sentence.start):
            continue  # 进驻了多家IC设计公司: a count of firms of a kind, not one firm
        if type_ == "Cluster" and _COUNT_BEFORE_HEAD.search(name[: len(name) - len(suffix)]):
            continue  # 某某四大产业集群: a count of clusters, not one cluster's name
        if type_ == "Cluster" and name.startswith(tuple(edges["cluster_aims"])):
            continue  # 建设世界级锂电产业集群: the rank a cluster aims at, not a named cluster
        if type_ == "Park" and not (named or _proper_enough(name, suffix, lexicon)):
            continue  # 打造千亿级硅材料光伏制造产业基地: a field and an aim, not a named park
        if type_ == "Park" and _district_named_as_zone(name, suffix, lexicon):
            type_ = "Region"  # 某某新区 that the division list has: a district (guide 1.1)
        if type_ == "Park" and (_is_title(name, lexicon) or _RATING.match(name)):
            continue  # 国家某某示范基地, 五星级园区: a title or rating awarded to a park
        if name.endswith(tuple(edges["out_of_scope_endings"])):
            continue  # 某证券交易所: a venue of trading, out of the guide's scope
        if type_ == "Platform" and _not_a_platform(name, lexicon):
            continue  # 深水钻井平台, 邻里中心, 医药领域各类创新平台
        quoted = _wholly_quoted(sentence, start, end)
        if (
            type_ == "Platform"
            and suffix in ("平台", "中心")
            and not quoted  # 共建“精密测控中心”: the quotes make it a name
            and not _placed_or_proper(name, suffix, lexicon)
        ):
            continue  # 某某交易平台, 某某运营中心: a bare head after common words only
        if type_ == "Platform" and _research_body(name, suffix, lexicon):
            type_ = "ResearchOrg"
        elif type_ == "ResearchOrg" and not _university_or_academy(name, suffix, lexicon):
            type_ = "Platform"  # 某集团某研究所: an industry institute (guide 1.1)
        if type_ == "Agency" and re.search(r"各级|第[一二三四五六七八九十\d]+届", name):
            continue  # 各级党委, 第六届委员会: not one body
        openers = _agency_openers(lexicon)
        if type_ == "Agency" and not (
            _place_heads(name, lexicon)
            or name.startswith(openers)
            or _place_heads(_without_party(name, lexicon), lexicon)
        ):
            for cut in range(1, 4):  # 日获|某省政府, 经|某部某委员会: a word glued before
                rest = name[cut:]
                if (_place_heads(rest, lexicon) or rest.startswith(openers)) and len(rest) > len(
                    suffix
                ) + 1:
                    name, start = rest, start + cut
                    break
        if start > sentence.start and sentence.text[start - sentence.start - 1].isdigit():
            continue  # 12|英寸…制造中心, 2024|年省…集群: cut inside a number phrase, not a name
        if (
            type_ == "Agency"
            and suffix not in edges["central_suffixes"]
            and not (
                _place_heads(_without_party(name, lexicon), lexicon)  # (中共)某市委
                or name.startswith(_agency_openers(lexicon))
                or _elided_place_agency(lexicon).fullmatch(name)  # 省某厅: its place elided
                or _named_park_head(name[: -len(suffix)], lexicon)
            )
        ):
            continue  # 地方政府, 省委省政府, 当地税务局: a government body is named by its place
        if type_ == "Firm" and glued_you(sentence.text, start - sentence.start, lexicon):
            name, start = name[1:], start + 1  # 企业有|某某公司: jieba glued 有 to the brand
        if type_ == "Firm" and _adjective_head(name, suffix):
            continue  # 有利于平滑公司的…: an adjective or adverb before 公司 is no brand
        if type_ == "Firm":
            cut = _firm_prefix(name, suffix, lexicon)
            if cut:
                parent = _parent_firm(name[:cut], lexicon)
                if parent:
                    out.append(
                        Mention(
                            "Firm",
                            parent,
                            start,
                            start + len(parent),
                            sentence.index,
                            parent,
                            "suffixes",
                        )
                    )
                name, start = name[cut:], start + cut  # 德国|某某公司, 营运厂商|某某公司
            park_end = _park_before_firm(name, suffix, lexicon)
            if park_end:
                park = name[:park_end]
                out.append(
                    Mention("Park", park, start, start + park_end, sentence.index, park, "suffixes")
                )
                name, start = name[park_end:], start + park_end  # 某高新区|某某药业有限公司
        if type_ in ("Park", "Platform", "Firm") and not named:
            cut = _fused_at(name, suffix, type_, lexicon)
            if cut:
                name, start = name[cut:], start + cut  # 示范基地和|某新区: two names, keep the last
        if type_ == "Park":
            inner = _inner_park(name, suffix, lexicon)
            if inner:
                outer = name[:inner]
                out.append(
                    Mention("Park", outer, start, start + inner, sentence.index, outer, "suffixes")
                )
                name, start = name[inner:], start + inner  # 某开发区|某工业园区: two parks
        if type_ == "Cluster":
            alternative = _ALTERNATIVE_HEAD.match(sentence.text, end - sentence.start)
            if alternative:  # 某县某某特色产业集群(基地): the category's own written name
                name, end = name + alternative.group(0), end + len(alternative.group(0))
        out.append(Mention(type_, name, start, end, sentence.index, name, "suffixes"))
    return out


# 产业集群(基地): a bracketed alternative head that official lists write into a cluster's name
_ALTERNATIVE_HEAD = re.compile(r"[(（](?:基地|园区)[)）]")
_COUNT_BEFORE_HEAD = re.compile(r"[\d一二两三四五六七八九十]+[大个类]$")
_COUNTED = re.compile(r"[一二两三四五六七八九十百千万\d]+[\u4e00-\u9fff]")


def _slogan(name: str) -> bool:
    """A formula of counted parts (一城两院四中心) or of parts joined by + is a slogan."""
    return "+" in name or "＋" in name or len(_COUNTED.findall(name)) >= 3


def _adjective_head(name: str, suffix: str) -> bool:
    head = name[: len(name) - len(suffix)]
    return suffix == "公司" and jieba_tags().get(head) in ("a", "ad", "d")


def _title_glued(sentence: Sentence, end: int, lexicon: Lexicon) -> bool:
    """某合作局|局长 (jieba's word 局局长): a body's head glued to a person's title after it;
    某信息化局|等部门 (jieba's word 局等): a head glued to the function word after it."""
    token = next((t for t in sentence.tokens if t.start < end < t.start + len(t.text)), None)
    if token is None:
        return False
    rest = token.text[end - token.start :]
    glued = len(rest) == 1 and rest in lexicon.stop_words and token.tag == "x"
    return glued or rest in lexicon.words("edges", "person_titles")


def _numbered_institute_start(sentence: Sentence, start: int, suffix: str, lexicon: Lexicon) -> int:
    """某集团214研究所, 某电科40/41所: a state group's institutes are numbered, and the walk
    stops at the number; the name starts where the walk stops before it."""
    if not suffix.endswith(tuple(lexicon.vocabulary["edges"]["numbered_institute_heads"])):
        return start
    number = re.search(r"\d+(?:/\d+)*$", sentence.text[: start - sentence.start])
    if number is None:
        return start
    number_start = sentence.start + number.start()
    before = left_edge(sentence, number_start, lexicon, organisation=True)
    return before if number_start - before >= 2 else start


def _outer_place_cut(name: str, lexicon: Lexicon) -> int:
    """某省某市人民政府, 某自治区某市政府: a body is named with its own place; a higher place
    written before that one (the full names of both, the first holding the second) is not part
    of its name. The length of that higher place, or 0."""
    regions = lexicon.regions
    for cut in range(2, min(len(name) - 3, 8)):
        outer = regions.get(name[:cut])
        if outer is None or outer.name != name[:cut] or outer.level not in ("province", "city"):
            continue
        for length in range(2, min(len(name) - cut, 8)):
            inner = regions.get(name[cut : cut + length])
            if inner is not None and inner.name == name[cut : cut + length]:
                return cut if outer.contains(inner) else 0
        return 0
    return 0


def _wholly_quoted(sentence: Sentence, start: int, end: int) -> bool:
    """The name fills a quotation (“某某中心”), document offsets."""
    text, local_start, local_end = sentence.text, start - sentence.start, end - sentence.start
    return (
        local_start > 0
        and text[local_start - 1] in '“「『"'
        and text[local_end : local_end + 1] in ("”", "」", "』", '"')
    )


def _quoted_start(sentence: Sentence, start: int, end: int) -> int:
    """A name that closes a quotation (“某某创新中心某某联合实验室”) is the whole quotation: a
    quoted span is a name's bound, and the walk may not stop inside it (at 联合, 与, a number)."""
    local_end = end - sentence.start
    if sentence.text[local_end : local_end + 1] not in ("”", "」", "』"):
        return start
    opening = max(sentence.text.rfind(q, 0, local_end) for q in ("“", "「", "『"))
    if opening < 0 or sentence.start + opening >= start:
        return start
    inner = sentence.text[opening + 1 : local_end]
    if len(inner) > MAX_NAME or re.search(r"[”」』，,。；;、：:\s]", inner):
        return start
    first = next((t for t in sentence.tokens if t.start >= sentence.start + opening + 1), None)
    if first is None or first.tag in ("v", "d", "p", "r", "c", "m", "q"):
        return start  # “打造某某中心”: a quoted slogan that opens with a verb is not a name
    return sentence.start + opening + 1


def _university_or_academy(name: str, suffix: str, lexicon: Lexicon) -> bool:
    """A 研究所 is a research organisation when it belongs to a university or the Academy."""
    if suffix != "研究所":
        return True
    edges = lexicon.vocabulary["edges"]
    head = name[: len(name) - len(suffix)]
    return (
        head.startswith(tuple(edges["academy_prefixes"]))
        or edges["academy_word"] in head
        or any(word in head for word in lexicon.vocabulary["edges"]["university_words"])
    )


def _firm_prefix(name: str, suffix: str, lexicon: Lexicon) -> int:
    """A country, a parent firm or a category noun the walk took in before a firm's name
    (德国某某公司, 某集团旗下某公司, 营运厂商某某公司, 龙头企业某某集团): where the name proper
    starts."""
    words = lexicon.vocabulary["enumerations"]
    for marker in lexicon.vocabulary["edges"]["subsidiary_markers"]:
        at = name.rfind(marker, 0, len(name) - len(suffix))
        if at >= 0 and len(name) - (at + len(marker)) >= len(suffix) + 2:
            return at + len(marker)
    for country in words["countries"]:
        if name.startswith(country) and len(name) - len(country) >= len(suffix) + 2:
            return len(country)
    cut = 0
    for category in (*words["categories_before_name"], "厂商", "企业"):
        at = name.rfind(category, 0, len(name) - len(suffix))
        if at >= 0 and len(name) - (at + len(category)) >= len(suffix) + 2:
            cut = max(cut, at + len(category))
    return cut


def _without_party(name: str, lexicon: Lexicon) -> str:
    party = lexicon.words("edges", "party_names")
    return next((name[len(p) :] for p in party if name.startswith(p)), name)


@cache
def _agency_openers(lexicon: Lexicon) -> tuple[str, ...]:
    """Names that open a body's name in place of a place: central prefixes (国家, 国务院), the
    central bodies the lexicon knows and the listed ones (某部某委员会 is that body's unit)."""
    listed = (n for n, t in lexicon.gazetteer.items() if t == "Agency" and len(n) >= 3)
    known = lexicon.known.get("Agency", ())
    return tuple(dict.fromkeys((*lexicon.vocabulary["edges"]["central_prefixes"], *known, *listed)))


def _named_area_start(sentence: Sentence, start: int, suffix: str, lexicon: Lexicon) -> int | None:
    """“一园”即某某产业园, 北部是某某及某某产业区: the text names an area of a park (after 即, or
    a direction and 是), so the words from the cue to the head, fields and all, are its name.
    Where the name starts (document offset), or None."""
    local = start - sentence.start
    window = sentence.text[max(0, local - 16) : local]
    cue = next(reversed(list(_NAMING_CUE.finditer(window))), None)  # the last cue
    if cue is None or re.search(r"[，,。；;、：:“”「」\s]", window[cue.end() :]):
        return None
    name_start = start - (len(window) - cue.end())
    head_end = sentence.text.find(suffix, name_start - sentence.start)
    head = sentence.text[name_start - sentence.start : head_end]
    if len(head) < 2 or _only_generic(head, lexicon):
        return None
    return name_start


_NAMING_CUE = re.compile(r"[”」]即|(?:[东西南北中]部|核心区|起步区|先行区|拓展区)(?:是|为)")


def _only_generic(text: str, lexicon: Lexicon) -> bool:
    return not _strip_words(text, _generic_words(lexicon)).strip()


def _district_named_as_zone(name: str, suffix: str, lexicon: Lexicon) -> bool:
    """浦东新区, 某某矿区: a county-level district whose name ends like a zone's."""
    region = lexicon.regions.get(name)
    return (
        suffix in lexicon.vocabulary["edges"]["district_like_park_heads"]
        and region is not None
        and region.name == name
        and region.level == "county"
    )


def _parent_firm(prefix: str, lexicon: Lexicon) -> str:
    """某某集团旗下|…: the parent named before a subsidiary marker is a firm too."""
    for marker in lexicon.vocabulary["edges"]["subsidiary_markers"]:
        if prefix.endswith(marker):
            parent = prefix[: -len(marker)]
            if (
                len(parent) >= 2
                and not _clause_like(parent, lexicon)
                and parent not in lexicon.regions
            ):
                return parent
    return ""


def _park_before_firm(name: str, suffix: str, lexicon: Lexicon) -> int:
    """某市某高新区某某药业有限公司: the end of a zone's name that opens a firm's name."""
    owner = lexicon.suffix_owner
    outer = lexicon.vocabulary["edges"]["outer_park_suffixes"]
    for match in lexicon.suffix_pattern.finditer(name[: len(name) - len(suffix)]):
        head, end = match.group(0), match.end()
        if owner[head] != "Park" or head not in outer or end < 4:
            continue
        if len(name) - end >= len(suffix) + 2 and is_specific(name[:end], head, "Park", lexicon):
            return end
    return 0


def _fused_at(name: str, suffix: str, type_: str, lexicon: Lexicon) -> int:
    """Where a name fused across 与/和/及 starts again: the part after the conjunction is a
    whole name of its own (示范基地和某新区, 某项目正式与某片区)."""
    for at in range(len(name) - len(suffix) - 1, 0, -1):
        if name[at] in lexicon.word_set("edges", "conjunctions"):
            rest = name[at + 1 :]
            if len(rest) >= len(suffix) + 2 and is_specific(rest, suffix, type_, lexicon):
                head = name[:at]
                if type_ == "Park" or head.endswith(tuple(lexicon.suffix_owner)):
                    return at + 1  # a platform or firm name holds 与/和 of its own
    return 0


def _inner_park(name: str, suffix: str, lexicon: Lexicon) -> int:
    """某经济技术开发区某工业园区: the end of a whole park name inside a longer one, when what
    follows is a park of its own (a place or a proper word before its head)."""
    owner = lexicon.suffix_owner
    for match in lexicon.suffix_pattern.finditer(name[: len(name) - len(suffix)]):
        inner_suffix = match.group(0)
        end = match.end()
        if owner[inner_suffix] != "Park" or end < 4 or len(name) - end < len(suffix) + 2:
            continue
        if inner_suffix not in lexicon.vocabulary["edges"]["outer_park_suffixes"]:
            continue
        outer, inner = name[:end], name[end:]
        if inner[:1] in "(（" or suffix in lexicon.vocabulary["edges"]["named_with_outer"]:
            continue  # 某自贸试验区某片区: the sub-area's name holds its zone's
        if (
            is_specific(outer, inner_suffix, "Park", lexicon)
            and is_specific(inner, suffix, "Park", lexicon)
            and not _only_field_words(inner[: -len(suffix)], lexicon)
        ):
            return end
    return 0


@cache
def _elided_place_agency(lexicon: Lexicon) -> re.Pattern[str]:
    elided = either(lexicon.words("edges", "elided_places"))
    return re.compile(rf"(?:{elided})[^省市区县]{{1,6}}(?:厅|局|委|办)")


# a count of firms right before a firm's name: 多家…公司, 30余家…企业, 一批…公司
_COUNTED_FIRMS = re.compile(r"(?:[多几数两\d一二三四五六七八九十百千]+[余多]?家|一批|各类)$")


def _word_ending_at(sentence: Sentence, end: int) -> str | None:
    """The word (jieba token) that ends at document offset ``end``."""
    for token in sentence.tokens:
        if token.start + len(token.text) == end:
            return token.text
    return None


def _placed_or_proper(name: str, suffix: str, lexicon: Lexicon) -> bool:
    """A platform named by a bare head (…平台, …中心) needs a place, a national or provincial
    marker, a quote or a word the dictionary does not know before the head."""
    head = name[: len(name) - len(suffix)]
    if _place_heads(head, lexicon) or head.startswith(("国家", "省", "中国")):
        return True
    return any(
        (t.tag in ("x", "nz", "nt", "nr", "j", "eng") and len(t.text) >= 2)
        or (len(t.text) == 1 and t.tag == "x")
        for t in _tokens_of(head, lexicon)
    )


def _proper_head(head: str, lexicon: Lexicon) -> bool:
    """The words before a head hold a proper name: not only places, fields and generic words."""
    rest = _strip_places(head, lexicon)
    rest = _strip_words(rest, _longest_first(lexicon.industry_terms))
    rest = _strip_words(rest, _generic_words(lexicon))
    rest = _strip_words(rest, tuple(lexicon.vocabulary["edges"]["hub_markers"]))
    return len(re.sub(r"[的()（）与和及、\s]", "", rest)) >= 2


def _proper_enough(name: str, suffix: str, lexicon: Lexicon) -> bool:
    if suffix not in lexicon.vocabulary["edges"]["proper_head_suffixes"]:
        return True
    head = name[: len(name) - len(suffix)]
    if head.startswith(tuple(lexicon.vocabulary["edges"]["scope_words"])):
        return False  # 建设成为国内信创产业基地: an aim on a scale, not a named park
    if _place_heads(head, lexicon):
        return True
    words = _tokens_of(head, lexicon)
    if sum(1 for t in words if len(t.text) == 1 and t.text.isalnum()) >= 2:
        return True  # jieba cut an unknown name into characters (嘎|洒)
    return any(
        t.tag in ("x", "nz", "ns", "nr", "nrt", "j")
        and len(t.text) >= 2
        and t.text not in lexicon.industry_terms
        for t in _tokens_of(head, lexicon)
    )


def _not_a_platform(name: str, lexicon: Lexicon) -> bool:
    edges = lexicon.vocabulary["edges"]
    if name.endswith(tuple(edges["facility_centres"])) and len(name) <= 10:
        return True
    if name.endswith(tuple(edges["venue_centres"])):
        return True  # 某高新区党群服务中心: a hall, not a platform
    if name.endswith(tuple(edges["machine_centres"])):
        return True  # 数控加工中心: a machine tool
    if name.endswith(tuple(edges["hub_heads"])) and any(m in name for m in edges["hub_markers"]):
        head = name[: -max(len(h) for h in edges["hub_heads"] if name.endswith(h))]
        if not _proper_head(head, lexicon):
            return True  # 面向东盟的区域科创中心: the hub a city wants to be
    if any(w in name for w in edges["category_markers"]):
        return True
    return name.endswith("平台") and any(w in name for w in edges["equipment_words"])


# A rating a park is awarded (五星级园区, 3A级园区), not a place.
_RATING = re.compile(r"[一二三四五六七八九十\dA-Z]+(?:星级|A级|级)(?:园区|园|基地)$")


def _is_title(name: str, lexicon: Lexicon) -> bool:
    """国家某某示范基地, 某省某某特色产业基地, 某省级特色小镇: a title a national or provincial
    body awards, opening with its marker or with the province's name."""
    edges = lexicon.vocabulary["edges"]
    head = _without_zone_type(name, lexicon)  # 某某国家自主创新示范区 is a zone, not a title
    return any(m in head for m in edges["title_markers"]) and (
        name.startswith(tuple(edges["title_openers"]))
        or "国家" in name[:8]
        or name.startswith(lexicon.province_names)
    )


def _without_zone_type(name: str, lexicon: Lexicon) -> str:
    """The name without a zone type that holds a title word (自主创新示范区, 示范园)."""
    for zone in lexicon.vocabulary["edges"]["zone_types_with_title_words"]:
        if name.endswith(zone):
            return name[: -len(zone)]
    return name


@cache
def _nickname_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    places = lexicon.vocabulary["places"]
    heads = "|".join(map(re.escape, places["nickname_heads"]))
    return re.compile(
        rf"中国[\u4e00-\u9fff]{{1,3}}?(?:{heads})(?![\u4e00-\u9fff]{{0,1}}(?:公司|集团|产业))"
    )


@mention_rules.register("park_nicknames", produces=("Park",))
def park_nicknames(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """中国X谷, 中国X港: the nickname pattern of national parks and bases; not when the text
    gives it as a place's title (某市是享誉全国的“中国X谷”, 被誉为“中国X谷”: guide 1.1)."""
    if "中国" not in sentence.text:
        return []
    found = _matches(sentence, _nickname_pattern(lexicon), lambda _n: "Park", "park_nicknames")
    return [m for m in found if not _given_as_title(sentence, m.start, lexicon)]


def _given_as_title(sentence: Sentence, start: int, lexicon: Lexicon) -> bool:
    before = sentence.text[max(0, start - sentence.start - 14) : start - sentence.start]
    before = re.split(r"[，,。；;：:]", before)[-1]
    cues = lexicon.words("edges", "title_cues")
    at = max((before.rfind(c) + len(c) for c in cues if c in before), default=-1)
    if at < 0:
        return False
    between = before[at:].strip('“”"「」 ')
    return not between or between.endswith("的")  # 是“…”, 是享誉全国的“…”


@mention_rules.register("known", produces=ENTITY_TYPES)
def known(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Names the lexicon knows (central agencies, park nicknames, a user's names), anywhere."""
    hits = sentence_scan(sentence, lexicon).leftmost_longest(KNOWN)
    return _hit_mentions(sentence, hits, lexicon.known_owner.__getitem__, "known")


@cache
def _user_names(lexicon: Lexicon) -> dict[str, str]:
    return dict(lexicon.source.names)


@mention_rules.register("user_names", priority=0, produces=ENTITY_TYPES)
def user_names(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """A user's own names (``kg build --names``), typed as given: first of all readings."""
    owner = _user_names(lexicon)
    if not owner:
        return []
    hits = sentence_scan(sentence, lexicon).leftmost_longest(USER_NAMES)
    return _hit_mentions(sentence, hits, owner.__getitem__, "user_names")


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


def _hit_mentions(
    sentence: Sentence, hits: list[Hit], type_of: Callable[[str], str], rule: str
) -> list[Mention]:
    """Every dictionary hit as a mention, typed by ``type_of(word)``."""
    return [
        Mention(
            type_of(hit.word),
            hit.word,
            sentence.start + hit.start,
            sentence.start + hit.end,
            sentence.index,
            hit.word,
            rule,
        )
        for hit in hits
    ]


@mention_rules.register("gazetteer", produces=("Firm", "ResearchOrg", "Park", "Platform", "Agency"))
def gazetteer(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Names from the public lists (listed companies, universities, zones), on word
    boundaries; the short and common ones are left to the list rules (Lexicon.gazetteer_names)."""
    hits = sentence_scan(sentence, lexicon).hits(GAZETTEER)
    if not hits:
        return []
    out = []
    starts, ends = sentence.word_starts, sentence.word_ends
    names = lexicon.gazetteer_names
    for hit in hits:
        name, start, end = hit.word, sentence.start + hit.start, sentence.start + hit.end
        if start not in starts or end not in ends:
            continue
        if _DATELINE_AFTER.match(sentence.text, hit.end):
            continue  # 某某网某市4月22日电: the news outlet of a dateline, no actor of the passage
        out.append(Mention(names[name], name, start, end, sentence.index, name, "gazetteer"))
    return out


# what follows the outlet in a dateline: a place (up to six characters) and the date, then 电
_DATELINE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,6}(?:\d{1,2}月)?\d{1,2}日电")


@mention_rules.register("regions", produces=("Region",))
def regions(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Administrative names from the national division list, on word boundaries. A short form
    followed by its own suffix (某某|市某区, jieba's cut) is the full name; a county's short form
    that runs on into a noun (泰山|食品, 福田|汽车) is a brand, not the place."""
    hits = sentence_scan(sentence, lexicon).hits(REGIONS)
    if not hits:
        return []
    out = []
    starts, ends = sentence.word_starts, sentence.word_ends
    split = _joined_places(sentence, lexicon)
    if split:
        starts, ends = starts | split, ends | split
    text = sentence.text
    for hit in hits:
        start, end, surface = hit
        if sentence.start + start not in starts:
            continue
        if _BYLINE.search(text, max(0, start - 5), start):
            continue  # （记者苏某凤摄）: a place's short name inside a reporter's name
        region = lexicon.regions[surface]
        if surface == region.short and text.startswith(region.name[len(surface) :], end):
            surface, end = region.name, start + len(region.name)  # 某乡 + 市
        elif (
            surface == region.short
            and text[end : end + 1] in _RENAMED_SUFFIXES
            and jieba_freqs().get(surface + text[end], 0) < _COMMON_WORD  # not 大城市, a word
        ):
            surface, end = surface + text[end], end + 1  # 京山 + 市: a county become a city
        elif (
            sentence.start + end not in ends
            and not _suffix_cut_off(text, end, surface, region)
            and not text.startswith(lexicon.words("places", "area_words"), end)  # 香港地区
        ):
            continue
        county_short = surface == region.short and region.level == "county"
        if county_short and _runs_on(sentence, end, lexicon):
            continue
        if surface == region.short and _in_person_name(sentence, start, end, lexicon):
            continue  # 董事长王|武进表示: a short place name as a person's given name
        if county_short and re.search(r"[东南西北]至$", text[max(0, start - 2) : start]):
            continue  # 南至某江, 北至某路: a park's bounds name rivers and roads by short names
        village = _VILLAGE.match(text, end) if region.level in ("town", "county") else None
        if village and not village.group(1).endswith(lexicon.words("places", "not_villages")):
            out.append(  # 某县某乡某某村: a village named after its township (guide 1.1: a Region)
                Mention(
                    "Region",
                    village.group(1),
                    sentence.start + end,
                    sentence.start + village.end(1),
                    sentence.index,
                    village.group(1),
                    "regions",
                )
            )
        if county_short and out and out[-1].end == sentence.start + start:
            outer = lexicon.regions.get(out[-1].name)
            if outer is not None and outer.code and region.code and not outer.contains(region):
                continue  # 某省|盐湖: a county's short name not in the place before it is a word
        out.append(
            Mention(
                "Region",
                surface,
                sentence.start + start,
                sentence.start + end,
                sentence.index,
                surface,
                "regions",
            )
        )
    return out


def _in_person_name(sentence: Sentence, start: int, end: int, lexicon: Lexicon) -> bool:
    """A place's short form right after a one-character surname, itself after a person's title
    or before a verb of saying (总经理刘|余杭介绍, 王|武进表示): a person's name."""
    text = sentence.text
    surname = text[start - 1 : start]
    if not surname or not ("\u4e00" <= surname <= "\u9fff") or surname in lexicon.stop_words:
        return False
    if sentence.start + start - 1 not in sentence.word_starts:
        return False  # the surname is a word of its own
    places = lexicon.vocabulary["places"]
    titled = text[: start - 1].endswith(tuple(places["titles_before_names"]))
    speaking = text.startswith(tuple(places["saying_verbs"]), end)
    return titled or speaking


def _joined_places(sentence: Sentence, lexicon: Lexicon) -> frozenset[int]:
    """云南昆明 as one word of jieba's: a word made of two places (a province and its city)
    is split between them (the document offsets of the splits)."""
    regions = lexicon.regions
    out = set()
    for token in sentence.tokens:
        word = token.text
        if len(word) < 4 or word in regions or token.tag != "ns":
            continue
        for cut in range(2, len(word) - 1):
            outer, inner = regions.get(word[:cut]), regions.get(word[cut:])
            if outer is not None and inner is not None and outer.contains(inner):
                out.add(token.start + cut)
                break
    return frozenset(out)


def _suffix_cut_off(text: str, end: int, surface: str, region: Region) -> bool:
    """某市某某|区某某路: jieba glued a full name's suffix to the next word; the name stands
    unless the suffix and the next character are a word of their own (区域, 市场, 市民)."""
    return (
        surface == region.name
        and len(surface) >= 3
        and surface[-1] in _DIVISION_SUFFIXES
        and jieba_freqs().get(text[end - 1 : end + 1], 0) < _COMMON_WORD
    )


_DIVISION_SUFFIXES = ("省", "市", "区", "县", "乡", "镇")
_VILLAGE = re.compile(r"([\u4e00-\u9fff]{2,3}村)(?![民委庄落里])")


_BYLINE = re.compile(
    r"(?:记者|通讯员|摄影|编辑|作者)\s*[^\s从在于对向了和与到赴去自是为将的等及，,。、]?$"
)
_RENAMED_SUFFIXES = ("市", "县", "区")
_COMMON_WORD = 100  # a frequency in jieba's dictionary above which a word is a common one


def _runs_on(sentence: Sentence, end: int, lexicon: Lexicon) -> bool:
    """The word after a county's short form continues a name: a noun that is not a place head,
    or a firm or field word (某山食品, 某田汽车)."""
    following = next((t for t in sentence.tokens if t.start == sentence.start + end), None)
    if following is None:
        return False
    word = following.text
    if word in lexicon.stop_words or not any(ch.isalnum() for ch in word):
        return False
    if word in lexicon.suffix_owner or word in lexicon.regions:
        return lexicon.suffix_owner.get(word) in ("Firm", "Platform")
    return following.tag in ("n", "nz", "vn", "x", "ng", "nt") or word in lexicon.industry_terms


@mention_rules.register("district_parks", produces=("Park",))
def district_parks(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """`<district short name>园` (天河园, 黄埔园): a sub-park of a multi-park zone."""
    out: list[Mention] = []
    text = sentence.text
    places = lexicon.vocabulary["places"]
    head, not_heads = places["district_park_head"], tuple(places["district_park_not"])
    if head not in text:
        return out
    for hit in sentence_scan(sentence, lexicon).hits(DISTRICTS):
        end, surface = hit.end, hit.word
        if text[end : end + len(head)] == head and not text[end:].startswith(not_heads):
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
                    "district_parks",
                )
            )
    return out


@mention_rules.register("table_firms", produces=("Firm",))
def table_firms(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """In a table whose header names a firm column (龙头企业, 骨干企业), that column's cells
    (split at 、) are firms."""
    out: list[Mention] = []
    if not sentence.cells:
        return out
    columns = lexicon.words("tables", "firm_columns")
    separators = re.escape(lexicon.vocabulary["tables"]["cell_separators"])
    for column, (start, end) in enumerate(sentence.cells):
        if column >= len(sentence.header) or not any(c in sentence.header[column] for c in columns):
            continue
        position = start
        for part in re.split(
            f"([{separators}])", sentence.text[start - sentence.start : end - sentence.start]
        ):
            name = part.strip()
            if (
                len(name) >= 2
                and not re.fullmatch(f"[{separators}]", part)
                and not _clause_like(name, lexicon)
            ):
                offset = position + part.index(name)
                out.append(
                    Mention(
                        "Firm",
                        name,
                        offset,
                        offset + len(name),
                        sentence.index,
                        name,
                        "table_firms",
                    )
                )
            position += len(part)
    return out
