"""The built graph: parseable, SHACL-valid, complete in types and relations, traceable to its
sentences, deterministic, with stable IRIs; Traditional and Simplified text give one graph."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg.build import build
from kg.graph import CKG, NIF, build_graph, entity_iri, merge
from kg.model import ENTITY_TYPES, RELATION_TYPES, DocumentResult, Entity, Evidence, Relation

SEEDS_PARENT = Path(__file__).resolve().parent.parent  # dcterms:source is seeds/…

PREFIXES = """
PREFIX ckg: <https://w3id.org/cluster-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# Invented passages (no name here occurs in seeds/ or the gold files).
LIUZHOU = (
    "柳州高新区智能网联汽车产业集群发展报告\n"
    "\n"
    "2022年，柳州高新区智能网联汽车产业集群产值达到1352亿元。\n"
    "柳州高新区智能网联汽车产业集群以瀚海集团为龙头，聚集了澜芯微电子有限公司、星衡科技等知名企业。\n"
    "柳州高新区建有智能网联汽车检测中心。\n"
    "柳州市工信局印发《柳州市智能网联汽车产业集群培育方案》。\n"
    "柳州高新区与启元科技有限公司签署战略合作协议。\n"
)
YANTAI_SIMPLIFIED = (
    "烟台高新区海洋生物产业集群重点发展海洋药物，集聚了澜芯微电子有限公司、星衡科技等知名企业。\n"
    "烟台高新区建有海洋药物检测中心。\n"
    "烟台市科技局发布《烟台市海洋生物产业集群培育方案》。\n"
)
# The same passage in Traditional characters (opencc s2t), same length.
YANTAI_TRADITIONAL = (
    "煙臺高新區海洋生物產業集羣重點發展海洋藥物，集聚了瀾芯微電子有限公司、星衡科技等知名企業。\n"
    "煙臺高新區建有海洋藥物檢測中心。\n"
    "煙臺市科技局發佈《煙臺市海洋生物產業集羣培育方案》。\n"
)
LEADS_SENTENCE = (
    "柳州高新区智能网联汽车产业集群以瀚海集团为龙头，聚集了澜芯微电子有限公司、星衡科技等知名企业。"
)


