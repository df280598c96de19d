"""Document-level k-fold cross-validation of the relation classifier against the rules.

    python scripts/cv_relations.py [--folds 6] [--work /tmp/kg-cv]

The development part of ``../shared/devset`` (d01–d24, d37–d60) is split into k folds by
document (document i of the sorted list goes to fold i mod k). For each fold a model is trained
(scripts/train_relations.py) on the seeds and the other folds; the held-out fold's texts are
built with ``kg build`` under the rules and under each classifier mode, and each graph is scored
with ``kg eval`` against the fold's gold only. The true positives, false positives and misses of
the folds are summed, so the figures are pooled over the 48 documents. The unseen part is never
read.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import train_relations as training  # noqa: E402

from kg.model import RELATION_TYPES  # noqa: E402
from kg.pipeline import Pipeline  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset"
DEVELOPMENT = [f"d{n:02d}" for n in (*range(1, 25), *range(37, 61))]
_ROW = re.compile(r"^\s*(\w+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(\d+)\s+(\d+)\s+(\d+)\s*$")


def kg(*args: str) -> str:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    import os

    env = {**os.environ, **env}
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def scores(report: str) -> dict[str, tuple[int, int, int]]:
    out = {}
    for line in report.splitlines():
        match = _ROW.match(line)
        if match:
            out[match.group(1)] = tuple(int(x) for x in match.groups()[1:])
    return out


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-cv"))
    parser.add_argument("--modes", nargs="+", default=["learned", "filter", "add", "auto"])
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--min-df", type=int, default=3)
    parser.add_argument("--margin", type=float, default=0.0, help="see train_relations.py")
    args = parser.parse_args()
    pipeline = Pipeline()
    seeds = training.read_corpus(ROOT / "seeds", ROOT / "seeds" / "gold", pipeline)
    development = {
        d.stem: d
        for d in training.read_corpus(DEVSET / "texts", DEVSET / "gold", pipeline)
        if d.stem in DEVELOPMENT
    }
    systems = ["rules", *args.modes]
    totals: dict[str, dict[str, list[int]]] = {s: defaultdict(lambda: [0, 0, 0]) for s in systems}
    for fold in range(args.folds):
        held = [s for i, s in enumerate(DEVELOPMENT) if i % args.folds == fold]
        rest = [development[s] for s in DEVELOPMENT if s not in held]
        folder = args.work / f"fold{fold}"
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "texts").mkdir(parents=True)
        (folder / "gold").mkdir()
        for stem in held:
            shutil.copy(DEVSET / "texts" / f"{stem}.txt", folder / "texts")
            shutil.copy(DEVSET / "gold" / f"{stem}.json", folder / "gold")
        model = training.train([*seeds, *rest], C=args.C, min_df=args.min_df, margin=args.margin)
        training.write_model(model, folder / "model.json")
        line = []
        for system in systems:
            out = folder / f"out-{system}"
            extra = [] if system == "rules" else ["--relations", system]
            extra += [] if system == "rules" else ["--relation-model", str(folder / "model.json")]
            kg("build", str(folder / "texts"), "--out", str(out), "--no-cache", "--no-html", *extra)
            result = scores(kg("eval", str(out), "--gold", str(folder / "gold")))
            for name, (tp, fp, fn) in result.items():
                for k, v in enumerate((tp, fp, fn)):
                    totals[system][name][k] += v
            line.append(f"{system} {f1(*result['RELATIONS'])[2]:.3f}")
        print(f"fold {fold} ({', '.join(held)}): " + "; ".join(line), flush=True)
    print(f"\npooled over {len(DEVELOPMENT)} documents, relation F1 (P / R)")
    print(f"{'':14}" + "".join(f"{s:>22}" for s in systems))
    for name in ("ENTITIES", "RELATIONS", *RELATION_TYPES):
        cells = []
        for system in systems:
            p, r, f = f1(*totals[system][name])
            cells.append(f"{f:.3f} ({p:.3f}/{r:.3f})")
        print(f"{name:14}" + "".join(f"{c:>22}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
