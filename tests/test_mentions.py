"""Stage 3, mentions: typed name spans found by suffixes, titles, lists and place prefixes.

The passages are invented; the names do not occur in the sample documents.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.lexicon import load as load_lexicon
from kg.mentions import place_prefix
from kg.model import ENTITY_TYPES as TYPES


def _named(run, text: str) -> set[tuple[str, str]]:
    """(type, name) of the mentions found in ``text``, place prefixes included."""
    return {(m.type, m.name) for m in run(text).mentions}


def test_mention_offsets_cover_their_surface(run) -> None:
    result = run("例如，烟台高新区海洋生物产业集群重点打造海洋药物产业链，兰州市工信局给予支持。")
    assert result.mentions
    for mention in result.mentions:
        surface = result.document.text[mention.start : mention.end]
        assert surface == mention.surface or mention.rule == "prefix"
        assert 0 <= mention.sentence < len(result.sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "例如，烟台高新区海洋生物产业集群重点打造海洋药物产业链。",
            ("Cluster", "烟台高新区海洋生物产业集群"),
        ),
        ("加快推动宜宾高新区锂电产业集群发展。", ("Cluster", "宜宾高新区锂电产业集群")),
        ("目前，赣州市稀土新材料产业集群已初具规模。", ("Cluster", "赣州市稀土新材料产业集群")),
        ("项目落户在柳州高新区。", ("Park", "柳州高新区")),
        ("兰州市工信局负责组织实施。", ("Agency", "兰州市工信局")),
        ("西南交通大学提供人才支撑。", ("ResearchOrg", "西南交通大学")),
        ("其中，启元科技有限公司贡献突出。", ("Firm", "启元科技有限公司")),
        ("宜宾锂电池检测中心对外开放。", ("Platform", "宜宾锂电池检测中心")),
    ],
)
def test_suffix_names_with_their_left_edge(run, text: str, expected: tuple[str, str]) -> None:
    found = _named(run, text)
    assert expected in found
    type_, name = expected
    # nothing longer that swallows the words before the name
    assert not any(t == type_ and n != name and n.endswith(name) for t, n in found)


def test_policy_titles_without_brackets_and_media_titles_skipped(run) -> None:
    found = _named(
        run,
        "据《柳州日报》报道，兰州市工信局印发了《兰州市新材料产业集群培育方案（2024—2026年）》。",
    )
    assert ("Policy", "兰州市新材料产业集群培育方案（2024—2026年）") in found
    assert not any(t == "Policy" and "日报" in n for t, n in found)
    assert not any("《" in n or "》" in n for _t, n in found)


def test_elliptical_list_with_region_prefixes(run) -> None:
    result = run("烟台海洋生物、兰州新材料等两家创新型产业集群入选。")
    clusters = {m.name: m for m in result.mentions if m.type == "Cluster" and m.rule != "prefix"}
    assert "烟台海洋生物创新型产业集群" in clusters
    assert "兰州新材料创新型产业集群" in clusters
    assert (
        "兰州新材料" in clusters["兰州新材料创新型产业集群"].aliases
        or clusters["兰州新材料创新型产业集群"].surface == "兰州新材料"
    )


def test_elliptical_list_with_park_prefixes(run) -> None:
    result = run("柳州高新区智能网联汽车、宜宾高新区锂电等两家创新型产业集群入选。")
    entities = result.entities()
    assert ("Cluster", "柳州高新区智能网联汽车创新型产业集群") in entities
    assert ("Cluster", "宜宾高新区锂电创新型产业集群") in entities
    aliases = result.entity("Cluster", "宜宾高新区锂电创新型产业集群").aliases
    assert "宜宾高新区锂电" in aliases
    assert ("Cluster", "两家创新型产业集群") not in entities


def test_elliptical_list_item_ending_in_a_verb_like_field(run) -> None:
    entities = run("绵阳高新区先进计算、宜宾高新区动力电池等两家创新型产业集群入选。").entities()
    assert ("Cluster", "绵阳高新区先进计算创新型产业集群") in entities
    assert ("Cluster", "宜宾高新区动力电池创新型产业集群") in entities


def test_firm_list_before_a_firm_head(run) -> None:
    found = _named(
        run,
        "柳州高新区智能网联汽车产业集群聚集了澜芯微电子有限公司、星衡科技、瀚海集团等知名企业。",
    )
    assert {("Firm", "澜芯微电子有限公司"), ("Firm", "星衡科技"), ("Firm", "瀚海集团")} <= found


def test_firm_list_after_a_lead_phrase(run) -> None:
    found = _named(run, "赣州市新能源汽车产业集群的龙头企业有瀚海集团、青禾半导体。")
    assert {("Firm", "瀚海集团"), ("Firm", "青禾半导体")} <= found


def test_firm_list_joined_by_and(run) -> None:
    found = _named(run, "赣州市新能源汽车产业集群的龙头企业有瀚海集团、青禾半导体和晟达药业。")
    assert {("Firm", "瀚海集团"), ("Firm", "青禾半导体"), ("Firm", "晟达药业")} <= found


def test_cluster_named_after_a_city_gives_the_region(run) -> None:
    result = run("赣州市稀土新材料产业集群规模持续扩大。")
    prefixes = {(m.type, m.name) for m in result.mentions if m.nested}
    assert ("Region", "赣州市") in prefixes


def test_platform_named_after_a_park_gives_the_park(run) -> None:
    found = _named(run, "宜宾高新区动力电池创新中心正式运营。")
    assert ("Platform", "宜宾高新区动力电池创新中心") in found
    assert ("Park", "宜宾高新区") in found


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("赣州市稀土新材料产业集群", ("Region", "赣州市")),
        ("宜宾高新区锂电产业集群", ("Park", "宜宾高新区")),
        ("宜宾高新区动力电池创新中心", ("Park", "宜宾高新区")),
        ("海洋生物产业集群", None),
    ],
)
def test_place_prefix(name: str, expected: tuple[str, str] | None) -> None:
    assert place_prefix(name, load_lexicon()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "推动产业集群发展，支持高新区建设创新平台，培育龙头企业。",
        "四川省创新型产业集群数量位居前列。",
        "要加快建设国家级创新中心和重点实验室。",
    ],
    ids=["generic-heads", "province-plus-generic-cluster", "generic-platforms"],
)
def test_generic_mentions_are_not_names(run, text: str) -> None:
    found = run(text).entities()
    assert not any(t in ("Cluster", "Park", "Platform", "Firm") for t, _n in found), found


def test_countries_and_macro_regions_are_not_regions(run) -> None:
    found = run("中国、长三角和粤港澳大湾区的产业集群发展较快，西南交通大学也参与其中。").entities()
    assert not any(t == "Region" for t, _n in found)
    assert ("ResearchOrg", "西南交通大学") in found


def test_traditional_text_gives_simplified_names(run) -> None:
    found = _named(run, "煙臺高新區海洋生物產業集羣重點發展海洋藥物。")
    assert ("Cluster", "烟台高新区海洋生物产业集群") in found
    assert ("Park", "烟台高新区") in found


_ALPHABET = (
    "柳州宜宾高新区锂电产业集群有限公司创新中心大学科技局"
    "《》“”（）()、，。和与等家为龙头企业有2022年\n\t"
)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_mentions_are_typed_spans_inside_their_sentence(run, text: str) -> None:
    result = run(text)
    for mention in result.mentions:
        sentence = result.sentences[mention.sentence]
        assert sentence.start <= mention.start < mention.end <= sentence.end
        assert mention.type in TYPES
        assert mention.name and "《" not in mention.name and "》" not in mention.name


@pytest.mark.parametrize("field", ["新一代信息通信", "现代纺织", "现代化工"])
def test_a_time_word_inside_a_cluster_name_does_not_end_it(run, field: str) -> None:
    """jieba tags 新一代 and 现代 as time words; a cluster's field holds them."""
    name = f"绵阳市{field}产业集群"
    assert ("Cluster", name) in run(f"目前，{name}发展迅速。").entities()


