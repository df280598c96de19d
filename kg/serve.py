"""A read-only SPARQL 1.1 endpoint over a built graph, locked down.

The graph is bulk-loaded into an on-disk Oxigraph store in a temporary folder; a small HTTP
server in this process answers ``/query`` (GET, or POST as a form or ``application/sparql-query``)
and hands each query to one of a few worker processes that hold the store open read-only.

What a client can and cannot do:

- The server binds 127.0.0.1 only, unless ``--host`` names another address, and answers only
  requests whose ``Host`` header names a loopback address (or that ``--host``): a DNS-rebinding
  page, whose requests carry its own host name, gets 403.
- Queries run over the local graph only: updates, ``SERVICE`` and ``FROM`` are refused (400)
  with the same check as ``kg query``, and ``/update`` answers 403. The prefixes ``kg query``
  predeclares (ckg, id, nif, skos, prov, dcterms, rdf, rdfs, xsd) are predeclared here too.
- Each query has a time limit (``timeout``, 30 s by default): past it, or as soon as the client
  disconnects, the worker running it is killed (and replaced) and the client gets 503. At most
  ``workers`` queries run at once; the others wait for a free worker within the same limit.
- A result has at most ``max_rows`` rows or triples (413 beyond that: add a LIMIT).

Stopping the endpoint stops the workers and deletes the store; the store folder of an endpoint
that was killed (``kill -9``) is deleted by the next ``kg serve``.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import http.server
import io
import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0  # seconds per query
DEFAULT_MAX_ROWS = 100_000
DEFAULT_WORKERS = 2
MAX_REQUEST_BYTES = 1 << 20
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
FOLDER_PREFIX = "kg-serve-"


class ServeError(Exception):
    """The endpoint could not be started, worded for a one-line message."""


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """On Linux, ask for SIGKILL when the parent dies, so a killed ``kg serve`` never leaves a
    worker behind (even one busy in a query)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def clean_stale_folders(root: Path | None = None) -> list[Path]:
    """Delete the store folders of endpoints whose process is gone (killed with SIGKILL)."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(f"{FOLDER_PREFIX}*"):
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / "pid").read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------- the worker process


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _xml_term(term: Any) -> str:
    data = _json_term(term)
    value = xml_escape(data["value"])
    if data["type"] == "uri":
        return f"<uri>{value}</uri>"
    if data["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    if "xml:lang" in data:
        return f"<literal xml:lang={quoteattr(data['xml:lang'])}>{value}</literal>"
    if "datatype" in data:
        return f"<literal datatype={quoteattr(data['datatype'])}>{value}</literal>"
    return f"<literal>{value}</literal>"


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    value = _json_term(term)["value"]
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


SELECT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {"turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples"}


def negotiate(accept: str) -> tuple[str, str]:
    """(solutions format, graph format) for an Accept header."""
    accept = accept.lower()
    solutions = "json"
    for needle, name in (("xml", "xml"), ("text/csv", "csv"), ("tab-separated", "tsv")):
        if needle in accept and "json" not in accept:
            solutions = name
    graph = "ntriples" if "n-triples" in accept and "turtle" not in accept else "turtle"
    return solutions, graph


class TooLarge(Exception):
    pass


def _limited(items: Any, max_rows: int) -> list[Any]:
    out = []
    for item in items:
        if len(out) >= max_rows:
            raise TooLarge
        out.append(item)
    return out


def answer(store: Any, query: str, accept: str, max_rows: int, prefixes: dict[str, str]) -> tuple:
    """(HTTP status, content type, body) for one query over ``store``."""
    import pyoxigraph as ox

    solutions_format, graph_format = negotiate(accept)
    try:
        result = store.query(query, prefixes=prefixes)
        if isinstance(result, ox.QueryBoolean):
            if solutions_format == "xml":
                body = (
                    '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f"<head/><boolean>{'true' if result else 'false'}</boolean></sparql>"
                )
                return 200, SELECT_TYPES["xml"], body.encode("utf-8")
            body = json.dumps({"head": {}, "boolean": bool(result)})
            return 200, SELECT_TYPES["json"], body.encode("utf-8")
        if isinstance(result, ox.QueryTriples):
            triples = _limited(result, max_rows)
            rdf = ox.RdfFormat.N_TRIPLES if graph_format == "ntriples" else ox.RdfFormat.TURTLE
            kwargs = {"prefixes": prefixes} if rdf == ox.RdfFormat.TURTLE else {}
            body = ox.serialize(triples, format=rdf, **kwargs)
            return 200, GRAPH_TYPES[graph_format], body
        variables = [v.value for v in result.variables]
        rows = _limited(result, max_rows)
    except TooLarge:
        message = f"the result has more than {max_rows} rows; add a LIMIT"
        return 413, "text/plain; charset=utf-8", message.encode("utf-8")
    except SyntaxError as error:
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {error}".encode()
    except (OSError, RuntimeError, ValueError) as error:
        return 400, "text/plain; charset=utf-8", f"query failed: {error}".encode()
    return 200, SELECT_TYPES[solutions_format], _solutions(variables, rows, solutions_format)


def _solutions(variables: list[str], rows: list[Any], fmt: str) -> bytes:
    out = io.StringIO()
    if fmt == "json":
        bindings = []
        for row in rows:
            bindings.append({v: _json_term(row[v]) for v in variables if row[v] is not None})
        body = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        out.write("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            for v in variables:
                if row[v] is not None:
                    out.write(f"<binding name={quoteattr(v)}>{_xml_term(row[v])}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
    elif fmt == "csv":
        out.write(",".join(variables) + "\r\n")
        for row in rows:
            out.write(",".join(_csv_cell(row[v]) for v in variables) + "\r\n")
    else:
        out.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            out.write("\t".join("" if row[v] is None else str(row[v]) for v in variables) + "\n")
    return out.getvalue().encode("utf-8")


def _worker_main(conn: Any, location: str, prefixes: dict[str, str], parent: int) -> None:
    """A worker: open the store read-only, then answer (query, accept, max_rows) jobs."""
    if os.getppid() != parent:  # the parent died before the request above took effect
        return
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(location)
    except OSError as error:
        conn.send(("error", str(error)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            query, accept, max_rows = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, query, accept, max_rows, prefixes))


def _worker_entry() -> None:
    """``python -c`` entry of a worker: argv is (fd, store location, parent pid)."""
    from multiprocessing.connection import Connection

    fd, location, parent = sys.argv[1], sys.argv[2], int(sys.argv[3])
    conn = Connection(int(fd))
    prefixes = conn.recv()
    _worker_main(conn, location, prefixes, parent)


class _Worker:
    """A worker process (a fresh interpreter, not a fork of this threaded one), connected by a
    socket pair."""

    def __init__(self, location: Path, prefixes: dict[str, str]) -> None:
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                p for p in (package_root, os.environ.get("PYTHONPATH")) if p
            ),
        }
        command = [sys.executable, "-c", "from kg.serve import _worker_entry; _worker_entry()"]
        command += [str(theirs.fileno()), str(location), str(os.getpid())]
        self.process = subprocess.Popen(
            command,
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - only a prctl call
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send(prefixes)

    @property
    def pid(self) -> int:
        return self.process.pid

    def ready(self, timeout: float) -> None:
        try:
            arrived = self.conn.poll(timeout)
            kind, detail = self.conn.recv() if arrived else ("error", "it did not start")
        except (EOFError, OSError):
            kind, detail = "error", "it exited"
        if kind != "ready":
            self.kill()
            raise ServeError(f"a query worker could not open the store: {detail}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


# ---------------------------------------------------------------- the HTTP side


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "cluster-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    endpoint: Endpoint  # set on the subclass made per endpoint

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            self.close_connection = True

    def _text(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    def _allowed_host(self) -> bool:
        header = self.headers.get("Host")
        return header is not None and _host_name(header) in self.endpoint.allowed_hosts

    def do_GET(self) -> None:  # noqa: N802 - the base class's naming
        self._handle(None)

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle(None)

    def do_POST(self) -> None:  # noqa: N802
        length = self.headers.get("Content-Length")
        try:
            size = int(length or "0")
        except ValueError:
            size = -1
        if size < 0 or size > MAX_REQUEST_BYTES:
            self.close_connection = True
            return self._text(413, "request too large")
        self._handle(self.rfile.read(size))

    def do_PUT(self) -> None:  # noqa: N802
        self._text(405, "read-only endpoint")

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _handle(self, body: bytes | None) -> None:
        if not self._allowed_host():
            return self._text(403, "this Host is not allowed (kg serve --host adds one)")
        url = urllib.parse.urlsplit(self.path)
        if url.path.rstrip("/") == "/update":
            return self._text(403, "read-only endpoint: updates are refused")
        if url.path.rstrip("/") != "/query":
            return self._text(404, "not found: the SPARQL endpoint is /query")
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if body is not None:
            kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                params["query"] = [body.decode("utf-8", "replace")]
            elif kind == "application/sparql-update" or b"update=" in body[:7]:
                return self._text(403, "read-only endpoint: updates are refused")
            else:
                text = body.decode("utf-8", "replace")
                for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
        if "update" in params:
            return self._text(403, "read-only endpoint: updates are refused")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._text(400, "default-graph-uri and named-graph-uri are not supported")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._text(400, "one query parameter is required")
        refusal = self.endpoint.refusal(queries[0])
        if refusal:
            return self._text(400, refusal)
        status, content_type, data = self.endpoint.execute(
            queries[0], self.headers.get("Accept", ""), self._gone
        )
        self._send(status, content_type, data)

    def _gone(self) -> bool:
        """Whether the client has closed its connection."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False


