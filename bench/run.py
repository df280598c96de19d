"""Speed and scale benchmark: everything measured in one run, on one corpus, on this machine.

    python bench/run.py --size 10MB          # also 1MB, 100MB

1. A corpus of ``--size`` bytes: the seeds and the devset's 72 real passages (read from
   ``../shared/devset/texts`` when it is there), repeated, each copy perturbed (digits permuted,
   paragraphs shuffled) so that every document differs, written as many files to a temp folder.
2. Baseline: ``jieba.lcut`` over the whole corpus, line by line (dictionary load timed apart).
3. ``kg build`` end to end (read, normalise, segment, extract, merge, write Turtle) as a
   subprocess, ``--no-cache --no-html``, with 1 job and with 2 jobs (default segmenter), and with
   ``--segmenter-jieba`` also 1 job with the jieba backend: wall time, CPU time and the peak RSS
   of the whole process tree (psutil polling); the graphs must be byte-identical. Just before
   and after the 2-job build, two busy-loop processes are timed against one after the other
   (:func:`parallel_headroom`): the speedup the machine had to give at that moment.
4. Where the time goes: per-stage times of the pipeline on the first megabyte, in-process, then
   the same again under cProfile, one profile per stage: its functions by own time.
5. Queries: load time and latency of every named query (kg/ontology/queries/*.rq), unbound and
   with one parameter bound, on the built graph and on a synthetic graph of ``--triples``
   triples shaped like ours, with pyoxigraph and rdflib (rdflib under a time limit, and on the
   synthetic graph only with ``--rdflib-large``).

6. With ``--html``: the explorer's first drawing for a graph of ``--html-nodes`` (5,000)
   entities in headless Chromium (``bench/explorer.py``).

Results: a table on stdout, bench/results/latest.json (git-ignored) and bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import platform
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus as corpus_module  # noqa: E402
import explorer  # noqa: E402
import synthetic  # noqa: E402

TARGETS = {
    "throughput_vs_jieba": 1.0,
    "speedup_2_jobs": 1.8,
    "peak_rss_gb_100mb": 2.0,
    "query_s_1m_oxigraph": 1.0,
    "explorer_first_draw_s_5000": 3.0,
}


# ------------------------------------------------------------------ machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _default_segmenter() -> str:
    from kg import segmenter

    return segmenter.DEFAULT


def machine() -> dict[str, Any]:
    import jieba
    import pyoxigraph
    import rdflib

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": cpus,
        "cpu": _cpu_model(),
        "ram_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "jieba": jieba.__version__,
        "rjieba": _version("rjieba"),
        "segmenter": _default_segmenter(),
        "rdflib": rdflib.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "load_average_at_start": os.getloadavg(),
    }


# ------------------------------------------------------------------ measurements


def code_fingerprint() -> str:
    """A hash of kg/ (code and data) now: a build made after an edit is not comparable."""
    from kg.cache import _tree_digest

    return _tree_digest(ROOT / "kg", ("*.py", "data/*"))


def jieba_baseline(folder: Path) -> dict[str, Any]:
    """jieba.lcut over every line of every file; the dictionary load is timed separately."""
    import jieba

    jieba.setLogLevel(60)
    started = time.perf_counter()
    jieba.initialize()
    load_s = time.perf_counter() - started
    size = 0
    wall = cpu = 0.0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        size += len(text.encode("utf-8"))
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for line in text.splitlines():
            jieba.lcut(line)
        wall += time.perf_counter() - wall_start
        cpu += time.process_time() - cpu_start
    return {
        "bytes": size,
        "wall_s": wall,
        "cpu_s": cpu,
        "dict_load_s": load_s,
        "mb_s": size / wall / 1e6,
    }


def _busy(loops: int) -> float:
    """A pure-Python busy loop; its CPU seconds."""
    started, total = time.process_time(), 0
    for i in range(loops):
        total += i
    return time.process_time() - started


def parallel_headroom(loops: int = 10_000_000) -> float:
    """How much faster two busy processes finish than the same two loops one after the other,
    measured now: about 2.0 on an idle two-core machine, less while other work holds a core.
    It is the most a 2-job build could gain at that moment, so it says how to read one."""
    import multiprocessing

    started = time.perf_counter()
    _busy(loops)
    _busy(loops)
    serial = time.perf_counter() - started
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_busy, [1, 1])  # the workers are up before the clock starts
        started = time.perf_counter()
        pool.map(_busy, [loops, loops])
        parallel = time.perf_counter() - started
    return serial / parallel


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += member.memory_info().rss
    return total


def run_measured(command: list[str], timeout: float | None = None) -> dict[str, Any]:
    """Run ``command``: wall time, CPU time (user+sys of the whole tree), peak tree RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, _tree_rss(watched))
        except psutil.NoSuchProcess:
            break
        if timeout is not None and time.perf_counter() - started > timeout:
            child.kill()
            break
        time.sleep(0.05)
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "returncode": child.returncode,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": peak / 1e6,
        "stdout": stdout,
        "stderr": stderr[-2000:],
    }


