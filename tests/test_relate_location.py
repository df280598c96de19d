"""locatedIn through the place a sentence or paragraph is about (failure classes 3 and 7).
Every passage is invented."""

from __future__ import annotations

import pytest


def test_place_before_a_holding_cue_holds_the_list(run) -> None:
    found = run("目前，绵阳市已落地岚川汽车有限公司、启衡智能有限公司等整车企业。").triples()
    assert ("岚川汽车有限公司", "locatedIn", "绵阳市") in found
    assert ("启衡智能有限公司", "locatedIn", "绵阳市") in found


def test_anaphor_refers_to_the_topic_park(run) -> None:
    text = "鹭岭高新区位于绵阳市东部。园区入驻了岚川生物科技有限公司、启衡材料有限公司等企业。"
    found = run(text).triples()
    assert ("岚川生物科技有限公司", "locatedIn", "鹭岭高新区") in found


def test_zero_subject_sentence_uses_the_topic_place(run) -> None:
    text = "鹭岭高新区是国家级高新区。主要企业有岚川重工股份有限公司、启衡电子有限公司等。"
    found = run(text).triples()
    assert ("启衡电子有限公司", "locatedIn", "鹭岭高新区") in found


def test_list_followed_by_an_arrival_cue(run) -> None:
    text = "鹭岭高新区发展迅速。岚川光电有限公司、启衡半导体有限公司等一批企业相继入驻。"
    found = run(text).triples()
    assert ("岚川光电有限公司", "locatedIn", "鹭岭高新区") in found


def test_firm_at_a_place_with_a_building_verb(run) -> None:
    found = run("岚川能源有限公司在绵阳市设立西南生产基地。").triples()
    assert ("岚川能源有限公司", "locatedIn", "绵阳市") in found


def test_bracketed_district_gives_way_to_the_park(run) -> None:
    found = run("在鹭岭经开区(青岫区)形成了岚川重工有限公司为代表的装备企业群。").triples()
    assert ("岚川重工有限公司", "locatedIn", "鹭岭经开区") in found
    assert ("岚川重工有限公司", "locatedIn", "青岫区") not in found


def test_topic_place_does_not_cross_a_heading(run) -> None:
    text = "一、鹭岭高新区\n鹭岭高新区位于绵阳市。\n二、其他情况\n主要企业有岚川电子有限公司等。"
    found = run(text).triples()
    assert ("岚川电子有限公司", "locatedIn", "鹭岭高新区") not in found


def test_a_place_between_cue_and_firm_blocks_the_subject(run) -> None:
    found = run("绵阳市引进岚川科技有限公司，与青岫高新区合作建设启衡材料有限公司。").triples()
    assert ("启衡材料有限公司", "locatedIn", "绵阳市") not in found


def test_nested_regions_written_together_are_part_of(run) -> None:
    found = run("江苏省南通市近年来发展迅速。").triples()
    assert ("南通市", "partOf", "江苏省") in found


def test_regions_that_do_not_nest_are_not_part_of(run) -> None:
    found = run("江苏省绵阳市近年来发展迅速。").triples()
    assert ("绵阳市", "partOf", "江苏省") not in found


def test_bracketed_district_after_a_park(run) -> None:
    found = run("星港经开区(涪城区)是国家级开发区。").triples()
    assert ("星港经开区", "locatedIn", "涪城区") in found


def test_a_taiwan_district_is_part_of_its_city(run) -> None:
    assert ("西屯区", "partOf", "台中市") in run("工程在台中市西屯区举行动土仪式。").triples()


def test_a_place_cut_by_the_segmenter_is_rejoined(run) -> None:
    parks = {e.name for e in run("今年南通市启东海工装备工业园产值增长。").resolution.entities}
    assert "南通市启东海工装备工业园" in parks


def test_every_park_of_a_counted_list_is_in_the_holding_place(run) -> None:
    """Class 13: 某市现有开发区N个(A(某区)、B(某区)、C): the bracketed districts do not break
    the list."""
    text = "绵阳市现有国家级开发区3个(绵阳高新区(涪城区)、绵阳经开区(游仙区)、星港综合保税区)。"
    triples = run(text).triples()
    for park in ("绵阳高新区", "绵阳经开区", "星港综合保税区"):
        assert (park, "locatedIn", "绵阳市") in triples


