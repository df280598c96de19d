"""Stage 4, resolve: one entity per thing per document, with its short forms, stated aliases and
Traditional surfaces; different things that share a short form stay apart."""

from __future__ import annotations

import pytest

from kg.lexicon import load as load_lexicon
from kg.resolve import core_name


def test_repeated_mentions_are_one_entity(run) -> None:
    result = run("澜芯微电子有限公司发布新品。澜芯微电子有限公司扩大产能。")
    firms = [e for e in result.resolution.entities if e.type == "Firm"]
    assert [e.name for e in firms] == ["澜芯微电子有限公司"]
    assert len(firms[0].mentions) == 2


def test_every_mention_maps_to_an_entity(run) -> None:
    result = run("烟台高新区海洋生物产业集群集聚了澜芯微电子有限公司、星衡科技等知名企业。")
    keys = {e.key for e in result.resolution.entities}
    assert result.mentions
    for mention in result.mentions:
        assert mention.key in keys


def test_short_form_joins_the_long_form(run) -> None:
    result = run(
        "烟台高新区海洋生物产业集群是全市重点培育的集群。目前，海洋生物产业集群已集聚企业120家。"
    )
    clusters = [e for e in result.resolution.entities if e.type == "Cluster"]
    assert [e.name for e in clusters] == ["烟台高新区海洋生物产业集群"]
    assert "海洋生物产业集群" in clusters[0].aliases


def test_same_short_form_in_two_places_stays_two_entities(run) -> None:
    result = run("烟台高新区海洋生物产业集群和柳州高新区海洋生物产业集群都在快速发展。")
    entities = result.entities()
    assert ("Cluster", "烟台高新区海洋生物产业集群") in entities
    assert ("Cluster", "柳州高新区海洋生物产业集群") in entities


def test_bare_short_form_is_not_merged_when_ambiguous(run) -> None:
    result = run(
        "烟台高新区海洋生物产业集群和柳州高新区海洋生物产业集群都在快速发展。海洋生物产业集群的企业数量持续增长。"
    )
    yantai = result.entity("Cluster", "烟台高新区海洋生物产业集群")
    liuzhou = result.entity("Cluster", "柳州高新区海洋生物产业集群")
    assert yantai is not None and liuzhou is not None
    assert not ("海洋生物产业集群" in yantai.aliases and "海洋生物产业集群" in liuzhou.aliases)


def test_stated_alias_is_merged(run) -> None:
    result = run(
        "柳州智能网联汽车产业创新联盟（以下简称“柳州车联盟”）正式成立。柳州车联盟已有成员单位80家。"
    )
    platforms = [e for e in result.resolution.entities if e.type == "Platform"]
    assert [e.name for e in platforms] == ["柳州智能网联汽车产业创新联盟"]
    assert "柳州车联盟" in platforms[0].aliases


def test_traditional_surfaces_are_kept(run) -> None:
    result = run("煙臺高新區海洋生物產業集羣重點發展海洋藥物。")
    cluster = result.entity("Cluster", "烟台高新区海洋生物产业集群")
    assert cluster is not None
    assert "煙臺高新區海洋生物產業集羣" in cluster.traditional
    assert cluster.name not in cluster.aliases


def test_list_items_keep_their_literal_span_as_alias(run) -> None:
    result = run("烟台海洋生物、兰州新材料等两家创新型产业集群入选。")
    cluster = result.entity("Cluster", "兰州新材料创新型产业集群")
    assert cluster is not None
    assert "兰州新材料" in cluster.aliases


def test_core_name_strips_places() -> None:
    lexicon = load_lexicon()
    assert core_name("宜宾高新区锂电产业集群", lexicon) == ("锂电产业集群", ("宜宾高新区",))
    assert core_name("锂电产业集群", lexicon) == ("锂电产业集群", ())


