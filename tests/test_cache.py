"""Incremental builds: unchanged documents come from the cache, and the output is the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.cache
import kg.parallel
from kg.build import BuildOptions, build
from kg.cache import CACHE_DIR_NAME, ResultCache, _tree_digest, document_key
from kg.cli import main
from kg.model import SourceDocument

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs its entries with a key of its own."""
    monkeypatch.setenv(kg.cache.KEY_FILE_ENV, str(tmp_path / "key" / "cache-key"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def extract_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = kg.parallel.extract_slim

    def counting(source: SourceDocument, pipeline=None):  # noqa: ANN001,ANN202 - as the real one
        calls.append(source.path)
        return real(source, pipeline)

    monkeypatch.setattr(kg.parallel, "extract_slim", counting)
    return calls


def _build(corpus: Path, out: Path, cache: Path | None) -> bytes:
    build([corpus], out, warn=lambda _m: None, options=BuildOptions(cache_dir=cache, html=False))
    return (out / "graph.ttl").read_bytes()


def test_second_build_comes_from_the_cache(
    corpus: Path, tmp_path: Path, extract_calls: list[str]
) -> None:
    cache = tmp_path / "cache"
    first = _build(corpus, tmp_path / "a", cache)
    assert len(extract_calls) == 2
    second = _build(corpus, tmp_path / "b", cache)
    assert len(extract_calls) == 2  # nothing re-extracted
    assert second == first
    assert first == _build(corpus, tmp_path / "c", None)  # same as without a cache


def test_only_a_changed_document_is_extracted_again(
    corpus: Path, tmp_path: Path, extract_calls: list[str]
) -> None:
    cache = tmp_path / "cache"
    _build(corpus, tmp_path / "a", cache)
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    extract_calls.clear()
    _build(corpus, tmp_path / "b", cache)
    assert extract_calls == [str(changed)]


def test_a_new_pipeline_fingerprint_misses(
    corpus: Path, tmp_path: Path, extract_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _build(corpus, tmp_path / "a", cache)
    monkeypatch.setattr(kg.cache, "pipeline_fingerprint", lambda: "another dictionary")
    extract_calls.clear()
    _build(corpus, tmp_path / "b", cache)
    assert len(extract_calls) == 2


def test_data_file_edits_change_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "lexicon.toml").write_text("a = 1\n", encoding="utf-8")
    before = _tree_digest(tmp_path, ("*",))
    (tmp_path / "lexicon.toml").write_text("a = 2\n", encoding="utf-8")
    assert _tree_digest(tmp_path, ("*",)) != before


def test_moved_file_hits_and_takes_its_new_path(corpus: Path, tmp_path: Path) -> None:
    source = SourceDocument(path="old.txt", text="某某产业集群。", doc_id="d1")
    cache = ResultCache(tmp_path / "cache")
    result = kg.parallel.extract_slim(source)
    cache.put(source, result)
    moved = SourceDocument(path="new.txt", text=source.text, doc_id="d1")
    hit = cache.get(moved)
    assert hit is not None and hit.path == "new.txt" and hit.entities == result.entities


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    source = SourceDocument(path="a.txt", text="文本。", doc_id="d2")
    cache = ResultCache(tmp_path / "cache")
    cache.put(source, kg.parallel.extract_slim(source))
    key = document_key(source)
    cache._path(key).write_bytes(b"garbage")
    assert cache.get(source) is None


def test_cli_caches_in_the_output_folder_unless_no_cache(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-html"])
    assert result.exit_code == 0, result.output
    assert any((out / CACHE_DIR_NAME).rglob("*.json"))
    fresh = tmp_path / "fresh"
    args = ["build", str(corpus), "--out", str(fresh), "--no-html", "--no-cache"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert not (fresh / CACHE_DIR_NAME).exists()
    assert (fresh / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def _seed_source() -> SourceDocument:
    path = sorted(SEEDS.glob("*.txt"))[0]
    return SourceDocument(path=str(path), text=path.read_text(encoding="utf-8"), doc_id="s1")


def test_an_entry_round_trips_as_data(tmp_path: Path) -> None:
    source = _seed_source()
    result = kg.parallel.extract_slim(source)
    cache = ResultCache(tmp_path / "cache")
    cache.put(source, result)
    assert cache._path(document_key(source)).read_bytes().startswith(b"cluster-kg result cache")
    assert cache.get(source) == result
    assert kg.cache.decode_result(kg.cache.encode_result(result)) == result


def test_a_planted_pickle_never_runs(tmp_path: Path) -> None:
    import pickle

    source = SourceDocument(path="a.txt", text="某某产业集群。", doc_id="d3")
    cache = ResultCache(tmp_path / "cache")
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):  # noqa: ANN204 - the attack: code run on unpickling
            return (marker.write_text, ("pwned",))

    planted = pickle.dumps(Payload())
    path = cache._path(document_key(source))
    path.parent.mkdir(parents=True)
    for data in (planted, b"cluster-kg result cache 1\n" + planted, kg.cache._FORMAT + planted):
        path.write_bytes(data)
        assert cache.get(source) is None
    assert not marker.exists()


def test_an_altered_but_readable_entry_is_a_miss(tmp_path: Path) -> None:
    source = _seed_source()
    cache = ResultCache(tmp_path / "cache")
    cache.put(source, kg.parallel.extract_slim(source))
    path = cache._path(document_key(source))
    data = path.read_bytes()
    header, _, body = data.partition(b"\n")
    mac, _, payload = body.partition(b"\n")
    name = payload.decode("utf-8").split('"name":"')[1].split('"')[0]
    forged = payload.decode("utf-8").replace(name, name[:-1] + "X", 1).encode("utf-8")
    path.write_bytes(header + b"\n" + mac + b"\n" + forged)
    assert cache.get(source) is None and cache.rejected == 1


def test_an_entry_signed_with_another_key_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = SourceDocument(path="a.txt", text="某某产业集群。", doc_id="d4")
    monkeypatch.setenv(kg.cache.KEY_FILE_ENV, str(tmp_path / "other-key"))
    ResultCache(tmp_path / "cache").put(source, kg.parallel.extract_slim(source))
    monkeypatch.setenv(kg.cache.KEY_FILE_ENV, str(tmp_path / "my-key"))
    assert ResultCache(tmp_path / "cache").get(source) is None


def test_the_key_file_is_private(tmp_path: Path) -> None:
    ResultCache(tmp_path / "cache")
    assert (kg.cache.key_file().stat().st_mode & 0o777) == 0o600


def test_prune_keeps_only_this_pipeline_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = SourceDocument(path="a.txt", text="某某产业集群。", doc_id="d5")
    result = kg.parallel.extract_slim(source)
    folder = tmp_path / "cache"
    ResultCache(folder, "a" * 64).put(source, result)
    (folder / "3f").mkdir()  # a pre-JSON entry folder
    cache = ResultCache(folder, "b" * 64)
    cache.put(source, result)
    assert cache.prune() == 2
    assert [p.name for p in folder.iterdir()] == ["b" * 24]
    assert cache.get(source) == result


def test_the_entry_format_covers_every_field_of_the_results() -> None:
    """A field added to a result dataclass must be added to the cache format too (else a cached
    result would silently lose it)."""
    from dataclasses import fields
    from decimal import Decimal

    from kg.model import DocumentResult, Entity, Evidence, Measurement, Mention, Relation

    evidence = Evidence("d", 0, 4, "某某集群")
    mention = Mention(
        "Firm", "甲公司", 0, 3, 0, "甲公司", "suffix", ("甲",), True, True, ("Firm", "甲公司")
    )
    result = DocumentResult(
        "d", "a.txt", "标题", "gb18030", 10, "https://example.org/a", "2024-01-01",
        [Entity("Firm", "甲公司", {"甲"}, {"甲公司"}, [mention])],
        [Relation(("Firm", "甲公司"), "memberOf", ("Cluster", "乙集群"), evidence, "牵头")],
        [Measurement(("Cluster", "乙集群"), "output", "产值", evidence, Decimal("1.5E9"), 3, 2024)],
    )  # fmt: skip
    for record in (
        result,
        result.entities[0],
        mention,
        result.relations[0],
        result.measurements[0],
    ):
        assert all(getattr(record, f.name) not in (None, "", (), [], set()) for f in fields(record))
    assert kg.cache.decode_result(kg.cache.encode_result(result)) == result