def test_two_fields_joined_by_yu_stay_one_cluster_name(run) -> None:
    """智能安防与工业互联网: jieba tags 安防 as a verb; the name runs across 与."""
    name = "宁波市鄞州区智能安防与工业互联网产业集群"
    assert ("Cluster", name) in run(f"{name}等15个集群入选。").entities()


def test_a_verb_before_a_cluster_name_stays_out(run) -> None:
    entities = run("会议确定绵阳高新区高端软件特色产业集群为重点。").entities()
    assert ("Cluster", "绵阳高新区高端软件特色产业集群") in entities


@pytest.mark.parametrize(
    "title", ["让岚川产业跑出“加速度”", "2021岚川产业园区竞争力评价报告", "星港市将新设4个开发区"]
)
def test_a_title_that_ends_in_no_policy_head_is_not_a_policy(run, title: str) -> None:
    """An article's, a report's or a speech's title in 《》 is no policy (class 25)."""
    assert ("Policy", title) not in run(f"《岚川日报》刊登《{title}》一文。").entities()


@pytest.mark.parametrize(
    "title", ["岚川市促进光电产业发展行动方案(2023—2025年)", "星港市人才新政18条"]
)
def test_a_policy_title_with_a_period_or_a_count_is_a_policy(run, title: str) -> None:
    assert ("Policy", title) in run(f"岚川市印发《{title}》。").entities()


