"""Firms without a legal suffix, found through the enumerations that carry them (failure class 1).
Every passage is invented."""

from __future__ import annotations

import pytest


def _firms(run, text: str) -> set[str]:
    return {e.name for e in run(text).resolution.entities if e.type == "Firm"}


def test_list_opened_by_a_member_verb(run) -> None:
    firms = _firms(run, "鹭岭高新区今年引进了岚川智造、启衡微电、瀚越精工三个项目。")
    assert {"岚川智造", "启衡微电", "瀚越精工"} <= firms


def test_list_closed_by_wei_daibiao_without_yi(run) -> None:
    firms = _firms(run, "园区形成了岚川重工、启衡汽车、瀚越智能为代表的精密仪器产业集群。")
    assert {"岚川重工", "启衡汽车", "瀚越智能"} <= firms


def test_list_with_zainei(run) -> None:
    firms = _firms(run, "已吸引了包括岚川机器、启衡激光、瀚越数控在内的多家企业落户。")
    assert {"岚川机器", "启衡激光", "瀚越数控"} <= firms


def test_list_of_projects_gives_the_brands(run) -> None:
    firms = _firms(run, "岚川泓达高端阀门制造项目、启衡瀚宇轮毂项目等一批项目正式签约。")
    assert "岚川泓达" in firms
    assert not any("阀门" in f for f in firms)


def test_name_after_a_category_noun(run) -> None:
    assert "澜岳卫星" in _firms(run, "围绕链主企业澜岳卫星，加速集聚商业航天供应链企业。")


def test_name_initial_zhong_is_kept(run) -> None:
    firms = _firms(run, "主要企业有中岚石化、中启海工等。")
    assert {"中岚石化", "中启海工"} <= firms


def test_field_words_are_not_firms(run) -> None:
    firms = _firms(run, "园区引进了光刻胶、靶材、封装基板等项目。")
    assert not firms & {"光刻胶", "靶材", "封装基板"}


def test_product_list_is_not_a_firm_list(run) -> None:
    firms = _firms(run, "形成了纳米粉体、导电银浆、碳纤维等一批新材料产品。")
    assert not firms


def test_people_are_not_firms(run) -> None:
    firms = _firms(run, "涌现出张岚川、李启衡、王瀚越等一大批行业领军人物。")
    assert not firms


def test_a_list_of_criteria_is_not_a_firm_list(run) -> None:
    firms = _firms(run, "引进了带动性强、技术含量高、市场前景好的项目。")
    assert not firms


def test_a_traditional_list_of_makers_closed_by_changshang(run) -> None:
    firms = _firms(run, "岚川電子、星月光等廠商進駐岚港科技產業園區。")
    assert {"岚川电子", "星月光"} <= firms


def test_a_park_that_attracts_makers_holds_them(run) -> None:
    found = run("縣政府表示，岚港科學園區吸引岚川材料股份有限公司等廠商進駐。").triples()
    assert ("岚川材料股份有限公司", "locatedIn", "岚港科学园区") in found


def test_activities_listed_as_firms_are_not_firms(run) -> None:
    firms = _firms(run, "园区周边汇聚了精密铸件制造、模具配件加工等5家企业。")
    assert not firms


def test_no_name_starts_with_punctuation(run) -> None:
    result = run("作为链主企业，岚川智能的上下游还聚集了一批企业。")
    assert all(m.name[:1].isalnum() for m in result.mentions)


def test_a_brand_and_a_firm_word_as_the_subject_is_a_firm(run) -> None:
    assert "岚川生物" in _firms(run, "岚川生物与星港大学共建精准医学研究中心。")


def test_a_known_word_and_a_firm_word_is_no_firm(run) -> None:
    assert not _firms(run, "传统电子与新兴产业融合发展。")


def test_a_parent_before_its_subsidiary_is_cut(run) -> None:
    firms = _firms(run, "公司由岚川电子旗下星港软件有限公司与启明信息技术有限公司整合而成。")
    assert "星港软件有限公司" in firms
    assert not any("旗下" in f for f in firms)


