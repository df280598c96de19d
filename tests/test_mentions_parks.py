"""Park names: head words beyond 高新区/开发区 (failure class 2), edges that swallow a neighbour
(class 6), generic phrases and titles (classes 5 and 25). Every passage is invented."""

from __future__ import annotations

import pytest


def _parks(run, text: str) -> set[str]:
    return {e.name for e in run(text).resolution.entities if e.type == "Park"}


@pytest.mark.parametrize(
    "name",
    [
        "星港科学园区",
        "南汀园区",
        "北坪工业区",
        "岚湖科创城",
        "青岫小镇",
        "鹭岭合作区",
        "临澜新片区",
    ],
)
def test_park_head_words(run, name: str) -> None:
    assert name in _parks(run, f"岚川生物科技有限公司于2021年入驻{name}。")


def test_science_park_comes_out_whole(run) -> None:
    parks = _parks(run, "星港科学园区内有三十余家企业。")
    assert "星港科学园区" in parks and "星港科学园" not in parks


@pytest.mark.parametrize("opener", ["只是", "图为", "整个", "今年", "根据"])
def test_a_preceding_word_is_not_part_of_the_name(run, opener: str) -> None:
    parks = _parks(run, f"这些，{opener}星港高新区的起步。")
    assert "星港高新区" in parks
    assert not any(p.startswith(opener) for p in parks)


@pytest.mark.parametrize("phrase", ["省级以上开发园区", "多层次园区", "现代化新城", "各大园区"])
def test_generic_park_phrases_are_not_names(run, phrase: str) -> None:
    assert phrase not in _parks(run, f"全市{phrase}发展迅速。")


def test_an_honorary_title_is_not_a_park(run) -> None:
    parks = _parks(run, "星港高新区获评国家新型工业化产业示范基地。")
    assert parks == {"星港高新区"}


def test_a_field_base_named_as_an_aim_is_not_a_park(run) -> None:
    parks = _parks(run, "全力打造千亿级硅材料光伏制造产业基地。")
    assert not parks


def test_a_named_base_is_a_park(run) -> None:
    assert "绵阳岚川产业基地" in _parks(run, "企业落户绵阳岚川产业基地。")


def test_a_county_short_form_inside_a_brand_is_not_a_region(run) -> None:
    entities = run("黄陂食品、新洲汽车等企业来到绵阳投资。").entities()
    assert ("Region", "黄陂") not in entities and ("Region", "新洲") not in entities


def test_a_short_form_cut_from_its_suffix_is_the_full_name(run) -> None:
    entities = run("走进四川省绵阳市涪城区的园区。").entities()
    assert ("Region", "绵阳市") in entities and ("Region", "绵阳") not in entities


def test_a_zone_and_its_sub_park_written_together_are_two_parks(run) -> None:
    text = "项目位于绵阳经济技术开发区岚川工业园区。"
    result = run(text)
    assert {"绵阳经济技术开发区", "岚川工业园区"} <= _parks(run, text)
    assert ("岚川工业园区", "partOf", "绵阳经济技术开发区") in result.triples()


def test_two_names_fused_across_he_are_cut(run) -> None:
    parks = _parks(run, "由位于开发区的示范基地和岚川新区的双创园两部分组成。")
    assert not any("和" in p for p in parks)


def test_the_china_x_valley_nickname_is_a_park(run) -> None:
    assert "中国岚谷" in _parks(run, "“一谷”即中国岚谷，加速商业航天企业集聚。")


def test_a_country_before_a_foreign_firm_is_not_its_name(run) -> None:
    firms = {e.name for e in run("德国岚川机器人公司将在绵阳建厂。").resolution.entities}
    assert "岚川机器人公司" in firms and "德国岚川机器人公司" not in firms


def test_a_category_before_a_firm_with_a_suffix_is_cut(run) -> None:
    firms = {e.name for e in run("营运厂商岚川生技公司已进驻园区。").resolution.entities}
    assert "岚川生技公司" in firms


def test_a_county_become_a_city_keeps_its_new_suffix(run) -> None:
    entities = run("16.邹平市岚川装备产业集群").entities()
    assert ("Region", "邹平市") in entities and ("Region", "邹平") not in entities


def test_a_common_word_that_looks_like_a_renamed_county_is_no_region(run) -> None:
    entities = run("中亚几座较大的城市和大城市都在发展。").entities()
    assert not any(t == "Region" for t, _n in entities)


