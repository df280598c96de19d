"""Where the project's non-Python resources live.

The supported install is an editable one from the source checkout, so resources are found relative
to the repository root: ``ontology/`` (the ontology and the named SPARQL queries) and ``seeds/``.
"""

from __future__ import annotations

from pathlib import Path


def repo_root() -> Path:
    """The source checkout this package was imported from (the folder holding ``kg/``)."""
    return Path(__file__).resolve().parent.parent


def ontology_dir() -> Path:
    path = repo_root() / "ontology"
    if not path.is_dir():
        raise FileNotFoundError(f"ontology folder not found at {path}: install cluster-kg editable")
    return path


def queries_dir() -> Path:
    """The named SPARQL queries: ``ontology/queries/*.rq``."""
    return ontology_dir() / "queries"


def seeds_dir() -> Path:
    return repo_root() / "seeds"
