"""Agency name forms (failure classes 26 and 6). Every passage is invented."""

from __future__ import annotations

import pytest


def _agencies(run, text: str) -> set[str]:
    return {e.name for e in run(text).resolution.entities if e.type == "Agency"}


def test_a_word_glued_before_the_place_is_cut(run) -> None:
    assert "绵阳市政府" in _agencies(run, "该园区于2019年11月25日获绵阳市政府批准设立。")


def test_a_body_with_its_province_elided_as_autonomous_region(run) -> None:
    assert "自治区工信厅" in _agencies(run, "柳州市人民政府，自治区工信厅：你们的请示收悉。")


@pytest.mark.parametrize("name", ["绵阳市委宣传部", "绵阳市台办", "绵阳市民营经济发展局"])
def test_agency_heads(run, name: str) -> None:
    assert name in _agencies(run, f"据{name}介绍，项目进展顺利。")


def test_a_common_word_ending_in_ju_is_no_agency(run) -> None:
    assert not _agencies(run, "绵阳市优化产业布局，形成新格局。")


def test_many_bodies_are_not_one(run) -> None:
    assert not _agencies(run, "绵阳市各级党委政府高度重视。")


def test_a_party_body_named_only_in_a_title_is_no_entity(run) -> None:
    """A person is no entity; 某市委 in 某市委书记 is only the person's affiliation."""
    assert "绵阳市委" not in _agencies(run, "绵阳市委书记王某某到岚川科技调研。")


def test_a_party_body_glued_to_a_title_is_no_entity(run) -> None:
    """Class 26: jieba keeps 市委常委 as one word, so the suffix 委 ends 某市委常委."""
    agencies = _agencies(run, "绵阳市委常委、副市长王某某在发布会上表示。")
    assert not {"绵阳市委常委", "绵阳市委"} & set(agencies)


def test_a_party_body_that_also_acts_stays(run) -> None:
    text = "绵阳市委书记王某某到岚川科技调研。绵阳市委印发了《岚川人才计划》。"
    assert "绵阳市委" in _agencies(run, text)


def test_a_government_body_in_a_title_stays(run) -> None:
    assert "绵阳市商务局" in _agencies(run, "绵阳市商务局局长王某某介绍，项目进展顺利。")


@pytest.mark.parametrize("name", ["金融监督管理委员会", "客家委员会", "劳动部"])
def test_a_taiwan_central_body_from_the_public_list(run, name: str) -> None:
    """Class 11: bodies named without a mainland place head, from agencies_tw_central.tsv."""
    assert name in _agencies(run, f"岚川园区的扩建案已经{name}核定。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("该案经交通部运输规划委员会审议通过。", "交通部运输规划委员会"),
        ("出席的有绵阳市公安局涪城分局分局长王某。", "绵阳市公安局涪城分局"),
    ],
)
def test_a_sub_unit_is_named_with_its_parent_body(run, text: str, name: str) -> None:
    """Class 28: a unit's name holds its parent's (某部某委员会, 某局某分局)."""
    assert name in _agencies(run, text)


@pytest.mark.parametrize("name", ["省工信厅", "市科技局", "县发改委"])
def test_a_body_with_its_province_or_city_elided(run, name: str) -> None:
    assert name in _agencies(run, f"{name}印发了通知。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("来源 :绵阳县发展和改革局 访问次数", "绵阳县发展和改革局"),
        ("绵阳市经济合作局局长王某某说。", "绵阳市经济合作局"),
    ],
)
def test_bureau_heads_split_by_jieba(run, text: str, name: str) -> None:
    """发展和改革局 cut at 和; 合作局|局长 glued into one word."""
    assert name in _agencies(run, text)


def test_an_agencys_name_begins_with_its_place(run) -> None:
    """Class 6: an unknown word jieba glued before the place is no part of the body's name."""
    assert "绵阳市委宣传部" in _agencies(run, "设备操作员正在进行面板压接绵阳市委宣传部供图")


def test_a_parent_body_before_the_place_stays_in_the_name(run) -> None:
    assert "国家税务总局绵阳市税务局" in _agencies(run, "国家税务总局绵阳市税务局发布公告。")


def test_a_category_before_an_agency_is_no_part_of_it(run) -> None:
    text = "公司与派出机构绵阳市岚川产业园管委会签订协议。"
    assert "绵阳市岚川产业园管委会" in _agencies(run, text)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("岚州科学园区管理局长郑某某出席。", "岚州科学园区管理局"),
        ("绵阳市公安局涪城分局分局长王某某出席。", "绵阳市公安局涪城分局"),
        ("绵阳市科技局副局长王某某出席。", "绵阳市科技局"),
    ],
)
def test_a_body_before_its_heads_title_stands(run, text: str, body: str) -> None:
    """某管理局长: 局 and the title's 长 share the character; the body is named, the title
    (分局长, 副局长) is no body of its own."""
    agencies = _agencies(run, text)
    assert body in agencies
    assert not any(a.endswith(("副局", "分局分局")) for a in agencies)


def test_an_agency_code_opening_a_document_number_is_no_mention(run) -> None:
    """A document number (某部企业函〔2023〕283号) holds the issuer's code, not a mention of it."""
    agencies = _agencies(run, "通告文号为工信部规函〔2024〕17号。")
    assert "工信部" not in agencies


def test_a_higher_place_before_a_bodys_own_place_is_a_region(run) -> None:
    """Class 26: 四川省绵阳市人民政府 — the body is the city's; 四川省 is a Region of its own."""
    entities = run("四川省绵阳市人民政府发布通知。").entities()
    assert ("Agency", "绵阳市人民政府") in entities
    assert ("Region", "四川省") in entities
    assert ("Agency", "四川省人民政府") in run("四川省人民政府发布通知。").entities()


def test_a_body_ending_in_shu_is_an_agency(run) -> None:
    assert "台中市政府经济发展署" in _agencies(run, "台中市政府经济发展署辅导在地厂商转型。")


def test_bushu_is_no_agency(run) -> None:
    assert not _agencies(run, "全市上下认真落实这项工作部署。")


def test_a_head_glued_to_deng_by_jieba_ends_the_body(run) -> None:
    agencies = _agencies(run, "市发展改革委、市工业和信息化局等部门参加了会议。")
    assert "市工业和信息化局" in agencies


def test_a_promotion_bureau_is_a_body(run) -> None:
    assert "香港生产力促进局" in _agencies(run, "香港生产力促进局与岚川光电签署合作备忘录。")


def test_a_party_committee_keeps_the_partys_name(run) -> None:
    assert "中共绵阳市委办公室" in _agencies(
        run, "中共绵阳市委办公室、绵阳市人民政府办公室印发通知。"
    )


def test_customs_is_a_body(run) -> None:
    assert "绵阳海关" in _agencies(run, "绵阳海关、绵阳市市场监督管理局联合开展检查。")