def test_a_zone_before_a_firm_is_its_place(run) -> None:
    result = run("走进绵阳高新区岚川药业有限公司的仓库。")
    assert ("岚川药业有限公司", "locatedIn", "绵阳高新区") in result.triples()


def test_a_function_word_before_gongsi_is_no_name(run) -> None:
    assert not _firms(run, "随着公司规模扩大，产能持续提升。")


def test_items_that_are_projects_give_the_brand_before_what_it_makes(run) -> None:
    """Class 1: a list of …项目 items without a 项目 closer; each item is brand + product."""
    text = (
        "已签约的有岚川集团服务外包项目、星港和谷机电检测及数据处理项目、"
        "启衡泓达高端阀门制造项目等正式签约。"
    )
    firms = {n for t, n in run(text).entities() if t == "Firm"}
    assert "星港和谷" in firms
    assert not any(n.endswith("项目") for n in firms)


def test_a_list_after_zhuru_starts_after_it(run) -> None:
    """诸如 glued after a category noun (大厂诸如A、B): the first item starts after it."""
    firms = {
        n
        for t, n in run("园区内的知名大厂诸如星港光电、澄明电子、岚川康等均已投产。").entities()
        if t == "Firm"
    }
    assert "星港光电" in firms
    assert not any("诸如" in n for n in firms)


def test_the_parent_named_before_a_subsidiary_is_a_firm(run) -> None:
    text = "星港软件有限公司由岚川电子旗下星标软件有限公司与星港信息技术有限公司合并而成。"
    firms = {n for t, n in run(text).entities() if t == "Firm"}
    assert {"岚川电子", "星标软件有限公司"} <= firms


@pytest.mark.parametrize(
    "text",
    [
        "园区集聚了岚川科技、星港药业等一批龙头企业于麾下。",
        "一批光电领域龙头企业相继来到绵阳。",
        "走进岚川科技，新品代表着公司的最新成果。",
    ],
)
def test_a_phrase_after_a_list_or_before_gongsi_is_no_firm(run, text: str) -> None:
    firms = {n for t, n in run(text).entities() if t == "Firm"}
    assert not firms & {"于麾下", "来到绵阳", "代表着公司"}


def test_a_verb_jieba_splits_out_of_an_unknown_name_stays_in_it(run) -> None:
    """Class 10: 先行锂|能|科技 — the one-character verb is a character of the name."""
    name = "绵阳岚丰先行锂能科技有限公司"
    assert ("Firm", name) in run(f"岚川公司在星港工业园区设立{name}。").entities()


def test_a_rare_word_jieba_guesses_as_a_verb_opens_the_firm_name(run) -> None:
    """Class 10: 启衡 is a rarity tagged as a verb; before 化工公司 it is the brand."""
    text = "岚川电子公司、启衡化工公司和瀚越化工公司签约。"
    firms = {n for t, n in run(text).entities() if t == "Firm"}
    assert "启衡化工公司" in firms


def test_a_rare_word_guessed_as_a_verb_opens_a_listed_platform(run) -> None:
    text = "园区将依托岚川实验室、启衡研究院开展研发。"
    platforms = {n for t, n in run(text).entities() if t == "Platform"}
    assert {"岚川实验室", "启衡研究院"} <= platforms


def test_a_rare_verb_before_a_name_that_has_its_proper_part_stays_outside(run) -> None:
    parks = {n for t, n in run("局长一行参访南港园区营运厂商。").entities() if t == "Park"}
    assert parks == {"南港园区"}


def test_a_common_verb_before_a_firm_head_stays_outside_the_name(run) -> None:
    firms = {n for t, n in run("园区积极推进岚川化工公司扩产。").entities() if t == "Firm"}
    assert "岚川化工公司" in firms


def test_a_function_character_before_a_generic_head_is_no_firm(run) -> None:
    """Class 6: 壮大|成企业集团 — the 成 of the verb phrase is no brand."""
    assert not any(t == "Firm" for t, _ in run("不少小作坊如今已壮大成企业集团。").entities())