def kg_build(
    folder: Path, out: Path, jobs: int, html: bool, segmenter: str | None = None
) -> dict[str, Any]:
    command = [sys.executable, "-m", "kg.cli", "build", str(folder), "--out", str(out)]
    command += ["--no-cache", "--no-progress", "--jobs", str(jobs)]
    command += [] if html else ["--no-html"]
    command += ["--segmenter", segmenter] if segmenter else []
    result = run_measured(command)
    if result["returncode"] != 0:
        raise RuntimeError(f"kg build failed:\n{result['stderr']}")
    result.pop("stdout")
    result["summary"] = result.pop("stderr").strip().splitlines()[-1]
    graph = out / "graph.ttl"
    result["graph_bytes"] = graph.stat().st_size
    return result


def _function_name(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":  # a built-in
        return function
    path = filename.replace(str(ROOT) + os.sep, "")
    path = re.sub(r".*site-packages/", "", path)
    return f"{path}:{line}({function})"


def _top_functions(profile: cProfile.Profile, count: int = 8) -> list[dict[str, Any]]:
    """The functions with the most own time (tottime) in ``profile``."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda item: -item[1][2])[:count]
    return [
        {"function": _function_name(key), "own_s": tt, "cumulative_s": ct, "calls": nc}
        for key, (_cc, nc, tt, ct, _callers) in rows
    ]


def stage_profile(folder: Path, limit: int = 1_000_000, profiled: bool = False) -> dict[str, Any]:
    """Seconds per pipeline stage (and merge, graph, Turtle) on the first ``limit`` bytes; with
    ``profiled``, under cProfile (one profile per stage), with each stage's top functions."""
    from kg.graph import add_triples, merge
    from kg.parallel import slim, warm_up
    from kg.pipeline import DEFAULT_PIPELINE, extract
    from kg.read import read_documents
    from kg.registry import stages
    from kg.serialise import TurtleWriter

    warm_up()
    times = dict.fromkeys(DEFAULT_PIPELINE, 0.0)
    originals = {name: stages.get(name) for name in DEFAULT_PIPELINE}
    profiles: dict[str, cProfile.Profile] = {}

    @contextlib.contextmanager
    def measured(name: str) -> Any:
        profile = profiles.setdefault(name, cProfile.Profile()) if profiled else None
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        try:
            yield
        finally:
            if profile is not None:
                profile.disable()
            times[name] = times.get(name, 0.0) + time.perf_counter() - started

    def timed(name: str, function: Any) -> Any:
        def stage(state: Any) -> Any:
            with measured(name):
                return function(state)

        return stage

    files, size = [], 0
    for path in sorted(folder.glob("*.txt")):
        if size >= limit:
            break
        files.append(path)
        size += path.stat().st_size
    for name, function in originals.items():
        stages.register(name)(timed(name, function))
    try:
        with measured("read"):
            sources = list(read_documents(files))
        results = [slim(extract(s)) for s in sources if not hasattr(s, "reason")]
    finally:
        for name, function in originals.items():
            stages.register(name)(function)
    with measured("merge"):
        corpus = merge(results)
    with measured("graph"):
        writer = TurtleWriter()
        add_triples(corpus, writer.add)
    with measured("turtle"):
        writer.to_bytes()
    out: dict[str, Any] = {"bytes": size, **times}
    if profiled:
        out["profile"] = {
            "bytes": size,
            "seconds": dict(times),
            "top": {name: _top_functions(profile) for name, profile in profiles.items()},
        }
    return out


def query_bench(store: str, graph: Path, repeat: int, timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(BENCH / "queries.py"), "--store", store]
    command += ["--graph", str(graph), "--repeat", str(repeat)]
    measured = run_measured(command, timeout=timeout)
    records = [json.loads(line) for line in measured["stdout"].splitlines() if line.strip()]
    report: dict[str, Any] = {"store": store, "timed_out": measured["returncode"] not in (0,)}
    report["peak_rss_mb"] = measured["peak_rss_mb"]
    report["queries"] = {}
    for record in records:
        if "load_s" in record:
            report.update(load_s=record["load_s"], triples=record["triples"])
        else:
            report["queries"].setdefault(record.pop("query"), {})[record.pop("mode")] = record
    if measured["returncode"] not in (0, -9):
        report["error"] = measured["stderr"]
    return report


# ------------------------------------------------------------------ report


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _sources_text(corpus: dict[str, Any]) -> str:
    kinds = corpus.get("sources") or {}
    names = {"seed": "seeds", "devset": "devset passages"}
    parts = [
        f"{v['documents']} {names.get(k, k)} ({v['bytes'] / 1e3:.0f} kB)" for k, v in kinds.items()
    ]
    return " + ".join(parts) or "seeds"


def _profile_lines(profile: dict[str, Any], per_stage: int = 4) -> list[str]:
    seconds = profile["seconds"]
    lines = [
        "",
        f"cProfile, per stage (first {profile['bytes'] / 1e6:.1f} MB; times under the profiler, "
        "so inflated): the functions with the most own time",
        "",
        "| stage | under cProfile | top functions (own time) |",
        "|---|---:|---|",
    ]
    for name in sorted(seconds, key=lambda n: -seconds[n]):
        top = profile["top"].get(name, [])[:per_stage]
        text = "; ".join(f"`{f['function']}` {f['own_s']:.2f} s" for f in top)
        lines.append(f"| {name} | {seconds[name]:.2f} s | {text} |")
    return lines


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    base = results["jieba"]
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"load average at start {m['load_average_at_start'][0]:.2f}",
        f"Corpus: {results['corpus']['files']} files, {results['corpus']['bytes'] / 1e6:.1f} MB "
        f"({_sources_text(results['corpus'])}, repeated and perturbed); "
        f"segmenter: {m.get('segmenter', '?')}",
        "",
        "| run | wall | CPU | MB/s | vs jieba.lcut | peak RSS |",
        "|---|---:|---:|---:|---:|---:|",
        f"| jieba.lcut, line by line (dictionary load {base['dict_load_s']:.1f} s apart) "
        f"| {base['wall_s']:.1f} s | {base['cpu_s']:.1f} s | {base['mb_s']:.2f} | 1.00× | — |",
    ]
    rows = [
        (f"kg build --jobs {jobs} (end to end)", build)
        for jobs, build in sorted(results["builds"].items(), key=lambda x: int(x[0]))
    ]
    if results.get("build_jieba_backend"):
        rows.append(("kg build --jobs 1 --segmenter jieba", results["build_jieba_backend"]))
    for title, build in rows:
        lines.append(
            f"| {title} | {build['wall_s']:.1f} s "
            f"| {build['cpu_s']:.1f} s | {build['mb_s']:.2f} | {build['vs_jieba']:.2f}× "
            f"| {build['peak_rss_mb']:.0f} MB |"
        )
    ratios = results["ratios"]
    lines += [
        "",
        f"- single-job throughput vs jieba.lcut: **{ratios['throughput_vs_jieba']:.2f}×** "
        f"(target ≥ {TARGETS['throughput_vs_jieba']}×); by CPU time "
        f"{ratios['cpu_throughput_vs_jieba']:.2f}× (less sensitive to other load on the machine)",
    ]
    if "speedup_2_jobs" in ratios:
        headroom = results.get("headroom") or []
        ceiling = (
            f"; two busy-loop processes ran {min(headroom):.2f}–{max(headroom):.2f}× faster "
            "than one after the other, just before and after that build (the most two jobs "
            "could gain then)"
            if headroom
            else ""
        )
        lines.append(
            f"- 2 jobs vs 1 job: **{ratios['speedup_2_jobs']:.2f}×** faster "
            f"(target ≥ {TARGETS['speedup_2_jobs']}×){ceiling}; graphs byte-identical: "
            f"{results['identical_graphs']}"
        )
    lines.append(
        f"- peak RSS of the process tree, largest run: {ratios['peak_rss_mb']:.0f} MB "
        f"(target < {TARGETS['peak_rss_gb_100mb']:.0f} GB at 100 MB)"
    )
    if results.get("build_jieba_backend"):
        jieba_build = results["build_jieba_backend"]
        single = results["builds"].get("1")
        if single:
            lines.append(
                f"- segmenter {m.get('segmenter', '?')} vs jieba backend, 1 job: "
                f"{jieba_build['wall_s'] / single['wall_s']:.2f}× faster end to end"
            )
    shown = results.get("explorer")
    if shown and not shown.get("skipped"):
        lines.append(
            f"- explorer, {shown['nodes']:,} nodes and {shown['edges']:,} edges in headless "
            f"Chromium: first drawing **{shown['first_draw_s']:.2f} s** after navigation "
            f"(median of {len(shown['first_draw_runs_s'])}; target ≤ "
            f"{TARGETS['explorer_first_draw_s_5000']:.0f} s); page rendered in Python in "
            f"{shown['render_s']:.1f} s ({shown['html_bytes'] / 1e6:.1f} MB); "
            f"{shown['drawn_nodes']:,} nodes in the opening view; every entity shown "
            f"({shown.get('show_all_nodes', 0):,} nodes) redrawn in "
            f"{shown.get('show_all_s', 0):.2f} s; {shown['page_errors']} page errors"
        )
    elif shown:
        lines.append(f"- explorer: skipped ({shown['skipped']})")
    if results.get("stages"):
        stages = results["stages"]
        total = sum(v for k, v in stages.items() if k != "bytes")
        parts = ", ".join(
            f"{k} {v:.2f} s ({v / total:.0%})"
            for k, v in sorted(stages.items(), key=lambda x: -x[1] if x[0] != "bytes" else 0)
            if k != "bytes"
        )
        lines += [
            "",
            f"Where the time goes (in-process, first {stages['bytes'] / 1e6:.1f} MB): {parts}",
        ]
    if results.get("profile"):
        lines += _profile_lines(results["profile"])
    for title, key in (("built graph", "queries_built"), ("synthetic graph", "queries_synthetic")):
        reports = results.get(key) or []
        if not reports:
            continue
        lines += ["", f"Queries on the {title}:", ""]
        header = "| query |"
        rule = "|---|"
        reports = [r for r in reports if not r.get("skipped")]
        skipped = [r for r in results.get(key) or [] if r.get("skipped")]
        for report in reports:
            load = _fmt_s(report.get("load_s"))
            tag = f"{report['store']} ({report.get('triples', 0):,} triples, load {load})"
            header += f" {tag}: all rows | bound |"
            rule += "---:|---:|"
        lines += [header, rule]
        names = sorted({q for r in reports for q in r["queries"]})
        for name in names:
            row = f"| {name} |"
            for report in reports:
                entry = report["queries"].get(name, {})
                every, bound = entry.get("all"), entry.get("bound")
                row += f" {_fmt_s(every and every['median_s'])}"
                row += f" ({every['rows']:,} rows) |" if every else " |"
                row += f" {_fmt_s(bound and bound['median_s'])} |"
            lines.append(row)
        for report in reports + skipped:
            if report.get("timed_out"):
                lines.append(
                    f"\n{report['store']}: stopped at the time limit; empty cells were not reached."
                )
            if report.get("skipped"):
                lines.append(f"\n{report['store']}: {report['skipped']}")
    return "\n".join(lines)


