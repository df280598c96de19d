"""Checks on the public gazetteer files in kg/data/gazetteers/.

Each file is a UTF-8 TSV taken whole from a named public source: header lines
start with '#', must name the source and the date it was taken, and declare
the columns; every data row has name, type (one of the graph's entity types)
and aliases ('|'-separated), plus the extra columns the header names.
"""

from pathlib import Path

import pytest

GAZ_DIR = Path(__file__).resolve().parent.parent / "kg" / "data" / "gazetteers"
TYPES = {"Firm", "Park", "ResearchOrg", "Region", "Agency", "Platform"}
FILES = sorted(GAZ_DIR.glob("*.tsv"))


def _read(path):
    header, rows = [], []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert not text.startswith("\ufeff"), "no BOM"
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            assert not rows, f"{path.name}:{lineno}: header line after data"
            header.append(line)
        else:
            rows.append((lineno, line))
    return header, rows


def test_there_are_gazetteers():
    assert FILES, "no gazetteer files found"


def test_readme_lists_every_file():
    readme = (GAZ_DIR / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert path.name in readme, f"{path.name} missing from README.md"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_header(path):
    header, _ = _read(path)
    text = "\n".join(header).lower()
    assert "source:" in text
    assert "date:" in text
    assert "rows:" in text
    columns = [h for h in header if h.startswith("# columns:")]
    assert len(columns) == 1
    cols = columns[0][len("# columns:") :].strip().split("\t")
    assert cols[:3] == ["name", "type", "aliases"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_rows(path):
    header, rows = _read(path)
    cols = (
        [h for h in header if h.startswith("# columns:")][0][len("# columns:") :]
        .strip()
        .split("\t")
    )
    declared = [h for h in header if h.startswith("# rows:")][0]
    assert int(declared.split(":")[1].split()[0]) == len(rows)
    seen = set()
    for lineno, line in rows:
        where = f"{path.name}:{lineno}"
        fields = line.split("\t")
        assert len(fields) == len(cols), where
        name, typ, aliases = fields[:3]
        assert name and name == name.strip() and " " not in name, where
        assert typ in TYPES, where
        if aliases:
            parts = aliases.split("|")
            assert all(parts), where
            assert name not in parts, where
            assert len(parts) == len(set(parts)), where
        assert (name, typ) not in seen, f"{where}: duplicate {(name, typ)}"
        seen.add((name, typ))


def test_the_world_cities_file_is_what_its_script_writes():
    """The CLDR list is taken whole by scripts/world_cities.py, not edited by hand."""
    pytest.importorskip("babel")
    import subprocess
    import sys

    script = GAZ_DIR.parent.parent.parent / "scripts" / "world_cities.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_foreign_city_is_a_region(run):
    regions = {n for t, n in run("岚川公司在塔什干设立了中亚分公司。").entities() if t == "Region"}
    assert "塔什干" in regions
