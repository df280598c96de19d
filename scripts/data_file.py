"""Writing a data file that a script takes whole from a public source, or checking it."""

from __future__ import annotations

from pathlib import Path


def write_or_check(out: Path, text: str, check: bool) -> int:
    """Write ``text`` to ``out`` (through a temporary file), or with ``check`` compare them;
    the exit status: 1 when the check finds the file different."""
    if check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{out} differs from what the script writes")
        return 0 if same else 1
    partial = out.with_suffix(out.suffix + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(out)
    print(f"wrote {out}")
    return 0