def _many_firms(count: int) -> tuple:
    """A document naming ``count`` different invented firms, one mention each."""
    import random

    from kg.model import Mention, NormalisedDocument, SourceDocument

    rng = random.Random(7)
    stems = [chr(0x4E00 + i) for i in range(0, 6000, 2)]  # 3,000 Han characters
    names = sorted(
        {
            "".join(rng.choice(stems) for _ in range(rng.randint(3, 6))) + suffix
            for suffix in ("科技有限公司", "股份有限公司", "电子有限公司")
            for _ in range(count // 3 + 200)
        }
    )[:count]
    text = "。".join(names) + "。"
    mentions, at = [], 0
    for index, name in enumerate(names):
        mentions.append(
            Mention(
                type="Firm",
                name=name,
                start=at,
                end=at + len(name),
                sentence=index,
                surface=name,
                rule="suffix",
            )  # fmt: skip
        )
        at += len(name) + 1
    document = NormalisedDocument(SourceDocument("many.txt", text), text, None)
    return document, mentions


def test_resolution_is_near_linear_in_the_number_of_firms() -> None:
    """50,000 firm names in one document (a big HTML table): seconds, not hours."""
    import time

    from kg.resolve import resolve

    lexicon = load_lexicon()
    small_document, small_mentions = _many_firms(5_000)
    started = time.perf_counter()
    resolve(small_document, small_mentions, lexicon)
    small = time.perf_counter() - started
    document, mentions = _many_firms(50_000)
    started = time.perf_counter()
    resolution = resolve(document, mentions, lexicon)
    large = time.perf_counter() - started
    assert len(resolution.entities) > 40_000
    assert large < 30 and large < 25 * max(small, 0.05)  # 10× the names, not 100× the time


def test_a_zone_written_with_heads_of_one_family_is_one_park(run) -> None:
    result = run("绵阳经济技术开发区成立于2001年。绵阳开发区现有企业500家。")
    parks = [e for e in result.resolution.entities if e.type == "Park"]
    assert [p.name for p in parks] == ["绵阳经济技术开发区"]
    assert "绵阳开发区" in parks[0].aliases


def test_a_bare_kaifaqu_with_two_families_is_left_alone(run) -> None:
    text = "绵阳经济技术开发区和绵阳高新技术产业开发区发展迅速。绵阳开发区现有企业500家。"
    names = {e.name for e in run(text).resolution.entities if e.type == "Park"}
    assert "绵阳开发区" in names


def test_an_agencys_standard_short_form_joins_its_full_name(run) -> None:
    text = "绵阳市工业和信息化局发布通知。绵阳市工信局将与岚川科技合作。"
    agencies = {e.name for e in run(text).resolution.entities if e.type == "Agency"}
    assert agencies == {"绵阳市工业和信息化局"}


def test_a_government_and_its_general_office_stay_two(run) -> None:
    text = "绵阳市人民政府办公厅印发通知。绵阳市人民政府同意。"
    agencies = {e.name for e in run(text).resolution.entities if e.type == "Agency"}
    assert agencies == {"绵阳市人民政府办公厅", "绵阳市人民政府"}


def test_a_parks_abbreviation_joins_its_full_name(run) -> None:
    text = "岚川科学园区今年扩建。岚科园区土地所剩不多。"
    parks = {e.name for e in run(text).resolution.entities if e.type == "Park"}
    assert parks == {"岚川科学园区"}


@pytest.mark.parametrize(
    ("short", "long"),
    [("岚川经济技术开发区", "岚川石化经济技术开发区"), ("岚川科学园区", "岚川生物医药科学园区")],
)
def test_a_park_is_not_merged_into_a_park_of_its_field(run, short, long) -> None:
    parks = {e.name for e in run(f"{long}与{short}签约。").resolution.entities if e.type == "Park"}
    assert parks == {short, long}


def test_a_firms_regional_subsidiary_is_not_the_firm(run) -> None:
    text = "目前，岚川重工新疆公司、星港能源等企业已落户。岚川重工在绵阳也有工厂。"
    firms = {e.name for e in run(text).resolution.entities if e.type == "Firm"}
    assert {"岚川重工新疆公司", "岚川重工"} <= firms


def test_a_firm_named_with_its_place_of_registration_is_the_firm(run) -> None:
    text = "绵阳星港机器人自动化股份有限公司发布年报。星港机器人营收增长。"
    firms = {e.name for e in run(text).resolution.entities if e.type == "Firm"}
    assert firms == {"绵阳星港机器人自动化股份有限公司"}


def test_clusters_of_two_districts_of_one_city_stay_two(run) -> None:
    text = "绵阳市涪城区智能装备产业集群与绵阳市游仙区智能装备产业集群入选。"
    clusters = {e.name for e in run(text).resolution.entities if e.type == "Cluster"}
    assert clusters == {"绵阳市涪城区智能装备产业集群", "绵阳市游仙区智能装备产业集群"}


def test_a_parks_abbreviation_keeping_a_character_of_its_place_joins_it(run) -> None:
    """某东科学园区 → 某科园区: the place is abbreviated, not added."""
    text = "绵阳科学园区今年扩建。绵科园区土地所剩不多。"
    parks = {e.name for e in run(text).resolution.entities if e.type == "Park"}
    assert parks == {"绵阳科学园区"}


def test_a_cluster_named_by_its_last_field_is_the_two_field_cluster(run) -> None:
    """Class 27: 新材料产业集群 after 某市钛及新材料产业集群 names the same cluster."""
    text = "绵阳钛及新材料产业集群入选国家名单。如今，新材料产业集群还获得了省级专项资金。"
    clusters = {n for t, n in run(text).entities() if t == "Cluster"}
    assert clusters == {"绵阳钛及新材料产业集群"}


def test_a_leader_in_a_sentence_without_a_cluster_leads_the_headlines_cluster(run) -> None:
    text = "绵阳钛及新材料产业集群入选国家名单。在链主企业岚川钛业集团的带动下，集群企业超过600家。"
    assert ("岚川钛业集团", "leads", "绵阳钛及新材料产业集群") in run(text).triples()


def test_a_parks_rank_and_its_qu_are_no_part_of_its_name(run) -> None:
    text = "国家级绵阳汀岚产业园位于绵阳。绵阳汀岚产业园区现有企业30家。"
    parks = {name for type_, name in run(text).entities() if type_ == "Park"}
    assert len(parks) == 1
