"""Named SPARQL queries, parameter binding and `kg query` on both stores."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg import query as q
from kg.cli import main
from kg.graph import CKG

REQUIRED = {
    "firms-of-cluster",
    "clusters-of-place",
    "policies-by-issuer",
    "platforms-of-cluster",
    "relation-evidence",
    "clusters-by-output",
    "multi-document-entities",
}
HOSTILE = 'x" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def stores(seeds_build) -> dict[str, q.Store]:
    return {name: q.load(seeds_build.path, name) for name in q.STORES}


def _sorted_rows(result: q.Result) -> list[tuple[str, ...]]:
    """Rows with each term in N-Triples form (after normalisation), in a fixed order."""
    return sorted(tuple(q.rdf_syntax(q.normalise(t)) for t in row) for row in result.rows)


# ------------------------------------------------------------------ the named queries


def test_required_named_queries_exist_with_a_leading_comment() -> None:
    queries = q.named_queries()
    assert set(queries) >= REQUIRED
    for query in queries.values():
        assert query.text.startswith("#"), query.name
        assert len(query.description) > 20, query.name
        for param in query.params:
            assert f"?{param}" in query.text, (query.name, param)
        q.check(query.text)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_named_query_gives_the_same_rows_on_both_stores(stores, name: str) -> None:
    results = {store: q.run(engine, name) for store, engine in stores.items()}
    assert results["rdflib"].variables == results["oxigraph"].variables
    assert _sorted_rows(results["rdflib"]) == _sorted_rows(results["oxigraph"])
    assert results["oxigraph"].rows, f"{name} found nothing in the seeds graph"


@pytest.mark.parametrize(
    ("name", "param", "column"),
    [
        ("firms-of-cluster", "cluster_label", "cluster"),
        ("platforms-of-cluster", "cluster_label", "cluster"),
        ("policies-by-issuer", "issuer_label", "issuer"),
        ("clusters-of-place", "place_label", "place"),
        ("clusters-by-output", "cluster_label", "cluster"),
        ("relation-evidence", "subject_label", "subject"),
        ("relation-evidence", "object_label", "object"),
    ],
)
def test_a_bound_parameter_filters_the_same_way_on_both_stores(
    stores, seeds_graph, name, param, column
) -> None:
    everything = q.run(stores["oxigraph"], name)
    index = everything.variables.index(column)
    named = everything.variables.index(f"{column}_name")
    label = next(str(row[named]) for row in everything.rows if row[named] is not None)
    results = {store: q.run(engine, name, {param: label}) for store, engine in stores.items()}
    assert _sorted_rows(results["rdflib"]) == _sorted_rows(results["oxigraph"])
    assert 0 < len(results["oxigraph"].rows) <= len(everything.rows)
    for row in results["oxigraph"].rows:
        labels = seeds_graph.objects(URIRef(str(row[index])), SKOS.prefLabel | SKOS.altLabel)
        assert any(label in str(found) for found in labels)
    expected = [row for row in everything.rows if label in str(row[named])]
    assert set(expected) <= set(results["oxigraph"].rows)


def test_firms_of_a_cluster_come_leaders_first(stores) -> None:
    result = q.run(stores["oxigraph"], "firms-of-cluster")
    role = result.variables.index("role")
    cluster = result.variables.index("cluster")
    by_cluster: dict[str, list[str]] = {}
    for row in result.rows:
        by_cluster.setdefault(str(row[cluster]), []).append(str(row[role]))
    assert any("leader" in roles for roles in by_cluster.values())
    for roles in by_cluster.values():
        assert roles == sorted(roles, key=lambda r: r != "leader")


def test_clusters_by_output_are_ranked_by_amount(stores) -> None:
    result = q.run(stores["rdflib"], "clusters-by-output")
    amounts = [float(row[result.variables.index("output_yuan")]) for row in result.rows]
    assert amounts == sorted(amounts, reverse=True)


def test_multi_document_entities_are_in_more_than_one_document(stores, seeds_graph) -> None:
    result = q.run(stores["oxigraph"], "multi-document-entities")
    for row in result.rows:
        entity = URIRef(str(row[0]))
        assert len(set(seeds_graph.objects(entity, CKG.mentionedIn))) > 1
        assert int(row[3]) > 1


def test_relation_param_selects_one_relation(stores) -> None:
    for relation in ("memberOf", "leads", "hasPlatform"):
        result = q.run(stores["oxigraph"], "relation-evidence", {"relation": relation})
        assert {str(row[2]) for row in result.rows} == {relation}
    typed = q.run(stores["rdflib"], "multi-document-entities", {"entity_type": "Region"})
    assert {str(row[2]) for row in typed.rows} <= {"Region"}


def test_relation_evidence_names_the_sentence_and_document(stores, seeds_graph) -> None:
    result = q.run(stores["oxigraph"], "relation-evidence", {"relation": "memberOf"})
    assert result.rows
    names = result.variables
    for row in result.rows:
        record = dict(zip(names, row, strict=True))
        assert str(record["relation_name"]) == "memberOf"
        assert (
            URIRef(str(record["subject"])),
            CKG.memberOf,
            URIRef(str(record["object"])),
        ) in seeds_graph
        assert str(record["sentence"]) and str(record["source"])
        assert int(record["begin"]) < int(record["end"])


# ------------------------------------------------------------------ binding parameters safely


def test_a_hostile_parameter_is_only_a_value(stores, seeds_build) -> None:
    before = len(Graph().parse(seeds_build.path))
    for engine in stores.values():
        result = q.run(engine, "firms-of-cluster", {"cluster_label": HOSTILE})
        assert result.rows == []
        echoed = q.run(engine, "SELECT ?x WHERE { }", {"x": HOSTILE})
        assert echoed.rows == [(Literal(HOSTILE),)]
    assert len(stores["rdflib"]) == before
    assert len(stores["oxigraph"]) == before


@settings(max_examples=60, deadline=None)
@given(value=st.text(max_size=30))
def test_any_string_round_trips_through_binding(value: str) -> None:
    engines = {"rdflib": Graph(), "oxigraph": ox.Store()}
    for engine in engines.values():
        result = q.run(engine, "SELECT ?x ?y WHERE { BIND(STRLEN(?x) AS ?y) }", {"x": value})
        assert result.rows[0][0] == Literal(value)
        assert int(result.rows[0][1]) == len(value)


@pytest.mark.parametrize(
    "value",
    ["a\\u0022b", "\\U0001F600", "\\", 'say "hi"\n', "'''", '"""', "中文 } UNION { ?s ?p ?o"],
)
def test_escapes_cannot_be_reinterpreted(value: str) -> None:
    for engine in (Graph(), ox.Store()):
        assert q.run(engine, "SELECT ?x WHERE { }", {"x": value}).rows == [(Literal(value),)]


