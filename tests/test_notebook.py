"""notebooks/explore.ipynb is stored without outputs and runs top to bottom."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def _kernel_name() -> str:
    """The python3 kernel: ipykernel's native spec runs the interpreter running the tests."""
    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no python3 Jupyter kernel (python -m ipykernel install --user)")
    return "python3"


def _code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_notebook_is_stored_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in _code_cells(notebook):
        assert cell.outputs == [] and cell.execution_count is None


def test_the_notebook_runs_top_to_bottom(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path / "notebooks"  # away from the repository: seeds/ must still be found
    workdir.mkdir()
    client = NotebookClient(
        notebook, timeout=300, kernel_name=_kernel_name(), resources={"metadata": {"path": workdir}}
    )
    client.execute()
    outputs = [output for cell in _code_cells(notebook) for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    data = [
        o.get("data", {}) for o in outputs if o.output_type in ("execute_result", "display_data")
    ]
    source = "\n".join(cell.source for cell in _code_cells(notebook))
    for needed in ("firms-of-cluster", "policies-by-issuer", "betweenness", "communit", "html()"):
        assert needed in source
    assert any("image/png" in d for d in data), "no chart"
    frames = [d["text/html"] for d in data if "<iframe" in d.get("text/html", "")]
    assert frames and 'src="explorer.html"' in frames[0], "no interactive graph"
    assert (workdir / "explorer.html").stat().st_size > 10_000
    tables = [d["text/html"] for d in data if "<table" in d.get("text/html", "")]
    assert len(tables) >= 5
    executed = nbformat.writes(notebook).encode("utf-8")
    assert len(executed) < 400_000, "the executed notebook inlines something large"


def test_the_notebook_opens_with_the_extra_it_needs() -> None:
    with (NOTEBOOK.parent.parent / "pyproject.toml").open("rb") as handle:
        extras = tomllib.load(handle)["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[ ]", requirement)[0].lower() for requirement in extras["notebook"]}
    assert {"ipykernel", "matplotlib"} <= names and names & {"notebook", "jupyterlab"}
    first = nbformat.read(NOTEBOOK, as_version=4).cells[0]
    assert first.cell_type == "markdown" and "pip install -e '.[notebook]'" in first.source
