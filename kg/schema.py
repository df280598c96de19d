"""The relation schema (domain, range, symmetry), read from the ontology itself.

``kg/ontology/cluster-kg.ttl`` is the one place where the relations' head and tail types are
written down; the relation rules, the graph builder and the tests all read them from here.
Parsed with pyoxigraph (fast, and no rdflib in the extraction workers).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import pyoxigraph as ox

from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.paths import ontology_dir

CKG = "https://w3id.org/cluster-kg/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS_DOMAIN = ox.NamedNode(_RDFS + "domain")
_RDFS_RANGE = ox.NamedNode(_RDFS + "range")


class SchemaError(ValueError):
    """A relation whose head or tail type the ontology does not allow."""


@dataclass(frozen=True)
class RelationSchema:
    name: str
    domain: frozenset[str]
    range: frozenset[str]
    symmetric: bool = False

    def allows(self, head_type: str, tail_type: str) -> bool:
        """Whether head → tail fits; a symmetric relation fits when either direction does."""
        forward = head_type in self.domain and tail_type in self.range
        return forward or (self.symmetric and tail_type in self.domain and head_type in self.range)


@dataclass(frozen=True)
class Schema:
    relations: dict[str, RelationSchema]

    def __getitem__(self, name: str) -> RelationSchema:
        return self.relations[name]

    def domain(self, name: str) -> tuple[str, ...]:
        """Head types of a relation, in the order of :data:`kg.model.ENTITY_TYPES`."""
        return self._domains[name]

    def range(self, name: str) -> tuple[str, ...]:
        return self._ranges[name]

    @cached_property
    def _domains(self) -> dict[str, tuple[str, ...]]:
        """(made once: every relation rule asks for every sentence)"""
        return {name: _ordered(r.domain) for name, r in self.relations.items()}

    @cached_property
    def _ranges(self) -> dict[str, tuple[str, ...]]:
        return {name: _ordered(r.range) for name, r in self.relations.items()}

    def allows(self, head: tuple[str, str], name: str, tail: tuple[str, str]) -> bool:
        relation = self.relations.get(name)
        return relation is not None and relation.allows(head[0], tail[0])

    def check(self, head: tuple[str, str], name: str, tail: tuple[str, str]) -> None:
        if not self.allows(head, name, tail):
            raise SchemaError(
                f"{name} does not allow {head[0]} {head[1]!r} → {tail[0]} {tail[1]!r}"
            )


@cache
def _ordered(types: frozenset[str]) -> tuple[str, ...]:
    return tuple(t for t in ENTITY_TYPES if t in types)


def _local(term: ox.NamedNode) -> str:
    return term.value[len(CKG) :] if term.value.startswith(CKG) else ""


def _classes(store: ox.Store, node: ox.NamedNode | ox.BlankNode) -> frozenset[str]:
    """A class or an owl:unionOf list of classes, as local names."""
    if isinstance(node, ox.NamedNode):
        return frozenset({_local(node)})
    out: set[str] = set()
    for quad in store.quads_for_pattern(node, ox.NamedNode(_OWL + "unionOf"), None):
        item = quad.object
        while item != ox.NamedNode(_RDF + "nil"):
            first = next(store.quads_for_pattern(item, ox.NamedNode(_RDF + "first"), None))
            out.add(_local(first.object))
            item = next(store.quads_for_pattern(item, ox.NamedNode(_RDF + "rest"), None)).object
    return frozenset(out)


@cache
def load_schema() -> Schema:
    """The schema of the ten relations, from the ontology shipped with the package."""
    store = ox.Store()
    path = ontology_dir() / "cluster-kg.ttl"
    store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    relations: dict[str, RelationSchema] = {}
    for name in RELATION_TYPES:
        node = ox.NamedNode(CKG + name)
        domain = [
            q.object for q in store.quads_for_pattern(node, ox.NamedNode(_RDFS + "domain"), None)
        ]
        range_ = [
            q.object for q in store.quads_for_pattern(node, ox.NamedNode(_RDFS + "range"), None)
        ]
        if len(domain) != 1 or len(range_) != 1:
            raise SchemaError(f"{path}: {name} needs exactly one rdfs:domain and one rdfs:range")
        symmetric = any(
            store.quads_for_pattern(
                node, ox.NamedNode(_RDF + "type"), ox.NamedNode(_OWL + "SymmetricProperty")
            )
        )
        relations[name] = RelationSchema(
            name, _classes(store, domain[0]), _classes(store, range_[0]), symmetric
        )
    return Schema(relations)
