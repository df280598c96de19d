"""Platforms: generic phrases, equipment and facilities are not platforms (failure class 5);
an institute of the Academy is a research organisation (class 15). Every passage is invented."""

from __future__ import annotations

import pytest


def _typed(run, text: str) -> set[tuple[str, str]]:
    return run(text).entities()


@pytest.mark.parametrize("phrase", ["深水半潜式钻井平台", "浮式生产储卸油平台"])
def test_equipment_is_not_a_platform(run, phrase: str) -> None:
    assert ("Platform", phrase) not in _typed(run, f"岚川重工交付了世界领先的{phrase}。")


@pytest.mark.parametrize("phrase", ["邻里中心", "购物中心", "生产中心"])
def test_a_facility_is_not_a_platform(run, phrase: str) -> None:
    assert ("Platform", phrase) not in _typed(run, f"园区规划建设了{phrase}。")


def test_a_category_is_not_a_platform(run) -> None:
    entities = _typed(run, "累计建成医药领域各类创新平台30家。")
    assert not any(t == "Platform" for t, _n in entities)


def test_an_academy_institute_is_a_research_organisation(run) -> None:
    entities = _typed(run, "中国科学院岚川创新研究院落户绵阳。")
    assert ("ResearchOrg", "中国科学院岚川创新研究院") in entities


def test_parks_listed_before_a_platform_head_are_not_platforms(run) -> None:
    entities = _typed(run, "依托岚川高新区、启衡经开区等平台建设。")
    assert not any(t == "Platform" for t, _n in entities)


def test_a_machine_tool_centre_is_not_a_platform(run) -> None:
    assert not any(t == "Platform" for t, _n in _typed(run, "工厂购入了五轴数控加工中心。"))


def test_a_hub_a_city_wants_to_be_is_not_a_platform(run) -> None:
    entities = _typed(run, "绵阳市要打造面向西部的区域科创中心。")
    assert not any(t == "Platform" for t, _n in entities)


def test_a_vehicle_architecture_is_not_a_platform(run) -> None:
    assert not any(t == "Platform" for t, _n in _typed(run, "新车采用纯电整车平台。"))


def test_a_platform_name_keeps_its_own_conjunction(run) -> None:
    entities = _typed(run, "绵阳市精密仪器和智能传感研究院揭牌成立。")
    assert ("Platform", "绵阳市精密仪器和智能传感研究院") in entities


def test_a_hub_city_aspiration_is_not_a_platform(run) -> None:
    assert not any(t == "Platform" for t, _n in _typed(run, "绵阳要建设西部金融中心。"))


def test_a_bare_platform_head_after_common_words_is_no_name(run) -> None:
    assert not any(t == "Platform" for t, _n in _typed(run, "企业通过电子交易平台销售产品。"))


def test_a_placed_platform_with_a_bare_head_is_kept(run) -> None:
    assert ("Platform", "绵阳市工业互联网平台") in _typed(run, "绵阳市工业互联网平台上线。")


def test_an_industry_research_institute_is_a_platform(run) -> None:
    """Guide 1.1: a 研究所 that is not a university's or the Academy's serves industry."""
    entities = _typed(run, "岚川重工集团材料研究所落户绵阳。")
    assert ("Platform", "岚川重工集团材料研究所") in entities


def test_a_university_research_institute_stays_a_research_organisation(run) -> None:
    entities = _typed(run, "星港大学纳米研究所落户绵阳。")
    assert ("ResearchOrg", "星港大学纳米研究所") in entities


@pytest.mark.parametrize("name", ["中国岚川77所", "中国星港38/39所", "中国岚川214研究所"])
def test_a_numbered_institute_keeps_its_number(run, name: str) -> None:
    entities = _typed(run, f"绵阳拥有{name}等一批大院大所。")
    assert ("Platform", name) in entities


def test_a_quoted_name_is_bounded_by_its_quotes(run) -> None:
    """Class 10: the walk may not stop at 联合 inside a quoted name."""
    name = "国家星港储能创新中心固态电池联合实验室"
    entities = _typed(run, f"双方成立“{name}”，作为研发平台。")
    assert ("Platform", name) in entities


def test_a_quoted_slogan_is_not_widened_to_the_quotes(run) -> None:
    entities = _typed(run, "绵阳提出“打造岚川创新中心”的目标。")
    assert ("Platform", "打造岚川创新中心") not in entities


def test_a_cooperation_verb_is_not_part_of_the_partner(run) -> None:
    """Class 6: 携手 glued before an Academy institute."""
    entities = _typed(run, "该集团携手中国科学院岚川先进技术研究院，打造创新体系。")
    assert ("ResearchOrg", "中国科学院岚川先进技术研究院") in entities


def test_an_innovation_complex_is_a_platform(run) -> None:
    assert ("Platform", "绵阳集成电路创新综合体") in _typed(run, "绵阳集成电路创新综合体奠基。")


def test_a_name_cut_inside_a_number_phrase_is_dropped(run) -> None:
    """12|英寸…中心: the walk stopped at the number; what is left is a quantity, not a name."""
    entities = _typed(run, "绵阳首座12英寸功率芯片晶圆制造中心项目签约。")
    assert not any(t == "Platform" for t, _n in entities)


@pytest.mark.parametrize("verb", ["设置", "分设", "增设"])
def test_a_verb_setting_up_a_unit_is_not_its_name(run, verb: str) -> None:
    entities = _typed(run, f"岚川科技的工厂将{verb}研发中心和测试验证中心。")
    assert not any(n.startswith(verb) for _t, n in entities)


