"""A registry of pipeline components, in the spirit of spaCy's: a stage is a named function,
and a pipeline is an ordered list of names, so a user can swap or add a stage without forking.

    from kg.registry import stages

    @stages.register("mentions")
    def my_mentions(state): ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Registry:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, Callable[..., Any]] = {}

    def register(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            self._items[name] = function
            return function

        return decorator

    def get(self, name: str) -> Callable[..., Any]:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items))
            raise KeyError(f"no {self.kind} named {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return sorted(self._items)


stages = Registry("pipeline stage")