def test_a_headline_title_with_a_short_quote_is_a_policy(run) -> None:
    """Class 12: 某州“十四五”…方案的通知 on its own line; its inner title and issuer follow."""
    title = "岚川州人民政府办公室关于印发岚川州“十四五”开发区提质升级方案的通知"
    result = run(f"{title}\n各县、市人民政府：现印发给你们。")
    assert ("Policy", title) in result.entities()
    assert (
        "岚川州“十四五”开发区提质升级方案",
        "issuedBy",
        "岚川州人民政府办公室",
    ) in result.triples()


@pytest.mark.parametrize(
    "line",
    [
        "岚川自治区人民政府关于同意设立星港经济技术开发区的批复(岚政函〔2020〕43号)",
        "相关链接：岚川自治区人民政府关于同意设立星港经济技术开发区的批复",
    ],
)
def test_a_headline_title_with_its_number_or_a_link_marker_is_a_policy(run, line: str) -> None:
    title = "岚川自治区人民政府关于同意设立星港经济技术开发区的批复"
    assert ("Policy", title) in run(f"{line}\n法律法规网").entities()


def test_a_programme_announced_without_quotes_is_a_policy(run) -> None:
    assert ("Policy", "岚川智造推进计划") in run(
        "今年三月，行政院宣布岚川智造推进计划，补助地方厂商。"
    ).entities()


def test_a_places_short_name_inside_a_reporters_name_is_no_region(run) -> None:
    """Class 16: （记者李金凤摄） — 金凤 is a district's short name and part of a person's."""
    assert not any(t == "Region" for t, _n in run("（记者李金凤摄）园区扩建获批。").entities())


def test_a_place_after_a_reporter_and_a_preposition_is_a_region(run) -> None:
    assert ("Region", "绵阳市") in run("新华社记者从绵阳市获悉。").entities()


def test_a_districts_suffix_glued_to_the_next_word_keeps_the_district(run) -> None:
    """Class 30: 凤山|区岚川|街 — jieba glued 区 to the street's name; the district stands."""
    assert ("Region", "凤山区") in run("工程位于凤山区岚川街。").entities()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("經濟部推動「嵐川產業創新計畫」，補助廠商。", "岚川产业创新计划"),  # corner brackets
        ("省里出台了“科技十条”，支持企业研发。", "科技十条"),  # a count of articles
        ("落实“岚川强链”专项行动，推进项目。", "岚川强链专项行动"),  # head outside quotes
        ("根据“岚川制造2025”行动纲要，全市加大投入。", "岚川制造2025行动纲要"),
        ("市政府印发了关于加快岚川产业发展的若干措施。", "关于加快岚川产业发展的若干措施"),
    ],
)
def test_programmes_without_title_marks(run, text: str, name: str) -> None:
    """Class 12: named programmes quoted or introduced by a verb, without 《》."""
    assert ("Policy", name) in run(text).entities()


@pytest.mark.parametrize(
    "text",
    ["他说“这是十条”。", "系统谋划“岚川智能”战略布局。", "编制“十四五”规划，明确方向。"],
)
def test_remarks_layouts_and_periods_are_no_programmes(run, text: str) -> None:
    assert not any(t == "Policy" for t, _ in run(text).entities())


def test_a_place_glued_to_diqu_is_a_region(run) -> None:
    """Class 30: jieba keeps 香港地区 as one word; the place in it is a Region."""
    assert ("Region", "香港") in run("吸引了来自成都及香港地区的知名企业。").entities()


def test_a_province_and_its_city_written_as_one_word_are_two_regions(run) -> None:
    """Class 24: jieba keeps 云南昆明 as one word; the province and the city are both Regions,
    the city partOf the province (the division codes nest)."""
    result = run("云南昆明是西南重镇。")
    assert {("Region", "云南"), ("Region", "昆明")} <= result.entities()
    assert ("昆明", "partOf", "云南") in result.triples()


def test_a_county_short_name_in_a_parks_bounds_is_no_region(run) -> None:
    """Class 16: 南至某江 — a park's bounds name a river by a county's short name."""
    assert not any(t == "Region" for t, _ in run("园区南至昌江，北至铁路。").entities())


def test_a_county_short_name_outside_the_province_before_it_is_no_region(run) -> None:
    """Class 16: 某省|盐湖 — 盐湖 is a county's short name elsewhere; after this province it is a
    word (a salt lake)."""
    regions = {n for t, n in run("充分发挥青海省盐湖资源优势。").entities() if t == "Region"}
    assert regions == {"青海省"}


