"""The ``kg`` command line: build, eval (and render, query, serve)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from kg import segmenter as segmenters
from kg.build import BuildError, BuildOptions
from kg.build import build as run_build
from kg.cache import CACHE_DIR_NAME
from kg.evaluate import EvalError, format_report, load_gold, load_graph, score
from kg.lexicon import LexiconError
from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.parallel import default_jobs
from kg.pipeline import Pipeline


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cluster-kg")
def main() -> None:
    """cluster-kg: Chinese text about industrial clusters → a typed, provenance-carrying graph."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for graph.ttl and graph.html.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when stderr is a terminal).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 3 when any input file or record was skipped (default: warn, exit 0).",
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Worker processes for extraction (0: one per CPU). The graph is the same for any N.",
)
@click.option(
    "--engine",
    default="local",
    show_default=True,
    type=click.Choice(["local", "dask"]),
    help="local: this machine's process pool; dask: Dask distributed (pip install '.[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: a running scheduler (tcp://host:8786); default a LocalCluster.",
)
@click.option(
    "--html/--no-html",
    default=True,
    show_default=True,
    help="Also write graph.html (the explorer); --no-html for large corpora.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Re-extract every document instead of reusing results cached in OUT/.kg-cache.",
)
@click.option(
    "--follow-links",
    is_flag=True,
    help="Follow symbolic links that lead out of an input folder (default: skip them, warn).",
)
@click.option(
    "--segmenter",
    default=segmenters.DEFAULT,
    show_default=True,
    type=click.Choice(segmenters.BACKENDS),
    help="Word segmentation: jieba (pure Python, the reference) or rjieba (jieba-rs, faster).",
)
@click.option(
    "--names",
    "names_file",
    type=click.Path(path_type=Path),
    help="Your own names for this build: UTF-8 lines 'name<TAB>Type' ('#' comments).",
)
@click.option(
    "--lexicon",
    "lexicon_dir",
    type=click.Path(path_type=Path),
    help="A folder laid out like kg/data whose files extend the package's vocabulary.",
)
@click.option(
    "--replace-lexicon",
    is_flag=True,
    help="With --lexicon: the folder's files replace the package's instead of extending them.",
)
@click.option(
    "--relations",
    "relations_mode",
    default="rules",
    show_default=True,
    type=click.Choice(["rules", "learned", "filter", "add", "auto"]),
    help="rules: the cue rules; learned: the relation classifier alone; filter: the rules' "
    "relations the classifier keeps; add: the rules' and the classifier's; auto: per relation "
    "the mode that did best in training (README).",
)
@click.option(
    "--relation-model",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --relations learned|filter|add|auto: a model file from scripts/train_relations.py "
    "instead of the shipped kg/data/relation_model.json.",
)
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    progress: bool | None,
    strict: bool = False,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    no_cache: bool = False,
    html: bool = True,
    segmenter: str = segmenters.DEFAULT,
    follow_links: bool = False,
    names_file: Path | None = None,
    lexicon_dir: Path | None = None,
    replace_lexicon: bool = False,
    relations_mode: str = "rules",
    relation_model: Path | None = None,
) -> None:
    """Extract a graph from .txt, .md, .html and .jsonl files (or folders of them) and write
    DIR/graph.ttl and DIR/graph.html.

    A file that cannot be read is skipped with a one-line warning; the status is 0, or with
    --strict 3 when something was skipped. A path that does not exist is an error (status 2),
    and a build that read no document leaves the outputs as they were (status 4)."""
    show = sys.stderr.isatty() if progress is None else progress
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if replace_lexicon and lexicon_dir is None:
        raise click.UsageError("--replace-lexicon needs --lexicon DIR")
    try:
        pipeline = Pipeline.configured(names_file, lexicon_dir, replace_lexicon, segmenter)
    except LexiconError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if relation_model is not None and relations_mode == "rules":
        raise click.UsageError("--relation-model needs --relations learned, filter, add or auto")
    pipeline = dataclasses.replace(
        pipeline,
        relations=relations_mode,
        relation_model=str(relation_model.resolve()) if relation_model else None,
    )
    if relations_mode != "rules":
        from kg.relate.learned import load_model

        try:
            load_model(pipeline.relation_model)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            where = relation_model or "kg/data/relation_model.json"
            click.echo(f"error: {where}: not a relation model ({error})", err=True)
            sys.exit(2)
    options = BuildOptions(
        jobs=jobs or default_jobs(),
        engine=engine,
        scheduler=scheduler,
        cache_dir=None if no_cache else out_dir / CACHE_DIR_NAME,
        html=html,
        segmenter=segmenter,
        pipeline=pipeline,
        follow_links=follow_links,
    )
    try:
        summary = run_build(
            list(paths),
            out_dir,
            warn=lambda m: click.echo(m, err=True),
            progress=show,
            options=options,
        )
    except BuildError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if not summary.written:
        click.echo(f"{summary.line()}", err=True)
        click.echo(f"error: no document was read; {out_dir} left as it was", err=True)
        sys.exit(summary.exit_code(strict))
    click.echo(f"{summary.line()} → {out_dir / 'graph.ttl'}", err=True)
    if summary.exit_code(strict):
        sys.exit(summary.exit_code(strict))


