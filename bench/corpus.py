"""Build a benchmark corpus by repeating and perturbing the seed documents and the devset's texts.

The sources are the five seeds and, when the shared development set is there
(``../shared/devset/texts`` beside the repository; read at run time, never copied into the
repository), its 72 passages of real web text: news, notices, park pages, firm news, Traditional
and Simplified. They are taken in turn, round after round, until the size is reached. Every copy
differs from the others (its digits are permuted and its paragraphs shuffled, both from a seeded
random generator), so each is a distinct document with its own hash and the build cache cannot
trivialise the run.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEVSET = ROOT.parent / "shared" / "devset" / "texts"
_UNITS = {"kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "b": 1}


def parse_size(text: str) -> int:
    """'10MB' → 10_000_000 bytes (decimal units)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?\s*", text.lower())
    if not match:
        raise ValueError(f"not a size: {text!r} (use e.g. 1MB, 10MB, 100MB)")
    return int(float(match.group(1)) * _UNITS[match.group(2) or "b"])


def perturb(text: str, rng: random.Random) -> str:
    """Permute the digits 1-9 and shuffle the paragraphs (blank-line separated blocks; the
    sentences of a text with fewer than three)."""
    digits = list("123456789")
    rng.shuffle(digits)
    text = text.translate(str.maketrans("123456789", "".join(digits)))
    paragraphs = re.split(r"\n\s*\n", text)
    if len(paragraphs) >= 3:
        rng.shuffle(paragraphs)
        return "\n\n".join(paragraphs)
    sentences = re.findall(r"[^。！？\n]*(?:[。！？]+|\n+|$)", text)
    rng.shuffle(sentences)
    return "".join(sentences)


def sources(
    seeds_dir: Path = SEEDS, devset_dir: Path | None = DEVSET
) -> list[tuple[str, str, str]]:
    """(kind, name, text) of every source document: the seeds, then the devset's texts when
    ``devset_dir`` exists (skipped when absent)."""
    found = [
        ("seed", p.stem, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))
    ]
    if devset_dir is not None and devset_dir.is_dir():
        for path in sorted(devset_dir.glob("*.txt")):
            found.append(("devset", f"dev-{path.stem}", path.read_text(encoding="utf-8")))
    return found


def describe(found: list[tuple[str, str, str]]) -> dict[str, dict[str, int]]:
    """Documents and UTF-8 bytes of each kind of source."""
    kinds: dict[str, dict[str, int]] = {}
    for kind, _name, text in found:
        entry = kinds.setdefault(kind, {"documents": 0, "bytes": 0})
        entry["documents"] += 1
        entry["bytes"] += len(text.encode("utf-8"))
    return kinds


def documents(
    size: int, seed: int = 0, seeds_dir: Path = SEEDS, devset_dir: Path | None = DEVSET
) -> Iterator[tuple[str, str]]:
    """(file name, text) pairs of perturbed source copies until ``size`` UTF-8 bytes are
    produced."""
    sources_ = [(name, text) for _kind, name, text in sources(seeds_dir, devset_dir)]
    rng = random.Random(seed)
    produced = 0
    copy = 0
    seen: set[int] = set()
    while produced < size:
        for stem, text in sources_:
            if produced >= size:
                break
            body = perturb(text, rng)
            if hash(body) in seen:  # a short text without digits: mark the copy, or the build
                body += f"\n\n（副本{copy}）"  # would skip it as a duplicate
            seen.add(hash(body))
            produced += len(body.encode("utf-8"))
            yield f"{copy:05d}_{stem}.txt", body
        copy += 1


def write_corpus(folder: Path, size: int, seed: int = 0) -> tuple[int, int]:
    """Write the corpus as many files under ``folder``; return (files, bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = total = 0
    for name, text in documents(size, seed):
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        files += 1
        total += len(data)
    return files, total
