"""Stage 5, relate: each relation of the guide from its cue words, with the sentence as evidence."""

from __future__ import annotations

import pytest

from kg.model import RELATION_TYPES

# The annotation guide's head and tail types.
GUIDE = {
    "locatedIn": ({"Cluster", "Park", "Firm", "Platform", "ResearchOrg"}, {"Park", "Region"}),
    "partOf": ({"Park", "Region"}, {"Park", "Region"}),
    "memberOf": ({"Firm"}, {"Cluster"}),
    "leads": ({"Firm"}, {"Cluster"}),
    "hasPlatform": ({"Cluster", "Park"}, {"Platform"}),
    "builtBy": ({"Platform"}, {"Firm", "ResearchOrg", "Agency", "Park", "Platform"}),
    "issuedBy": ({"Policy"}, {"Agency", "Region", "Park"}),
    "supports": ({"Policy"}, {"Cluster", "Park", "Firm", "Platform"}),
    "designatedBy": ({"Cluster"}, {"Agency"}),
    "partnerOf": (
        {"Firm", "ResearchOrg", "Park", "Platform"},
        {"Firm", "ResearchOrg", "Park", "Platform"},
    ),
}

PASSAGES = [
    "赣州市稀土新材料产业集群规模持续扩大。",
    "宜宾高新区动力电池创新中心正式运营。",
    "启元科技有限公司位于宜宾高新区。",
    "柳州高新区（柳北园）重点发展智能网联汽车。",
    "兰州市工信局印发《兰州市新材料产业发展规划》《兰州市新材料产业集群培育方案》。",
    "《柳州市智能网联汽车产业集群培育方案》提出，支持柳州高新区智能网联汽车产业集群建设公共服务平台。",
    "柳州高新区智能网联汽车产业集群聚集了澜芯微电子有限公司、星衡科技等知名企业。",
    "以瀚海集团、青禾半导体为龙头，赣州市新能源汽车产业集群加快发展。",
    "赣州市新能源汽车产业集群的龙头企业有瀚海集团、青禾半导体。",
    "宜宾高新区锂电产业集群建有宜宾锂电池检测中心和动力电池创新中心。",
    "启元科技有限公司牵头组建柳州智能网联汽车产业创新联盟。",
    "依托西南交通大学建设的轨道交通先进装备创新中心正式揭牌。",
    "澜芯微电子有限公司与西南交通大学签署战略合作协议。",
    "赣州市稀土新材料产业集群入选江西省科技厅公布的省级创新型产业集群名单。",
    "宜宾高新区锂电产业集群被四川省科技厅认定为省级创新型产业集群。",
    "柳州高新区与星衡科技有限公司签署战略合作协议。",
]


def _has(run, text: str, head: str, relation: str, tail: str) -> bool:
    return (head, relation, tail) in run(text).triples()


def test_relation_names_are_the_guides(run) -> None:
    for text in PASSAGES:
        for relation in run(text).relations:
            assert relation.relation in RELATION_TYPES


@pytest.mark.parametrize("text", PASSAGES)
def test_relations_respect_the_guides_types(run, text: str) -> None:
    for relation in run(text).relations:
        heads, tails = GUIDE[relation.relation]
        assert relation.head[0] in heads, relation
        assert relation.tail[0] in tails, relation
        if relation.relation == "partOf":
            assert relation.head[0] == relation.tail[0]


@pytest.mark.parametrize("text", PASSAGES)
def test_evidence_is_the_sentence(run, text: str) -> None:
    result = run(text)
    for relation in result.relations:
        evidence = relation.evidence
        assert result.document.source.text[evidence.start : evidence.end] == evidence.text
        assert any(s.text == evidence.text for s in result.sentences)


def test_evidence_of_traditional_text_is_the_original(run) -> None:
    text = "前言。\n瀾芯微電子有限公司與西南交通大學簽署戰略合作協議。"
    result = run(text)
    relations = [r for r in result.relations if r.relation == "partnerOf"]
    assert relations
    evidence = relations[0].evidence
    assert evidence.text == "瀾芯微電子有限公司與西南交通大學簽署戰略合作協議。"
    assert text[evidence.start : evidence.end] == evidence.text


# ------------------------------------------------------------------ locatedIn and partOf


def test_cluster_named_after_a_region_is_located_in_it(run) -> None:
    assert _has(
        run,
        "赣州市稀土新材料产业集群规模持续扩大。",
        "赣州市稀土新材料产业集群",
        "locatedIn",
        "赣州市",
    )


def test_platform_named_after_a_park_is_in_it_and_its_platform(run) -> None:
    triples = run("宜宾高新区动力电池创新中心正式运营。").triples()
    assert ("宜宾高新区动力电池创新中心", "locatedIn", "宜宾高新区") in triples
    assert ("宜宾高新区", "hasPlatform", "宜宾高新区动力电池创新中心") in triples


