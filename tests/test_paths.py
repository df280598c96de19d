"""kg.paths: the ontology, shapes and named queries are package data, found inside ``kg/``."""

from __future__ import annotations

from pathlib import Path

import kg
from kg.paths import ontology_dir, queries_dir


def test_ontology_is_inside_the_package() -> None:
    package = Path(kg.__file__).resolve().parent
    folder = ontology_dir()
    assert folder.resolve().parent == package
    assert (folder / "cluster-kg.ttl").is_file() and (folder / "shapes.ttl").is_file()


def test_named_queries_are_inside_the_package() -> None:
    names = sorted(p.stem for p in queries_dir().glob("*.rq"))
    assert "firms-of-cluster" in names and len(names) >= 7
