"""``python -m kg`` is the ``kg`` command."""

from __future__ import annotations

import subprocess
import sys


def test_python_dash_m_kg_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: kg ") and "build" in done.stdout
