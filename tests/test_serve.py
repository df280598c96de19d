"""`kg serve`: a real read-only SPARQL endpoint (the Oxigraph server) on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from SPARQLWrapper import JSON, SPARQLWrapper

from kg import query as q
from kg.graph import CKG
from kg.serve import Endpoint, ServeError, free_port, serve

COUNT = f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{CKG.Cluster}> }}"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _ask(url: str, query: str) -> dict:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.queryAndConvert()


def _post_update(url: str, update: str) -> int:
    request = urllib.request.Request(
        url, data=update.encode(), method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_endpoint_answers_sparql_and_refuses_updates(seeds_build) -> None:
    graph = Graph().parse(seeds_build.path)
    clusters = len(set(graph.subjects(RDF.type, CKG.Cluster)))
    port = free_port()
    with serve(seeds_build.out_dir, port) as endpoint:
        assert endpoint.url == f"http://127.0.0.1:{port}/query"
        answer = _ask(endpoint.url, COUNT)
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == clusters

        named = q.named_queries()["firms-of-cluster"].text
        rows = _ask(endpoint.url, named)["results"]["bindings"]
        local = q.run(q.load(seeds_build.path, "oxigraph"), "firms-of-cluster")
        assert len(rows) == len(local.rows) > 0
        assert [r["firm"]["value"] for r in rows] == [str(row[3]) for row in local.rows]

        status = _post_update(f"{endpoint.base}/update", "DROP ALL")
        assert status in (403, 405)
        status = _post_update(
            f"{endpoint.base}/update", f"INSERT DATA {{ <a:x> a <{CKG.Cluster}> }}"
        )
        assert status in (403, 405)
        assert int(_ask(endpoint.url, COUNT)["results"]["bindings"][0]["n"]["value"]) == clusters
        workers = endpoint.worker_pids()
    assert workers and not any(_alive(pid) for pid in workers)
    assert not _listening(port)


def test_the_endpoint_binds_to_loopback_only(seeds_build) -> None:
    with serve(seeds_build.path, free_port()) as endpoint:
        assert endpoint._server.server_address[0] == "127.0.0.1"


def test_a_bad_graph_or_busy_port_is_a_one_line_error(tmp_path: Path, seeds_build) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a:b> <a:c> .\n")
    with pytest.raises(ServeError, match="cannot load"):
        Endpoint(broken, free_port()).start()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError, match=f"port {port} is in use"):
            Endpoint(seeds_build.path, port).start(timeout=20)


def _start_kg_serve(
    graph: Path, port: int, tmp: Path | None = None
) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve"]
    command += [str(graph), "--port", str(port)]
    env = {**os.environ, **({"TMPDIR": str(tmp)} if tmp else {})}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    return process, process.stdout.readline().strip()


def test_kg_serve_prints_the_endpoint_and_stops_on_sigterm(seeds_build) -> None:
    port = free_port()
    process, line = _start_kg_serve(seeds_build.path, port)
    try:
        url = line.rsplit(" ", 1)[-1]
        assert url == f"http://127.0.0.1:{port}/query", (line, process.stderr.read())
        query = urllib.parse.urlencode({"query": "ASK { ?s a ?t }"})
        request = urllib.request.Request(
            f"{url}?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            assert json.load(response)["boolean"] is True
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    assert code == 0
    assert not _listening(port)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_the_server_does_not_outlive_a_killed_kg_serve(seeds_build, tmp_path: Path) -> None:
    port = free_port()
    process, line = _start_kg_serve(seeds_build.path, port, tmp_path)  # its store stays there
    assert line.endswith(f"127.0.0.1:{port}/query")
    assert _listening(port)
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while _listening(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _listening(port)


CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _get(url: str, query: str, headers: dict[str, str] | None = None, timeout: float = 30):
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': query})}", headers=headers or {}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_the_endpoint_refuses_service_and_never_fetches(seeds_build) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
        with serve(seeds_build.path, free_port()) as endpoint:
            status, body = _get(
                endpoint.url, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
            )
            assert status == 400 and "SERVICE" in body
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody called


def test_the_endpoint_refuses_a_foreign_host_header(seeds_build) -> None:
    with serve(seeds_build.path, free_port()) as endpoint:
        assert _get(endpoint.url, "ASK {}", {"Host": "rebind.example.com"})[0] == 403
        assert _get(endpoint.url, "ASK {}", {"Host": f"localhost:{endpoint.port}"})[0] == 200
        assert _get(endpoint.url, "ASK {}")[0] == 200


def test_the_endpoint_predeclares_the_prefixes_of_kg_query(seeds_build) -> None:
    with serve(seeds_build.path, free_port()) as endpoint:
        status, body = _get(
            endpoint.url, "SELECT ?c WHERE { ?c a ckg:Cluster ; skos:prefLabel ?l }"
        )
        assert status == 200, body
        assert json.loads(body)["results"]["bindings"]


def test_a_long_query_is_stopped_at_the_time_limit(seeds_build) -> None:
    with serve(seeds_build.path, free_port(), timeout=2, workers=1) as endpoint:
        (before,) = endpoint.worker_pids()
        started = time.monotonic()
        status, body = _get(endpoint.url, CROSS_JOIN)
        assert status == 503 and "time limit" in body
        assert time.monotonic() - started < 10
        assert not _alive(before)  # the worker running it is gone, not left at 100 % CPU
        assert _get(endpoint.url, "ASK {}")[0] == 200  # and a new one answers


def test_a_query_whose_client_gave_up_is_stopped(seeds_build) -> None:
    with serve(seeds_build.path, free_port(), timeout=60, workers=1) as endpoint:
        (before,) = endpoint.worker_pids()
        with pytest.raises((TimeoutError, urllib.error.URLError)):
            _get(endpoint.url, CROSS_JOIN, timeout=1)
        deadline = time.monotonic() + 10
        while _alive(before) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(before)


def test_a_result_over_the_row_limit_is_refused(seeds_build) -> None:
    with serve(seeds_build.path, free_port(), max_rows=10) as endpoint:
        status, body = _get(endpoint.url, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 413 and "LIMIT" in body
        assert _get(endpoint.url, "SELECT * WHERE { ?s ?p ?o } LIMIT 10")[0] == 200


def test_a_stale_store_folder_is_cleaned_at_start(seeds_build, tmp_path: Path, monkeypatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / "kg-serve-stale"
    (stale / "store").mkdir(parents=True)
    (stale / "pid").write_text(str(dead.pid))
    live = tmp_path / "kg-serve-live"
    live.mkdir()
    (live / "pid").write_text(str(os.getpid()))
    with serve(seeds_build.path, free_port()):
        assert not stale.exists()
        assert live.exists()
