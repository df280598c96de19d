"""Where the project's non-Python resources live.

The ontology, the SHACL shapes and the named SPARQL queries are package data (``kg/ontology/``),
read through :mod:`importlib.resources`, so they are found in any install: editable, ``pip
install .``, a wheel or pipx. ``seeds/`` is part of the source checkout only.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def repo_root() -> Path:
    """The source checkout this package was imported from (the folder holding ``kg/``)."""
    return Path(__file__).resolve().parent.parent


def ontology_dir() -> Path:
    """The folder holding ``cluster-kg.ttl`` (OWL), ``shapes.ttl`` (SHACL) and ``queries/``."""
    path = Path(str(files("kg").joinpath("ontology")))
    if not path.is_dir():
        raise FileNotFoundError(f"ontology folder not found at {path}: the package is incomplete")
    return path


def queries_dir() -> Path:
    """The named SPARQL queries: ``kg/ontology/queries/*.rq``."""
    return ontology_dir() / "queries"


def seeds_dir() -> Path:
    """The seed documents (source checkout only)."""
    return repo_root() / "seeds"
