"""A lexical scan of query text (comments, strings and IRIs blanked out): read-only and
local-only checks, syntax errors worded for one line."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.query.common import DEFAULT_PREFIXES, QueryError

_LEXEME = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
    re.S,
)
_FORMS = re.compile(r"(?<![\w?$:])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:])", re.I)
_UPDATES = re.compile(
    r"(?<![\w?$:])(INSERT|DELETE|DROP|CLEAR|LOAD|CREATE|COPY|MOVE|ADD|WITH)(?![\w:])", re.I
)
_REMOTE = re.compile(r"(?<![\w?$:])(SERVICE|FROM)(?![\w:])", re.I)


def _code(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length, newlines kept)."""
    return _LEXEME.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _guard(text: str) -> None:
    """Refuse updates and anything that would fetch data from elsewhere (SERVICE, FROM)."""
    code = _code(text)
    form = _FORMS.search(code)
    update = _UPDATES.search(code)
    if update and (form is None or update.start() < form.start()):
        raise QueryError(
            f"SPARQL updates are not allowed (read-only) at {_position(text, update.start())}"
        )
    remote = _REMOTE.search(code)
    if remote:
        word = remote.group(1).upper()
        raise QueryError(
            f"{word} is not allowed: queries run over the local graph only, "
            f"at {_position(text, remote.start())}"
        )


def _syntax_message(message: str) -> str:
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.S)
    if not match:
        return f"SPARQL syntax error: {_one_line(message)}"
    line, column, detail = match.groups()
    return f"SPARQL syntax error at line {line}, column {column}: {_one_line(detail)}"


def _one_line(message: str, limit: int = 240) -> str:
    flat = " ".join(str(message).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def check(text: str) -> None:
    """Raise :class:`QueryError` (with line and column) unless ``text`` is a read-only query."""
    _guard(text)
    try:
        ox.Store().query(text, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as error:
        raise QueryError(_syntax_message(str(error))) from None
