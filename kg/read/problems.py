"""What reading reports instead of raising: a file's problem and the reason it is one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadProblem:
    path: str
    reason: str

    def __str__(self) -> str:
        """``PATH: reason`` on one line, whatever characters the file name holds."""
        path = self.path if self.path.isprintable() else repr(self.path)[1:-1]
        return f"{path}: {' '.join(self.reason.split())}"


class Unreadable(ValueError):
    """A file (or record) that is not a usable document; the message is the reason."""


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