@pytest.mark.parametrize("slogan", ["一城两院四中心", "创业苗圃+孵化器+加速器"])
def test_a_slogan_is_not_a_platform(run, slogan: str) -> None:
    entities = _typed(run, f"绵阳形成了“{slogan}”的发展格局。")
    assert not any(t == "Platform" for t, _n in entities)


def test_a_joint_laboratory_keeps_its_field(run) -> None:
    """联合 is a stop word, but 联合实验室 is a platform head of its own."""
    assert ("Platform", "岚川储能材料联合实验室") in _typed(
        run, "学校将以岚川储能材料联合实验室为载体。"
    )


def test_an_institute_of_a_university_short_form_is_a_research_organisation(run) -> None:
    """Guide 1.1: 某大学某研究院, also under the university's short form (…大), and also as an
    item of a list of platforms."""
    text = "园区建成了武大星港技术研究院、岚川智能研究中心等产业协同创新平台。"
    entities = _typed(run, text)
    assert ("ResearchOrg", "武大星港技术研究院") in entities


def test_a_platform_named_after_a_firm_named_after_a_county_has_no_place(run) -> None:
    """Class 16: 宝安|汽车研究院 — the county's short form is the firm's brand."""
    result = run("宝安汽车研究院正式挂牌运营。")
    assert ("Region", "宝安") not in result.entities()


def test_a_cluster_named_after_a_county_and_a_field_keeps_its_place(run) -> None:
    assert ("Region", "海安") in run("海安汽车零部件产业集群规模扩大。").entities()


@pytest.mark.parametrize(
    "name", ["岚川光电商会", "星港半导体协进会", "岚川智能制造创新联合体", "星港生物孵化基地"]
)
def test_associations_and_innovation_bodies_are_platforms(run, name: str) -> None:
    """Guide 1.1 and class 19: associations (商会, 协进会, 联合会…) and innovation heads."""
    assert ("Platform", name) in _typed(run, f"绵阳成立了{name}。")


def test_a_double_dash_ends_a_name(run) -> None:
    """Class 18: 研发机构——某研究所 is two phrases, not one name."""
    assert ("Platform", "星港材料研究所") in _typed(run, "研发机构——星港材料研究所发展迅速。")


@pytest.mark.parametrize("name", ["岚川院士工作站", "启衡集团博士后科研工作站"])
def test_expert_workstations_are_platforms(run, name: str) -> None:
    """院士工作站 and 博士后科研工作站 are innovation platforms of Chinese policy."""
    assert ("Platform", name) in run(f"园区建成了{name}。").entities()


def test_a_zone_in_a_list_closed_by_platforms_is_no_platform(run) -> None:
    """Class 5: 某某片区、某某示范区等平台 — the items are zones; 平台 is a metaphor here."""
    text = "园区依托星港综合保税区、岚川文化创意示范区等平台加快发展。"
    platforms = {n for t, n in run(text).entities() if t == "Platform"}
    assert not platforms


def test_services_before_a_platform_head_are_no_platforms(run) -> None:
    platforms = {
        e.name
        for e in run("建设检验检测、人才服务等公共服务平台。").resolution.entities
        if e.type == "Platform"
    }
    assert not platforms


def test_a_universitys_place_gives_a_joint_lab_no_region(run) -> None:
    result = run("四川大学—岚川传感联合实验室正式揭牌。")
    assert ("Region", "四川") not in result.entities()
    assert not any(r == "locatedIn" for _, r, _ in result.triples())


def test_a_firms_place_gives_its_research_centre_no_region(run) -> None:
    result = run("四川岚川集团创新研发中心正式启用。")
    assert ("Region", "四川") not in result.entities()


def test_a_cluster_promotion_body_is_a_platform(run) -> None:
    assert ("Platform", "四川省先进制造业集群促进机构") in _typed(
        run, "四川省先进制造业集群促进机构召开年会。"
    )


def test_a_verb_before_a_bare_cluster_head_ends_the_name(run) -> None:
    entities = _typed(run, "绵阳光电产业集群促进中心负责集群的日常运营。")
    assert ("Platform", "绵阳光电产业集群促进中心") in entities
    assert not any(name.endswith("负责集群") for _, name in entities)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("香港工业总会与岚川光电签署合作协议。", "香港工业总会"),
        ("绵阳市光电产业创新服务综合体正式运营。", "绵阳市光电产业创新服务综合体"),
        ("中国机械工程学会在绵阳召开年会。", "中国机械工程学会"),
    ],
)
def test_federations_societies_and_service_complexes_are_platforms(run, text, name) -> None:
    assert ("Platform", name) in _typed(run, text)


@pytest.mark.parametrize("hall", ["绵阳高新区党群服务中心", "绵阳市游仙区政务服务中心"])
def test_a_public_service_hall_is_no_platform(run, hall) -> None:
    assert not any(t == "Platform" for t, _ in _typed(run, f"活动在{hall}举行。"))


def test_an_industry_brain_is_a_platform(run) -> None:
    assert ("Platform", "绵阳光电产业大脑") in _typed(run, "绵阳光电产业大脑正式上线。")


def test_a_body_serving_a_cluster_is_named_with_the_cluster(run) -> None:
    typed = _typed(run, "绵阳光电产业集群发展促进中心正式揭牌。")
    assert ("Platform", "绵阳光电产业集群发展促进中心") in typed
