"""The benchmark corpus: seeds and devset texts in turn, every copy distinct, devset optional."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402


def _devset(tmp_path: Path) -> Path:
    folder = tmp_path / "devset" / "texts"
    folder.mkdir(parents=True)
    (folder / "d01.txt").write_text("一段没有数字的短文本。只有两句话。", encoding="utf-8")
    (folder / "d02.txt").write_text(
        "第二段文本，2023年产值12亿元。\n\n第二段。\n\n第三段。", encoding="utf-8"
    )
    return folder


def test_sources_mix_the_devset_with_the_seeds(tmp_path: Path) -> None:
    found = corpus.sources(devset_dir=_devset(tmp_path))
    kinds = corpus.describe(found)
    assert kinds["seed"]["documents"] == len(list(corpus.SEEDS.glob("*.txt")))
    assert kinds["devset"]["documents"] == 2
    names = [name for name, _text in corpus.documents(200_000, devset_dir=_devset(tmp_path / "b"))]
    assert any(n.endswith("_dev-d01.txt") for n in names)
    assert any("_dev-" not in n for n in names)


def test_every_copy_differs_even_without_digits(tmp_path: Path) -> None:
    texts = [text for _name, text in corpus.documents(300_000, devset_dir=_devset(tmp_path))]
    assert len(set(texts)) == len(texts)


def test_a_missing_devset_is_skipped(tmp_path: Path) -> None:
    found = corpus.sources(devset_dir=tmp_path / "absent")
    assert set(corpus.describe(found)) == {"seed"}