def test_located_in_cue(run) -> None:
    assert _has(
        run, "启元科技有限公司位于宜宾高新区。", "启元科技有限公司", "locatedIn", "宜宾高新区"
    )


def test_park_in_brackets_is_part_of_the_park(run) -> None:
    assert _has(run, "柳州高新区（柳北园）重点发展智能网联汽车。", "柳北园", "partOf", "柳州高新区")


# ------------------------------------------------------------------ policies


def test_issued_by_with_shared_issuer(run) -> None:
    triples = run(
        "兰州市工信局印发《兰州市新材料产业发展规划》《兰州市新材料产业集群培育方案》。"
    ).triples()
    assert ("兰州市新材料产业发展规划", "issuedBy", "兰州市工信局") in triples
    assert ("兰州市新材料产业集群培育方案", "issuedBy", "兰州市工信局") in triples


def test_issuer_continues_into_a_clause_opened_by_you(run) -> None:
    text = (
        "2020年，安康市出台《安康市富硒食品产业促进办法》，"
        "2022年又制定了《安康市富硒茶集群培育方案》。"
    )
    assert _has(run, text, "安康市富硒茶集群培育方案", "issuedBy", "安康市")


def test_a_clause_with_its_own_issuer_does_not_continue(run) -> None:
    text = "安康市出台《安康市富硒食品产业促进办法》，汉中市又制定了《汉中市茶叶集群培育方案》。"
    assert not _has(run, text, "汉中市茶叶集群培育方案", "issuedBy", "安康市")


def test_issued_by_with_publish_cue(run) -> None:
    text = "近日，宜宾市科技局发布《宜宾市锂电产业集群培育方案》。"
    assert _has(run, text, "宜宾市锂电产业集群培育方案", "issuedBy", "宜宾市科技局")


def test_supports(run) -> None:
    text = (
        "《柳州市智能网联汽车产业集群培育方案》提出，"
        "支持柳州高新区智能网联汽车产业集群建设公共服务平台。"
    )
    assert _has(
        run,
        text,
        "柳州市智能网联汽车产业集群培育方案",
        "supports",
        "柳州高新区智能网联汽车产业集群",
    )


# ------------------------------------------------------------------ firms and clusters


def test_firm_list_members(run) -> None:
    triples = run(
        "柳州高新区智能网联汽车产业集群聚集了澜芯微电子有限公司、星衡科技等知名企业。"
    ).triples()
    cluster = "柳州高新区智能网联汽车产业集群"
    assert ("澜芯微电子有限公司", "memberOf", cluster) in triples
    assert ("星衡科技", "memberOf", cluster) in triples
    assert not any(r == "leads" for _h, r, _t in triples)


def test_leaders_with_yi_wei_longtou(run) -> None:
    triples = run("以瀚海集团、青禾半导体为龙头，赣州市新能源汽车产业集群加快发展。").triples()
    cluster = "赣州市新能源汽车产业集群"
    for firm in ("瀚海集团", "青禾半导体"):
        assert (firm, "leads", cluster) in triples
        assert (firm, "memberOf", cluster) in triples


def test_leaders_listed_after_longtou_qiye(run) -> None:
    triples = run("赣州市新能源汽车产业集群的龙头企业有瀚海集团、青禾半导体。").triples()
    assert ("瀚海集团", "leads", "赣州市新能源汽车产业集群") in triples
    assert ("青禾半导体", "leads", "赣州市新能源汽车产业集群") in triples


def test_leaders_with_weak_firm_suffix(run) -> None:
    triples = run("赣州市新能源汽车产业集群以瀚海集团、晟达药业为龙头。").triples()
    assert ("晟达药业", "leads", "赣州市新能源汽车产业集群") in triples


def test_a_leader_is_also_a_member(run) -> None:
    for text in PASSAGES:
        triples = run(text).triples()
        for head, relation, tail in triples:
            if relation == "leads":
                assert (head, "memberOf", tail) in triples


def test_no_membership_without_a_cue(run) -> None:
    triples = run("柳州高新区智能网联汽车产业集群发展迅速。澜芯微电子有限公司发布新品。").triples()
    assert not any(r in ("memberOf", "leads") for _h, r, _t in triples)


# ------------------------------------------------------------------ platforms


def test_has_platform(run) -> None:
    triples = run("宜宾高新区锂电产业集群建有宜宾锂电池检测中心和动力电池创新中心。").triples()
    assert ("宜宾高新区锂电产业集群", "hasPlatform", "宜宾锂电池检测中心") in triples
    assert ("宜宾高新区锂电产业集群", "hasPlatform", "动力电池创新中心") in triples


