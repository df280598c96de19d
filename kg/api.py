"""A small Python API over a built graph, for notebooks and scripts.

from kg import api
kg = api.build("seeds/")                  # or api.load("out/graph.ttl"), api.from_texts([...])
kg.entities(); kg.relations(); kg.measurements()         # pandas DataFrames
kg.networkx()                                            # networkx MultiDiGraph
kg.query("firms-of-cluster", cluster_label="泰州")       # a named query (or SPARQL text)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg import query as sparql
from kg.graph import CKG, NIF, build_graph, merge
from kg.model import ENTITY_TYPES, RELATION_TYPES, SourceDocument
from kg.pipeline import Pipeline, extract
from kg.read import expand_paths, read_documents

_NUMBERS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}


def _python(term: object) -> object:
    """A result term as a plain Python value: IRIs and strings as ``str``, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        if datatype in sparql._INTEGER_TYPES:
            return int(str(term))
        if datatype in _NUMBERS:
            return float(str(term))
        if datatype == str(XSD.boolean):
            return str(term) in ("true", "1")
    return str(term)


def _int(graph: Graph, node: URIRef, predicate: URIRef) -> int | None:
    value = graph.value(node, predicate)
    return None if value is None else int(str(value))


@dataclass
class KnowledgeGraph:
    """A built graph (``rdf``) with tabular, network and SPARQL views of it."""

    rdf: Graph
    skipped: list[str] = field(default_factory=list)  # files or records that could not be read
    _store: ox.Store | None = field(default=None, repr=False)

    # ------------------------------------------------------------ lookups

    def _type(self, node: URIRef) -> str | None:
        for type_ in self.rdf.objects(node, RDF.type):
            name = str(type_).removeprefix(str(CKG))
            if name in ENTITY_TYPES:
                return name
        return None

    def _label(self, node: URIRef) -> str | None:
        label = self.rdf.value(node, SKOS.prefLabel)
        return None if label is None else str(label)

    def _side(self, name: str, node: URIRef) -> dict[str, str | None]:
        return {
            name: str(node),
            f"{name}_label": self._label(node),
            f"{name}_type": self._type(node),
        }

    def _entity_nodes(self) -> list[tuple[URIRef, str]]:
        return [
            (node, type_)
            for type_ in ENTITY_TYPES
            for node in sorted(self.rdf.subjects(RDF.type, CKG[type_]))
        ]

    def _evidence(self, node: URIRef) -> dict[str, object]:
        document = self.rdf.value(node, NIF.referenceContext)
        source = self.rdf.value(document, DCTERMS.source) if document is not None else None
        return {
            "sentence": str(self.rdf.value(node, NIF.anchorOf) or ""),
            "begin": _int(self.rdf, node, NIF.beginIndex),
            "end": _int(self.rdf, node, NIF.endIndex),
            "document": None if document is None else str(document),
            "source": None if source is None else str(source),
        }

    def _statements(self) -> dict[tuple[URIRef, URIRef, URIRef], list[URIRef]]:
        evidence: dict[tuple[URIRef, URIRef, URIRef], list[URIRef]] = {}
        for statement in self.rdf.subjects(RDF.type, RDF.Statement):
            key = tuple(
                self.rdf.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object)
            )
            evidence.setdefault(key, []).extend(self.rdf.objects(statement, PROV.wasDerivedFrom))
        return evidence

    def _relation_triples(self) -> list[tuple[URIRef, str, URIRef]]:
        return [
            (head, relation, tail)
            for relation in RELATION_TYPES
            for head, tail in sorted(self.rdf.subject_objects(CKG[relation]))
        ]

    # ------------------------------------------------------------ tables

    def entities(self) -> pd.DataFrame:
        """One row per entity: iri, type, label, aliases (list), documents (how many mention it)."""
        rows = []
        for node, type_ in self._entity_nodes():
            label = self._label(node)
            aliases = sorted({str(a) for a in self.rdf.objects(node, SKOS.altLabel)} - {label})
            documents = len(set(self.rdf.objects(node, CKG.mentionedIn)))
            rows.append(
                {
                    "iri": str(node),
                    "type": type_,
                    "label": label,
                    "aliases": aliases,
                    "documents": documents,
                }
            )
        return pd.DataFrame(rows, columns=["iri", "type", "label", "aliases", "documents"])

    def relations(self) -> pd.DataFrame:
        """One row per relation and evidence sentence, with the sentence's offsets and document."""
        columns = ["subject", "subject_label", "subject_type", "relation", "object", "object_label",
                   "object_type", "sentence", "begin", "end", "document", "source"]  # fmt: skip
        statements = self._statements()
        rows = []
        for head, relation, tail in self._relation_triples():
            base = {
                **self._side("subject", head),
                "relation": relation,
                **self._side("object", tail),
            }
            sentences = sorted(statements.get((head, CKG[relation], tail), []))
            for sentence in sentences or [None]:
                rows.append({**base, **(self._evidence(sentence) if sentence is not None else {})})
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype({"begin": "Int64", "end": "Int64"})

    def measurements(self) -> pd.DataFrame:
        """One row per stated figure: entity, quantity, amount_yuan, count, year, sentence."""
        columns = ["entity", "entity_label", "entity_type", "quantity", "amount_yuan", "count",
                   "year", "label", "sentence", "source"]  # fmt: skip
        rows = []
        for node, type_ in self._entity_nodes():
            for measurement in sorted(self.rdf.objects(node, CKG.hasMeasurement)):
                amount = self.rdf.value(measurement, CKG.amountYuan)
                evidence = self.rdf.value(measurement, PROV.wasDerivedFrom)
                found = self._evidence(evidence) if evidence is not None else {}
                rows.append({
                    "entity": str(node), "entity_label": self._label(node), "entity_type": type_,
                    "quantity": str(self.rdf.value(measurement, CKG.quantityKind)),
                    "amount_yuan": None if amount is None else float(str(amount)),
                    "count": _int(self.rdf, measurement, CKG["count"]),
                    "year": _int(self.rdf, measurement, CKG.refYear),
                    "label": str(self.rdf.value(measurement, RDFS.label) or ""),
                    "sentence": found.get("sentence"), "source": found.get("source"),
                })  # fmt: skip
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype({"amount_yuan": "Float64", "count": "Int64", "year": "Int64"})

    # ------------------------------------------------------------ network

    def networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes (``type``, ``label``, ``aliases``, ``documents``), relations as edges
        keyed and labelled by the relation name, with their evidence sentences."""
        network = nx.MultiDiGraph()
        for node, type_ in self._entity_nodes():
            label = self._label(node)
            aliases = sorted({str(a) for a in self.rdf.objects(node, SKOS.altLabel)} - {label})
            documents = len(set(self.rdf.objects(node, CKG.mentionedIn)))
            network.add_node(
                str(node), type=type_, label=label, aliases=aliases, documents=documents
            )
        statements = self._statements()
        for head, relation, tail in self._relation_triples():
            if str(head) in network and str(tail) in network:
                sentences = sorted(statements.get((head, CKG[relation], tail), []))
                evidence = [str(self.rdf.value(s, NIF.anchorOf) or "") for s in sentences]
                network.add_edge(
                    str(head), str(tail), key=relation, relation=relation, evidence=evidence
                )
        return network

    # ------------------------------------------------------------ SPARQL

    def store(self) -> ox.Store:
        """The graph in an in-memory Oxigraph store (built once)."""
        if self._store is None:
            self._store = sparql.to_oxigraph(self.rdf)
        return self._store

    def sparql(self, query: str, store: str = "oxigraph", **params: str) -> sparql.Result:
        """A named query, ``.rq`` file or SPARQL text as a :class:`kg.query.Result` (RDF terms)."""
        engine = self.store() if store == "oxigraph" else self.rdf
        return sparql.run(engine, query, params)

    def query(self, query: str, store: str = "oxigraph", **params: str) -> pd.DataFrame:
        """A named query, ``.rq`` file or SPARQL text as a DataFrame; ``params`` bind variables."""
        result = self.sparql(query, store, **params)
        if result.kind != "select":
            raise sparql.QueryError(
                "query() returns tables: use sparql() for ASK, CONSTRUCT, DESCRIBE"
            )
        rows = [[_python(term) for term in row] for row in result.rows]
        return pd.DataFrame(rows, columns=result.variables)

    # ------------------------------------------------------------ outputs

    def html(self) -> str:
        """The interactive explorer page (:func:`kg.render.render_html`)."""
        from kg.render import render_html

        return render_html(self.rdf)

    def export(self, fmt: str, out: str | Path) -> list[Path]:
        """Write the graph for other tools (:mod:`kg.export`): ``graphml`` or ``gexf`` (Gephi,
        networkx), ``jsonld``, ``csv`` (a folder of tables) or ``neo4j`` (import CSVs)."""
        from kg.export import export

        return export(self, fmt, out)

    def save(self, path: str | Path) -> Path:
        """Write the graph as Turtle."""
        from kg.serialise import write_turtle

        path = Path(path)
        write_turtle(self.rdf, path)
        return path


def load(path: str | Path) -> KnowledgeGraph:
    """A graph written by ``kg build`` (its ``graph.ttl`` or the build folder)."""
    return KnowledgeGraph(Graph().parse(sparql.graph_file(path), format="turtle"))


def pipeline(
    names: str | Path | None = None,
    lexicon: str | Path | None = None,
    replace_lexicon: bool = False,
    segmenter: str | None = None,
) -> Pipeline:
    """The pipeline of ``kg build --names FILE --lexicon DIR``: pass it to :func:`build`."""
    return Pipeline.configured(names, lexicon, replace_lexicon, segmenter)


def _from_documents(
    documents: Iterable[SourceDocument], skipped: list[str], pipeline: Pipeline | None = None
) -> KnowledgeGraph:
    results = [extract(document, pipeline) for document in documents]
    lexicon = pipeline.lexicon if pipeline is not None else None
    return KnowledgeGraph(build_graph(merge(results, lexicon)), skipped)


def build(
    *paths: str | Path,
    names: str | Path | None = None,
    lexicon: str | Path | None = None,
    pipeline: Pipeline | None = None,
) -> KnowledgeGraph:
    """Build a graph from text files or folders of them, as ``kg build`` does (without writing).
    ``names`` (a names file) and ``lexicon`` (a data folder) work as the command's options;
    ``pipeline`` gives a whole :class:`~kg.pipeline.Pipeline` instead."""
    if pipeline is None and (names is not None or lexicon is not None):
        pipeline = Pipeline.configured(names, lexicon)
    documents: list[SourceDocument] = []
    skipped: list[str] = []
    for item in read_documents(expand_paths(paths)):
        if isinstance(item, SourceDocument):
            documents.append(item)
        else:
            skipped.append(str(item))
    return _from_documents(documents, skipped, pipeline)


def from_texts(
    texts: Mapping[str, str] | Iterable[str], pipeline: Pipeline | None = None
) -> KnowledgeGraph:
    """Build a graph from texts: a mapping of name → text, or texts (named ``text-1``, …)."""
    items = (
        texts.items()
        if isinstance(texts, Mapping)
        else ((f"text-{i}", text) for i, text in enumerate(texts, start=1))
    )
    return _from_documents(
        (SourceDocument(path=name, text=text) for name, text in items), [], pipeline
    )
