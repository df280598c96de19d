"""kg.serialise.write_atomic: outputs get the permissions a plain write would give them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kg.serialise import write_atomic


@pytest.fixture
def umask_027():
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_output_follows_the_umask(tmp_path: Path, umask_027) -> None:
    path = tmp_path / "graph.ttl"
    write_atomic(path, b"graph\n")
    assert _mode(path) == 0o640


def test_a_rewrite_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, umask_027) -> None:
    path = tmp_path / "graph.ttl"
    write_atomic(path, b"first\n")
    path.chmod(0o604)
    write_atomic(path, b"second\n")
    assert _mode(path) == 0o604 and path.read_bytes() == b"second\n"
