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