def test_iri_parameters_are_validated() -> None:
    assert q.to_term("<https://example.org/a>") == URIRef("https://example.org/a")
    with pytest.raises(q.QueryError):
        q.bind("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef("https://e.org/> } ; DROP ALL ; <x")})


def test_binding_needs_the_variable_and_handles_subselects_and_construct() -> None:
    graph = Graph()
    graph.add((URIRef("https://e.org/a"), RDF.type, URIRef("https://e.org/T")))
    with pytest.raises(q.QueryError, match=r"no variable \?nope"):
        q.run(graph, "SELECT ?s WHERE { ?s ?p ?o }", {"nope": "x"})
    sub = "SELECT ?s WHERE { SELECT ?s ?t WHERE { ?s a ?t } }"
    for engine in (graph, q.to_oxigraph(graph)):
        assert len(q.run(engine, sub, {"t": URIRef("https://e.org/T")}).rows) == 1
        assert q.run(engine, sub, {"t": URIRef("https://e.org/U")}).rows == []
        built = q.run(engine, "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", {"t": "no"})
        assert built.kind == "graph" and len(built.graph) == 0


def test_a_param_cannot_smuggle_syntax_into_the_query_text() -> None:
    bound = q.bind("SELECT ?s WHERE { ?s ?p ?o . FILTER(STR(?o) = ?v) }", {"v": HOSTILE})
    assert 'VALUES (?v) { ("x\\" } ; DROP ALL ; #") }' in bound
    q.check(bound)


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("SELECT * WHERE { ?s ?p }", "line 1, column"),
        ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER( }", "line 4, column"),
        ("SELECT * WHERE { ?s nope:p ?o }", "line 1, column"),
    ],
)
def test_malformed_sparql_is_reported_with_its_position(stores, text: str, where: str) -> None:
    for engine in stores.values():
        with pytest.raises(q.QueryError, match="syntax error") as caught:
            q.run(engine, text)
        assert where in str(caught.value)
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "DROP ALL",
        "INSERT DATA { <a:b> <a:b> <a:b> }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_updates_and_remote_data_are_refused(stores, text: str) -> None:
    for engine in stores.values():
        with pytest.raises(q.QueryError, match="not allowed"):
            q.run(engine, text)


# ------------------------------------------------------------------ the command


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", *args])
    return result.exit_code, result.stdout, result.stderr