def test_a_place_in_a_yi_wei_frame_is_not_the_holder(run) -> None:
    """以某园为核心，某市已落地A: the subject is the city, the park only frames it."""
    text = "以星港汽车产业园为核心，绵阳引进了岚川汽车和启衡汽车两家企业。"
    triples = run(text).triples()
    assert ("岚川汽车", "locatedIn", "绵阳") in triples
    assert ("岚川汽车", "locatedIn", "星港汽车产业园") not in triples


def test_a_firms_project_that_arrives_puts_the_firm_in_the_place(run) -> None:
    """Class 7: 项目…落户X with a gap of several words."""
    triples = run("岚川生物投资10亿元的智能传感项目顺利落户绵阳高新区。").triples()
    assert ("岚川生物", "locatedIn", "绵阳高新区") in triples


def test_laizi_place_de_firm(run) -> None:
    assert ("岚川科技有限公司", "locatedIn", "绵阳") in run(
        "来自绵阳的岚川科技有限公司参展。"
    ).triples()


def test_place_is_the_seat_of_a_firm(run) -> None:
    triples = run("绵阳高新区是岚川科技有限公司总部的所在地。").triples()
    assert ("岚川科技有限公司", "locatedIn", "绵阳高新区") in triples


def test_the_core_area_is_part_of_the_zone(run) -> None:
    """Class 22: 某自创区的核心区是某高新区; 以某高新区为核心的某科技城."""
    assert ("绵阳高新区", "partOf", "滇中自创区") in run(
        "滇中自创区的核心区是绵阳高新区。"
    ).triples()
    triples = run("以绵阳高新区为核心的滇中科技城加快建设。").triples()
    assert ("绵阳高新区", "partOf", "滇中科技城") in triples


def test_the_subject_after_a_fronted_zuowei_phrase_holds_the_list(run) -> None:
    """Class 3: 作为某省的…，某高新区…集聚了A、B — the park is the subject, not the province."""
    text = (
        "作为云南省的创新高地，鹭岭高新区近年来发展迅速，"
        "集聚了岚川生物有限公司和瀚越材料有限公司等企业。"
    )
    triples = run(text).triples()
    assert ("岚川生物有限公司", "locatedIn", "鹭岭高新区") in triples
    assert ("岚川生物有限公司", "locatedIn", "云南省") not in triples


def test_the_subject_after_a_fronted_zuowei_phrase_becomes_the_topic_place(run) -> None:
    text = (
        "作为云南省的创新高地，鹭岭高新区近年来发展迅速。"
        "园区入驻了岚川生物有限公司、瀚越材料有限公司等企业。"
    )
    assert ("岚川生物有限公司", "locatedIn", "鹭岭高新区") in run(text).triples()


def test_a_datelines_place_holds_nothing(run) -> None:
    text = (
        "（中央社记者王某某绵阳市31日电）首家进驻星港科学园区的厂商岚川材料有限公司今天举行典礼。"
    )
    triples = run(text).triples()
    assert not any(r == "locatedIn" and t == "绵阳市" for _h, r, t in triples)


def test_x_nei_de_y(run) -> None:
    triples = run("鹭岭高新区内的星港检测中心获批国家级平台。").triples()
    assert ("星港检测中心", "locatedIn", "鹭岭高新区") in triples


def test_counted_list_after_a_place_is_held_by_it(run) -> None:
    text = (
        "本月，省里公布首批化工园区名单，其中绵阳市入选3家，"
        "分别为涪城新材料产业园区、游仙精细化工区、江油化工产业园，"
        "数量居全省第二。"
    )
    found = run(text).triples()
    assert ("涪城新材料产业园区", "locatedIn", "绵阳市") in found
    assert ("江油化工产业园", "locatedIn", "绵阳市") in found


