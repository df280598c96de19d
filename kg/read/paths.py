"""Finding the input files: files named directly, supported files below folders, symbolic
links that leave an input folder refused, the output folder never read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.read.problems import ReadProblem, _reason

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk(
    root: Path, follow_links: bool, exclude: tuple[Path, ...]
) -> Iterator[Path | ReadProblem]:
    """Supported, non-hidden files below ``root``, sorted. A symbolic link is followed only when
    its target is inside ``root`` (a file) or never (a folder), unless ``follow_links``; a link
    left alone is a :class:`ReadProblem`. Files inside an ``exclude`` folder are never listed."""
    real_root = root.resolve()
    visited: set[Path] = {real_root}
    out: list[Path | ReadProblem] = []

    def visit(folder: Path) -> None:
        try:
            entries = sorted(folder.iterdir())
        except OSError as error:
            out.append(ReadProblem(str(folder), _reason(error)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            real = entry.resolve()
            if any(_inside(real, e) for e in exclude):
                continue
            if entry.is_symlink():
                if entry.is_dir():
                    if not follow_links:
                        out.append(
                            ReadProblem(str(entry), "symbolic link to a folder: not followed")
                        )
                        continue
                elif not entry.is_file() or not _supported(entry):
                    continue
                elif not follow_links and not _inside(real, real_root):
                    out.append(
                        ReadProblem(
                            str(entry),
                            "symbolic link to a file outside the input folder: not followed"
                            " (kg build --follow-links reads it)",
                        )
                    )
                    continue
            if entry.is_dir():
                if real not in visited:  # a link loop is walked once
                    visited.add(real)
                    visit(entry)
            elif entry.is_file() and _supported(entry):
                out.append(entry)

    visit(root)
    yield from out


def expand_paths(
    paths: Iterable[str | Path],
    follow_links: bool = False,
    exclude: Iterable[str | Path] = (),
) -> list[Path | ReadProblem]:
    """Files named directly (whatever their suffix), plus every supported file below a named
    folder, sorted, hidden files and folders skipped. A folder holding no supported file is
    kept in the list so that reading reports it instead of it vanishing silently.

    Below a folder, symbolic links that lead out of it are not followed unless
    ``follow_links`` (each is listed as a :class:`ReadProblem`), and nothing inside an
    ``exclude`` folder (the build's output folder) is read."""
    found: list[Path | ReadProblem] = []
    seen: set[Path] = set()
    excluded = tuple(Path(e).resolve() for e in exclude)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = list(_walk(path, follow_links, excluded))
            members = inside if any(isinstance(m, Path) for m in inside) else [*inside, path]
        else:
            members = [path]
        for member in members:
            if isinstance(member, ReadProblem):
                found.append(member)
            elif member not in seen:
                seen.add(member)
                found.append(member)
    return found
