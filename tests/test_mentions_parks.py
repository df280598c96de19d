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