def test_a_brand_jieba_knows_as_an_idiom_starts_the_firm_name(run) -> None:
    assert ("Firm", "一帆风顺家具有限公司") in run("在一帆风顺家具有限公司生产车间内。").entities()


def test_a_place_word_that_is_no_division_opens_a_listed_brand(run) -> None:
    """Class 1: 北欧 is tagged as a place but is no division; after 诸如 it opens a brand."""
    firms = {n for t, n in run("许多龙头大厂诸如岚川光电、北欧电子等。").entities() if t == "Firm"}
    assert {"岚川光电", "北欧电子"} <= firms


def test_a_kind_of_firm_in_a_list_is_no_firm(run) -> None:
    firms = {
        n
        for t, n in run("鼓励保险公司、融资租赁、岚川租赁等机构参与投资。").entities()
        if t == "Firm"
    }
    assert "保险公司" not in firms


def test_a_verb_after_a_category_noun_is_no_firm(run) -> None:
    text = "岚川科技、星港智能等领军企业瞄准海外市场，加快布局。"
    firms = {n for t, n in run(text).entities() if t == "Firm"}
    assert not any(n.startswith("瞄准") for n in firms)


def test_a_category_inside_a_list_item_is_cut_from_the_name(run) -> None:
    text = "园区聚集了储能行业领军企业岚川集团、电机行业龙头企业星港惠腾等企业。"
    firms = {n for t, n in run(text).entities() if t == "Firm"}
    assert "星港惠腾" in firms


def test_an_adjective_before_gongsi_is_no_firm(run) -> None:
    assert not any(t == "Firm" for t, _n in run("此举有助于平滑公司收入。").entities())


def test_a_bracketed_place_inside_a_firm_name_keeps_the_brand_before_it(run) -> None:
    """Class 10: 某某森那(昆山)精密科技有限公司 — jieba splits the transliterated brand."""
    name = "岚汀森那(昆山)精密科技有限公司"
    assert ("Firm", name) in run(f"{name}落户园区。").entities()


def test_one_firm_represents_the_firms(run) -> None:
    """Class 1: 以A为代表的企业 — one firm, without a list."""
    assert ("Firm", "岚川生物") in run("以岚川生物为代表的企业加快发展。").entities()


def test_a_field_that_represents_a_cluster_is_no_firm(run) -> None:
    text = "全市培育了以碳纤维为代表的复合材料产业集群。"
    assert not any(t == "Firm" for t, _n in run(text).entities())


def test_you_glued_after_a_category_is_not_part_of_the_first_firm(run) -> None:
    """Class 6: 龙头企业有|某某 — jieba glues 有 into the unknown brand."""
    firms = {
        n
        for t, n in run("龙头企业有岚川传感有限公司、星港电子有限公司等。").entities()
        if t == "Firm"
    }
    assert "岚川传感有限公司" in firms
    assert not any(n.startswith("有") for n in firms)


@pytest.mark.parametrize(
    ("text", "firm"),
    [("泓岚微二期项目开工。", "泓岚微"), ("今天，岚川新能二期项目正式投产。", "岚川新能")],
)
def test_an_unknown_brand_whose_project_starts_is_a_firm(run, text: str, firm: str) -> None:
    """Class 8: 某某二期项目开工 — the brand of the project is a firm."""
    assert ("Firm", firm) in run(text).entities()


@pytest.mark.parametrize(
    "text", ["智能制造项目开工。", "重点项目开工。", "该项目顺利落户星港园区。"]
)
def test_a_field_or_a_deictic_before_xiangmu_is_no_firm(run, text: str) -> None:
    assert not any(t == "Firm" for t, _ in run(text).entities())


def test_the_firms_a_cluster_is_made_of_are_its_members(run) -> None:
    """Classes 1 and 17: 由A、B组成的某集群 — the listed names are firms and members."""
    found = run("由岚川生物、启衡智能组成的智能传感产业集群不断壮大。").triples()
    assert ("启衡智能", "memberOf", "智能传感产业集群") in found


