"""Running a query where it can be stopped: a child process killed after a timeout, its
output relayed as it comes."""

from __future__ import annotations

import io
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from typing import Any


class _Channel(io.TextIOBase):
    """A child's stdout or stderr: text sent to the parent in pieces of about 64 KB."""

    def __init__(self, conn: Any, name: str) -> None:
        self.conn, self.name, self.parts, self.size = conn, name, [], 0

    def writable(self) -> bool:
        return True

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("a text stream")
        self.parts.append(text)
        self.size += len(text)
        if self.size >= 1 << 16 or self.name == "err":
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            self.conn.send((self.name, "".join(self.parts)))
            self.parts, self.size = [], 0


def run_with_timeout(task: Callable[[], int], timeout: float | None) -> int:
    """Run ``task`` (which writes to stdout and stderr and returns an exit status) in a child
    process and stop it after ``timeout`` seconds (None or 0: no limit). A query cannot be
    interrupted inside the store, so it runs where it can be killed; its output is relayed as
    it comes. The task's exit status, or :data:`TIMED_OUT`."""
    if not timeout or "fork" not in multiprocessing.get_all_start_methods():
        return task()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        code = 1
        out, err = _Channel(sender, "out"), _Channel(sender, "err")
        sys.stdout, sys.stderr = out, err
        try:
            code = task()
        finally:
            out.flush()
            err.flush()
            sender.close()
            os._exit(code)

    process = context.Process(target=child)
    process.start()
    sender.close()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not receiver.poll(left):
                process.kill()
                process.join()
                return TIMED_OUT
            try:
                name, text = receiver.recv()
            except EOFError:
                break
            stream = sys.stdout if name == "out" else sys.stderr
            try:
                stream.write(text)
                stream.flush()
            except BrokenPipeError:  # the reader stopped (| head): stop the query
                process.kill()
                process.join()
                return 0
    except BaseException:  # Ctrl-C: stop the query too
        process.kill()
        process.join()
        raise
    finally:
        receiver.close()
    process.join()
    return process.exitcode or 0


TIMED_OUT = 124  # as timeout(1)
