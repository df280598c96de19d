"""Clusters named by their field alone (failure class 4) and the firms that belong to them
(class 17). Every passage is invented."""

from __future__ import annotations

import pytest


def test_a_placeless_cluster_with_members_is_kept(run) -> None:
    result = run("园区形成了岚川重工有限公司、启衡汽车有限公司为代表的精密仪器产业集群。")
    assert ("Cluster", "精密仪器产业集群") in result.entities()
    assert ("岚川重工有限公司", "memberOf", "精密仪器产业集群") in result.triples()


def test_a_field_cluster_with_nothing_tied_to_it_is_kept(run) -> None:
    """Guide 1.1: a cluster written by its field alone is an entity; its name reads as a
    field and a head."""
    result = run("要大力发展智能传感产业集群。")
    assert ("Cluster", "智能传感产业集群") in result.entities()


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("要针对本地区集群制定规划。", "地区集群"),
        ("开展先进材料领域典型集群评选。", "先进材料领域典型集群"),
        ("全市培育了汽车制造四大产业集群。", "汽车制造四大产业集群"),
        ("各地要积极开展集群培育。", "积极开展集群"),
        ("推动集群高质量集群建设。", "高质量集群"),
    ],
)
def test_a_phrase_about_clusters_is_no_cluster(run, text: str, phrase: str) -> None:
    assert ("Cluster", phrase) not in run(text).entities()


def test_a_slogan_is_not_a_cluster(run) -> None:
    result = run("以岚川科技有限公司为龙头，打造新供给引领集群。")
    assert not any(t == "Cluster" for t, _n in result.entities())


def test_leader_of_a_placeless_cluster(run) -> None:
    found = run("打造了以岚川医疗有限公司为龙头的医疗器械产业集群。").triples()
    assert ("岚川医疗有限公司", "leads", "医疗器械产业集群") in found


def test_the_field_form_is_the_placed_cluster_of_the_document(run) -> None:
    text = "绵阳市智能传感产业集群发展迅速。智能传感先进制造业集群集聚了岚川声学有限公司等企业。"
    result = run(text)
    assert ("岚川声学有限公司", "memberOf", "绵阳市智能传感产业集群") in result.triples()


def test_a_cluster_after_its_place_and_de_is_kept(run) -> None:
    entities = run("目前，绵阳市的光伏及储能装备产业集群发展良好。").entities()
    assert ("Cluster", "光伏及储能装备产业集群") in entities


def test_a_quoted_cluster_name_is_kept(run) -> None:
    assert ("Cluster", "传感器与仪表集群") in run("以“传感器与仪表集群”为例。").entities()


def test_a_cluster_after_a_demonstrative_is_kept(run) -> None:
    text = "岚川科技等5家企业落户。这个模具产业集群不仅带动了就业，也带动了配套。"
    assert ("Cluster", "模具产业集群") in run(text).entities()


def test_a_cluster_in_a_clause_whose_subject_is_a_place_is_kept(run) -> None:
    assert ("Cluster", "碳基材料产业集群") in run("安徽蚌埠发展碳基材料产业集群").entities()


def test_a_cluster_in_a_clause_opened_by_a_place_anaphor_is_kept(run) -> None:
    text = "今年以来，我市致力于把无人机产业集群打造成为新的增长极。"
    assert ("Cluster", "无人机产业集群") in run(text).entities()


def test_a_world_class_cluster_to_be_built_is_an_aim(run) -> None:
    mentions = run("绵阳将全力打造世界级锂电产业集群。").mentions
    assert not any(m.type == "Cluster" for m in mentions)


def test_fields_listed_before_a_kind_of_cluster_are_no_clusters(run) -> None:
    mentions = run("重点发展新型显示、航空航天、低空经济等前沿产业集群。").mentions
    assert not any(m.type == "Cluster" for m in mentions)