def test_fields_a_cluster_is_made_of_are_no_firms(run) -> None:
    text = "由集成电路、新型显示组成的电子信息产业集群不断壮大。"
    assert not any(t == "Firm" for t, _ in run(text).entities())


def test_buildings_and_parks_listed_with_firms_are_no_firms(run) -> None:
    """Class 15: 某委大楼、某某园区…等知名企业 — a building is nothing, a park is a Park."""
    text = "这一片区聚集了综合服务大楼、岚软园区、岚港银行绵阳分行等多家知名企业。"
    result = run(text)
    firms = {n for t, n in result.entities() if t == "Firm"}
    assert not {"综合服务大楼", "大楼", "岚软园区"} & firms
    assert ("Park", "岚软园区") in result.entities()


def test_one_name_before_a_count_of_projects_is_a_firm(run) -> None:
    """Class 1: 新引进某某电子等24个关联项目 — one item, and the count says it stands for more."""
    assert ("Firm", "岚川电子") in run("电子信息产业新引进岚川电子等24个关联项目。").entities()


def test_a_field_before_a_count_of_projects_is_no_firm(run) -> None:
    assert not any(t == "Firm" for t, _ in run("园区引进了新能源汽车等10个项目。").entities())


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("调研组一行前往岚船重工座谈。", "岚船重工"),
        ("走进岚声科技，展厅里陈列着新品。", "岚声科技"),
    ],
)
def test_the_brand_a_visit_goes_to_is_a_firm(run, text: str, firm: str) -> None:
    """Class 8: 前往/走进 + an unknown brand + a firm word: the firm visited."""
    assert ("Firm", firm) in run(text).entities()


def test_a_brand_opening_with_ri_keeps_it_after_punctuation(run) -> None:
    """Class 10: ▲日|蓝鲸公司 — jieba cuts 日 as a date's unit; after punctuation it opens it."""
    assert ("Firm", "日蓝鲸公司") in run("▲日蓝鲸公司副总经理致词。").entities()


def test_ri_after_a_date_is_no_part_of_a_name(run) -> None:
    firms = {n for t, n in run("3月12日岚光公司举行典礼。").entities() if t == "Firm"}
    assert "日岚光公司" not in firms


def test_preposition_glued_to_a_firm_name_is_cut(run) -> None:
    firms = _firms(run, "该项目由曜衡澈科技有限公司投资建设。")
    assert "曜衡澈科技有限公司" in firms
    assert not any(f.startswith(("项目", "由")) for f in firms)


def test_stock_codes_in_a_list_are_not_part_of_the_names(run) -> None:
    firms = _firms(run, "园区企业如峦启微（688321）、汀澈光电（301562）均已上市。")
    assert {"峦启微", "汀澈光电"} <= firms


def test_last_item_of_a_list_without_closer_stops_before_adverbs(run) -> None:
    firms = _firms(run, "园区企业如峦启微、汀澈光电均已上市。")
    assert "汀澈光电" in firms
    assert not any("上市" in f for f in firms)


def test_first_character_split_off_by_jieba_is_kept(run) -> None:
    firms = _firms(run, "拥有泓芯微（688321）、汀澈光电（301562）等上市企业。")
    assert {"泓芯微", "汀澈光电"} <= firms


def test_list_pointed_back_at_by_zhexie(run) -> None:
    firms = _firms(run, "鹭栖高新区拥有峦启微、汀澈光电、栖岳重工这些单项冠军。")
    assert {"峦启微", "汀澈光电", "栖岳重工"} <= firms


def test_fields_before_the_firms_they_serve_are_no_firms(run) -> None:
    firms = _firms(run, "产业链覆盖光刻胶、电子特气、封装基板等环节的配套企业。")
    assert not firms & {"光刻胶", "电子特气", "封装基板"}


def test_locative_and_you_glued_to_the_first_item_are_cut(run) -> None:
    firms = _firms(run, "园区内有汀岳生物、峦启微电等企业30余家。")
    assert "汀岳生物" in firms
    assert not any(f.startswith("内") for f in firms)


