"""Stage 7, build the graph: merge per-document results into corpus entities and write them as RDF.

Merging is a union over the whole set of document results (order does not matter), so the graph
is the same whatever order or number of workers produced them.

RDF shape (see the README for queries):

- entity ``ckg:Cluster`` … with ``skos:prefLabel``/``skos:altLabel`` (``@zh-Hans``, Traditional
  surface forms ``@zh-Hant``) and ``ckg:mentionedIn`` each document;
- relation: the triple itself, plus an ``rdf:Statement`` reifying it, ``prov:wasDerivedFrom`` each
  evidence sentence;
- evidence sentence: a ``nif:String`` with ``nif:beginIndex``/``nif:endIndex`` (character offsets in
  the decoded original file), ``nif:anchorOf`` (the text) and ``nif:referenceContext`` (the
  document);
- measurement: a ``ckg:Measurement`` with ``ckg:amountYuan`` (xsd:decimal), ``ckg:count``,
  ``ckg:refYear`` (xsd:gYear), linked by ``ckg:hasMeasurement``.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg import __version__
from kg.lexicon import Lexicon
from kg.lexicon import load as load_lexicon
from kg.mentions import place_prefix
from kg.model import DocumentResult, Evidence, Measurement, Relation
from kg.schema import load_schema

CKG = Namespace("https://w3id.org/cluster-kg/ontology#")
ID = Namespace("https://w3id.org/cluster-kg/id/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PREFIXES = {
    "ckg": CKG,
    "id": ID,
    "nif": NIF,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "rdfs": RDFS,
}
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1 << 16)
def entity_iri(type_: str, name: str) -> URIRef:
    return ID[f"{type_.lower()}/{_hash(type_, name)}"]


@lru_cache(maxsize=1 << 16)  # asked again for every entity, sentence and relation of a document
def document_iri(doc_id: str) -> URIRef:
    """``id:doc/ID``, the identifier percent-encoded as one path segment: ``/`` is encoded, and
    so are the dots of ``.`` or ``..``, which would resolve to ``id:doc/`` or the namespace."""
    segment = quote(doc_id, safe="")
    return ID["doc/" + (segment.replace(".", "%2E") if segment in (".", "..") else segment)]


def sentence_iri(doc_id: str, start: int, end: int) -> URIRef:
    """RFC 5147 style: the document IRI with #char=start,end."""
    return URIRef(f"{document_iri(doc_id)}#char={start},{end}")


@dataclass
class CorpusEntity:
    type: str
    name: str
    labels: dict[str, int] = field(
        default_factory=dict
    )  # Simplified label → documents using it as name
    traditional: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)

    @property
    def iri(self) -> URIRef:
        return entity_iri(self.type, self.name)


@dataclass
class Corpus:
    """Merged results: entities, relations with all their evidence, measurements, documents."""

    entities: dict[tuple[str, str], CorpusEntity]
    relations: dict[tuple[tuple[str, str], str, tuple[str, str]], set[Evidence]]
    cues: dict[tuple[tuple[str, str], str, tuple[str, str]], set[str]]
    measurements: list[tuple[tuple[str, str], Measurement]]
    documents: list[DocumentResult]
    rejected: list[Relation] = field(default_factory=list)  # against the ontology's schema


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _merges_across_documents(type_: str, alias: str, lexicon: Lexicon) -> bool:
    """Only aliases that name one thing anywhere link documents: a bare field name
    (智能传感器创新型产业集群) names different clusters in different places."""
    if type_ not in ("Cluster", "Platform"):
        return True
    return place_prefix(alias, lexicon) is not None


def _oriented(
    head: tuple[str, str], relation: str, tail: tuple[str, str]
) -> tuple[tuple[str, str], tuple[str, str]]:
    """A symmetric relation (partnerOf) is stated once: in the direction the ontology's domain
    and range allow (a park only as head), the smaller key first when both do."""
    schema = load_schema()[relation]
    if not schema.symmetric:
        return head, tail
    forward = head[0] in schema.domain and tail[0] in schema.range
    backward = tail[0] in schema.domain and head[0] in schema.range
    if backward and (not forward or tail < head):
        return tail, head
    return head, tail


