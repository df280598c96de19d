"""The scorer, on tiny hand-made graphs and gold files: the annotation guide's matching rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import (
    Dataset,
    Report,
    format_report,
    load_gold,
    load_graph,
    normalise_label,
    score,
)

PREFIXES = """
@prefix ckg: <https://w3id.org/cluster-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/cluster-kg/id/> .
"""


def _graph(tmp_path: Path, body: str) -> Dataset:
    path = tmp_path / "graph.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return load_graph(tmp_path)  # a folder holding graph.ttl works too


def _gold(tmp_path: Path, *files: dict) -> Dataset:
    folder = tmp_path / "gold"
    folder.mkdir()
    for n, data in enumerate(files):
        (folder / f"{n:03d}_doc.json").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )
    return load_gold(folder)


def _doc(
    entities: list[tuple[str, str, list[str]]], relations: list[tuple[str, str, str]] = ()
) -> dict:
    return {
        "document": "x.txt",
        "entities": [{"name": n, "type": t, "aliases": a} for n, t, a in entities],
        "relations": [{"head": h, "relation": r, "tail": t} for h, r, t in relations],
    }


def _counts(report: Report, kind: str = "entities") -> tuple[int, int, int]:
    total = report.overall(kind)
    return total.tp, total.fp, total.fn


CLUSTER = "宜宾高新区锂电产业集群"


def test_exact_match(tmp_path: Path) -> None:
    predicted = _graph(tmp_path, f'id:c a ckg:Cluster ; skos:prefLabel "{CLUSTER}"@zh-Hans .')
    report = score(predicted, _gold(tmp_path, _doc([(CLUSTER, "Cluster", [])])))
    assert _counts(report) == (1, 0, 0)
    assert report.entities["Cluster"].f1 == 1.0


def test_alias_match_both_ways(tmp_path: Path) -> None:
    predicted = _graph(
        tmp_path,
        """
        id:c a ckg:Cluster ; skos:prefLabel "锂电产业集群"@zh-Hans .
        id:p a ckg:Park ; skos:prefLabel "宜宾三江新区"@zh-Hans ; skos:altLabel "三江新区"@zh-Hans .
        """,
    )
    gold = _gold(tmp_path, _doc([(CLUSTER, "Cluster", ["锂电产业集群"]), ("三江新区", "Park", [])]))
    assert _counts(score(predicted, gold)) == (2, 0, 0)


def test_wrong_type_does_not_match(tmp_path: Path) -> None:
    predicted = _graph(tmp_path, 'id:p a ckg:Park ; skos:prefLabel "宜宾高新区"@zh-Hans .')
    report = score(predicted, _gold(tmp_path, _doc([("宜宾高新区", "Region", [])])))
    assert _counts(report) == (0, 1, 1)
    assert report.entities["Park"].fp == 1 and report.entities["Region"].fn == 1


def test_traditional_label_matches_simplified_gold(tmp_path: Path) -> None:
    predicted = _graph(
        tmp_path, 'id:c a ckg:Cluster ; skos:prefLabel "宜賓高新區鋰電產業集羣"@zh-Hant .'
    )
    assert _counts(score(predicted, _gold(tmp_path, _doc([(CLUSTER, "Cluster", [])])))) == (1, 0, 0)


def test_quotes_brackets_and_spaces_are_ignored(tmp_path: Path) -> None:
    predicted = _graph(
        tmp_path, 'id:p a ckg:Policy ; skos:prefLabel "《宜宾市 锂电产业“集群”培育方案》"@zh-Hans .'
    )
    gold = _gold(tmp_path, _doc([("宜宾市锂电产业集群培育方案", "Policy", [])]))
    assert _counts(score(predicted, gold)) == (1, 0, 0)
    assert normalise_label(" 《宜賓市“方案”》 ") == "宜宾市方案"


def test_each_gold_entity_matches_at_most_once(tmp_path: Path) -> None:
    predicted = _graph(
        tmp_path,
        f"""
        id:a a ckg:Cluster ; skos:prefLabel "{CLUSTER}"@zh-Hans .
        id:b a ckg:Cluster ; skos:prefLabel "锂电产业集群"@zh-Hans .
        """,
    )
    gold = _gold(tmp_path, _doc([(CLUSTER, "Cluster", ["锂电产业集群"])]))
    assert _counts(score(predicted, gold)) == (1, 1, 0)


def test_exact_name_wins_over_an_alias(tmp_path: Path) -> None:
    """A graph entity named like gold B, and carrying gold A's alias, matches B; A stays free."""
    predicted = _graph(
        tmp_path,
        """
        id:a a ckg:Firm ; skos:prefLabel "星衡科技有限公司"@zh-Hans ; skos:altLabel "星衡"@zh-Hans .
        id:b a ckg:Firm ; skos:prefLabel "星衡"@zh-Hans .
        """,
    )
    gold = _gold(tmp_path, _doc([("星衡科技有限公司", "Firm", []), ("星衡", "Firm", [])]))
    assert _counts(score(predicted, gold)) == (2, 0, 0)