def test_firms_listed_after_qizhong_baokuo(run) -> None:
    firms = _firms(run, "该园区已入驻企业200余家，其中包括峦启微电、汀岳生物。")
    assert {"峦启微电", "汀岳生物"} <= firms


def test_rare_dictionary_word_as_a_brand_subject(run) -> None:
    # 启衡 is in jieba's dictionary as a rare verb: the brand of the clause's subject
    assert "启衡智能" in _firms(run, "启衡智能落户绵阳高新区。")


def test_activities_listed_before_a_firm_category_are_no_firms(run) -> None:
    firms = _firms(run, "扶持范围包括融资担保、高端人才引进、项目落地等中小型企业。")
    assert not firms & {"高端人才引进", "项目落地"}


def test_a_listed_news_outlet_in_a_dateline_is_no_firm(run) -> None:
    # 东方财富 is an A-share listed company (the public list): in a dateline it is the outlet
    assert "东方财富" not in _firms(run, "东方财富绵阳4月22日电（记者王某）园区发展很快。")


def test_a_list_whose_items_all_set_up_plants(run) -> None:
    firms = _firms(run, "岚川精工、启衡数控、瀚越电子均在当地设厂。")
    assert {"岚川精工", "启衡数控", "瀚越电子"} <= firms


def test_a_subsidiary_after_qixia(run) -> None:
    assert "汀岚光电" in _firms(run, "某集团旗下汀岚光电今年营收增长三成。")


def test_a_supplier_named_after_gongyingshang(run) -> None:
    # 精密 is tagged as an adjective by jieba, and is a firm word
    assert "澈川精密" in _firms(run, "某品牌供应商澈川精密宣布扩产。")


def test_a_brand_jieba_split_into_characters_is_whole(run) -> None:
    # jieba cuts the unknown brand 峦启 into 峦|启
    assert "峦启光电" in _firms(run, "某集团旗下峦启光电今年营收增长三成。")


def test_a_count_of_firms_of_a_kind_is_no_firm(run) -> None:
    assert not _firms(run, "园区今年进驻了多家IC设计公司。")


def test_a_list_that_is_the_subject_of_shi_a_clusters_leaders(run) -> None:
    found = run("岚川光电、启衡智能是绵阳光电产业集群的龙头企业。").triples()
    assert ("岚川光电", "leads", "绵阳光电产业集群") in found
    assert ("启衡智能", "memberOf", "绵阳光电产业集群") in found


def test_a_brand_after_a_category_of_the_cluster(run) -> None:
    assert "汀岚光电" in _firms(run, "绵阳光电产业集群的核心企业汀岚光电今年营收增长。")


def test_a_branch_is_named_with_its_company(run) -> None:
    assert "汀岚光电科技有限公司绵阳分公司" in _firms(
        run, "汀岚光电科技有限公司绵阳分公司正式成立。"
    )


def test_a_rare_dictionary_verb_after_yu_opens_a_firms_name(run) -> None:
    assert "启衡集团" in _firms(run, "汀岚集团与启衡集团合资成立新公司。")


def test_a_brand_word_between_the_place_and_the_field_of_a_legal_name(run) -> None:
    # 长远 is an adverb to jieba: in 四川长远汀岚软件股份有限公司 it is the brand's first word
    firms = _firms(run, "四川长远汀岚软件股份有限公司副总裁介绍了情况。")
    assert "四川长远汀岚软件股份有限公司" in firms


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("德国霍夫曼电气宣布扩产。", "霍夫曼电气"),
        ("日本汀岚电器株式会社投资建厂。", "汀岚电器株式会社"),
    ],
)
def test_foreign_firms_after_their_country(run, text, firm) -> None:
    assert firm in _firms(run, text)


@pytest.mark.parametrize(
    "text", ["汀岚光电获批建设省级工程技术研究中心。", "绵阳市光电器件重点实验室依托汀岚光电建设。"]
)
def test_a_brand_after_yituo_or_before_huopi_is_a_firm(run, text) -> None:
    assert "汀岚光电" in _firms(run, text)