def merge(results: Iterable[DocumentResult], lexicon: Lexicon | None = None) -> Corpus:
    """Merge per-document results into one corpus. Every relation is checked against the
    ontology's domain and range (:mod:`kg.schema`); one that does not fit is set aside in
    :attr:`Corpus.rejected`, never written."""
    lexicon = lexicon or load_lexicon()
    schema = load_schema()
    documents = sorted(results, key=lambda r: (r.doc_id, r.path))
    union = _UnionFind()
    for result in documents:
        for entity in result.entities:
            node = (entity.type, entity.name)
            union.find(node)
            for alias in entity.aliases:
                if _merges_across_documents(entity.type, alias, lexicon):
                    union.union(node, (entity.type, alias))
    groups: dict = defaultdict(list)
    for result in documents:
        for entity in result.entities:
            groups[union.find((entity.type, entity.name))].append((result.doc_id, entity))
    entities: dict[tuple[str, str], CorpusEntity] = {}
    canonical: dict[tuple[str, str, str], tuple[str, str]] = {}  # (doc, type, name) → corpus key
    for members in groups.values():
        counts: dict[str, int] = defaultdict(int)
        for _doc, entity in members:
            counts[entity.name] += 1
        name = sorted(counts, key=lambda n: (-counts[n], len(n), n))[0]
        type_ = members[0][1].type
        corpus_entity = CorpusEntity(type_, name)
        for doc_id, entity in members:
            corpus_entity.labels.setdefault(entity.name, 0)
            corpus_entity.labels[entity.name] += 1
            for alias in entity.aliases:
                corpus_entity.labels.setdefault(alias, 0)
            corpus_entity.traditional.update(entity.traditional)
            corpus_entity.documents.add(doc_id)
            canonical[(doc_id, entity.type, entity.name)] = (type_, name)
        entities[(type_, name)] = corpus_entity

    relations: dict = defaultdict(set)
    cues: dict = defaultdict(set)
    measurements = []
    seen_measurements: set[tuple] = set()
    rejected: list[Relation] = []
    for result in documents:
        for relation in result.relations:
            head = canonical.get((result.doc_id, *relation.head))
            tail = canonical.get((result.doc_id, *relation.tail))
            if head is None or tail is None or head == tail:
                continue
            if not schema.allows(head, relation.relation, tail):
                rejected.append(relation)
                continue
            head, tail = _oriented(head, relation.relation, tail)
            key = (head, relation.relation, tail)
            relations[key].add(relation.evidence)
            cues[key].add(relation.cue)
        for measurement in result.measurements:
            subject = canonical.get((result.doc_id, *measurement.entity))
            # one figure stated once is one measurement, even when two names of the entity
            # (merged here) both carried it: the key is what the graph's node is named by
            key = (subject, measurement.quantity, str(measurement.amount_yuan),
                   str(measurement.count), str(measurement.year),
                   measurement.evidence.doc_id, measurement.evidence.start)  # fmt: skip
            if subject is not None and key not in seen_measurements:
                seen_measurements.add(key)
                measurements.append((subject, measurement))
    return Corpus(entities, dict(relations), dict(cues), measurements, documents, rejected)


def _file_part(path: str) -> tuple[str, str]:
    """A document path as (file, ``#LINE`` suffix of a JSON Lines record or "")."""
    if os.path.lexists(path) or "#" not in path:
        return path, ""
    file, _, line = path.rpartition("#")
    return file, "#" + line


def source_names(paths: Iterable[str]) -> dict[str, str]:
    """The ``dcterms:source`` of each document path: the path from the folder above the deepest
    folder holding every input file, so that the graph does not depend on the working folder
    (``seeds/a.txt`` for ``kg build seeds`` run in the checkout and for ``kg build ../x/seeds``
    run elsewhere). A path that names no file (texts given to the API) is kept as it is."""
    paths = list(paths)
    files = {}
    for path in paths:
        file, line = _file_part(path)
        if os.path.isfile(file):
            files[path] = (os.path.abspath(file), line)
    names = {path: path for path in paths}
    if files:
        common = os.path.commonpath([os.path.dirname(f) for f, _ in files.values()])
        base = os.path.dirname(common)
        for path, (file, line) in files.items():
            names[path] = Path(os.path.relpath(file, base)).as_posix() + line
    return names


def build_graph(corpus: Corpus) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    add_triples(corpus, graph.add)
    return graph


class _Terms:
    """A namespace whose terms are made once: an rdflib ``Namespace`` builds a new ``URIRef`` at
    every attribute access, and :func:`add_triples` names a term for every triple it adds."""

    def __init__(self, namespace: Namespace) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:  # called once per name: then an attribute
        if name.startswith("_"):
            raise AttributeError(name)
        term = self._namespace[name]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]
        return term


_ckg, _nif, _rdf, _rdfs = _Terms(CKG), _Terms(NIF), _Terms(RDF), _Terms(RDFS)
_prov, _dcterms, _skos, _xsd = _Terms(PROV), _Terms(DCTERMS), _Terms(SKOS), _Terms(XSD)


