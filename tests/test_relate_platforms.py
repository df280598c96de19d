"""Cooperation structures: builders carried across sentences and clauses (failure class 9).
Every passage is invented."""

from __future__ import annotations


def test_the_anaphor_refers_to_the_platform_of_the_sentence_before(run) -> None:
    text = (
        "绵阳岚川智能制造创新中心于2031年揭牌。该中心由岚川科技有限公司牵头，联合星港大学共同组建。"
    )
    found = run(text).triples()
    assert ("绵阳岚川智能制造创新中心", "builtBy", "岚川科技有限公司") in found
    assert ("绵阳岚川智能制造创新中心", "builtBy", "星港大学") in found


def test_co_builders_joined_by_and_build_the_platform(run) -> None:
    found = run("推动岚川科技有限公司、星港大学共建岚川机器人产业技术研究院。").triples()
    assert ("岚川机器人产业技术研究院", "builtBy", "星港大学") in found
    assert ("岚川机器人产业技术研究院", "builtBy", "岚川科技有限公司") in found


def test_the_lead_builder_is_carried_into_a_clause_opening_on_yu(run) -> None:
    """Class 9: A与B共建P，与C共建Q — A builds Q too."""
    text = (
        "岚川生物有限公司与星港大学共建“星港生物创新中心”，与瀚越材料有限公司共建“岚川传感实验室”。"
    )
    triples = run(text).triples()
    assert ("岚川传感实验室", "builtBy", "岚川生物有限公司") in triples
    assert ("岚川传感实验室", "builtBy", "瀚越材料有限公司") in triples


def test_co_builders_listed_with_counts_all_build_the_platform(run) -> None:
    """Class 9/33: P由A牵头，联合B等3所高校和C等5家企业合作建设; P is no partner of B."""
    text = (
        "星港智能制造创新中心由岚川生物有限公司牵头，联合星港大学等3所高校和"
        "瀚越材料有限公司等5家企业合作建设。"
    )
    triples = run(text).triples()
    for builder in ("岚川生物有限公司", "星港大学", "瀚越材料有限公司"):
        assert ("星港智能制造创新中心", "builtBy", builder) in triples
    assert not any(h == "星港智能制造创新中心" and r == "partnerOf" for h, r, _t in triples)


def test_xieshou_dazao_builds_with_both(run) -> None:
    triples = run("岚川生物有限公司携手星港大学打造岚川智能研究院。").triples()
    assert ("岚川智能研究院", "builtBy", "星港大学") in triples


def test_co_builders_listed_after_yu_are_firms_and_build_the_quoted_platform(run) -> None:
    """Classes 1 and 9: …，与A、B共建“某某中心” — the listed co-builders are firms and, with
    the lead builder carried from the clause before, build the quoted platform."""
    text = "岚川生物与星港大学共建“智能传感联合实验室”，与启衡智能、瀚越材料共建“精密测控中心”。"
    result = run(text)
    firms = {n for t, n in result.entities() if t == "Firm"}
    assert {"启衡智能", "瀚越材料"} <= firms
    found = result.triples()
    assert ("精密测控中心", "builtBy", "瀚越材料") in found
    assert ("精密测控中心", "builtBy", "岚川生物") in found


def test_a_quoted_bare_centre_is_a_platform(run) -> None:
    platforms = {n for t, n in run("双方共建“精密测控中心”。").entities() if t == "Platform"}
    assert platforms == {"精密测控中心"}


def test_a_described_platform_is_built_by_the_lead_after_you(run) -> None:
    text = (
        "绵阳精密测控创新中心是省级新型研发机构，由岚川光电牵头，"
        "联合西南科技大学等2所高校和启衡智能等4家企业合作建设。"
    )
    found = run(text).triples()
    assert ("绵阳精密测控创新中心", "builtBy", "岚川光电") in found
    assert ("绵阳精密测控创新中心", "builtBy", "西南科技大学") in found
    assert ("绵阳精密测控创新中心", "builtBy", "启衡智能") in found


def test_a_count_of_universities_is_no_firm(run) -> None:
    text = "由岚川光电牵头，联合西南科技大学等2所高校和启衡智能等4家企业合作建设。"
    firms = {e.name for e in run(text).resolution.entities if e.type == "Firm"}
    assert not any("高校" in f for f in firms)


def test_the_carrier_of_a_cooperation_is_built_by_the_partners(run) -> None:
    found = run("绵阳光纤传感创新中心是岚川光电和西南科技大学合作的载体。").triples()
    assert ("绵阳光纤传感创新中心", "builtBy", "岚川光电") in found
    assert ("绵阳光纤传感创新中心", "builtBy", "西南科技大学") in found
