"""The ``kg`` command line: build, eval (and render, query, serve)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from kg.build import build as run_build
from kg.evaluate import format_report, load_gold, load_graph, score


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cluster-kg")
def main() -> None:
    """cluster-kg: Chinese text about industrial clusters → a typed, provenance-carrying graph."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder for graph.ttl and graph.html.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
def build(paths: tuple[Path, ...], out_dir: Path, progress: bool | None) -> None:
    """Extract a graph from .txt files (or folders of them) and write DIR/graph.ttl and DIR/graph.html."""
    show = sys.stderr.isatty() if progress is None else progress
    summary = run_build(list(paths), out_dir, warn=lambda m: click.echo(m, err=True), progress=show)
    click.echo(f"{summary.line()} → {out_dir / 'graph.ttl'}", err=True)


@main.command(name="eval")
@click.argument("graph_path", type=click.Path(exists=True, path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of gold JSON files.")
@click.option("--show-errors", is_flag=True, help="List misses and false hits.")
def evaluate(graph_path: Path, gold_dir: Path, show_errors: bool) -> None:
    """Score GRAPH (a graph.ttl or its folder) against gold annotations: P, R, F1 per type and relation."""
    report = score(load_graph(graph_path), load_gold(gold_dir))
    click.echo(format_report(report, show_errors))