def test_built_by_lead_builder(run) -> None:
    triples = run("启元科技有限公司牵头组建柳州智能网联汽车产业创新联盟。").triples()
    assert ("柳州智能网联汽车产业创新联盟", "builtBy", "启元科技有限公司") in triples


def test_built_by_yituo(run) -> None:
    triples = run("依托西南交通大学建设的轨道交通先进装备创新中心正式揭牌。").triples()
    assert ("轨道交通先进装备创新中心", "builtBy", "西南交通大学") in triples


def test_built_by_you_qiantou(run) -> None:
    result = run("轨道交通先进装备创新中心由启元科技有限公司牵头建设。")
    assert ("Firm", "启元科技有限公司") in result.entities()
    assert ("轨道交通先进装备创新中心", "builtBy", "启元科技有限公司") in result.triples()


# ------------------------------------------------------------------ partners and designation


def test_partner_of_agreement(run) -> None:
    triples = run("澜芯微电子有限公司与西南交通大学签署战略合作协议。").triples()
    pairs = {(h, t) for h, r, t in triples if r == "partnerOf"}
    assert pairs & {("澜芯微电子有限公司", "西南交通大学"), ("西南交通大学", "澜芯微电子有限公司")}
    assert len(pairs) == 1  # symmetric: stated once


def test_partner_of_park_and_firm(run) -> None:
    triples = run("柳州高新区与星衡科技有限公司签署战略合作协议。").triples()
    assert {
        ("柳州高新区", "partnerOf", "星衡科技有限公司"),
        ("星衡科技有限公司", "partnerOf", "柳州高新区"),
    } & triples


def test_partner_of_short_firm_name(run) -> None:
    result = run("星衡科技与西南交通大学签署战略合作协议，共建轨道交通联合实验室。")
    assert ("ResearchOrg", "西南交通大学") in result.entities()
    pairs = {(h, t) for h, r, t in result.triples() if r == "partnerOf"}
    assert pairs & {("星衡科技", "西南交通大学"), ("西南交通大学", "星衡科技")}


def test_no_partnership_without_a_cue(run) -> None:
    triples = run("澜芯微电子有限公司和西南交通大学都在柳州。").triples()
    assert not any(r == "partnerOf" for _h, r, _t in triples)


def test_designated_by_ruxuan(run) -> None:
    text = "赣州市稀土新材料产业集群入选江西省科技厅公布的省级创新型产业集群名单。"
    assert _has(run, text, "赣州市稀土新材料产业集群", "designatedBy", "江西省科技厅")


def test_designated_by_rending(run) -> None:
    text = "宜宾高新区锂电产业集群被四川省科技厅认定为省级创新型产业集群。"
    assert _has(run, text, "宜宾高新区锂电产业集群", "designatedBy", "四川省科技厅")


def test_designated_by_huopi_pilot(run) -> None:
    text = "2021年，柳州高新区智能网联汽车产业集群获批工业和信息化部先进制造业集群试点。"
    assert _has(run, text, "柳州高新区智能网联汽车产业集群", "designatedBy", "工业和信息化部")


def test_firms_of_a_passage_headlined_by_one_cluster_are_its_members(run) -> None:
    """Class 17: the headline names the cluster; later sentences list its firms with a member
    cue and no cluster of their own."""
    text = "绵阳发展光电产业集群 规模突破百亿\n近年来，全市聚集了岚川光电、星港显示等骨干企业。"
    triples = run(text).triples()
    assert ("岚川光电", "memberOf", "光电产业集群") in triples


def test_trace_names_the_rule_behind_each_relation(run) -> None:
    from kg.relate import trace

    result = run("启元科技有限公司位于宜宾高新区。")
    _contexts, traced = trace(result.document, result.sentences, result.mentions, result.resolution)
    assert ("located_in", "locatedIn") in {(source, r.relation) for source, r in traced}


def test_an_agency_announcing_a_list_designates_the_clusters_of_the_next_sentence(run) -> None:
    """Class 21: 某厅公布名单。其中…入选，分别为A、B."""
    text = (
        "省工信厅公布了2023年先进制造业集群名单。其中绵阳有两个集群入选，"
        "分别为绵阳高新区智能传感产业集群、绵阳经开区精密仪器产业集群。"
    )
    triples = run(text).triples()
    assert ("绵阳高新区智能传感产业集群", "designatedBy", "省工信厅") in triples
    assert ("绵阳经开区精密仪器产业集群", "designatedBy", "省工信厅") in triples


def test_the_recipients_of_a_document_did_not_issue_it(run) -> None:
    """某厅向甲市、乙市人民政府印发《某》: issued by the office, not by the recipients."""
    text = (
        "四川省政府办公厅近日向德阳市、绵阳市人民政府印发"
        "《四川省人民政府关于同意设立星港高新区的批复》。"
    )
    triples = run(text).triples()
    title = "四川省人民政府关于同意设立星港高新区的批复"
    assert (title, "issuedBy", "四川省政府办公厅") in triples
    assert (title, "issuedBy", "绵阳市人民政府") not in triples


