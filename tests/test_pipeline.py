"""The Pipeline object: what its fingerprint (the cache key) depends on, and that the rules it
names, a user's own among them, are the ones that run, also in worker processes."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from kg.build import BuildOptions, build
from kg.graph import CKG
from kg.mentions import DEFAULT_MENTION_RULES
from kg.model import Mention, Relation, Sentence, SourceDocument
from kg.pipeline import DEFAULT_PIPELINE, Pipeline, extract
from kg.registry import mention_rules, relation_rules
from kg.relate import DEFAULT_RELATION_RULES

TEXT = "星澜科技有限公司与澄屿大学签署战略合作协议。"


@pytest.fixture
def names_file(tmp_path: Path) -> Path:
    path = tmp_path / "names.tsv"
    path.write_text("岚汀蓝鲸\tFirm\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ the fingerprint


def test_the_same_pipeline_has_the_same_fingerprint() -> None:
    assert Pipeline().fingerprint == Pipeline().fingerprint
    assert Pipeline.configured().fingerprint == Pipeline().fingerprint


def test_the_fingerprint_does_not_depend_on_the_process(names_file: Path) -> None:
    """Not on the hash seed, say: a cache written by one build is read by the next. (Two fresh
    processes: this one's code fingerprint was taken when the session started.)"""
    script = (
        "import sys\n"
        "from kg.pipeline import Pipeline\n"
        "print(Pipeline().fingerprint, Pipeline.configured(names=sys.argv[1]).fingerprint)\n"
    )

    def fingerprints(seed: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, str(names_file)],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        return done.stdout.decode()

    assert fingerprints("1") == fingerprints("2")


def test_the_fingerprint_changes_with_names(names_file: Path, tmp_path: Path) -> None:
    with_names = Pipeline.configured(names=names_file)
    assert with_names.fingerprint != Pipeline().fingerprint
    other = tmp_path / "other.tsv"
    other.write_text("岚汀蓝鲸\tPark\n", encoding="utf-8")  # the same name, another type
    assert Pipeline.configured(names=other).fingerprint != with_names.fingerprint


def test_the_fingerprint_changes_with_a_lexicon_folder(tmp_path: Path) -> None:
    # the package's own lexicon.toml: extending and replacing with it differ only by the flag
    package = Path(str(resources.files("kg"))) / "data" / "lexicon.toml"
    (tmp_path / "lexicon.toml").write_bytes(package.read_bytes())
    extended = Pipeline.configured(lexicon_dir=tmp_path)
    replaced = Pipeline.configured(lexicon_dir=tmp_path, replace_lexicon=True)
    assert len({Pipeline().fingerprint, extended.fingerprint, replaced.fingerprint}) == 3


def test_the_fingerprint_changes_with_the_relation_rules() -> None:
    fewer = tuple(r for r in DEFAULT_RELATION_RULES if r != "partner_of")
    reordered = tuple(reversed(DEFAULT_RELATION_RULES))
    fingerprints = {
        Pipeline().fingerprint,
        Pipeline(relation_rules=fewer).fingerprint,
        Pipeline(relation_rules=reordered).fingerprint,
    }
    assert len(fingerprints) == 3


def test_the_fingerprint_changes_with_the_mention_rules() -> None:
    fewer = tuple(r for r in DEFAULT_MENTION_RULES if r != "regions")
    assert Pipeline(mention_rules=fewer).fingerprint != Pipeline().fingerprint


def test_the_fingerprint_changes_with_the_stages() -> None:
    without_measure = tuple(s for s in DEFAULT_PIPELINE if s != "measure")
    assert Pipeline(stages=without_measure).fingerprint != Pipeline().fingerprint


def test_the_fingerprint_changes_with_the_segmenter() -> None:
    assert Pipeline(segmenter="jieba").fingerprint != Pipeline(segmenter="rjieba").fingerprint


def test_an_unknown_segmenter_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown segmenter"):
        Pipeline.configured(segmenter="nltk")


# ------------------------------------------------------------------ pickling


def test_a_pipeline_pickles_small_and_keeps_its_fingerprint(names_file: Path) -> None:
    pipeline = Pipeline.configured(names=names_file)
    data = pickle.dumps(pipeline)
    assert len(data) < 4_000  # the lexicon travels as its source
    copy = pickle.loads(data)
    assert copy.fingerprint == pipeline.fingerprint
    assert copy.relation_rules == pipeline.relation_rules


# ------------------------------------------------------------------ a user's own rules


@pytest.fixture
def own_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register a relation rule and a mention rule for one test, then forget them."""
    monkeypatch.setattr(relation_rules, "_items", dict(relation_rules._items))
    monkeypatch.setattr(mention_rules, "_items", dict(mention_rules._items))

    @relation_rules.register("settled_in", produces=("locatedIn",))
    def settled_in(ctx) -> Iterator[Relation]:
        """A firm 入驻 a park (a cue the default rules read as membership, not place)."""
        for i, j in ctx.pairs():
            a, b = ctx.mentions[i], ctx.mentions[j]
            if a.type == "Firm" and b.type == "Park" and "入驻" in ctx.between(a, b):
                yield ctx.relation(ctx.keys[i], "locatedIn", ctx.keys[j], "own:入驻")

    @mention_rules.register("code_names", priority=1, produces=("Firm",))
    def code_names(sentence: Sentence, lexicon) -> list[Mention]:
        """Firms written as a six-digit stock code: 代码600123 → Firm 600123."""
        out = []
        for match in re.finditer(r"代码(\d{6})", sentence.text):
            start = sentence.start + match.start(1)
            code = match.group(1)
            out.append(Mention("Firm", code, start, start + 6, sentence.index, code, "code_names"))
        return out


def _relations(text: str, pipeline: Pipeline) -> set[tuple[str, str, str, str]]:
    result = extract(SourceDocument(path="a.txt", text=text), pipeline)
    return {(r.head[1], r.relation, r.tail[1], r.cue) for r in result.relations}


SETTLED = "星澜科技有限公司入驻岚汀高新区，并与澄屿大学签署合作协议。"


def test_a_registered_relation_rule_runs_when_the_pipeline_names_it(own_rules) -> None:
    assert _relations(SETTLED, Pipeline(relation_rules=("settled_in",))) == {
        ("星澜科技有限公司", "locatedIn", "岚汀高新区", "own:入驻")
    }


def test_a_registered_relation_rule_runs_beside_the_default_ones(own_rules) -> None:
    """First in the list, its relation is the one kept when a default rule says the same."""
    found = _relations(SETTLED, Pipeline(relation_rules=("settled_in", *DEFAULT_RELATION_RULES)))
    assert ("星澜科技有限公司", "locatedIn", "岚汀高新区", "own:入驻") in found
    assert ("星澜科技有限公司", "partnerOf", "澄屿大学", "合作") in found  # the default rules'


def test_a_registered_rule_does_not_run_unless_named(own_rules) -> None:
    found = _relations(SETTLED, Pipeline())
    assert ("星澜科技有限公司", "partnerOf", "澄屿大学", "合作") in found
    assert all(cue != "own:入驻" for *_rest, cue in found)


def test_a_registered_mention_rule_runs_when_the_pipeline_names_it(own_rules) -> None:
    text = "股票代码600123的企业表现突出。"
    plain = extract(SourceDocument(path="a.txt", text=text), Pipeline())
    pipeline = Pipeline(mention_rules=(*DEFAULT_MENTION_RULES, "code_names"))
    own = extract(SourceDocument(path="a.txt", text=text), pipeline)
    assert ("Firm", "600123") in {(e.type, e.name) for e in own.entities}
    assert ("Firm", "600123") not in {(e.type, e.name) for e in plain.entities}


def test_an_unknown_rule_name_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match="no relation rule named 'no_such_rule'.*located_in"):
        Pipeline(relation_rules=("no_such_rule",)).extract(SourceDocument("a.txt", TEXT))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="workers see rules registered in the parent only when forked",
)
def test_a_registered_relation_rule_runs_in_worker_processes(own_rules, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    firms = ["星澜精工有限公司", "澄屿精工有限公司", "岚汀精工有限公司", "北苑精工有限公司"]
    for i, firm in enumerate(firms):
        (folder / f"{i}.txt").write_text(f"{firm}入驻岚汀高新区。", encoding="utf-8")
    out = tmp_path / "out"
    options = BuildOptions(jobs=2, html=False, pipeline=Pipeline(relation_rules=("settled_in",)))
    build([folder], out, warn=lambda _m: None, options=options)
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    located = {
        str(graph.value(head, SKOS.prefLabel))
        for head, _tail in graph.subject_objects(CKG.locatedIn)
    }
    assert located == set(firms)