def test_counted_groups_in_brackets_each_keep_their_district(run) -> None:
    text = (
        "绵阳市共有省级以上园区4个，其中：国家级2个（鹭岭经济技术开发区（涪城区）、青岫高新技术产业开发区（游仙区）），"
        "省级2个（岚川化工工业园、启衡工业园）。"
    )
    found = run(text).triples()
    assert ("鹭岭经济技术开发区", "locatedIn", "涪城区") in found
    assert ("鹭岭经济技术开发区", "locatedIn", "绵阳市") in found
    assert ("启衡工业园", "locatedIn", "绵阳市") in found
    assert ("鹭岭经济技术开发区", "locatedIn", "游仙区") not in found


def test_a_count_without_a_list_opener_holds_nothing(run) -> None:
    found = run("绵阳市有规上企业200家，岚川科技有限公司营收增长三成。").triples()
    assert ("岚川科技有限公司", "locatedIn", "绵阳市") not in found


def test_arrival_cue_far_after_the_closer(run) -> None:
    text = (
        "记者获悉，岚川电子有限公司、启衡食品有限公司"
        "等三家知名外资企业和上市公司近年先后落户绵阳市。"
    )
    found = run(text).triples()
    assert ("启衡食品有限公司", "locatedIn", "绵阳市") in found
    assert ("启衡食品有限公司", "locatedIn", "台湾") not in found


def test_an_origin_place_before_the_arrival_cue_holds_nothing(run) -> None:
    text = (
        "鹭岭高新区负责人说，岚川电子有限公司、启衡科技有限公司等一批来自成都的项目先后落户开发区。"
    )
    found = run(text).triples()
    assert ("岚川电子有限公司", "locatedIn", "成都") not in found


def test_arrival_continues_the_park_that_opens_the_sentence(run) -> None:
    text = (
        "绵阳市发展电子产业。而此时，青岫集成电路小镇入选省级名单，"
        "岚川微电子有限公司、启衡科技有限公司等一批头部企业项目纷纷落户，"
        "势头良好。"
    )
    found = run(text).triples()
    assert ("岚川微电子有限公司", "locatedIn", "青岫集成电路小镇") in found
    assert ("岚川微电子有限公司", "locatedIn", "绵阳市") not in found


def test_an_arrival_word_inside_a_further_list_item_is_no_cue(run) -> None:
    text = "例如，鹭岭高新区积极举办品牌活动，加强岚川产业基金、启衡投资、瀚越投资等基金的互动。"
    found = run(text).triples()
    assert not any(r == "locatedIn" for _, r, _ in found)


def test_a_place_that_opens_a_list_is_no_topic(run) -> None:
    text = (
        "绵阳目前拥有的科创力量很强。"
        "鹭岭科创城、岚川新材料研究院等共同组成了创新体系。"
        "启衡磁业有限公司、瀚越钴业有限公司等一系列行业巨头积极入驻。"
    )
    found = run(text).triples()
    assert ("启衡磁业有限公司", "locatedIn", "绵阳") in found
    assert ("启衡磁业有限公司", "locatedIn", "鹭岭科创城") not in found


def test_arrival_in_the_short_form_of_the_sentences_park(run) -> None:
    text = "“一谷”即中国岚谷，加速岚川卫星有限公司、启衡航天有限公司等企业落户岚谷。"
    found = run(text).triples()
    assert ("启衡航天有限公司", "locatedIn", "中国岚谷") in found


def test_arrival_in_an_unknown_place_word_holds_nothing(run) -> None:
    text = "鹭岭高新区发展迅速。岚川卫星有限公司、启衡航天有限公司等企业落户星港。"
    found = run(text).triples()
    assert ("启衡航天有限公司", "locatedIn", "鹭岭高新区") not in found


def test_a_park_that_is_the_core_area_of_another_is_part_of_it(run) -> None:
    """Class 22: 某高新区作为“某谷”的核心区, 某高新区是某开发区的重要组成部分."""
    found = run("其中鹭岭高新区作为“中国岚谷”的核心区，产业占比达七成。").triples()
    assert ("鹭岭高新区", "partOf", "中国岚谷") in found
    found = run("鹭岭高新区是岚州经济技术开发区的重要组成部分。").triples()
    assert ("鹭岭高新区", "partOf", "岚州经济技术开发区") in found