class Endpoint:
    """A read-only SPARQL endpoint over one graph file; use as a context manager."""

    def __init__(
        self,
        graph: Path,
        port: int = DEFAULT_PORT,
        host: str = HOST,
        timeout: float = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS,
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        self.graph = Path(graph)
        self.port = port
        self.host = host
        self.timeout = timeout
        self.max_rows = max_rows
        self.workers = max(1, workers)
        self.allowed_hosts = LOOPBACK_NAMES | ({host.lower()} if host != HOST else set())
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._respawn: queue.Queue[bool | None] = queue.Queue()
        self._keeper: threading.Thread | None = None
        self._folder: Path | None = None
        self._stopped = threading.Event()
        self.killed = 0  # queries stopped for time or a gone client

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.base}/query"

    def refusal(self, query: str) -> str | None:
        """Why ``query`` is refused (an update, SERVICE, FROM), or None."""
        from kg.query import QueryError, _guard

        try:
            _guard(query)
        except QueryError as error:
            return str(error)
        return None

    def start(self, timeout: float = 60.0) -> Endpoint:
        if not self.graph.is_file():
            raise ServeError(f"no graph file at {self.graph}")
        clean_stale_folders()
        try:
            self._server = _Server((self.host, self.port), self._handler_class())
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServeError(f"port {self.port} is in use on {self.host}") from None
            raise ServeError(f"cannot listen on {self.host}:{self.port}: {error}") from None
        self.port = self._server.server_address[1]
        try:
            self._folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
            (self._folder / "pid").write_text(str(os.getpid()), encoding="ascii")
            self._load()
            self._keeper = threading.Thread(target=self._keep, daemon=True)
            self._keeper.start()
            for _ in range(self.workers):
                self._respawn.put(True)
            deadline = time.monotonic() + timeout
            while self._idle.qsize() < self.workers:
                if time.monotonic() > deadline or self._keeper_error:
                    raise ServeError(self._keeper_error or "the query workers did not start")
                time.sleep(0.05)
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
        except BaseException:
            self.stop()
            raise
        return self

    _keeper_error: str | None = None

    def _handler_class(self) -> type[_Handler]:
        return type("Handler", (_Handler,), {"endpoint": self})

    def _load(self) -> None:
        import pyoxigraph as ox

        location = self._folder / "store"
        try:
            store = ox.Store(str(location))
            store.bulk_load(path=str(self.graph), format=ox.RdfFormat.TURTLE)
            store.flush()
            del store
        except (OSError, SyntaxError, ValueError) as error:
            message = " ".join(str(error).split())[:240]
            raise ServeError(f"cannot load {self.graph}: {message}") from None

    def _keep(self) -> None:
        """The one thread that starts workers (a worker dies with the thread that started it)."""
        from kg.query import DEFAULT_PREFIXES

        while True:
            order = self._respawn.get()
            if order is None:
                return
            try:
                worker = _Worker(self._folder / "store", dict(DEFAULT_PREFIXES))
                worker.ready(30)
            except Exception as error:  # noqa: BLE001 - reported by start(), or the next request
                self._keeper_error = str(error)
                continue
            with self._lock:
                if self._stopped.is_set():
                    worker.kill()
                    return
                self._all.append(worker)
            self._idle.put(worker)

    def execute(self, query: str, accept: str, gone: Any = lambda: False) -> tuple:
        """Run ``query`` on a free worker within the time limit."""
        deadline = time.monotonic() + self.timeout
        busy = (503, "text/plain; charset=utf-8")
        try:
            worker = self._idle.get(timeout=max(0.0, self.timeout))
        except queue.Empty:
            return (*busy, b"every query worker is busy; try again later\n")
        try:
            worker.conn.send((query, accept, self.max_rows))
            while True:
                if worker.conn.poll(min(0.2, max(0.0, deadline - time.monotonic()))):
                    reply = worker.conn.recv()
                    self._idle.put(worker)
                    worker = None
                    return reply
                if time.monotonic() >= deadline:
                    message = f"the query ran past the time limit of {self.timeout:g} s\n"
                    return (*busy, message.encode("utf-8"))
                if gone():
                    return (*busy, b"client gone\n")
        except (EOFError, OSError):
            return (500, "text/plain; charset=utf-8", b"the query worker failed\n")
        finally:
            if worker is not None:  # stopped mid-query: kill it, start another
                self.killed += 1
                self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        worker.kill()
        if not self._stopped.is_set():
            self._respawn.put(True)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._all if w.process.poll() is None]

    def wait(self) -> int:
        """Block until the endpoint is stopped; 0."""
        while not self._stopped.wait(0.5):
            pass
        return 0

    def stop(self) -> None:
        self._stopped.set()
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
            self._server.server_close()
            self._server = None
        self._respawn.put(None)
        if self._keeper is not None:
            self._keeper.join(35)
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> Endpoint:
        return self.start() if self._server is None else self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def serve(graph: Path, port: int = DEFAULT_PORT, **options: Any) -> Endpoint:
    """Start an endpoint over ``graph`` (a ``graph.ttl`` or its build folder); stop it when done.
    ``options``: ``host``, ``timeout``, ``max_rows``, ``workers`` of :class:`Endpoint`."""
    graph = Path(graph)
    return Endpoint(graph / "graph.ttl" if graph.is_dir() else graph, port, **options).start()
