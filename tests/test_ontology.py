"""The published ontology: every type and relation of the annotation guide, with labels,
comments, domains and ranges, byte-exact namespaces, and parseable by rdflib and pyoxigraph."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph import CKG, NIF, PREFIXES
from kg.model import ENTITY_TYPES, RELATION_TYPES

ONTOLOGY = Path(__file__).resolve().parent.parent / "kg" / "ontology" / "cluster-kg.ttl"
SHAPES = ONTOLOGY.with_name("shapes.ttl")
SH = Namespace("http://www.w3.org/ns/shacl#")

# The annotation guide's relation table: head types → tail types.
GUIDE_RELATIONS: dict[str, tuple[set[str], set[str]]] = {
    "locatedIn": ({"Cluster", "Park", "Firm", "Platform", "ResearchOrg"}, {"Park", "Region"}),
    "partOf": ({"Park", "Region"}, {"Park", "Region"}),
    "memberOf": ({"Firm"}, {"Cluster"}),
    "leads": ({"Firm"}, {"Cluster"}),
    "hasPlatform": ({"Cluster", "Park"}, {"Platform"}),
    "builtBy": ({"Platform"}, {"Firm", "ResearchOrg", "Agency", "Park", "Platform"}),
    "issuedBy": ({"Policy"}, {"Agency", "Region", "Park"}),
    "supports": ({"Policy"}, {"Cluster", "Park", "Firm", "Platform"}),
    "designatedBy": ({"Cluster"}, {"Agency"}),
    "partnerOf": ({"Firm", "ResearchOrg", "Park", "Platform"}, {"Firm", "ResearchOrg", "Platform"}),
}
GUIDE_CLASSES = ("Cluster", "Park", "Firm", "Policy", "Platform", "Agency", "ResearchOrg", "Region")

# Byte-exact namespace IRIs of the vocabularies the project uses.
NAMESPACES = {
    "ckg": "https://w3id.org/cluster-kg/ontology#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "sh": "http://www.w3.org/ns/shacl#",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _union(graph: Graph, node) -> set[str]:
    """The local names of a class or of an owl:unionOf class expression."""
    if isinstance(node, URIRef):
        return {str(node).removeprefix(str(CKG))}
    members = graph.value(node, OWL.unionOf)
    assert members is not None, f"{node} is neither a named class nor an owl:unionOf"
    return {str(member).removeprefix(str(CKG)) for member in Collection(graph, members)}


def _labels(graph: Graph, subject: URIRef, predicate: URIRef) -> dict[str, str]:
    return {(o.language or "").lower(): str(o) for o in graph.objects(subject, predicate)}


def test_model_names_are_the_guides() -> None:
    assert set(ENTITY_TYPES) == set(GUIDE_CLASSES)
    assert set(RELATION_TYPES) == set(GUIDE_RELATIONS)


@pytest.mark.parametrize("name", GUIDE_CLASSES)
def test_class_is_declared_with_labels_and_comment(ontology: Graph, name: str) -> None:
    cls = CKG[name]
    assert (cls, RDF.type, OWL.Class) in ontology
    labels = _labels(ontology, cls, RDFS.label)
    assert labels.get("en"), f"{name} has no English rdfs:label"
    assert any(lang.startswith("zh") and text for lang, text in labels.items()), (
        f"{name} has no Chinese rdfs:label"
    )
    comments = _labels(ontology, cls, RDFS.comment)
    assert comments.get("en") and any(lang.startswith("zh") for lang in comments)
    assert (cls, RDFS.subClassOf, CKG.Entity) in ontology


@pytest.mark.parametrize("name", sorted(GUIDE_RELATIONS))
def test_property_is_declared_with_guide_domain_and_range(ontology: Graph, name: str) -> None:
    prop = CKG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    labels = _labels(ontology, prop, RDFS.label)
    assert labels.get("en") and any(lang.startswith("zh") for lang in labels)
    assert _labels(ontology, prop, RDFS.comment).get("en")
    domain, range_ = GUIDE_RELATIONS[name]
    domains = list(ontology.objects(prop, RDFS.domain))
    ranges = list(ontology.objects(prop, RDFS.range))
    assert len(domains) == 1 and len(ranges) == 1, (
        "one rdfs:domain and one rdfs:range (a union if needed)"
    )
    assert _union(ontology, domains[0]) == domain
    assert _union(ontology, ranges[0]) == range_


def test_partner_of_is_symmetric(ontology: Graph) -> None:
    assert (CKG.partnerOf, RDF.type, OWL.SymmetricProperty) in ontology
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    assert symmetric == {CKG.partnerOf}


def test_no_extra_entity_classes_or_relations(ontology: Graph) -> None:
    """Classes under ckg:Entity are the guide's; so are the object properties between entities."""
    entity_classes = {
        str(s).removeprefix(str(CKG)) for s in ontology.subjects(RDFS.subClassOf, CKG.Entity)
    }
    assert entity_classes == set(GUIDE_CLASSES)
    relations = {
        str(s).removeprefix(str(CKG))
        for s in ontology.subjects(RDF.type, OWL.ObjectProperty)
        if s not in (CKG.mentionedIn, CKG.hasMeasurement)
    }
    assert relations == set(GUIDE_RELATIONS)


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=["ontology", "shapes"])
def test_declared_prefixes_are_byte_exact(path) -> None:
    declared = dict(
        re.findall(r"^@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", path.read_text(encoding="utf-8"), re.M)
    )
    assert declared, "no @prefix lines found"
    for prefix, iri in declared.items():
        if prefix in NAMESPACES:
            assert iri == NAMESPACES[prefix], (
                f"{path.name}: {prefix}: is <{iri}>, expected <{NAMESPACES[prefix]}>"
            )