def test_the_subject_park_is_part_of_the_zone_a_later_clause_names(run) -> None:
    text = "鹭岭高新区于1995年获批升级，是星港国家自主创新示范区岚州片区核心区。"
    found = run(text).triples()
    assert ("鹭岭高新区", "partOf", "星港国家自主创新示范区") in found


def test_a_park_that_is_a_partner_of_another_is_no_part(run) -> None:
    found = run("鹭岭高新区是岚州经济技术开发区的合作伙伴。").triples()
    assert ("鹭岭高新区", "partOf", "岚州经济技术开发区") not in found


def test_a_region_and_de_before_a_park_or_a_cluster_locates_it(run) -> None:
    """Guide 1.1: "X市的Y园区" states where the park is."""
    found = run("绵阳市的鹭岭工业综合开发区是当地最具规模的区域。").triples()
    assert ("鹭岭工业综合开发区", "locatedIn", "绵阳市") in found
    found = run("在绵阳市的智能传感及仪器仪表产业集群里，龙头企业带动配套。").triples()
    assert ("智能传感及仪器仪表产业集群", "locatedIn", "绵阳市") in found


def test_a_bracketed_note_between_counted_items_keeps_the_list(run) -> None:
    text = (
        "绵阳市共有园区3个，其中：国家级2个（鹭岭经济技术开发区（工业区）、星港综合保税区），"
        "省级1个（岚川工业园）。"
    )
    found = run(text).triples()
    assert ("星港综合保税区", "locatedIn", "绵阳市") in found
    assert ("岚川工业园", "locatedIn", "绵阳市") in found


def test_quoted_parks_side_by_side_are_all_in_the_place_after_the_cue(run) -> None:
    text = "区内有“岚川工业园”“启衡产业园”两个园区。“岚川工业园”“启衡产业园”坐落于鹭岭新片区。"
    found = run(text).triples()
    assert ("岚川工业园", "locatedIn", "鹭岭新片区") in found
    assert ("启衡产业园", "locatedIn", "鹭岭新片区") in found


def test_a_relative_clause_with_an_arrival_word_locates_the_firm(run) -> None:
    """Class 7: 首家进驻某园区的厂商某某 — 进驻 before the park and 的厂商 before the firm."""
    found = run("首家进驻鹭岭科学园区的厂商岚川材料股份有限公司今天举行上梁典礼。").triples()
    assert ("岚川材料股份有限公司", "locatedIn", "鹭岭科学园区") in found


def test_a_cluster_the_topic_park_formed_is_in_it(run) -> None:
    """Class 4: 园区已形成以A、B为龙头的某产业集群 — the cluster and its leaders are in the park."""
    text = "鹭岭高新区是国家级高新区。园区已形成以岚川生物、启衡药业为龙头的生物医药产业集群。"
    found = run(text).triples()
    assert ("生物医药产业集群", "locatedIn", "鹭岭高新区") in found
    assert ("岚川生物", "leads", "生物医药产业集群") in found


@pytest.mark.parametrize(
    ("text", "part", "whole"),
    [
        ("岚港科学城由鹭岭高新区和星港经开区组成。", "星港经开区", "岚港科学城"),
        ("鹭岭高新区下辖星港片区、岚川片区两个片区。", "岚川片区", "鹭岭高新区"),
        ("鹭岭高新区与星港经开区合并为岚州经开区。", "鹭岭高新区", "岚州经开区"),
    ],
)
def test_parks_a_park_is_made_of_are_its_parts(run, text: str, part: str, whole: str) -> None:
    """Class 22: 由A和B组成, 下辖A、B, A与B合并为C."""
    assert (part, "partOf", whole) in run(text).triples()


def test_a_planned_arrival_locates_nothing_yet(run) -> None:
    """Guide 1.1: 某园区将引进A — a plan or a wish states no relation; 已引进 does."""
    planned = run("鹭岭产业园区将引进岚川半导体股份有限公司。").triples()
    assert not any(r == "locatedIn" for _, r, _ in planned)
    done = run("鹭岭产业园区已引进岚川半导体股份有限公司。").triples()
    assert ("岚川半导体股份有限公司", "locatedIn", "鹭岭产业园区") in done
    for text in (
        "岚川电子有限公司将落户鹭岭高新区。",
        "岚川电子有限公司、启衡科技有限公司等企业将落户鹭岭高新区。",
    ):
        assert not any(r == "locatedIn" for _, r, _ in run(text).triples())


