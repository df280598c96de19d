"""A read-only SPARQL 1.1 endpoint over a built graph, served by the Oxigraph server.

The graph is loaded into a fresh Oxigraph store in a temporary folder (``oxigraph load``), then
served with ``oxigraph serve-read-only`` bound to 127.0.0.1 only: queries at ``/query``; updates
are refused. Stopping the endpoint stops the server and deletes the store.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"
DEFAULT_PORT = 7878


class ServeError(Exception):
    """The endpoint could not be started, worded for a one-line message."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed by the ``oxigraph`` PyPI package."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServeError("the oxigraph server was not found; install it with: pip install oxigraph")
    return found


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _error_line(text: str) -> str:
    """The line of an Oxigraph error report that says what went wrong."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Error while") or "error at" in line.lower():
            return line.removeprefix("Error while loading file ")
    for line in lines:
        if line.startswith("Error"):
            return line.removeprefix("Error: ")
    return lines[-1] if lines else "no message"


def _environment() -> dict[str, str]:
    return {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, ask for SIGTERM when the parent dies, so a killed
    ``kg serve`` never leaves a server behind."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _local_opener() -> urllib.request.OpenerDirector:
    """urllib without proxies: the endpoint is on 127.0.0.1."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Endpoint:
    """An Oxigraph read-only server over one graph file; use as a context manager."""

    def __init__(self, graph: Path, port: int = DEFAULT_PORT) -> None:
        self.graph = Path(graph)
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None
        self._folder: Path | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def url(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.base}/query"

    @property
    def log(self) -> Path | None:
        return self._folder / "server.log" if self._folder else None

    def start(self, timeout: float = 30.0) -> Endpoint:
        if not self.graph.is_file():
            raise ServeError(f"no graph file at {self.graph}")
        self._folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        try:
            self._load()
            self._launch()
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _load(self) -> None:
        command = [oxigraph_binary(), "load", "--location", str(self._folder / "store")]
        command += ["--format", "ttl", "--file", str(self.graph)]
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, env=_environment()
        )
        if done.returncode != 0:
            raise ServeError(f"cannot load {self.graph}: {_error_line(done.stderr)}")

    def _launch(self) -> None:
        command = [oxigraph_binary(), "serve-read-only", "--location", str(self._folder / "store")]
        command += ["--bind", f"{HOST}:{self.port}"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_environment(),
                preexec_fn=_die_with_parent,
            )

    def _wait_ready(self, timeout: float) -> None:
        probe = f"{self.url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        opener = _local_opener()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = _error_line(self.log.read_text(encoding="utf-8", errors="replace"))
                raise ServeError(f"the oxigraph server stopped on port {self.port}: {message}")
            try:
                with opener.open(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise ServeError(f"the oxigraph server did not answer on {self.url} in {timeout:g} s")

    def wait(self) -> int:
        """Block until the server exits; its exit status."""
        return self.process.wait() if self.process else 0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> Endpoint:
        return self.start() if self.process is None else self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def serve(graph: Path, port: int = DEFAULT_PORT) -> Endpoint:
    """Start an endpoint over ``graph`` (a ``graph.ttl`` or its build folder); stop it when done."""
    graph = Path(graph)
    return Endpoint(graph / "graph.ttl" if graph.is_dir() else graph, port).start()