LEADS_GRAPH = f"""
id:f a ckg:Firm ; skos:prefLabel "瀚海集团"@zh-Hans .
id:c a ckg:Cluster ; skos:prefLabel "{CLUSTER}"@zh-Hans .
"""


def test_relation_match(tmp_path: Path) -> None:
    predicted = _graph(tmp_path, LEADS_GRAPH + "id:f ckg:leads id:c . id:f ckg:memberOf id:c .")
    gold = _gold(
        tmp_path,
        _doc(
            [("瀚海集团", "Firm", []), (CLUSTER, "Cluster", [])], [("瀚海集团", "leads", CLUSTER)]
        ),
    )
    report = score(predicted, gold)
    assert _counts(report, "relations") == (1, 1, 0)
    assert report.relations["leads"].tp == 1
    assert report.relations["memberOf"].fp == 1


def test_relation_in_the_wrong_direction_does_not_match(tmp_path: Path) -> None:
    predicted = _graph(
        tmp_path,
        """
        id:p a ckg:Park ; skos:prefLabel "柳北园"@zh-Hans .
        id:q a ckg:Park ; skos:prefLabel "柳州高新区"@zh-Hans .
        id:q ckg:partOf id:p .
        """,
    )
    gold = _gold(
        tmp_path,
        _doc(
            [("柳北园", "Park", []), ("柳州高新区", "Park", [])],
            [("柳北园", "partOf", "柳州高新区")],
        ),
    )
    assert _counts(score(predicted, gold), "relations") == (0, 1, 1)


def test_relation_with_unmatched_head_does_not_match(tmp_path: Path) -> None:
    predicted = _graph(
        tmp_path,
        f"""
        id:f a ckg:Firm ; skos:prefLabel "瀚海"@zh-Hans .
        id:c a ckg:Cluster ; skos:prefLabel "{CLUSTER}"@zh-Hans .
        id:f ckg:leads id:c .
        """,
    )
    gold = _gold(
        tmp_path,
        _doc(
            [("瀚海集团", "Firm", []), (CLUSTER, "Cluster", [])], [("瀚海集团", "leads", CLUSTER)]
        ),
    )
    assert _counts(score(predicted, gold), "relations") == (0, 1, 1)


@pytest.mark.parametrize("direction", ["same", "reversed"])
def test_partner_of_is_symmetric(tmp_path: Path, direction: str) -> None:
    triple = "id:f ckg:partnerOf id:u ." if direction == "same" else "id:u ckg:partnerOf id:f ."
    predicted = _graph(
        tmp_path,
        """
        id:f a ckg:Firm ; skos:prefLabel "澜芯微电子有限公司"@zh-Hans .
        id:u a ckg:ResearchOrg ; skos:prefLabel "西南交通大学"@zh-Hans .
        """
        + triple,
    )
    gold = _gold(
        tmp_path,
        _doc(
            [("澜芯微电子有限公司", "Firm", []), ("西南交通大学", "ResearchOrg", [])],
            [("澜芯微电子有限公司", "partnerOf", "西南交通大学")],
        ),
    )
    assert _counts(score(predicted, gold), "relations") == (1, 0, 0)