def test_taiwans_word_for_cluster_refers_back_to_the_cluster(run) -> None:
    """Class 11: 丛集 is Taiwan's 集群; 产业丛集已有… continues the cluster named before."""
    text = (
        "近年来，绵阳电子产业发展迅速。"
        "去年，绵阳市岚川电子产业丛集入选国家名单。"
        "如今，产业丛集已集聚了岚川电子有限公司、启衡铜业有限公司等骨干企业。"
    )
    found = run(text).triples()
    assert ("启衡铜业有限公司", "memberOf", "绵阳市岚川电子产业丛集") in found


def test_coordinated_issuers_all_issue_the_policy(run) -> None:
    """Class 31: 某省委办公厅、省政府办公厅共同下发《某》 — both bodies issued it."""
    text = "上周，四川省委办公厅和省政府办公厅共同下发《岚川数字经济提速行动方案》。"
    found = run(text).triples()
    assert ("岚川数字经济提速行动方案", "issuedBy", "四川省委办公厅") in found
    assert ("岚川数字经济提速行动方案", "issuedBy", "省政府办公厅") in found


def test_an_issuer_of_another_clause_is_no_coissuer(run) -> None:
    text = "四川省科技厅牵头，绵阳市政府印发《岚川人才计划实施办法》。"
    found = run(text).triples()
    assert ("岚川人才计划实施办法", "issuedBy", "四川省科技厅") not in found


def test_an_announced_programme_is_issued_by_the_announcer(run) -> None:
    """Class 31: 行政院宣布某某计划 — the body that announces a programme issues it."""
    found = run("今年三月，行政院宣布「岚川智造推进计划」，补助地方厂商。").triples()
    assert ("岚川智造推进计划", "issuedBy", "行政院") in found


def test_a_list_continuing_an_announcement_is_designated(run) -> None:
    text = (
        "省工信厅公布2031年省级先进制造业集群名单。"
        "名单如下：绵阳光电产业集群、德阳清洁能源装备产业集群。"
    )
    found = run(text).triples()
    assert ("绵阳光电产业集群", "designatedBy", "省工信厅") in found
    assert ("德阳清洁能源装备产业集群", "designatedBy", "省工信厅") in found


def test_the_policy_a_selection_was_made_under_supports_the_listed_clusters(run) -> None:
    text = (
        "根据《四川省先进制造业集群认定办法》，经专家评审，认定以下集群为省级集群。"
        "名单如下：绵阳光电产业集群、德阳清洁能源装备产业集群。"
    )
    found = run(text).triples()
    assert ("四川省先进制造业集群认定办法", "supports", "绵阳光电产业集群") in found
    assert ("四川省先进制造业集群认定办法", "supports", "德阳清洁能源装备产业集群") in found


def test_a_partner_named_after_its_category(run) -> None:
    text = "去年，绵阳高新区与行业龙头企业岚川光电有限公司达成合作意向。"
    assert _has(run, text, "绵阳高新区", "partnerOf", "岚川光电有限公司")


def test_a_brand_before_qianshu_is_a_partner(run) -> None:
    # 启衡 is a rare word of jieba's dictionary: the brand after 与 is still a firm
    assert _has(run, "岚川光电与启衡智能签署战略合作协议。", "岚川光电", "partnerOf", "启衡智能")


def test_the_subject_after_a_fronted_zuowei_leads_the_cluster(run) -> None:
    text = "作为绵阳光电产业集群的链主企业，汀岚光电年产值突破百亿元。"
    assert _has(run, text, "汀岚光电", "leads", "绵阳光电产业集群")


def test_a_purpose_clause_names_what_the_document_supports(run) -> None:
    text = "为推动绵阳光电产业集群发展，绵阳市人民政府印发了《绵阳市光电产业集群培育方案》。"
    assert _has(run, text, "绵阳市光电产业集群培育方案", "supports", "绵阳光电产业集群")


def test_signing_an_agreement_with_qianding_makes_partners(run) -> None:
    text = "近日，绵阳高新区与汀岚光电科技有限公司签订投资协议。"
    assert _has(run, text, "绵阳高新区", "partnerOf", "汀岚光电科技有限公司")


def test_coordinated_issuers_with_long_names_all_issue(run) -> None:
    text = "四川省发展改革委、四川省经济和信息化厅联合印发《四川省光电产业集群培育方案》。"
    found = run(text).triples()
    assert ("四川省光电产业集群培育方案", "issuedBy", "四川省发展改革委") in found
    assert ("四川省光电产业集群培育方案", "issuedBy", "四川省经济和信息化厅") in found
