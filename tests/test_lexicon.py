"""A user's own lexicon, honoured end to end: a --lexicon folder (a new park suffix, a new cue
word), a --names file (new names, typed as given), their errors, pickling to worker processes,
and `kg build --names` on rebuilds into the same output folder with the cache on.

Every name here is invented (岚汀, 澄屿, 星澜, 创芯港 name no real place, firm or zone).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kg import api
from kg.cli import main
from kg.graph import CKG
from kg.lexicon import LexiconError, LexiconSource, read_names
from kg.lexicon import load as load_lexicon
from kg.model import SourceDocument
from kg.pipeline import Pipeline, extract

PARK_TEXT = "星澜科技有限公司位于岚汀创芯港。"
NAMES_TEXT = "岚汀蓝鲸与澄屿大学签署合作协议，双方将在北苑智谷共建实验室。"


def _entities(text: str, pipeline: Pipeline | None = None) -> set[tuple[str, str]]:
    result = extract(SourceDocument(path="passage.txt", text=text), pipeline)
    return {(e.type, e.name) for e in result.entities}


def _triples(text: str, pipeline: Pipeline | None = None) -> set[tuple[str, str, str]]:
    result = extract(SourceDocument(path="passage.txt", text=text), pipeline)
    return {(r.head[1], r.relation, r.tail[1]) for r in result.relations}


@pytest.fixture
def suffix_folder(tmp_path: Path) -> Path:
    """A --lexicon folder adding one park suffix, 创芯港."""
    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "lexicon.toml").write_text('[suffixes]\nPark = ["创芯港"]\n', encoding="utf-8")
    return folder


@pytest.fixture
def names_file(tmp_path: Path) -> Path:
    path = tmp_path / "names.tsv"
    path.write_text(
        "# my names\n岚汀蓝鲸\tFirm\n\n北苑智谷\tPark  # a zone of my own\n", encoding="utf-8"
    )
    return path


# ------------------------------------------------------------------ a --lexicon folder


def test_a_new_park_suffix_is_not_known_to_the_package() -> None:
    assert ("Park", "岚汀创芯港") not in _entities(PARK_TEXT)


def test_a_new_park_suffix_from_a_lexicon_folder_makes_a_park(suffix_folder: Path) -> None:
    pipeline = Pipeline.configured(lexicon_dir=suffix_folder)
    assert "创芯港" in pipeline.lexicon.suffixes["Park"]
    assert "高新区" in pipeline.lexicon.suffixes["Park"]  # extended, not replaced
    assert ("Park", "岚汀创芯港") in _entities(PARK_TEXT, pipeline)
    assert ("星澜科技有限公司", "locatedIn", "岚汀创芯港") in _triples(PARK_TEXT, pipeline)


def test_a_new_cue_word_from_a_lexicon_folder_gives_the_relation(tmp_path: Path) -> None:
    text = "星澜科技有限公司栖身岚汀高新区。"
    assert ("星澜科技有限公司", "locatedIn", "岚汀高新区") not in _triples(text)
    folder = tmp_path / "cues"
    folder.mkdir()
    (folder / "relations.toml").write_text('[locatedIn]\ncues = ["栖身"]\n', encoding="utf-8")
    pipeline = Pipeline.configured(lexicon_dir=folder)
    assert ("星澜科技有限公司", "locatedIn", "岚汀高新区") in _triples(text, pipeline)


def test_a_lexicon_folder_edited_in_the_same_process_is_read_again(suffix_folder: Path) -> None:
    """A notebook that edits its folder and builds again gets the edited vocabulary."""
    text = "星澜科技有限公司位于岚汀智造湾。"
    assert ("Park", "岚汀智造湾") not in _entities(
        text, Pipeline.configured(lexicon_dir=suffix_folder)
    )
    (suffix_folder / "lexicon.toml").write_text(
        '[suffixes]\nPark = ["创芯港", "智造湾"]\n', encoding="utf-8"
    )
    pipeline = Pipeline.configured(lexicon_dir=suffix_folder)
    assert ("Park", "岚汀智造湾") in _entities(text, pipeline)
    assert pipeline.lexicon.fingerprint == LexiconSource(folder=str(suffix_folder)).fingerprint()


def test_a_replacing_lexicon_folder_replaces_the_file(suffix_folder: Path) -> None:
    source = LexiconSource(folder=str(suffix_folder), replace=True)
    assert source.toml("lexicon.toml") == {"suffixes": {"Park": ["创芯港"]}}
    assert (
        "高新区"
        in LexiconSource(folder=str(suffix_folder)).toml("lexicon.toml")["suffixes"]["Park"]
    )


def test_a_replacing_file_that_lacks_an_entry_is_a_one_line_error(suffix_folder: Path) -> None:
    with pytest.raises(LexiconError, match=r"lacks the entry 'generic'") as error:
        Pipeline.configured(lexicon_dir=suffix_folder, replace_lexicon=True)
    assert str(error.value).startswith(str(suffix_folder))
    assert "\n" not in str(error.value)


def test_a_word_where_a_list_belongs_is_an_error_naming_file_and_key(tmp_path: Path) -> None:
    """Park = "创芯港" would otherwise replace the park suffixes by 创, 芯 and 港."""
    (tmp_path / "lexicon.toml").write_text('[suffixes]\nPark = "创芯港"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lexicon.toml: suffixes.Park: expected a list"):
        Pipeline.configured(lexicon_dir=tmp_path)


def test_a_missing_lexicon_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no such lexicon folder"):
        Pipeline.configured(lexicon_dir=tmp_path / "nowhere")


def test_a_bad_toml_file_in_a_lexicon_folder_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "relations.toml").write_text("[locatedIn\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="relations.toml"):
        load_lexicon(LexiconSource(folder=str(tmp_path)))


# ------------------------------------------------------------------ a names file


def test_names_are_not_known_without_the_names_file() -> None:
    found = _entities(NAMES_TEXT)
    assert not {n for _t, n in found} & {"岚汀蓝鲸", "北苑智谷"}


def test_a_names_file_makes_its_names_found_and_typed_as_given(names_file: Path) -> None:
    pipeline = Pipeline.configured(names=names_file)
    found = _entities(NAMES_TEXT, pipeline)
    assert {("Firm", "岚汀蓝鲸"), ("Park", "北苑智谷")} <= found
    assert ("岚汀蓝鲸", "partnerOf", "澄屿大学") in _triples(NAMES_TEXT, pipeline)


@pytest.mark.parametrize(
    ("line", "text", "other"),
    [
        # the package reads 岚汀检测中心 as a Platform by its suffix 检测中心
        ("岚汀检测中心\tFirm", "岚汀检测中心发布了新标准。", "Platform"),
        # the package knows 中国社科院 as a ResearchOrg
        ("中国社科院\tAgency", "中国社科院发布了年度报告。", "ResearchOrg"),
    ],
)
def test_a_users_type_wins_over_the_packages_reading(
    tmp_path: Path, line: str, text: str, other: str
) -> None:
    name, type_ = line.split("\t")
    assert (other, name) in _entities(text)
    path = tmp_path / "names.tsv"
    path.write_text(line + "\n", encoding="utf-8")
    found = _entities(text, Pipeline.configured(names=path))
    assert (type_, name) in found and (other, name) not in found


def test_a_names_file_is_read_with_comments_and_blank_lines(names_file: Path) -> None:
    assert read_names(names_file) == (("岚汀蓝鲸", "Firm"), ("北苑智谷", "Park"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("岚汀蓝鲸 Firm", "expected 'name<TAB>Type'"),
        ("岚汀蓝鲸\tCompany", "unknown type 'Company'"),
        ("鲸\tFirm", "at least 2 characters"),
        ("岚汀蓝鲸\tFirm\textra", "expected 'name<TAB>Type'"),
    ],
)
def test_a_bad_names_line_names_the_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "names.tsv"
    path.write_text(f"# mine\n北苑智谷\tPark\n{line}\n", encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        Pipeline.configured(names=path)
    assert str(error.value).startswith(f"{path}:3: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_names_file_with_a_byte_order_mark_and_crlf_lines(tmp_path: Path) -> None:
    """As Windows editors save it: the mark is not part of the first name."""
    path = tmp_path / "names.tsv"
    path.write_bytes("\ufeff岚汀蓝鲸\tFirm\r\n北苑智谷\tPark\r\n".encode())
    assert read_names(path) == (("岚汀蓝鲸", "Firm"), ("北苑智谷", "Park"))


def test_a_names_file_that_is_not_utf8_or_missing_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "names.tsv"
    path.write_bytes("岚汀蓝鲸\tFirm\n".encode("gb18030"))
    with pytest.raises(LexiconError, match="not UTF-8"):
        read_names(path)
    with pytest.raises(LexiconError, match="no such names file"):
        read_names(tmp_path / "none.tsv")


def test_the_python_api_takes_a_names_file(tmp_path: Path, names_file: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(NAMES_TEXT, encoding="utf-8")
    labels = set(api.build(folder, names=names_file).entities()["label"])
    assert {"岚汀蓝鲸", "北苑智谷"} <= labels
    assert "岚汀蓝鲸" not in set(api.build(folder).entities()["label"])


# ------------------------------------------------------------------ pickling


def test_a_lexicon_pickles_to_an_equivalent_lexicon(suffix_folder: Path, names_file: Path) -> None:
    lexicon = Pipeline.configured(names=names_file, lexicon_dir=suffix_folder).lexicon
    copy = pickle.loads(pickle.dumps(lexicon))
    assert copy.fingerprint == lexicon.fingerprint
    assert copy.source == lexicon.source
    assert copy.known_owner["岚汀蓝鲸"] == "Firm"
    assert "创芯港" in copy.suffixes["Park"]


def test_a_lexicon_is_rebuilt_from_its_source_in_another_process(
    suffix_folder: Path, names_file: Path
) -> None:
    """What a worker process receives: the same names, suffixes and fingerprint."""
    lexicon = Pipeline.configured(names=names_file, lexicon_dir=suffix_folder).lexicon
    script = (
        "import pickle, sys\n"
        "lexicon = pickle.load(sys.stdin.buffer)\n"
        "print(lexicon.fingerprint, lexicon.known_owner['北苑智谷'],\n"
        "      '创芯港' in lexicon.suffixes['Park'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(lexicon),
        capture_output=True,
        check=True,
    )
    assert done.stdout.decode().split() == [lexicon.fingerprint, "Park", "True"]


def test_a_lexicon_pickles_small() -> None:
    """It travels as its source, not as its tables and automata."""
    assert len(pickle.dumps(load_lexicon())) < 2_000


def test_the_lexicon_fingerprint_follows_its_names_and_folder(
    suffix_folder: Path, names_file: Path
) -> None:
    default = load_lexicon().fingerprint
    with_names = Pipeline.configured(names=names_file).lexicon.fingerprint
    with_folder = Pipeline.configured(lexicon_dir=suffix_folder).lexicon.fingerprint
    assert len({default, with_names, with_folder}) == 3


# ------------------------------------------------------------------ kg build --names


def _labels(out: Path) -> set[str]:
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    return {str(o) for o in graph.objects(None, SKOS.prefLabel) if isinstance(o, Literal)}


def _kg_build(folder: Path, out: Path, *options: str) -> None:
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(out), "--no-html", *options]
    )
    assert result.exit_code == 0, result.output


def test_kg_build_honours_a_names_file_on_rebuilds_with_the_cache(
    tmp_path: Path, names_file: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(NAMES_TEXT, encoding="utf-8")
    out = tmp_path / "out"

    _kg_build(folder, out)  # fills the cache without the names
    assert (out / ".kg-cache").exists()
    assert "岚汀蓝鲸" not in _labels(out)

    _kg_build(folder, out, "--names", str(names_file))  # same text, same folder, cache on
    assert {"岚汀蓝鲸", "北苑智谷"} <= _labels(out)

    _kg_build(folder, out, "--names", str(names_file))  # again, from the cache
    assert {"岚汀蓝鲸", "北苑智谷"} <= _labels(out)

    _kg_build(folder, out)  # the names dropped: so are they
    assert not {"岚汀蓝鲸", "北苑智谷"} & _labels(out)


def test_kg_build_honours_a_names_file_in_worker_processes(
    tmp_path: Path, names_file: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(f"第{i}期：{NAMES_TEXT}", encoding="utf-8")
    out = tmp_path / "out"
    _kg_build(folder, out, "--names", str(names_file), "--jobs", "2", "--no-cache")
    assert {"岚汀蓝鲸", "北苑智谷"} <= _labels(out)


def test_kg_build_honours_an_edited_names_file(tmp_path: Path, names_file: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(NAMES_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    _kg_build(folder, out, "--names", str(names_file))
    names_file.write_text("岚汀蓝鲸\tFirm\n", encoding="utf-8")  # 北苑智谷 removed
    _kg_build(folder, out, "--names", str(names_file))
    labels = _labels(out)
    assert "岚汀蓝鲸" in labels and "北苑智谷" not in labels


def test_kg_build_honours_a_lexicon_folder(tmp_path: Path, suffix_folder: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PARK_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    _kg_build(folder, out)
    assert "岚汀创芯港" not in _labels(out)
    _kg_build(folder, out, "--lexicon", str(suffix_folder))
    assert "岚汀创芯港" in _labels(out)


MERGING = {
    "a.txt": "临沧市岚汀创芯港光电产业集群（以下简称“岚汀创芯港光电集群”）发展迅速。",
    "b.txt": "岚汀创芯港光电集群集聚了星澜科技有限公司等企业。",
}


def test_merging_across_documents_uses_the_lexicon_of_the_build(
    tmp_path: Path, suffix_folder: Path
) -> None:
    """An alias links documents when it opens with a place: 岚汀创芯港 is one only by the
    user's suffix, so the merge must read the build's lexicon, not the package's."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in MERGING.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    _kg_build(folder, out, "--lexicon", str(suffix_folder))
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    clusters = set(graph.subjects(RDF.type, CKG.Cluster))
    assert len(clusters) == 1
    pipeline = api.pipeline(lexicon=suffix_folder)
    assert (
        len(api.from_texts(MERGING, pipeline=pipeline).entities().query("type == 'Cluster'")) == 1
    )


