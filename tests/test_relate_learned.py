"""The learned relation classifier (kg/relate/learned.py): candidates and their features, the
model file, and deterministic decisions. Every passage is invented."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from kg.model import SourceDocument
from kg.pipeline import Pipeline, State
from kg.read import document_id
from kg.registry import stages
from kg.relate import relate
from kg.relate.learned import (
    MODES,
    Candidate,
    RelationModel,
    RelationWeights,
    candidates,
    decide,
    load_model,
    model_from_dict,
    relate_learned,
)

LOCATED = "岚川生物科技有限公司位于星港高新区。"
LISTED = "星港高新区集聚了岚川生物科技有限公司、鹭岭智能科技有限公司等企业。"


def _state(text: str) -> State:
    pipeline = Pipeline()
    source = SourceDocument(path="passage.txt", text=text, doc_id=document_id(text))
    state = State(source, pipeline)
    for name in pipeline.stages:
        if name == "relate":
            break
        state = stages.get(name)(state)
    return state


def _candidates(text: str) -> list[Candidate]:
    state = _state(text)
    return candidates(
        state.document, state.sentences, state.mentions, state.resolution, state.lexicon
    )


def _find(found: list[Candidate], head: str, relation: str, tail: str) -> Candidate:
    return next(c for c in found if (c.head[1], c.relation, c.tail[1]) == (head, relation, tail))


def test_a_located_pair_has_its_cue_order_and_clause_features() -> None:
    candidate = _find(_candidates(LOCATED), "岚川生物科技有限公司", "locatedIn", "星港高新区")
    expected = {"gw:位于", "gc:locatedIn", "order:ht", "tp:Firm>Park", "sameclause:Firm>Park"}
    assert expected <= candidate.features


def test_the_rules_output_is_a_feature_of_its_candidate() -> None:
    candidate = _find(_candidates(LOCATED), "岚川生物科技有限公司", "locatedIn", "星港高新区")
    assert {"rule:any", "rule:located_in"} <= candidate.features
    assert candidate.by_rules


def test_two_firms_of_one_list_are_in_the_same_list() -> None:
    found = _candidates(LISTED)
    pair = _find(found, "岚川生物科技有限公司", "partnerOf", "鹭岭智能科技有限公司")
    assert "samelist:Firm>Firm" in pair.features


def test_candidates_only_pair_types_the_ontology_allows() -> None:
    found = _candidates(LISTED)
    assert all(c.relation != "locatedIn" or c.tail[0] in ("Park", "Region") for c in found)
    assert not any(c.relation == "memberOf" for c in found)  # no cluster in the sentence


def test_no_feature_holds_an_entity_name() -> None:
    found = _candidates(LISTED + LOCATED)
    names = {c.head[1] for c in found} | {c.tail[1] for c in found}
    for candidate in found:
        for feature in candidate.features:
            assert not any(name in feature for name in names), feature


def test_the_rules_mode_gives_the_rules_relations() -> None:
    state = _state(LISTED + LOCATED)
    args = (state.document, state.sentences, state.mentions, state.resolution, state.lexicon)
    ruled = {(r.head, r.relation, r.tail) for r in relate(*args)}
    decided = decide(candidates(*args), load_model(), "rules")
    assert {(r.head, r.relation, r.tail) for r in decided} == ruled


def test_a_relation_without_weights_is_left_to_the_rules() -> None:
    found = _candidates(LOCATED)
    rules = decide(found, RelationModel(), "rules")
    assert decide(found, RelationModel(), "learned") == rules


def _always(relation: str) -> RelationModel:
    thresholds = {mode: 0.0 for mode in MODES if mode not in ("rules", "auto")}
    return RelationModel({relation: RelationWeights(1.0, {}, thresholds, "learned")})


def test_the_learned_mode_adds_what_the_model_accepts() -> None:
    found = _candidates(LISTED)
    triples = {
        (r.head[1], r.relation, r.tail[1]) for r in decide(found, _always("partnerOf"), "learned")
    }
    assert ("岚川生物科技有限公司", "partnerOf", "鹭岭智能科技有限公司") in triples


def test_the_filter_mode_adds_nothing() -> None:
    found = _candidates(LISTED)
    filtered = decide(found, _always("partnerOf"), "filter")
    assert not any(r.relation == "partnerOf" for r in filtered)


def test_scores_are_the_same_every_run() -> None:
    weights = RelationWeights(-0.5, {"a": 0.1, "b": 0.2, "c": -0.3}, {"learned": 0.0})
    assert weights.score({"c", "a", "b"}) == weights.score({"b", "c", "a"})


def test_the_shipped_model_loads_with_weights_and_thresholds() -> None:
    model = load_model()
    assert model.relations
    for weights in model.relations.values():
        assert weights.weights
        assert set(weights.thresholds) == {"learned", "filter", "add"}
        assert weights.choice in ("rules", "learned", "filter", "add")


@pytest.mark.parametrize("mode", ["learned", "filter", "add", "auto"])
def test_the_shipped_model_predicts_the_same_twice(mode: str) -> None:
    state = _state(LISTED + LOCATED)
    args = (state.document, state.sentences, state.mentions, state.resolution, state.lexicon)
    first = relate_learned(*args, mode=mode)
    assert first == relate_learned(*args, mode=mode)


def test_a_model_file_of_another_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        model_from_dict({"format": 99, "relations": {}})


def test_the_pipeline_option_changes_the_cache_key() -> None:
    default = Pipeline()
    assert replace(default, relations="auto").fingerprint != default.fingerprint


def test_kg_build_with_the_classifier_is_byte_identical(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(LISTED + LOCATED, encoding="utf-8")
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        args = ["build", str(texts), "--out", str(out), "--no-html", "--relations", "auto"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]


def test_kg_build_with_an_empty_model_file_gives_the_rules_graph(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    model = tmp_path / "model.json"
    model.write_text(json.dumps({"format": 1, "relations": {}}), encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(LISTED + LOCATED, encoding="utf-8")
    graphs = []
    for name, extra in (("rules", []), ("empty", ["--relation-model", str(model)])):
        out = tmp_path / name
        args = ["build", str(texts), "--out", str(out), "--no-html"]
        args += [] if name == "rules" else ["--relations", "learned", *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        graphs.append((out / "graph.ttl").read_bytes())
    assert graphs[0] == graphs[1]


def test_kg_build_refuses_a_file_that_is_not_a_model(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    model = tmp_path / "model.json"
    model.write_text("{not json", encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(LOCATED, encoding="utf-8")
    args = ["build", str(texts), "--out", str(tmp_path / "out"), "--no-html"]
    result = CliRunner().invoke(main, [*args, "--relations", "add", "--relation-model", str(model)])
    assert result.exit_code == 2
    assert "not a relation model" in result.output
