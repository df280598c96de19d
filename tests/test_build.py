"""`kg build` as a job: inputs checked, the output folder locked, both outputs replaced together."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build
from kg.build import LOCK_NAME, BuildError, BuildOptions, build, locked
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NO_HTML = BuildOptions(html=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder / "a.txt")
    return folder


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}


@pytest.fixture
def built(corpus: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build([corpus], out, warn=lambda _m: None)
    return out


def test_a_mistyped_input_is_an_error_and_keeps_the_outputs(
    built: Path, corpus: Path, tmp_path: Path
) -> None:
    before = _outputs(built)
    for extra in ([], ["--strict"]):
        args = ["build", str(tmp_path / "inn"), "--out", str(built), "--no-html", *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "no such file or folder" in result.output
        assert _outputs(built) == before


def test_a_build_that_reads_nothing_keeps_the_outputs(built: Path, tmp_path: Path) -> None:
    before = _outputs(built)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("")
    result = CliRunner().invoke(main, ["build", str(empty), "--out", str(built)])
    assert result.exit_code == kg.build.EXIT_NOTHING_READ, result.output
    assert "left as it was" in result.output
    assert _outputs(built) == before


def test_a_second_build_into_a_locked_folder_is_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with locked(out), pytest.raises(BuildError, match="another kg build"):
        build([corpus], out, warn=lambda _m: None, options=NO_HTML)
    assert not (out / "graph.ttl").exists()
    build([corpus], out, warn=lambda _m: None, options=NO_HTML)  # released
    assert (out / LOCK_NAME).exists() and (out / "graph.ttl").exists()


def test_a_failure_while_writing_keeps_both_previous_outputs(
    built: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _outputs(built)
    (corpus / "b.txt").write_text(
        "新设的某某市光电产业集群由某某光电有限公司牵头。", encoding="utf-8"
    )

    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # as if the build were stopped between the two files

    monkeypatch.setattr("kg.render.write_html", killed)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], built, warn=lambda _m: None)
    assert _outputs(built) == before
    assert not [p.name for p in built.iterdir() if p.name.endswith(".tmp")]


def test_stale_temporary_files_are_removed(built: Path, corpus: Path) -> None:
    stale = [built / ".graph.ttl.abc123.tmp", built / ".graph.html.999.staged.tmp"]
    for path in stale:
        path.write_text("partial")
    build([corpus], built, warn=lambda _m: None, options=NO_HTML)
    assert not any(path.exists() for path in stale)


def test_the_output_folder_inside_the_input_is_not_read(corpus: Path) -> None:
    out = corpus / "out"
    first = build([corpus], out, warn=lambda _m: None)
    (out / "notes.txt").write_text("某某市量子隧穿产业集群。", encoding="utf-8")
    second = build([corpus], out, warn=lambda _m: None)
    assert first.read == second.read == 1
    assert "量子隧穿" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_concurrent_builds_never_mix_outputs(corpus: Path, tmp_path: Path) -> None:
    """Two `kg build` processes into one folder: one wins, the other is refused or waits its
    turn; graph.ttl and graph.html always come from the same build."""
    import subprocess
    import sys

    other = tmp_path / "other"
    other.mkdir()
    (other / "c.txt").write_text("某某市航空航天产业集群由某某航空有限公司牵头。", encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from kg.cli import main; main()", "build"]
    runs = [
        subprocess.Popen(
            [*command, str(folder), "--out", str(out), "--no-cache"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        for folder in (corpus, other)
    ]
    codes = [run.wait(timeout=300) for run in runs]
    assert sorted(codes)[0] == 0 and set(codes) <= {0, 2}
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert ("航空航天" in ttl) == ("航空航天" in html)


def test_the_progress_bar_counts_documents_so_records_do_not_overflow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bar counts documents read (a JSON Lines file holds many), not files: it never runs
    past its total and ends at the number of documents."""
    from tqdm import tqdm

    bars: list[tqdm] = []

    class Recorded(tqdm):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.overflowed = False
            bars.append(self)

        def update(self, n: float | None = 1) -> bool | None:
            shown = super().update(n)
            self.overflowed |= self.total is not None and self.n > self.total
            return shown

    folder = tmp_path / "in"
    folder.mkdir()
    places = ("甲市", "乙市", "丙市")
    records = [{"text": f"{place}电子信息产业集群位于{place}。"} for place in places]
    (folder / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text("丁市生物医药产业集群位于丁市。", encoding="utf-8")
    monkeypatch.setattr(kg.build, "tqdm", Recorded)
    _results, summary = kg.build.extract_all([folder], warn=lambda _m: None, progress=True)
    [bar] = bars
    assert summary.read == 4
    assert (bar.n, bar.total, bar.overflowed) == (4, 4, False)