def test_kg_query_prints_a_table_by_default(seeds_build) -> None:
    code, out, _ = _invoke(str(seeds_build.path), "clusters-by-output")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "cluster"
    assert set(lines[1]) <= {"-", "+"}
    assert lines[-1].startswith("(") and "row" in lines[-1]


def test_kg_query_without_a_query_lists_the_named_queries(seeds_build) -> None:
    code, out, _ = _invoke(str(seeds_build.out_dir))
    assert code == 0
    for name in REQUIRED:
        assert name in out
    assert "--param cluster_label=" in out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_kg_query_formats_agree_on_both_stores(seeds_build, fmt: str) -> None:
    outputs = {}
    for store in q.STORES:
        code, out, err = _invoke(
            str(seeds_build.path), "relation-evidence", "--param", "relation=memberOf",
            "--format", fmt, "--store", store,
        )  # fmt: skip
        assert code == 0, err
        outputs[store] = out
    assert outputs["rdflib"] == outputs["oxigraph"]
    out = outputs["oxigraph"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and {r["relation_name"] for r in rows} == {"memberOf"}
    elif fmt == "tsv":
        assert out.splitlines()[0].startswith("?subject\t")
    else:
        body = json.loads(out)
        assert body["head"]["vars"][0] == "subject"
        assert body["results"]["bindings"][0]["subject"]["type"] == "uri"


def test_kg_query_runs_rq_files_and_inline_text(seeds_build, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text("# Count clusters.\nSELECT (COUNT(?c) AS ?n) WHERE { ?c a ckg:Cluster }\n")
    code, out, _ = _invoke(str(seeds_build.path), str(query), "--format", "csv")
    expected = len(set(Graph().parse(seeds_build.path).subjects(RDF.type, CKG.Cluster)))
    assert code == 0 and out.splitlines() == ["n", str(expected)]
    code, out, _ = _invoke(str(seeds_build.path), "ASK { ?c a ckg:Cluster }")
    assert code == 0 and out.strip() == "true"


def test_kg_query_hostile_param_changes_nothing(seeds_build) -> None:
    for store in q.STORES:
        code, out, _ = _invoke(
            str(seeds_build.path), "firms-of-cluster", "--param", f"cluster_label={HOSTILE}",
            "--store", store, "--format", "csv",
        )  # fmt: skip
        assert code == 0
        assert out.splitlines() == ["cluster,cluster_name,role,firm,firm_name"]


def test_kg_query_malformed_sparql_is_one_line_without_traceback(seeds_build) -> None:
    command = [sys.executable, "-c", "from kg.cli import main; main()", "query"]
    command += [str(seeds_build.path), "SELECT * WHERE {\n ?s ?p }"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "line 2, column" in lines[0]


def test_kg_query_unknown_name_and_bad_param_are_errors(seeds_build) -> None:
    code, _, err = _invoke(str(seeds_build.path), "no-such-query")
    assert code != 0 and "no named query" in err
    code, _, err = _invoke(str(seeds_build.path), "firms-of-cluster", "--param", "oops")
    assert code != 0 and "KEY=VALUE" in err


# ------------------------------------------------------------------ IRIs as the results print them

_TINY = """
@prefix ckg: <https://w3id.org/cluster-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/cluster-kg/id/cluster/c1> a ckg:Cluster ;
    skos:prefLabel "青禾湾新材料产业集群"@zh-Hans .
<https://w3id.org/cluster-kg/id/firm/f1> a ckg:Firm ; skos:prefLabel "青禾湾材料有限公司"@zh-Hans ;
    ckg:leads <https://w3id.org/cluster-kg/id/cluster/c1> .
"""


@pytest.fixture
def tiny_graph(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(_TINY, encoding="utf-8")
    return path


@pytest.mark.parametrize("store", q.STORES)
def test_a_prefixed_id_binds_the_iri_it_names(tiny_graph: Path, store: str) -> None:
    result = q.run(q.load(tiny_graph, store), "firms-of-cluster", {"cluster": "id:cluster/c1"})
    assert [str(row[-1]) for row in result.rows] == ["青禾湾材料有限公司"]


def test_a_string_for_an_entity_variable_gets_a_one_line_hint(tiny_graph: Path) -> None:
    result = CliRunner().invoke(
        main, ["query", str(tiny_graph), "firms-of-cluster", "--param", "cluster=青禾湾"]
    )
    assert result.exit_code == 0
    hints = [line for line in result.stderr.splitlines() if line.startswith("hint:")]
    assert len(hints) == 1 and "?cluster" in hints[0] and "cluster_label" in hints[0]


def test_language_filters_use_lang_matches_in_queries_and_readme() -> None:
    """Oxigraph lower-cases language tags, so ``LANG(?l) = "zh-Hans"`` finds nothing there."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    texts = [query.text for query in q.named_queries().values()] + [readme]
    for text in texts:
        assert not re.search(r"LANG\s*\([^)]*\)\s*!?=", text, re.IGNORECASE)
    assert "langMatches(LANG(" in readme


@pytest.mark.parametrize("store", q.STORES)
def test_lang_matches_finds_the_labels_on_both_stores(tiny_graph: Path, store: str) -> None:
    text = 'SELECT ?l WHERE { ?e skos:prefLabel ?l FILTER (langMatches(LANG(?l), "zh-Hans")) }'
    assert len(q.run(q.load(tiny_graph, store), text).rows) == 2


CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _kg_query(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from kg.cli import main; main()", "query", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def test_kg_query_stops_a_query_at_its_time_limit(seeds_build) -> None:
    import time

    started = time.monotonic()
    count = CROSS_JOIN.replace("SELECT *", "SELECT (COUNT(*) AS ?n)")
    done = _kg_query(str(seeds_build.path), count, "--timeout", "2", timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == q.TIMED_OUT
    assert done.stderr.strip().splitlines() == [
        "error: the query ran past the time limit of 2 s (--timeout)"
    ]


def test_kg_query_streams_rows_in_bounded_memory(seeds_build) -> None:
    """A cross join's rows are printed as they come (not held), until the time limit."""
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".rss") as peak:
        wrapper = (  # the peak RSS of kg query and its query process alone
            "import resource, subprocess, sys; subprocess.run(sys.argv[2:]); "
            "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN)"
            ".ru_maxrss))"
        )
        command = [sys.executable, "-c", "from kg.cli import main; main()", "query"]
        command += [str(seeds_build.path), CROSS_JOIN, "--format", "json", "--timeout", "4"]
        done = subprocess.run(
            [sys.executable, "-c", wrapper, peak.name, *command],
            capture_output=True,
            text=True,
            timeout=120,
        )
        peak_kib = int(peak.read())
    assert "time limit of 4 s" in done.stderr
    assert done.stdout.count('"a":') > 10_000  # rows arrived before the limit
    assert peak_kib < 1_000_000, peak_kib  # well under a GB, whatever the rows' number


def test_streamed_output_equals_the_formatted_result(seeds_build) -> None:
    store = q.load(seeds_build.path, "oxigraph")
    for fmt in q.FORMATS:
        whole = q.format_result(q.run(store, "relation-evidence"), fmt)
        out = io.StringIO()
        q.write_result(q.run(store, "relation-evidence", lazy=True), fmt, out)
        if fmt == "json":
            assert json.loads(out.getvalue()) == json.loads(whole)
        else:
            assert out.getvalue() == whole + "\n"


def test_table_output_escapes_terminal_control_characters(tmp_path: Path) -> None:
    hostile = "《政策\x1b]0;owned\x07》\u202e"
    path = tmp_path / "graph.ttl"
    graph = Graph()
    graph.add((CKG.p1, SKOS.prefLabel, Literal(hostile)))
    graph.serialize(path, format="turtle")
    query = "SELECT ?l WHERE { ?s skos:prefLabel ?l }"
    table = _kg_query(str(path), query)
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert "\u202e" not in table.stdout
    assert "\\x1b]0;owned\\x07" in table.stdout
    csv_out = _kg_query(str(path), query, "--format", "csv")
    assert hostile in csv_out.stdout  # data formats stay exact


def test_a_param_in_angle_brackets_that_is_no_iri_is_searched_as_text(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    graph = Graph()
    graph.add((CKG.p1, SKOS.prefLabel, Literal("<b>加粗</b>")))
    graph.add((CKG.p2, SKOS.prefLabel, Literal("<https://example.org/x>")))
    graph.serialize(path, format="turtle")
    query = "SELECT ?s WHERE { ?s skos:prefLabel ?l }"
    store = q.load(path)
    assert [r[0] for r in q.run(store, query, {"l": "<b>加粗</b>"}).rows] == [CKG.p1]
    assert q.to_term("<https://example.org/x>") == URIRef("https://example.org/x")
    quoted = q.run(store, query, q.parse_params(['l="<https://example.org/x>"']))
    assert [r[0] for r in quoted.rows] == [CKG.p2]


def test_help_shows_the_query_as_optional() -> None:
    result = CliRunner().invoke(main, ["query", "--help"])
    assert result.exit_code == 0 and "GRAPH [QUERY]" in result.output