def test_a_list_of_towns_is_completed_with_its_head(run) -> None:
    entities = run("该区下辖东华门、景山、交道口3个街道。").entities()
    assert {("Region", "东华门街道"), ("Region", "景山街道"), ("Region", "交道口街道")} <= entities


def test_an_investment_zone_is_a_park(run) -> None:
    assert "绵阳台商投资区" in _parks(run, "国务院正式批复设立绵阳台商投资区。")


def test_a_free_trade_zone_area_keeps_its_zone_in_its_name(run) -> None:
    name = "中国(岚川)自由贸易试验区星港片区"
    parks = {n for t, n in run(f"借助{name}等平台，加快发展。").entities() if t == "Park"}
    assert parks == {name}


@pytest.mark.parametrize("title", ["湖南省高端装备制造特色产业基地", "浙江省级特色小镇"])
def test_a_provincial_title_is_not_a_park(run, title: str) -> None:
    entities = run(f"星港园区获评“{title}”称号。").entities()
    assert ("Park", title) not in entities


def test_the_short_name_marker_is_not_part_of_the_name(run) -> None:
    entities = run("推动省级高新技术产业开发区(以下简称高新区)扩区。").entities()
    assert not any(n.startswith("简称") for _t, n in entities)


def test_a_district_of_the_division_list_named_like_a_zone_is_a_region(run) -> None:
    """Guide 1.1: …新区 that is an administrative district is a Region."""
    entities = run("岚川科技位于浦东新区张江路。").entities()
    assert ("Region", "浦东新区") in entities
    assert ("Park", "浦东新区") not in entities


@pytest.mark.parametrize("text", ["宝鸡是享誉全国的“中国岚谷”。", "星港被誉为“中国岚谷”。"])
def test_a_nickname_given_to_a_place_as_its_title_is_no_park(run, text: str) -> None:
    assert ("Park", "中国岚谷") not in run(text).entities()


def test_a_nickname_named_as_a_place_is_a_park(run) -> None:
    assert ("Park", "中国岚谷") in run("“一谷”即中国岚谷，加速集聚。").entities()


def test_a_province_and_a_field_head_name_one_park(run) -> None:
    """某省软件园 is one park; only a zone-type head after a province is a category."""
    entities = run("四川软件园和四川省开发区建设成效显著。").entities()
    assert ("Park", "四川软件园") in entities
    assert ("Park", "四川省开发区") not in entities


def test_a_national_innovation_demonstration_zone_is_no_title(run) -> None:
    name = "岚星国家自主创新示范区"
    assert ("Park", name) in run(f"借助{name}等平台，加快发展。").entities()


def test_an_area_named_after_a_direction_keeps_its_field_name(run) -> None:
    """Class 2/22: 某园北部是某某产业区 — a field and a head name the park's area."""
    text = "岚川生物医药园的北部是精密仪器及仪表装备产业区，南部是电子元件产业区。"
    result = run(text)
    assert ("Park", "精密仪器及仪表装备产业区") in result.entities()
    assert ("电子元件产业区", "partOf", "岚川生物医药园") in result.triples()


def test_an_area_named_after_ji_is_a_park(run) -> None:
    assert ("Park", "新能源装备产业园") in run("其中“一园”即新能源装备产业园。").entities()


@pytest.mark.parametrize(
    ("text", "part", "parent"),
    [
        ("投运仪式在鹭岭新区东部产业园举行。", "鹭岭新区东部产业园", "鹭岭新区"),
        ("举行星港产业园区第3园区动土仪式。", "星港产业园区第3园区", "星港产业园区"),
        ("鹭岭经开区二期工业园正式开工。", "鹭岭经开区二期工业园", "鹭岭经开区"),
        ("鹭岭高新区南区建设加快。", "鹭岭高新区南区", "鹭岭高新区"),
    ],
)
def test_a_part_written_after_its_park_is_one_park_and_part_of_it(
    run, text: str, part: str, parent: str
) -> None:
    """Class 22: a direction or an ordinal and a park head right after a park name its part."""
    result = run(text)
    assert ("Park", part) in result.entities()
    assert (part, "partOf", parent) in result.triples()


@pytest.mark.parametrize("text", ["以岚川工业园二期等项目为抓手。", "鹭岭高新区区域面积大。"])
def test_a_project_phase_or_a_region_word_is_no_part(run, text: str) -> None:
    parks = {n for t, n in run(text).entities() if t == "Park"}
    assert not any(n.endswith(("二期", "区域")) for n in parks)