def test_code_namespaces_are_byte_exact() -> None:
    assert str(CKG) == NAMESPACES["ckg"]
    assert str(NIF) == NAMESPACES["nif"]
    for prefix, namespace in PREFIXES.items():
        if prefix in NAMESPACES:
            assert str(namespace) == NAMESPACES[prefix], prefix
    assert str(OWL) == NAMESPACES["owl"]


def test_ontology_parses_with_pyoxigraph_like_rdflib(ontology: Graph) -> None:
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(ontology) > 100
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    names = {
        solution["c"].value
        for solution in store.query(
            "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
            "SELECT ?c WHERE { ?c a owl:Class FILTER(isIRI(?c)) }"
        )
    }
    assert {NAMESPACES["ckg"] + name for name in GUIDE_CLASSES} <= names


def test_ontology_declares_every_ckg_term_the_seeds_graph_uses(
    ontology: Graph, seeds_graph: Graph
) -> None:
    """No typo or undeclared term: each ckg: class and property of a built graph is declared."""
    used = {p for p in seeds_graph.predicates() if str(p).startswith(str(CKG))}
    used |= {o for o in seeds_graph.objects(None, RDF.type) if str(o).startswith(str(CKG))}
    declared = set(ontology.subjects(RDF.type, None))
    assert used - declared == set()


# ------------------------------------------------------------------ shapes agree with the ontology


def _shape_classes(shapes: Graph, node, relation: URIRef) -> tuple[set[str], set[str]]:
    """sh:class values a node shape demands of the focus node and of the relation's values."""
    focus: set[str] = set()
    values: set[str] = set()
    for cls in shapes.objects(node, SH["class"]):
        focus.add(str(cls).removeprefix(str(CKG)))
    for members in shapes.objects(node, SH["or"]):
        for member in Collection(shapes, members):
            member_focus, member_values = _shape_classes(shapes, member, relation)
            focus |= member_focus
            values |= member_values
    for prop in shapes.objects(node, SH.property):
        if shapes.value(prop, SH.path) == relation:
            inner_focus, _ = _shape_classes(shapes, prop, relation)
            values |= inner_focus
    return focus, values


@pytest.mark.parametrize("name", sorted(GUIDE_RELATIONS))
def test_shapes_check_the_guides_domain_and_range(shapes_graph: Graph, name: str) -> None:
    relation = CKG[name]
    shapes = [
        s for s in shapes_graph.subjects(SH.targetSubjectsOf, relation) if not isinstance(s, BNode)
    ]
    found_domain: set[str] = set()
    found_range: set[str] = set()
    for shape in shapes:
        domain, range_ = _shape_classes(shapes_graph, shape, relation)
        found_domain |= domain
        found_range |= range_
    assert (found_domain, found_range) == GUIDE_RELATIONS[name]
