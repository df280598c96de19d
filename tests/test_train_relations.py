"""scripts/train_relations.py: trains on a tiny invented corpus, deterministically, and never
reads the devset's unseen part."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.relate.learned import model_from_dict

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "train_relations.py"

FIRMS = ["岚川生物", "拓岳重工", "梧桐数科", "鹭岭药业", "岚汀蓝鲸", "星澜电子", "澄屿精工"]
FIRMS += ["汀州新能"]
PARKS = ["星港高新区", "鹭岭高新区", "南汀经济开发区"]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_relations", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_relations"] = module
    spec.loader.exec_module(module)
    return module


def _corpus(root: Path) -> tuple[Path, Path]:
    """Six invented passages: a firm located in a park, and its partner that is not."""
    texts, gold = root / "texts", root / "gold"
    texts.mkdir(parents=True)
    gold.mkdir()
    for n in range(6):
        firm, other = f"{FIRMS[n]}科技有限公司", f"{FIRMS[n + 2]}科技有限公司"
        park = PARKS[n % 3]
        text = f"{firm}位于{park}，与{other}签署合作协议。"
        (texts / f"t{n}.txt").write_text(text, encoding="utf-8")
        entities = [
            {"name": firm, "type": "Firm", "aliases": []},
            {"name": other, "type": "Firm", "aliases": []},
            {"name": park, "type": "Park", "aliases": []},
        ]
        relations = [
            {"head": firm, "relation": "locatedIn", "tail": park},
            {"head": firm, "relation": "partnerOf", "tail": other},
        ]
        data = {"document": f"t{n}.txt", "entities": entities, "relations": relations}
        (gold / f"t{n}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return texts, gold


def test_training_on_an_invented_corpus_writes_a_loadable_model(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    texts, gold = _corpus(tmp_path / "corpus")
    out = tmp_path / "model.json"
    args = ["--corpus", str(texts), str(gold), "--out", str(out), "--folds", "2"]
    assert _script().main([*args, "--min-df", "1"]) == 0
    model = model_from_dict(json.loads(out.read_text(encoding="utf-8")))
    assert "locatedIn" in model.relations


def test_training_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    texts, gold = _corpus(tmp_path / "corpus")
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"model{n}.json"
        args = ["--corpus", str(texts), str(gold), "--out", str(out), "--min-df", "1"]
        assert _script().main([*args, "--folds", "2"]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_the_models_features_hold_no_gold_name(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    texts, gold = _corpus(tmp_path / "corpus")
    out = tmp_path / "model.json"
    args = ["--corpus", str(texts), str(gold), "--out", str(out), "--min-df", "1"]
    assert _script().main([*args, "--folds", "2"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    features = {f for entry in data["relations"].values() for f in entry["weights"]}
    for name in (*FIRMS, *PARKS):
        assert not any(name in feature for feature in features)


def test_the_devsets_unseen_part_is_never_read() -> None:
    script = _script()
    devset = Path("shared") / "devset" / "texts"
    assert script.unseen(devset, "d30") and script.unseen(devset, "d72")
    assert not script.unseen(devset, "d24") and not script.unseen(devset, "d37")
    assert not script.unseen(Path("corpus") / "texts", "d30")  # only the devset's part