@main.command(name="eval")
@click.argument("graph_path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of gold JSON files.",
)
@click.option("--show-errors", is_flag=True, help="List misses and false hits.")
def evaluate(graph_path: Path, gold_dir: Path, show_errors: bool) -> None:
    """Score GRAPH (a graph.ttl or its folder) against gold annotations: P, R, F1 per type and
    relation."""
    try:
        report = score(load_graph(graph_path), load_gold(gold_dir))
    except EvalError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(format_report(report, show_errors))


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write.",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(ENTITY_TYPES),
    help="Only entities of this type (repeatable).",
)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    type=click.Choice(RELATION_TYPES),
    help="Only this relation, and the entities it links (repeatable).",
)
@click.option(
    "--around",
    metavar="LABEL",
    help="Only the neighbourhood of the entity with this label (any of its names).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    help="Hops from --around (default 1); only with --around.",
)
def render(
    graph_path: Path,
    out_path: Path,
    types: tuple[str, ...],
    relations: tuple[str, ...],
    around: str | None,
    depth: int | None,
) -> None:
    """Re-render GRAPH (a graph.ttl or its folder) as an offline HTML explorer."""
    from rdflib import Graph

    from kg.render import RenderError, containing, read_graph, write_html

    if depth is not None and around is None:
        raise click.UsageError("--depth needs --around LABEL")
    if not out_path.parent.is_dir():
        click.echo(f"error: no such folder: {out_path.parent}", err=True)
        sys.exit(1)
    source = graph_path / "graph.ttl" if graph_path.is_dir() else graph_path
    try:
        graph = Graph().parse(source)
    except Exception as error:  # rdflib raises many kinds; the message can hold the whole file
        message = " ".join(str(error).split())[:200] or type(error).__name__
        click.echo(f"error: cannot read graph {source}: {message}", err=True)
        sys.exit(1)
    try:
        shown = write_html(
            graph,
            out_path,
            types=types,
            relations=relations,
            around=around,
            depth=1 if depth is None else depth,
        )
    except RenderError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"{len(shown.nodes)} entities, {len(shown.edges)} relations → {out_path}", err=True)
    if around is not None and not shown.edges:
        others = containing(read_graph(graph), around)
        hint = f"; entities with relations whose names contain it: {'、'.join(others)}"
        click.echo(f"note: {around} has no relations here{hint if others else ''}", err=True)


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True, path_type=Path))
@click.argument("query_spec", metavar="[QUERY]", required=False)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help='Bind ?KEY to VALUE: a string, an IRI as printed (id:cluster/…) or <IRI>; "…" is'
    " always a string; repeatable.",
)
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "tsv", "json"]),
    help="Output format (csv/tsv/json follow the SPARQL 1.1 results formats).",
)
@click.option(
    "--store",
    default="oxigraph",
    show_default=True,
    type=click.Choice(["oxigraph", "rdflib"]),
    help="Query engine.",
)
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds the query may run (0: no limit); past that it is stopped, status 124.",
)
def query(
    graph_path: Path,
    query_spec: str | None,
    params: tuple[str, ...],
    fmt: str,
    store: str,
    timeout: float = 60.0,
) -> None:
    """Run QUERY over GRAPH (a graph.ttl or its folder): a named query (see kg/ontology/queries/),
    a .rq file or inline SPARQL. Without QUERY, list the named queries."""
    from kg.query import (
        TIMED_OUT,
        QueryError,
        Result,
        describe_named,
        load,
        no_match_hints,
        parse_params,
        run,
        run_with_timeout,
        write_result,
    )

    if query_spec is None:
        click.echo(describe_named())
        return

    def task() -> int:
        try:
            bindings = parse_params(params)
            loaded = load(graph_path, store)
            result = run(loaded, query_spec, bindings, lazy=True)
            written = write_result(result, fmt, sys.stdout)  # rows streamed as they come
            if written == 0:
                empty = Result(result.kind, result.variables, [])
                for hint in no_match_hints(loaded, query_spec, bindings, empty):
                    click.echo(hint, err=True)
        except QueryError as error:
            click.echo(f"error: {error}", err=True)
            return 1
        except BrokenPipeError:  # the reader stopped (| head): not an error
            return 0
        return 0

    code = run_with_timeout(task, timeout)
    if code == TIMED_OUT:
        click.echo(
            f"error: the query ran past the time limit of {timeout:g} s (--timeout)", err=True
        )
    if code:
        sys.exit(code)


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["graphml", "gexf", "jsonld", "csv", "neo4j"]),
    help="graphml/gexf (Gephi, networkx), jsonld (RDF), csv (pandas), neo4j (neo4j-admin import).",
)
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write; a folder for csv and neo4j.",
)
def export(graph_path: Path, fmt: str, out_path: Path) -> None:
    """Export GRAPH (a graph.ttl or its folder) for other tools: GraphML or GEXF (typed nodes and
    edges, labels, aliases joined), JSON-LD with a context, CSV tables, or Neo4j import CSVs."""
    from kg.api import load as load_graph_api
    from kg.export import ExportError
    from kg.export import export as run_export

    try:
        written = run_export(load_graph_api(graph_path), fmt, out_path)
    except ExportError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"→ {path}", err=True)


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; requests must name it or a loopback address as their Host.",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run; past that it is stopped (HTTP 503).",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most rows (or triples) in one answer; more is HTTP 413.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Queries that may run at once (one process each).",
)
def serve(
    graph_path: Path, port: int, host: str, timeout: float, max_rows: int, workers: int
) -> None:
    """Serve GRAPH (a graph.ttl or its folder) as a read-only SPARQL 1.1 endpoint on 127.0.0.1:
    no updates, no SERVICE, a time limit per query, loopback Host headers only."""
    import signal

    from kg.serve import ServeError, free_port
    from kg.serve import serve as start

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        endpoint = start(
            graph_path,
            port or free_port(),
            host=host,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
        )
    except ServeError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    try:
        click.echo(f"SPARQL endpoint (read-only): {endpoint.url}")
        click.echo("Ctrl-C stops it.", err=True)
        sys.exit(endpoint.wait())
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()


if __name__ == "__main__":
    main()