def test_a_village_after_its_township_is_a_region_and_part_of_it(run) -> None:
    """Class 30 (guide 1.1: towns and villages are Regions): 某县某镇某某村."""
    result = run("推动长岭县白沙镇岚川村发展。")
    assert ("Region", "岚川村") in result.entities()
    assert ("岚川村", "partOf", "白沙镇") in result.triples()


@pytest.mark.parametrize("text", ["白沙镇农村发展。", "白沙镇新村建设。"])
def test_a_common_word_in_cun_after_a_township_is_no_village(run, text: str) -> None:
    regions = {n for t, n in run(text).entities() if t == "Region"}
    assert regions == {"白沙镇"}


@pytest.mark.parametrize(
    "text", ["局长率同仁参观展厅。", "两国友谊源远流长。", "岚川温泉度假村开业。"]
)
def test_a_county_short_name_that_is_a_common_word_is_no_region(run, text: str) -> None:
    """Class 16: 同仁, 友谊, 温泉 are county short names and, far more often, common words."""
    assert not any(t == "Region" for t, _ in run(text).entities())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("绵阳钛产业集群加快发展。", "绵阳钛产业集群"),
        ("安溪茶产业集群入选名单。", "安溪茶产业集群"),
    ],
)
def test_a_placed_cluster_of_a_one_character_field_is_a_cluster(run, text: str, name: str) -> None:
    """Class 4: 钛, 茶, 铜 are fields of one character; after a place they name a cluster."""
    assert ("Cluster", name) in run(text).entities()


def test_a_one_character_quality_is_no_field(run) -> None:
    assert not any(t == "Cluster" for t, _ in run("绵阳新产业集群发展。").entities())


def test_a_bracketed_alternative_head_belongs_to_the_clusters_name(run) -> None:
    """产业集群(基地): the official category name of some provinces' county clusters."""
    name = "四川省梓潼县智能装备特色产业集群(基地)"
    assert ("Cluster", name) in run(f"同意认定{name}等5家县域集群。").entities()


def test_a_place_and_its_verb_before_a_counted_head_is_no_cluster(run) -> None:
    """甲省和乙省各有两个集群入选: the places have clusters; 乙省各有 is no item of a list."""
    clusters = {n for t, n in run("四川省和云南省各有两个集群入选。").entities() if t == "Cluster"}
    assert not clusters


def test_a_listed_university_after_yu_is_a_name_of_its_own(run) -> None:
    entities = run("汀工研院与西南科技大学合作成立研究中心。").entities()
    assert ("ResearchOrg", "西南科技大学") in entities
    assert not any("与" in name for _, name in entities)


@pytest.mark.parametrize(
    "text",
    [
        "常州岚川光电董事长王武进表示，今年产值增长两成。",
        "会上，杭州岚川光电的刘余杭介绍了项目进展。",
    ],
)
def test_a_place_name_as_a_persons_given_name_is_no_region(run, text) -> None:
    # the passages name the counties' cities, so only the person-name test can drop them
    regions = {name for type_, name in run(text).entities() if type_ == "Region"}
    assert not regions & {"武进", "余杭"}


def test_a_programme_after_two_issuing_verbs(run) -> None:
    entities = run("绵阳市印发实施绵阳市工业园区高质量发展三年行动方案。").entities()
    assert ("Policy", "绵阳市工业园区高质量发展三年行动方案") in entities


@pytest.mark.parametrize(
    "text",
    [
        "各县要制定近期产业规划和招商优惠政策。",
        "各县要研究制定和实施本县园区建设规划和招商优惠政策。",
    ],
)
def test_kinds_of_documents_after_a_verb_are_no_programmes(run, text) -> None:
    assert not any(m.type == "Policy" for m in run(text).mentions)


def test_a_party_committee_is_never_inside_a_clusters_name(run) -> None:
    clusters = [
        m.name for m in run("绵阳市委高度重视产业集群发展。").mentions if m.type == "Cluster"
    ]
    assert not any("市委" in name for name in clusters)


def test_a_county_short_form_without_its_city_or_province_is_a_word(run) -> None:
    # 江海 is the short form of 江海区 (江门市, 广东省); this passage names neither
    text = "绵阳人称这里为江海之乡。"
    assert ("Region", "江海") not in run(text).entities()


def test_a_county_short_form_after_its_city_is_the_county(run) -> None:
    assert ("Region", "江海") in run("广东江门江海的电子产业发展迅速。").entities()
