"""The ``kg`` command line: build, eval (and render, query, serve)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from kg.evaluate import format_report, load_gold, load_graph, score
from kg.graph import build_graph, merge
from kg.model import DocumentResult
from kg.pipeline import extract
from kg.read import ReadProblem, expand_paths, read_documents
from kg.render import write_html
from kg.serialise import write_turtle


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
    files = expand_paths(paths)
    show = sys.stderr.isatty() if progress is None else progress
    results: list[DocumentResult] = []
    skipped = 0
    total_chars = 0
    with tqdm(total=len(files), unit="file", disable=not show, file=sys.stderr) as bar:
        for item in read_documents(files):
            if isinstance(item, ReadProblem):
                click.echo(f"warning: {item}", err=True)
                skipped += 1
            else:
                results.append(extract(item))
                total_chars += len(item.text)
            bar.update(1)
            bar.set_postfix(chars=total_chars)
    corpus = merge(results)
    graph = build_graph(corpus)
    write_turtle(graph, out_dir / "graph.ttl")
    write_html(graph, out_dir / "graph.html")
    click.echo(
        f"{len(results)} documents read, {skipped} skipped; "
        f"{len(corpus.entities)} entities, {len(corpus.relations)} relations, "
        f"{len(corpus.measurements)} measurements → {out_dir / 'graph.ttl'}",
        err=True,
    )


@main.command(name="eval")
@click.argument("graph_path", type=click.Path(exists=True, path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of gold JSON files.")
@click.option("--show-errors", is_flag=True, help="List misses and false hits.")
def evaluate(graph_path: Path, gold_dir: Path, show_errors: bool) -> None:
    """Score GRAPH (a graph.ttl or its folder) against gold annotations: P, R, F1 per type and relation."""
    report = score(load_graph(graph_path), load_gold(gold_dir))
    click.echo(format_report(report, show_errors))