def add_triples(corpus: Corpus, add: Callable[[Triple], object]) -> None:
    """Pass every triple of the corpus graph to ``add``: ``graph.add`` for an rdflib graph, or
    :meth:`kg.serialise.TurtleWriter.add` to write Turtle without building one (large corpora)."""
    seen: dict[Evidence, URIRef] = {}  # evidence sentence → its node, added once
    build = ID["build/" + _hash(*(d.doc_id for d in corpus.documents), __version__)]
    add((build, _rdf.type, _ckg.Build))
    add((build, _rdf.type, _prov.Activity))
    add(
        (
            build,
            _rdfs.label,
            Literal(
                f"cluster-kg {__version__} build over {len(corpus.documents)} documents", lang="en"
            ),
        )
    )

    sources = source_names(result.path for result in corpus.documents)
    for result in corpus.documents:
        doc = document_iri(result.doc_id)
        add((doc, _rdf.type, _ckg.Document))
        add((doc, _rdf.type, _nif.Context))
        add((doc, _dcterms.source, Literal(sources[result.path])))
        add((doc, _dcterms.identifier, Literal(result.doc_id)))
        add((doc, _ckg.encoding, Literal(result.encoding)))
        add((build, _prov.used, doc))
        if result.title:
            add((doc, _dcterms.title, Literal(result.title)))
        if result.url:
            add((doc, _dcterms.relation, Literal(result.url)))
        if result.date:
            add((doc, _dcterms.issued, Literal(result.date)))

    for key in sorted(corpus.entities):
        entity = corpus.entities[key]
        iri = entity.iri
        add((iri, _rdf.type, _ckg[entity.type]))
        add((iri, _skos.prefLabel, Literal(entity.name, lang="zh-Hans")))
        for label in sorted(entity.labels):
            if label != entity.name:
                add((iri, _skos.altLabel, Literal(label, lang="zh-Hans")))
        for label in sorted(entity.traditional):
            add((iri, _skos.altLabel, Literal(label, lang="zh-Hant")))
        for doc_id in sorted(entity.documents):
            add((iri, _ckg.mentionedIn, document_iri(doc_id)))
        add((iri, _prov.wasGeneratedBy, build))

    for (head, relation, tail), evidence in sorted(corpus.relations.items()):
        h, t = corpus.entities[head].iri, corpus.entities[tail].iri
        add((h, _ckg[relation], t))
        statement = ID["stmt/" + _hash(str(h), relation, str(t))]
        add((statement, _rdf.type, _rdf.Statement))
        add((statement, _rdf.subject, h))
        add((statement, _rdf.predicate, _ckg[relation]))
        add((statement, _rdf.object, t))
        for cue in sorted(corpus.cues[(head, relation, tail)]):
            if cue:
                add((statement, _ckg.cue, Literal(cue)))
        for item in sorted(evidence, key=lambda e: (e.doc_id, e.start, e.end)):
            add((statement, _prov.wasDerivedFrom, _add_evidence(add, item, seen)))

    for subject, measurement in sorted(
        corpus.measurements,
        key=lambda x: (
            x[0],
            x[1].evidence.doc_id,
            x[1].evidence.start,
            x[1].quantity,
            str(x[1].amount_yuan),
            str(x[1].count),
        ),
    ):
        iri = corpus.entities[subject].iri
        node = ID[
            "obs/"
            + _hash(
                str(iri),
                measurement.quantity,
                str(measurement.amount_yuan),
                str(measurement.count),
                str(measurement.year),
                measurement.evidence.doc_id,
                str(measurement.evidence.start),
            )
        ]
        add((iri, _ckg.hasMeasurement, node))
        add((node, _rdf.type, _ckg.Measurement))
        add((node, _ckg.quantityKind, Literal(measurement.quantity)))
        add((node, _rdfs.label, Literal(measurement.label, lang="zh-Hans")))
        if measurement.amount_yuan is not None:
            add(
                (
                    node,
                    _ckg.amountYuan,
                    Literal(format(measurement.amount_yuan, "f"), datatype=_xsd.decimal),
                )
            )
        if measurement.count is not None:
            add((node, _ckg["count"], Literal(measurement.count, datatype=_xsd.integer)))
        if measurement.year is not None:
            add((node, _ckg.refYear, Literal(f"{measurement.year:04d}", datatype=_xsd.gYear)))
        add((node, _prov.wasDerivedFrom, _add_evidence(add, measurement.evidence, seen)))


_NIF_STRING, _NIF_BEGIN, _NIF_END = NIF.String, NIF.beginIndex, NIF.endIndex
_NIF_ANCHOR, _NIF_CONTEXT = NIF.anchorOf, NIF.referenceContext
_NON_NEGATIVE = XSD.nonNegativeInteger


@lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    """A character offset as a literal, made once (the sentences of many documents share
    their offsets, and rdflib's Literal is slow to make)."""
    return Literal(value, datatype=_NON_NEGATIVE)


def _add_evidence(
    add: Callable[[Triple], object], evidence: Evidence, seen: dict[Evidence, URIRef]
) -> URIRef:
    """The sentence node of ``evidence``; its triples are added the first time only."""
    node = seen.get(evidence)
    if node is not None:
        return node
    node = seen[evidence] = sentence_iri(evidence.doc_id, evidence.start, evidence.end)
    add((node, _rdf.type, _NIF_STRING))
    add((node, _NIF_BEGIN, _offset(evidence.start)))
    add((node, _NIF_END, _offset(evidence.end)))
    add((node, _NIF_ANCHOR, Literal(evidence.text)))
    add((node, _NIF_CONTEXT, document_iri(evidence.doc_id)))
    return node
