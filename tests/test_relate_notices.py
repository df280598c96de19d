"""List notices: headline and attachment titles without 《》 (failure class 12), the signature
agency, the numbered list it designates and supports (classes 21, 23, 26), the region groups of
the list (class 24). Every passage is invented."""

from __future__ import annotations

NOTICE = """关于公布2031年度某省特色产业集群名单的通知
各市工业和信息化局：
经评审，现将名单予以公布。
附件：2031年度某省特色产业集群名单
绵阳市经济和信息化局
2031年3月5日
绵阳市(2个)
1.涪城区智能传感产业集群
2.游仙区新材料产业集群
"""


def test_a_headline_title_is_a_policy(run) -> None:
    entities = run(NOTICE).entities()
    assert ("Policy", "关于公布2031年度某省特色产业集群名单的通知") in entities
    assert ("Policy", "2031年度某省特色产业集群名单") in entities


def test_the_signature_agency_issues_the_list(run) -> None:
    found = run(NOTICE).triples()
    assert ("2031年度某省特色产业集群名单", "issuedBy", "绵阳市经济和信息化局") in found


def test_the_list_supports_and_the_agency_designates_each_item(run) -> None:
    found = run(NOTICE).triples()
    assert ("2031年度某省特色产业集群名单", "supports", "涪城区智能传感产业集群") in found
    assert ("游仙区新材料产业集群", "designatedBy", "绵阳市经济和信息化局") in found


def test_a_group_line_holds_the_regions_of_its_items(run) -> None:
    assert ("涪城区", "partOf", "绵阳市") in run(NOTICE).triples()


def test_no_signature_no_designation(run) -> None:
    text = NOTICE.replace("绵阳市经济和信息化局\n2031年3月5日\n", "")
    found = run(text).triples()
    assert not any(r == "designatedBy" for _h, r, _t in found)


def test_the_document_a_notice_issues_has_its_issuer(run) -> None:
    found = run("《绵阳市人民政府关于印发某某产业发展行动方案的通知》已经发布。").triples()
    assert ("某某产业发展行动方案", "issuedBy", "绵阳市人民政府") in found


def test_a_cited_policy_is_not_issued_by_the_signature(run) -> None:
    text = "根据《某某产业集群管理办法》，现将名单公布如下。\n绵阳市经济和信息化局\n2031年3月5日\n"
    found = run(text).triples()
    assert ("某某产业集群管理办法", "issuedBy", "绵阳市经济和信息化局") not in found


def test_a_title_opening_with_an_agency_is_issued_by_it(run) -> None:
    found = run("《绵阳市人民政府关于支持某某产业发展的若干意见》出台。").triples()
    assert ("绵阳市人民政府关于支持某某产业发展的若干意见", "issuedBy", "绵阳市人民政府") in found


def test_a_title_opening_with_a_place_names_no_issuer(run) -> None:
    found = run("《绵阳市某某产业发展行动计划》明确了目标。").triples()
    assert not any(r == "issuedBy" for _h, r, _t in found)


def test_a_count_or_a_deictic_is_no_programme(run) -> None:
    entities = run("开发区实施8大工程，制定本实施方案。").entities()
    assert not any(t == "Policy" for t, _n in entities)


def test_a_title_that_names_a_placed_park_supports_it(run) -> None:
    text = "绵阳星港高新区发展迅速。《关于加快推进绵阳星港高新区高质量发展的实施意见》印发。"
    found = run(text).triples()
    assert ("关于加快推进绵阳星港高新区高质量发展的实施意见", "supports", "绵阳星港高新区") in found


def test_a_province_and_a_zone_type_is_a_category(run) -> None:
    entities = run("支持四川省经济技术开发区和四川省县域特色产业集群提质扩量。").entities()
    assert not any(t in ("Park", "Cluster") for t, _n in entities)


def test_a_title_wrapped_over_two_lines_is_one_policy_issued_by_the_line_above(run) -> None:
    text = (
        "绵阳市人民政府办公室\n关于公布第三批某某园区和\n某某专业园区名单的通知\n"
        "绵府办字〔2031〕4号\n"
    )
    result = run(text)
    title = "关于公布第三批某某园区和某某专业园区名单的通知"
    assert ("Policy", title) in result.entities()
    assert (title, "issuedBy", "绵阳市人民政府办公室") in result.triples()


def test_a_notice_sent_out_by_an_agency_is_issued_by_it(run) -> None:
    found = run("绵阳市人民政府办公室日前发出《关于公布某某名单的通知》。").triples()
    assert ("关于公布某某名单的通知", "issuedBy", "绵阳市人民政府办公室") in found