def test_a_brand_named_park_is_then_written_by_its_brand_and_yuan(run) -> None:
    """Class 27: 中法（某市）…产业园, then 中法园: one park, which holds what 中法园 attracts."""
    text = (
        "中法（岚州）智能制造产业园举行推介会。"
        "近两年，中法园吸引了岚川机器人公司、启衡电机公司等企业落户。"
    )
    result = run(text)
    parks = {n for t, n in result.entities() if t == "Park"}
    assert parks == {"中法（岚州）智能制造产业园"}
    assert ("启衡电机公司", "locatedIn", "中法（岚州）智能制造产业园") in result.triples()


def test_a_place_named_park_gets_no_brand_short_form() -> None:
    from kg.lexicon import load
    from kg.mentions import _park_short_forms

    assert _park_short_forms("中法（岚州）智能制造产业园", load()) == ("中法园", "中法园区")
    assert _park_short_forms("绵阳高新技术产业园", load()) == ()


def test_a_demonstrative_and_a_park_head_is_no_park(run) -> None:
    """Class 6: 这一片区 points to an area; it names none."""
    parks = {n for t, n in run("这一片区聚集了多家知名企业。").entities() if t == "Park"}
    assert not parks


@pytest.mark.parametrize(
    "text", ["力争把绵阳打造为国内工业软件产业基地。", "打造全球锂电产业集聚区。"]
)
def test_an_aim_on_a_scale_is_no_park(run, text: str) -> None:
    """Class 5: 国内/全球 + field + 产业基地/集聚区 is what a place wants to become."""
    assert not any(t == "Park" for t, _ in run(text).entities())


@pytest.mark.parametrize("text", ["该管委会负责园区建设。", "区里统筹建设中心城区。"])
def test_a_verb_right_before_a_bare_head_is_no_name(run, text: str) -> None:
    """Class 6: 负责|园区 — a verb before a bare 园区/中心 is the predicate, not the name."""
    assert not any(t in ("Park", "Platform") for t, _ in run(text).entities())


def test_a_verb_before_a_compound_head_may_still_start_the_name(run) -> None:
    parks = {n for t, n in run("目前，绵阳市岚谷知识创新区建设加快。").entities() if t == "Park"}
    assert "绵阳市岚谷知识创新区" in parks


def test_a_star_rating_is_no_park(run) -> None:
    mentions = run("绵阳高新区被评为五星级园区。").mentions
    assert {m.name for m in mentions if m.type == "Park"} == {"绵阳高新区"}


def test_a_stock_exchange_is_out_of_scope(run) -> None:
    entities = run("岚川光电在深圳证券交易所创业板上市。").entities()
    assert not any(name.endswith("交易所") for _, name in entities)


def test_a_bare_park_head_after_a_conjunction_names_nothing(run) -> None:
    mentions = run("完善城际轻轨及园区周边道路配套。").mentions
    assert not any(m.type == "Park" for m in mentions)


def test_a_field_and_a_park_head_alone_is_no_park(run) -> None:
    mentions = run("规划建设智能制造产业园，总投资50亿元。").mentions
    assert not any(m.type == "Park" for m in mentions)


@pytest.mark.parametrize(
    ("text", "park"),
    [
        ("新竹县竹北市的汀岚科技园区进驻了多家厂商。", "汀岚科技园区"),
        ("将军澳工业邨是主要的工业邨之一。", "将军澳工业邨"),
    ],
)
def test_science_park_and_industrial_estate_heads(run, text, park) -> None:
    assert park in _parks(run, text)


def test_a_hong_kong_district_without_its_qu(run) -> None:
    found = run("位于沙田的汀岚科学园汇聚了科技公司。").triples()
    assert ("汀岚科学园", "locatedIn", "沙田") in found


@pytest.mark.parametrize(
    ("text", "park"),
    [
        ("绵阳中德合作区正式揭牌。", "绵阳中德合作区"),
        ("苏州中新产业园入驻企业增长。", "苏州中新产业园"),
    ],
)
def test_china_and_a_partner_country_in_a_parks_name(run, text, park) -> None:
    assert park in _parks(run, text)


def test_a_bodys_act_tagged_as_a_noun_opens_no_park_name(run) -> None:
    assert "汀岚科学园区" in _parks(run, "国家科学及技术委员会核定汀岚科学园区扩建计划。")