def _build(folder: Path, out: Path) -> Graph:
    build([folder], out, warn=lambda _message: None)
    return Graph().parse(out / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def own_build(tmp_path_factory: pytest.TempPathFactory, write_passages) -> tuple[Path, Graph]:
    root = tmp_path_factory.mktemp("own")
    folder = write_passages(root / "in", {"liuzhou": LIUZHOU, "yantai": YANTAI_SIMPLIFIED})
    graph = _build(folder, root / "out")
    return root / "out", graph


def _conforms(data: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _report, text = validate(data, shacl_graph=shapes, inference="none", advanced=False)
    return conforms, text


def _label(graph: Graph, node) -> str:
    return str(graph.value(node, SKOS.prefLabel))


def _entities(graph: Graph) -> set[tuple[str, str]]:
    return {(t, _label(graph, s)) for t in ENTITY_TYPES for s in graph.subjects(RDF.type, CKG[t])}


def _oxigraph_store(path: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return store


# ------------------------------------------------------------------ parsing and SHACL


def test_seeds_graph_parses_with_rdflib_and_pyoxigraph(seeds_build) -> None:
    triples = list(pyoxigraph.parse(path=str(seeds_build.path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(seeds_build.graph) > 1000


def test_seeds_graph_conforms_to_shapes(seeds_graph: Graph, shapes_graph: Graph) -> None:
    conforms, text = _conforms(seeds_graph, shapes_graph)
    assert conforms, text[:4000]


def test_own_passages_graph_conforms_to_shapes(own_build, shapes_graph: Graph) -> None:
    _out, graph = own_build
    conforms, text = _conforms(graph, shapes_graph)
    assert conforms, text[:4000]


def _first(graph: Graph, type_: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, type_))[0]


def _break_label(g: Graph) -> None:
    firm = _first(g, CKG.Firm)
    g.add((firm, SKOS.prefLabel, Literal("另一个名字", lang="zh-Hans")))


def _break_title(g: Graph) -> None:
    policy = _first(g, CKG.Policy)
    name = str(g.value(policy, SKOS.prefLabel))
    g.remove((policy, SKOS.prefLabel, None))
    g.add((policy, SKOS.prefLabel, Literal(f"《{name}》", lang="zh-Hans")))


def _break_leads(g: Graph) -> None:
    g.add((_first(g, CKG.Park), CKG.leads, _first(g, CKG.Cluster)))


def _break_evidence(g: Graph) -> None:
    g.remove((_first(g, RDF.Statement), PROV.wasDerivedFrom, None))


def _break_amount(g: Graph) -> None:
    node = _first(g, CKG.Measurement)
    g.remove((node, CKG.amountYuan, None))
    g.add((node, CKG.amountYuan, Literal(1.352e11)))  # xsd:double, not xsd:decimal


def _break_offsets(g: Graph) -> None:
    node = _first(g, NIF.String)
    g.remove((node, NIF.endIndex, None))
    g.add((node, NIF.endIndex, Literal(10**6, datatype=XSD.nonNegativeInteger)))


def _break_document(g: Graph) -> None:
    g.remove((_first(g, CKG.Document), CKG.encoding, None))


@pytest.mark.parametrize(
    "damage",
    [
        _break_label,
        _break_title,
        _break_leads,
        _break_evidence,
        _break_amount,
        _break_offsets,
        _break_document,
    ],
)
def test_shapes_reject_a_damaged_graph(own_build, shapes_graph: Graph, damage) -> None:
    _out, graph = own_build
    damaged = Graph()
    for triple in graph:
        damaged.add(triple)
    damage(damaged)
    conforms, _text = _conforms(damaged, shapes_graph)
    assert not conforms


# ------------------------------------------------------------------ completeness of the seeds graph


@pytest.mark.parametrize("type_", ENTITY_TYPES)
def test_seeds_graph_has_instances_of_every_class(seeds_graph: Graph, type_: str) -> None:
    assert any(seeds_graph.subjects(RDF.type, CKG[type_])), f"no ckg:{type_} in the seeds graph"


@pytest.mark.parametrize("relation", RELATION_TYPES)
def test_seeds_graph_has_every_relation(seeds_graph: Graph, relation: str) -> None:
    """Issue acceptance criterion: every relation of the guide occurs in the seeds graph."""
    assert any(seeds_graph.subject_objects(CKG[relation])), (
        f"no ckg:{relation} triple in the seeds graph"
    )


def test_every_relation_triple_is_reified_once(seeds_graph: Graph) -> None:
    asserted = {
        (s, CKG[r], o) for r in RELATION_TYPES for s, o in seeds_graph.subject_objects(CKG[r])
    }
    reified = [
        (
            seeds_graph.value(st, RDF.subject),
            seeds_graph.value(st, RDF.predicate),
            seeds_graph.value(st, RDF.object),
        )
        for st in seeds_graph.subjects(RDF.type, RDF.Statement)
    ]
    assert len(reified) == len(set(reified)) == len(asserted)
    assert set(reified) == asserted


# ------------------------------------------------------------------ provenance


LEADS_EVIDENCE = (
    PREFIXES
    + """
SELECT ?firm ?cluster ?sentence ?begin ?end ?source WHERE {
    ?statement a rdf:Statement ;
        rdf:subject ?f ; rdf:predicate ckg:leads ; rdf:object ?c ;
        prov:wasDerivedFrom ?evidence .
    ?evidence nif:anchorOf ?sentence ; nif:beginIndex ?begin ; nif:endIndex ?end ;
        nif:referenceContext ?doc .
    ?doc dcterms:source ?source .
    ?f skos:prefLabel ?firm .
    ?c skos:prefLabel ?cluster .
}
ORDER BY ?firm ?cluster ?begin
"""
)


def test_sparql_returns_the_evidence_sentence_of_a_leads_relation(own_build) -> None:
    out, _graph = own_build
    rows = list(_oxigraph_store(out / "graph.ttl").query(LEADS_EVIDENCE))
    found = {
        (r["firm"].value, r["cluster"].value, r["sentence"].value, Path(r["source"].value).name)
        for r in rows
    }
    assert ("瀚海集团", "柳州高新区智能网联汽车产业集群", LEADS_SENTENCE, "liuzhou.txt") in found


def test_seeds_leads_evidence_points_into_the_original_file(seeds_build) -> None:
    rows = list(_oxigraph_store(seeds_build.path).query(LEADS_EVIDENCE))
    assert rows, "no leads relation with evidence in the seeds graph"
    for row in rows:
        text = (SEEDS_PARENT / row["source"].value).read_text(encoding="utf-8")
        begin, end = int(row["begin"].value), int(row["end"].value)
        assert text[begin:end] == row["sentence"].value


def test_every_evidence_offset_points_into_the_original_file(seeds_graph: Graph) -> None:
    texts: dict[str, str] = {}
    checked = 0
    for node in seeds_graph.subjects(RDF.type, NIF.String):
        doc = seeds_graph.value(node, NIF.referenceContext)
        source = str(seeds_graph.value(doc, URIRef("http://purl.org/dc/terms/source")))
        text = texts.setdefault(source, (SEEDS_PARENT / source).read_text(encoding="utf-8-sig"))
        begin = int(seeds_graph.value(node, NIF.beginIndex))
        end = int(seeds_graph.value(node, NIF.endIndex))
        assert text[begin:end] == str(seeds_graph.value(node, NIF.anchorOf))
        assert str(node).endswith(f"#char={begin},{end}")
        checked += 1
    assert checked > 50


# ------------------------------------------------------------------ determinism and stable IRIs


_BUILD_SCRIPT = (
    "import sys; from pathlib import Path; from kg.build import build; "
    "build([Path(sys.argv[1])], Path(sys.argv[2]), warn=lambda m: None)"
)


def test_two_builds_are_byte_identical(tmp_path: Path, write_passages) -> None:
    """Two processes (different hash seeds, so different set orders) write the same bytes."""
    folder = write_passages(tmp_path / "in", {"liuzhou": LIUZHOU, "yantai": YANTAI_TRADITIONAL})
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", _BUILD_SCRIPT, str(folder), str(out)],
            check=True,
            env=env,
            timeout=300,
        )
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000


def test_entity_iris_are_a_function_of_type_and_name(seeds_graph: Graph) -> None:
    for type_ in ENTITY_TYPES:
        for node in seeds_graph.subjects(RDF.type, CKG[type_]):
            assert node == entity_iri(type_, _label(seeds_graph, node))


def test_entity_iris_are_stable_across_builds(tmp_path: Path, own_build, write_passages) -> None:
    """A build of one passage names its entities with the same IRIs as a build of two."""
    _out, both = own_build
    alone = _build(write_passages(tmp_path / "in", {"liuzhou": LIUZHOU}), tmp_path / "out")
    iris = {s for t in ENTITY_TYPES for s in alone.subjects(RDF.type, CKG[t])}
    assert len(iris) >= 5
    cluster = entity_iri("Cluster", "柳州高新区智能网联汽车产业集群")
    assert cluster in iris
    for iri in iris:
        assert (iri, RDF.type, None) in both, f"{iri} ({_label(alone, iri)}) changed IRI"


def test_shared_entities_merge_across_documents(own_build) -> None:
    _out, graph = own_build
    firm = entity_iri("Firm", "澜芯微电子有限公司")
    assert len(set(graph.objects(firm, CKG.mentionedIn))) == 2


# ------------------------------------------------------------------ Traditional and Simplified


def test_traditional_and_simplified_give_the_same_entities(tmp_path: Path, write_passages) -> None:
    simplified = _build(
        write_passages(tmp_path / "s", {"p": YANTAI_SIMPLIFIED}), tmp_path / "s-out"
    )
    traditional = _build(
        write_passages(tmp_path / "t", {"p": YANTAI_TRADITIONAL}), tmp_path / "t-out"
    )
    assert _entities(simplified) == _entities(traditional)
    assert ("Cluster", "烟台高新区海洋生物产业集群") in _entities(traditional)
    cluster = entity_iri("Cluster", "烟台高新区海洋生物产业集群")
    hant = {str(o) for o in traditional.objects(cluster, SKOS.altLabel) if o.language == "zh-Hant"}
    assert "煙臺高新區海洋生物產業集羣" in hant
    assert not any(o.language == "zh-Hant" for o in simplified.objects(None, SKOS.altLabel))
    relations = {
        (s, p, o)
        for p in map(CKG.__getitem__, RELATION_TYPES)
        for s, o in simplified.subject_objects(p)
    }
    assert relations == {
        (s, p, o)
        for p in map(CKG.__getitem__, RELATION_TYPES)
        for s, o in traditional.subject_objects(p)
    }


# ------------------------------------------------------------------ measurements


def test_output_measurement_in_yuan_with_year(own_build) -> None:
    out, graph = own_build
    cluster = entity_iri("Cluster", "柳州高新区智能网联汽车产业集群")
    observations = list(graph.objects(cluster, CKG.hasMeasurement))
    assert observations, "no measurement on the cluster"
    amounts = {node: graph.value(node, CKG.amountYuan) for node in observations}
    found = [
        node
        for node, amount in amounts.items()
        if amount is not None and amount.toPython() == Decimal("135200000000")
    ]
    assert len(found) == 1, amounts
    node = found[0]
    assert amounts[node].datatype == XSD.decimal
    # the file holds a valid xsd:decimal lexical form, with no exponent (1.352E+11 is not one);
    # rdflib normalises lexical forms when parsing, pyoxigraph keeps them as written
    store = _oxigraph_store(out / "graph.ttl")
    query = PREFIXES + f"SELECT ?a WHERE {{ <{node}> ckg:amountYuan ?a }}"
    (written,) = [row["a"] for row in store.query(query)]
    assert written.datatype.value == str(XSD.decimal)
    assert re.fullmatch(r"135200000000(\.0*)?", written.value)
    assert graph.value(node, CKG.refYear) == Literal("2022", datatype=XSD.gYear)
    assert str(graph.value(node, CKG.quantityKind)) == "output"
    evidence = graph.value(node, PROV.wasDerivedFrom)
    assert (
        str(graph.value(evidence, NIF.anchorOf))
        == "2022年，柳州高新区智能网联汽车产业集群产值达到1352亿元。"
    )


# ------------------------------------------------------------------ merging document results


def _result(doc_id: str, entities: list[Entity], relations: list[tuple]) -> DocumentResult:
    evidence = Evidence(doc_id, 0, 4, "一句话。")
    return DocumentResult(
        doc_id=doc_id,
        path=f"{doc_id}.txt",
        title=None,
        encoding="utf-8",
        length=4,
        entities=entities,
        relations=[Relation(h, r, t, evidence, "cue") for h, r, t in relations],
    )


PARK = ("Park", "柳州高新区")
FIRM = ("Firm", "启元科技有限公司")
UNIVERSITY = ("ResearchOrg", "西南交通大学")


def test_merge_states_partner_of_once_with_a_park_as_head() -> None:
    """partnerOf is symmetric: either direction in the text gives one triple, and a park (in the
    guide's domain, not its range) is always its head."""
    results = [
        _result("a", [Entity(*PARK), Entity(*FIRM)], [(FIRM, "partnerOf", PARK)]),
        _result("b", [Entity(*PARK), Entity(*FIRM)], [(PARK, "partnerOf", FIRM)]),
        _result("c", [Entity(*FIRM), Entity(*UNIVERSITY)], [(UNIVERSITY, "partnerOf", FIRM)]),
    ]
    corpus = merge(results)
    partners = sorted((h, t) for h, r, t in corpus.relations if r == "partnerOf")
    assert partners == [(FIRM, UNIVERSITY), (PARK, FIRM)]
    assert len(corpus.relations[(PARK, "partnerOf", FIRM)]) == 2  # evidence from both documents


def test_merge_joins_documents_by_alias_and_is_order_independent() -> None:
    long_name = ("Cluster", "柳州高新区智能网联汽车产业集群")
    first = Entity(*long_name, aliases={"柳州高新区智能网联汽车集群"})
    second = Entity("Cluster", "柳州高新区智能网联汽车集群")
    results = [
        _result("a", [first, Entity(*FIRM)], [(FIRM, "memberOf", long_name)]),
        _result("b", [second], []),
    ]
    corpus = merge(results)
    clusters = [e for e in corpus.entities.values() if e.type == "Cluster"]
    assert len(clusters) == 1 and clusters[0].documents == {"a", "b"}
    forward = build_graph(corpus).serialize(format="turtle")
    backward = build_graph(merge(list(reversed(results)))).serialize(format="turtle")
    assert forward == backward


def test_park_partner_is_the_head_in_the_built_graph(own_build) -> None:
    _out, graph = own_build
    park = entity_iri("Park", "柳州高新区")
    firm = entity_iri("Firm", "启元科技有限公司")
    assert (park, CKG.partnerOf, firm) in graph
    assert (firm, CKG.partnerOf, park) not in graph


def test_a_figure_stated_once_is_one_measurement_in_the_count_and_the_graph() -> None:
    from kg.model import Measurement

    firm = Entity(*FIRM, aliases={"启元科技"})
    stated = Evidence("a", 0, 4, "一句话。")
    twice = [  # the same figure reached through two names of one firm
        Measurement(FIRM, "revenue", "营业收入", stated, amount_yuan=Decimal("1e9")),
        Measurement(FIRM, "revenue", "营业收入", stated, amount_yuan=Decimal("1e9")),
    ]
    result = _result("a", [firm], [])
    result.measurements = twice
    corpus = merge([result])
    graph = build_graph(corpus)
    assert len(corpus.measurements) == len(set(graph.subjects(RDF.type, CKG.Measurement))) == 1


def test_sources_do_not_depend_on_the_working_folder(tmp_path: Path, write_passages) -> None:
    from kg.graph import source_names

    corpus = write_passages(tmp_path / "corpus", {"a": "甲。", "b": "乙。"})
    (corpus / "sub").mkdir()
    (corpus / "sub" / "c.txt").write_text("丙。", encoding="utf-8")
    inside = os.path.relpath(corpus, Path.cwd())
    names = [str(corpus / "a.txt"), f"{inside}/sub/c.txt", str(corpus / "r.jsonl") + "#3", "t-1"]
    (corpus / "r.jsonl").write_text('{"text": "丁。"}\n', encoding="utf-8")
    assert list(source_names(names).values()) == [
        "corpus/a.txt", "corpus/sub/c.txt", "corpus/r.jsonl#3", "t-1"
    ]  # fmt: skip
