"""Registries of pipeline components, in the spirit of spaCy's: a stage, a mention rule and a
relation rule are each a named unit, and a pipeline is an ordered list of names, so a user can
swap or add one without forking.

    from kg.registry import stages, mention_rules, relation_rules

    @stages.register("mentions")
    def my_mentions(state): ...

    @mention_rules.register("stock_codes", priority=2, produces=("Firm",))
    def stock_codes(sentence, lexicon): ...  # -> list[Mention]

    @relation_rules.register("located_by_address", produces=("locatedIn",))
    def located_by_address(ctx): ...  # yields Relation records (ctx.relation(...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Named items in registration order; registering a name again replaces the item in place."""

    def __init__(self, kind: str, make: Callable[..., T] | None = None) -> None:
        self.kind = kind
        self._make = make
        self._items: dict[str, T] = {}

    def register(
        self, name: str, **meta: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            self._items[name] = self._make(name, function, **meta) if self._make else function
            return function

        return decorator

    def add(self, name: str, item: T) -> None:
        self._items[name] = item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(self._items)
            raise KeyError(f"no {self.kind} named {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        """The registered names, in registration order (the default running order)."""
        return list(self._items)

    def __contains__(self, name: str) -> bool:
        return name in self._items


@dataclass(frozen=True)
class MentionRule:
    """A function ``(sentence, lexicon) -> list[Mention]`` and what the mention stage needs to
    know of it: ``priority`` settles overlaps (lower wins, then the longer span), ``produces``
    names the entity types it may find, ``names_again`` says whether a name it found is looked up
    again in every sentence of the document."""

    name: str
    find: Callable[..., list[Any]]
    priority: int = 2
    produces: tuple[str, ...] = ()
    names_again: bool = True

    def __call__(self, sentence: Any, lexicon: Any) -> list[Any]:
        return self.find(sentence, lexicon)


@dataclass(frozen=True)
class RelationRule:
    """A function ``(ctx) -> Iterator[Relation]`` over one sentence's context; ``produces``
    names the relations (ontology local names) it may yield."""

    name: str
    find: Callable[..., Any]
    produces: tuple[str, ...] = ()

    def __call__(self, ctx: Any) -> Any:
        return self.find(ctx)


stages: Registry[Callable[..., Any]] = Registry("pipeline stage")
mention_rules: Registry[MentionRule] = Registry("mention rule", MentionRule)
relation_rules: Registry[RelationRule] = Registry("relation rule", RelationRule)