RESULTS_HEADER = """# Benchmark results

Written by `python bench/run.py --size SIZE` (one section per corpus size, replaced by the next
run of that size). Ratios compare runs made in the same invocation, on the same corpus and
machine; wall-clock ratios are only meaningful on an otherwise idle machine (see the load
average), CPU-time ratios less so.
"""


def _sections(text: str) -> dict[str, str]:
    found = {}
    for match in re.finditer(r"<!-- size:(\S+) -->\n(.*?)<!-- /size -->\n", text, re.S):
        found[match.group(1)] = match.group(2)
    return found


def write_reports(results: dict[str, Any], text: str, command: str, size: str) -> None:
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    data = json.dumps(results, indent=2, ensure_ascii=False)
    (out / "latest.json").write_text(data, encoding="utf-8")
    (out / f"{size}.json").write_text(data, encoding="utf-8")
    path = BENCH / "RESULTS.md"
    sections = _sections(path.read_text(encoding="utf-8")) if path.exists() else {}
    sections[size] = f"## {size}\n\n`{command}` ({results['finished']})\n\n{text}\n\n"
    order = sorted(sections, key=corpus_module.parse_size)
    body = [RESULTS_HEADER]
    body += [f"<!-- size:{key} -->\n{sections[key]}<!-- /size -->\n" for key in order]
    path.write_text("\n".join(body), encoding="utf-8")


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="cluster-kg speed and scale benchmark")
    parser.add_argument("--size", default="10MB", help="corpus size, e.g. 1MB, 10MB, 100MB")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to build with")
    parser.add_argument("--triples", type=int, default=1_000_000, help="synthetic graph size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (median)")
    parser.add_argument("--rdflib-timeout", type=float, default=600, help="seconds per rdflib run")
    parser.add_argument(
        "--rdflib-large", action="store_true", help="also rdflib on the synthetic graph"
    )
    parser.add_argument("--no-queries", action="store_true", help="skip the query benchmark")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the synthetic graph")
    parser.add_argument("--query-timeout", type=float, default=900, help="seconds per oxigraph run")
    parser.add_argument(
        "--html", action="store_true", help="explorer's first drawing in headless Chromium"
    )
    parser.add_argument("--html-nodes", type=int, default=5000, help="entities for --html")
    parser.add_argument("--build-html", action="store_true", help="builds also write graph.html")
    parser.add_argument(
        "--segmenter-jieba",
        action="store_true",
        help="also a 1-job build with --segmenter jieba (the reference backend)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile pass")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    results: dict[str, Any] = {"machine": machine(), "command": command, "targets": TARGETS}
    try:
        size = corpus_module.parse_size(args.size)
        files, total = corpus_module.write_corpus(work / "corpus", size, args.seed)
        results["corpus"] = {
            "files": files,
            "bytes": total,
            "seed": args.seed,
            "sources": corpus_module.describe(corpus_module.sources()),
        }
        print(f"corpus: {files} files, {total / 1e6:.1f} MB in {work}", file=sys.stderr)

        results["jieba"] = base = jieba_baseline(work / "corpus")
        print(f"jieba.lcut: {base['wall_s']:.1f} s ({base['mb_s']:.2f} MB/s)", file=sys.stderr)

        results["builds"] = {}
        results["headroom"] = []
        code_before = code_fingerprint()
        for jobs in [int(j) for j in args.jobs.split(",")]:
            if jobs == 2:
                results["headroom"].append(parallel_headroom())
            build = kg_build(work / "corpus", work / f"out-j{jobs}", jobs, args.build_html)
            if jobs == 2:
                results["headroom"].append(parallel_headroom())
            build["mb_s"] = total / build["wall_s"] / 1e6
            build["vs_jieba"] = build["mb_s"] / base["mb_s"]
            results["builds"][str(jobs)] = build
            print(
                f"kg build --jobs {jobs}: {build['wall_s']:.1f} s, {build['peak_rss_mb']:.0f} MB",
                file=sys.stderr,
            )
        graphs = [(work / f"out-j{j}" / "graph.ttl").read_bytes() for j in results["builds"]]
        if args.segmenter_jieba:
            out = work / "out-jieba"
            build = kg_build(work / "corpus", out, 1, args.build_html, segmenter="jieba")
            build["mb_s"] = total / build["wall_s"] / 1e6
            build["vs_jieba"] = build["mb_s"] / base["mb_s"]
            results["build_jieba_backend"] = build
            graphs.append((out / "graph.ttl").read_bytes())
            print(f"kg build --segmenter jieba: {build['wall_s']:.1f} s", file=sys.stderr)
        results["identical_graphs"] = all(g == graphs[0] for g in graphs)
        if code_fingerprint() != code_before:
            results["identical_graphs"] = (
                f"{results['identical_graphs']} (kg/ changed during the run)"
            )
        builds = results["builds"]
        first = builds[min(builds, key=int)]
        ratios: dict[str, float] = {
            "throughput_vs_jieba": first["vs_jieba"],
            "cpu_throughput_vs_jieba": base["cpu_s"] / first["cpu_s"],
            "peak_rss_mb": max(b["peak_rss_mb"] for b in builds.values()),
        }
        if "1" in builds and "2" in builds:
            ratios["speedup_2_jobs"] = builds["1"]["wall_s"] / builds["2"]["wall_s"]
        results["ratios"] = ratios

        results["stages"] = stage_profile(work / "corpus")
        if not args.no_profile:
            results["profile"] = stage_profile(work / "corpus", profiled=True)["profile"]
        if args.html:
            print(f"explorer: {args.html_nodes} nodes in headless Chromium", file=sys.stderr)
            results["explorer"] = explorer.measure(args.html_nodes)

        if not args.no_queries:
            built = work / f"out-j{min(builds, key=int)}" / "graph.ttl"
            results["queries_built"] = [
                query_bench("oxigraph", built, args.repeat, timeout=args.query_timeout),
                query_bench("rdflib", built, 1, timeout=args.rdflib_timeout),
            ]
        if not args.no_queries and not args.no_synthetic:
            large = work / "synthetic.nt"
            results["synthetic_triples_written"] = synthetic.write(large, args.triples, args.seed)
            reports = [query_bench("oxigraph", large, args.repeat, timeout=args.query_timeout)]
            if args.rdflib_large:
                reports.append(query_bench("rdflib", large, 1, timeout=args.rdflib_timeout))
            else:
                reports.append(
                    {"store": "rdflib", "queries": {}, "skipped": "skipped (use --rdflib-large)"}
                )
            results["queries_synthetic"] = reports
        results["machine"]["load_average_at_end"] = os.getloadavg()
        results["finished"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        text = table(results)
        print(text)
        write_reports(results, text, command, args.size.strip().upper().replace(" ", ""))
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