def test_gold_entities_merge_across_files_by_shared_alias(tmp_path: Path) -> None:
    gold = _gold(
        tmp_path,
        _doc(
            [(CLUSTER, "Cluster", ["宜宾锂电集群"]), ("瀚海集团", "Firm", [])],
            [("瀚海集团", "memberOf", CLUSTER)],
        ),
        _doc([("宜宾锂电集群", "Cluster", []), ("宜宾锂电集群", "Firm", [])]),
    )
    clusters = [e for e in gold.entities if e.type == "Cluster"]
    assert len(clusters) == 1
    assert {"宜宾高新区锂电产业集群", "宜宾锂电集群"} <= clusters[0].labels
    assert len(gold.entities) == 3  # a Firm of the same name is another entity
    predicted = _graph(
        tmp_path,
        """
        id:f a ckg:Firm ; skos:prefLabel "瀚海集团"@zh-Hans .
        id:c a ckg:Cluster ; skos:prefLabel "宜宾锂电集群"@zh-Hans .
        id:f ckg:memberOf id:c .
        """,
    )
    report = score(predicted, gold)
    assert _counts(report) == (2, 0, 1)
    assert _counts(report, "relations") == (1, 0, 0)


def test_gold_relation_to_an_unknown_name_is_ignored(tmp_path: Path) -> None:
    gold = _gold(
        tmp_path, _doc([("瀚海集团", "Firm", [])], [("瀚海集团", "memberOf", "不存在的集群")])
    )
    assert gold.relations == set()


def test_report_lists_types_relations_and_errors(tmp_path: Path) -> None:
    predicted = _graph(tmp_path, 'id:p a ckg:Park ; skos:prefLabel "宜宾高新区"@zh-Hans .')
    report = score(predicted, _gold(tmp_path, _doc([("宜宾高新区", "Region", [])])))
    text = format_report(report, show_errors=True)
    for word in (
        "ENTITIES",
        "RELATIONS",
        "Cluster",
        "partnerOf",
        "missed entities",
        "false entities",
    ):
        assert word in text
    assert "Region\t宜宾高新区" in text and "Park\t宜宾高新区" in text


def test_empty_graph_scores_zero(tmp_path: Path) -> None:
    report = score(_graph(tmp_path, ""), _gold(tmp_path, _doc([(CLUSTER, "Cluster", [])])))
    total = report.overall("entities")
    assert (total.tp, total.fp, total.fn) == (0, 0, 1)
    assert total.precision == total.recall == total.f1 == 0.0


def test_the_seeds_gold_ships_with_the_seeds() -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    gold_files = sorted((seeds / "gold").glob("*.json"))
    assert [p.stem for p in gold_files] == [p.stem for p in sorted(seeds.glob("*.txt"))]
    for path in gold_files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert (seeds / data["document"]).is_file() and data["entities"]
    assert load_gold(seeds / "gold").entities


def _eval(*args: str):  # noqa: ANN202
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, ["eval", *args])


def test_a_truncated_graph_is_one_line_naming_it(seeds_build, tmp_path: Path) -> None:
    data = seeds_build.path.read_bytes()
    cut = tmp_path / "graph.ttl"
    cut.write_bytes(data[: len(data) // 2])
    gold = tmp_path / "gold"
    gold.mkdir()
    result = _eval(str(cut), "--gold", str(gold))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot read graph {cut}: ")
    assert len(lines[0]) < 400 and "Traceback" not in result.output


def test_a_bad_gold_file_is_one_line_naming_it(seeds_build, tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text('{"entities": [{"type": "Firm"}]}', encoding="utf-8")
    result = _eval(str(seeds_build.path), "--gold", str(gold))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: not a gold file {gold / 'a.json'}: an entity or relation lacks a field ('name')"
    ]
    (gold / "a.json").write_text('{"entities": [', encoding="utf-8")
    result = _eval(str(seeds_build.path), "--gold", str(gold))
    assert result.output.startswith(f"error: cannot read gold file {gold / 'a.json'}: ")