def test_a_later_clause_opened_by_weiyu_places_the_subject(run) -> None:
    text = "岚川光电是一家专注于光纤测温的企业，公司成立于2016年，位于绵阳高新区。"
    assert ("岚川光电", "locatedIn", "绵阳高新区") in run(text).triples()


def test_headquarters_clause_places_the_subject(run) -> None:
    text = "启衡材料科技有限公司成立于2012年，总部位于绵阳高新区。"
    assert ("启衡材料科技有限公司", "locatedIn", "绵阳高新区") in run(text).triples()


def test_weiyu_clause_after_another_subject_is_not_the_first(run) -> None:
    text = "岚川传感科技有限公司的合作方启衡材料科技有限公司成立于2012年，位于绵阳高新区。"
    assert ("岚川传感科技有限公司", "locatedIn", "绵阳高新区") not in run(text).triples()


def test_firms_of_a_park_written_with_de(run) -> None:
    found = run("绵阳高新区的岚川传感、启衡材料等企业加快数字化转型。").triples()
    assert ("岚川传感", "locatedIn", "绵阳高新区") in found
    assert ("启衡材料", "locatedIn", "绵阳高新区") in found


def test_a_place_inside_the_place_after_weiyu_also_locates(run) -> None:
    found = run("岚川食品产业园位于屏东县长治乡。").triples()
    assert ("岚川食品产业园", "locatedIn", "长治乡") in found
    assert ("岚川食品产业园", "locatedIn", "屏东县") in found


def test_a_firms_project_at_a_place_locates_the_firm(run) -> None:
    text = "近日，岚川新能源科技有限公司年产20GWh动力电池项目在绵阳高新区开工。"
    assert ("岚川新能源科技有限公司", "locatedIn", "绵阳高新区") in run(text).triples()


def test_a_list_of_firms_from_a_park(run) -> None:
    text = "全市新增“小巨人”企业15家，其中岚川光电、启衡智能等8家企业来自绵阳高新区。"
    assert ("岚川光电", "locatedIn", "绵阳高新区") in run(text).triples()


def test_a_cluster_is_located_in_its_base(run) -> None:
    text = (
        "绵阳市光电产业集群是全省首批省级先进制造业集群之一。"
        "集群以绵阳高新区为核心承载区，拥有规上企业86家，龙头企业包括岚川光电、启衡智能。"
    )
    found = run(text).triples()
    assert ("绵阳市光电产业集群", "locatedIn", "绵阳高新区") in found
    assert ("岚川光电", "locatedIn", "绵阳高新区") not in found


def test_a_second_list_after_yiji_is_held_by_the_same_place(run) -> None:
    text = (
        "作为老工业基地城市，绵阳拥有西南精密仪器研究院、岚川材料研究所等一批大院大所，"
        "以及岚川光电、启衡智能等一批龙头企业，产业基础雄厚。"
    )
    found = run(text).triples()
    assert ("岚川光电", "locatedIn", "绵阳") in found
    assert ("启衡智能", "locatedIn", "绵阳") in found


def test_local_firms_are_in_the_topic_place(run) -> None:
    text = "绵阳的科创力量在全国首屈一指。岚川光电、启衡智能等一批本土企业迅速崛起。"
    found = run(text).triples()
    assert ("岚川光电", "locatedIn", "绵阳") in found


def test_a_city_opening_a_bodys_name_after_its_province_is_part_of_it(run) -> None:
    found = run("记者从四川省绵阳市政府了解到，全市光电产业增长较快。").triples()
    assert ("绵阳市", "partOf", "四川省") in found


def test_the_operator_of_a_park_is_not_located_in_it(run) -> None:
    found = run("汀岚科学园由汀岚科技园有限公司负责运营。").triples()
    assert ("汀岚科技园有限公司", "locatedIn", "汀岚科学园") not in found
