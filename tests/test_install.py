"""The built wheel works on its own: installed into a fresh virtual environment, away from the
checkout, it builds the seeds graph, scores it against the shipped gold, runs every named query,
re-renders and exports it.

One module-scoped fixture builds and installs the wheel once (about half a minute); the venv sees
the already installed dependencies (``--system-site-packages``) but imports ``kg`` from the wheel.
Deselect with ``-m "not install"``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.install, pytest.mark.timeout(600)]


def _run(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """Build the wheel from a copy of the sources, install it into a fresh venv."""
    base = tmp_path_factory.mktemp("install")
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "kg", source / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = base / "wheels"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), "."],
        cwd=source,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("cluster_kg-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    bin_dir = env_dir / "bin"
    added = _run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel],
        cwd=base,
    )
    assert added.returncode == 0, added.stderr
    work = base / "work"  # not the checkout: nothing may be found relative to it
    work.mkdir()
    return {"wheel": wheel, "bin": bin_dir, "work": work}


def test_the_wheel_holds_the_resources(installed) -> None:
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for needed in (
        "kg/ontology/cluster-kg.ttl",
        "kg/ontology/shapes.ttl",
        "kg/ontology/queries/firms-of-cluster.rq",
        "kg/data/render/explorer.js",
        "kg/py.typed",
    ):
        assert needed in names
    assert any(n.endswith("dist-info/licenses/LICENSE") or n.endswith("/LICENSE") for n in names)


def test_kg_is_imported_from_the_wheel(installed) -> None:
    python = installed["bin"] / "python"
    where = _run([str(python), "-c", "import kg; print(kg.__file__)"], cwd=installed["work"])
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed["bin"].parent)


def test_build_eval_and_every_named_query_from_the_wheel(installed) -> None:
    kg, work = str(installed["bin"] / "kg"), installed["work"]
    built = _run([kg, "build", str(ROOT / "seeds"), "--out", "out"], cwd=work)
    assert built.returncode == 0, built.stderr
    assert (work / "out" / "graph.ttl").stat().st_size > 10_000
    assert (work / "out" / "graph.html").is_file()
    scored = _run([kg, "eval", "out", "--gold", str(ROOT / "seeds" / "gold")], cwd=work)
    assert scored.returncode == 0 and "ENTITIES" in scored.stdout, scored.stderr
    python = str(installed["bin"] / "python")
    listed = _run(
        [python, "-c", "from kg.query import named_queries; print(*named_queries())"], cwd=work
    )
    names = listed.stdout.split()
    assert listed.returncode == 0 and len(names) >= 7, listed.stderr
    for name in names:
        result = _run([kg, "query", "out", name, "--format", "csv"], cwd=work)
        assert result.returncode == 0, f"{name}: {result.stderr}"
        assert len(result.stdout.splitlines()) > 1, f"{name} gave no rows"
    module = _run([python, "-m", "kg", "query", "out"], cwd=work)
    assert module.returncode == 0 and "firms-of-cluster" in module.stdout, module.stderr
    rendered = _run([kg, "render", "out", "--out", "firms.html", "--type", "Firm"], cwd=work)
    assert rendered.returncode == 0 and (work / "firms.html").is_file(), rendered.stderr
    exported = _run([kg, "export", "out", "--format", "graphml", "--out", "g.graphml"], cwd=work)
    assert exported.returncode == 0 and (work / "g.graphml").is_file(), exported.stderr
