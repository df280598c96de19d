"""Build and score the seeds and the two parts of the development set; print the README table.

    python scripts/results_table.py [--devset ../shared/devset] [--gold seeds/gold]

The development set is third-party text kept outside the repository: this script reads it where
it lies and builds into a temporary folder. Its two parts are the ones its README fixes: develop
on d01–d24 and d37–d60, keep d25–d36 and d61–d72 unseen (scored as a figure only).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = {f"d{n:02d}" for n in (*range(25, 37), *range(61, 73))}
ROWS = [
    "ENTITIES",
    *("Cluster", "Park", "Firm", "Policy", "Platform", "Agency", "ResearchOrg", "Region"),
    "RELATIONS",
    *("locatedIn", "partOf", "memberOf", "leads", "hasPlatform", "builtBy", "issuedBy"),
    *("supports", "designatedBy", "partnerOf"),
]


def score(texts: list[Path], gold: list[Path], work: Path, name: str) -> dict[str, tuple]:
    folder, gold_folder = work / name / "texts", work / name / "gold"
    folder.mkdir(parents=True)
    gold_folder.mkdir(parents=True)
    for path in texts:
        shutil.copy(path, folder / path.name)
    for path in gold:
        shutil.copy(path, gold_folder / path.name)
    out = work / name / "out"
    kg = [sys.executable, "-m", "kg"]
    subprocess.run(
        [*kg, "build", str(folder), "--out", str(out), "--no-cache", "--no-html"],
        check=True,
        capture_output=True,
    )
    report = subprocess.run(
        [*kg, "eval", str(out), "--gold", str(gold_folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = {}
    for line in report.splitlines()[1:]:
        parts = line.split()
        if len(parts) == 7:
            figures[parts[0]] = tuple(parts[1:])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--gold", type=Path, default=ROOT / "seeds" / "gold")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        columns = {
            "seeds": score(
                sorted((ROOT / "seeds").glob("*.txt")),
                sorted(args.gold.glob("*.json")),
                work,
                "seeds",
            ),
        }
        texts = sorted((args.devset / "texts").glob("*.txt"))
        if texts:
            gold = args.devset / "gold"
            for name, keep in (("development", False), ("unseen", True)):
                chosen = [t for t in texts if (t.stem in UNSEEN) == keep]
                columns[name] = score(chosen, [gold / f"{t.stem}.json" for t in chosen], work, name)
            columns["all 72"] = score(texts, sorted(gold.glob("*.json")), work, "all")
    print("| F1 (P / R) | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for row in ROWS:
        cells = []
        for figures in columns.values():
            p, r, f, *_ = figures.get(row, ("-", "-", "-"))
            cells.append(f"**{f}** ({p} / {r})" if row.isupper() else f)
        label = f"**{row.lower()}**" if row.isupper() else row
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