def test_kg_build_reports_a_bad_names_line_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(NAMES_TEXT, encoding="utf-8")
    names = tmp_path / "names.tsv"
    names.write_text("岚汀蓝鲸\tFirm\n北苑智谷\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(tmp_path / "out"), "--names", str(names)]
    )
    assert result.exit_code == 2
    assert f"{names}:2: expected 'name<TAB>Type'" in result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_replace_lexicon_needs_a_lexicon_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--replace-lexicon"]
    )
    assert result.exit_code == 2
    assert "--replace-lexicon needs --lexicon" in result.output


# ------------------------------------------------------------------ the README's examples


def _readme_extending() -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Extending\n")
    return readme[start : readme.index("\n## ", start)]


def test_the_readme_extending_examples_work(tmp_path: Path) -> None:
    """The files of the section written out as named, its commands and its Python run."""
    import re

    section = _readme_extending()
    for block in re.findall(r"```(?:toml|text)\n(.*?)```", section, re.S):
        name = re.match(r"# (\S+?):?(?:\s|$)", block).group(1)  # the first line names the file
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(block, encoding="utf-8")
    text_file, text = re.search(r"With `(texts/[^`]+)` holding `([^`]+)`", section).groups()
    (tmp_path / text_file).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / text_file).write_text(text + "\n", encoding="utf-8")
    for console in re.findall(r"```console\n(.*?)```", section, re.S):
        lines = console.splitlines()
        for k, line in enumerate(lines):
            if not line.startswith("$ "):
                continue
            command = re.sub(r"^kg ", f"{sys.executable} -m kg ", line[2:])
            done = subprocess.run(
                command, shell=True, cwd=tmp_path, capture_output=True, text=True, check=False
            )
            shown = lines[k + 1] if k + 1 < len(lines) and not lines[k + 1].startswith("$") else ""
            if shown.startswith("error:"):
                assert done.returncode == 2 and shown in done.stderr, done.stderr
            else:
                assert done.returncode == 0, done.stderr
                assert shown.split(";")[0] in done.stderr
    labels = _labels(tmp_path / "out")  # the second build's: the user's park and firm
    assert {"岚汀创芯港", "岚汀蓝鲸"} <= labels
    for number, code in enumerate(re.findall(r"```python\n(.*?)```", section, re.S)):
        script = tmp_path / f"example{number}.py"
        script.write_text(code, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        for shown in re.findall(r"^# (\d+ .*)$", code, re.M):  # a printed table's rows
            assert shown.split() == done.stdout.splitlines()[int(shown[0]) + 1].split()


def test_the_industry_classifications_fields_are_industry_terms() -> None:
    """kg/data/fields_gbt4754.txt (GB/T 4754-2017 category names, see its header) adds field
    and product words that no hand-written list has."""
    from kg.lexicon import load

    terms = load().industry_terms
    assert {"电子电路", "家用电器", "乳制品"} <= terms
    assert "帮助" not in terms  # a common non-noun word is dropped by the script


def test_the_fields_file_names_its_source() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "kg/data/fields_gbt4754.txt").read_text(
        encoding="utf-8"
    )
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("source:" in line for line in header) and any("date:" in line for line in header)


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("凉山州", "凉山彝族自治州"),
        ("湘西州", "湘西土家族苗族自治州"),
        ("石林县", "石林彝族自治县"),
    ],
)
def test_autonomous_units_are_known_by_their_short_written_form(written, full) -> None:
    assert load_lexicon().regions[written].name == full


def test_the_short_form_of_an_autonomous_prefecture_drops_its_peoples() -> None:
    assert load_lexicon().regions["凉山彝族自治州"].short == "凉山"
