"""A synthetic graph shaped like the ones ``kg build`` writes, at any size (N-Triples).

Same vocabulary and structure: documents (ckg:Document, dcterms:*), typed entities with
skos labels, ckg:mentionedIn and prov:wasGeneratedBy, relations reified as rdf:Statement with
cues and prov:wasDerivedFrom nif:String evidence sentences, and ckg:Measurement nodes. Entity
popularity is skewed (a few clusters have many member firms), as in real text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

CKG = "https://w3id.org/cluster-kg/ontology#"
ID = "https://w3id.org/cluster-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

# entity type → share of the entities
TYPES = {
    "Firm": 0.45,
    "Cluster": 0.10,
    "Park": 0.10,
    "Policy": 0.10,
    "Platform": 0.08,
    "Agency": 0.05,
    "ResearchOrg": 0.05,
    "Region": 0.07,
}
# relation → (head type, tail type, share of the statements)
RELATIONS = {
    "memberOf": ("Firm", "Cluster", 0.30),
    "leads": ("Firm", "Cluster", 0.05),
    "locatedIn": ("Cluster", "Region", 0.12),
    "partOf": ("Park", "Region", 0.06),
    "hasPlatform": ("Cluster", "Platform", 0.08),
    "builtBy": ("Platform", "ResearchOrg", 0.07),
    "issuedBy": ("Policy", "Agency", 0.08),
    "supports": ("Policy", "Cluster", 0.10),
    "designatedBy": ("Cluster", "Agency", 0.06),
    "partnerOf": ("Firm", "Firm", 0.08),
}
SUFFIX = {
    "Firm": "有限公司",
    "Cluster": "产业集群",
    "Park": "高新区",
    "Policy": "实施方案",
    "Platform": "创新中心",
    "Agency": "科技局",
    "ResearchOrg": "研究院",
    "Region": "市",
}
SYLLABLES = "华中兴东南西北新科创智联信达盛通汇宏博远泰安康瑞丰"
FIELDS = ("集成电路", "生物医药", "新能源汽车", "人工智能", "高端装备", "新材料", "电子信息")


def _iri(path: str) -> str:
    return f"<{ID}{path}>"


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{body}"@{lang}'
    if datatype:
        return f'"{body}"^^<{datatype}>'
    return f'"{body}"'


def _name(rng: random.Random, type_: str, index: int) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(2))
    field = rng.choice(FIELDS) if type_ in ("Cluster", "Platform", "Policy") else ""
    return f"{stem}{index}{field}{SUFFIX[type_]}"


def _skewed(rng: random.Random, items: list[str]) -> str:
    """A pick biased towards the first items (roughly Zipf-like)."""
    return items[min(len(items) - 1, int(len(items) * rng.random() ** 3))]


def triples(target: int, seed: int = 0) -> Iterator[str]:
    """N-Triples lines, about ``target`` of them."""
    rng = random.Random(seed)
    per_doc = 56  # triples per document generated below, on average
    n_docs = max(1, target // per_doc)
    n_entities = max(len(TYPES), n_docs * 5 // 2)
    n_statements = n_docs * 2
    n_measurements = n_docs // 2
    build = _iri("build/synthetic")
    yield f"{build} <{RDF}type> <{CKG}Build> ."
    docs = [f"doc/{i:08x}" for i in range(n_docs)]
    for doc in docs:
        d = _iri(doc)
        yield f"{d} <{RDF}type> <{CKG}Document> ."
        yield f"{d} <{RDF}type> <{NIF}Context> ."
        yield f"{d} <{DCT}source> {_lit(doc + '.txt')} ."
        yield f"{d} <{DCT}identifier> {_lit(doc[4:])} ."
        yield f"{d} <{DCT}title> {_lit('关于' + rng.choice(FIELDS) + '产业集群的报道')} ."
        yield f"{d} <{CKG}encoding> {_lit('utf-8')} ."
        yield f"{build} <{PROV}used> {d} ."
    by_type: dict[str, list[str]] = {t: [] for t in TYPES}
    names: dict[str, str] = {}
    for index in range(n_entities):
        type_ = rng.choices(list(TYPES), weights=list(TYPES.values()))[0]
        iri = _iri(f"{type_.lower()}/{index:08x}")
        by_type[type_].append(iri)
        names[iri] = _name(rng, type_, index)
        yield f"{iri} <{RDF}type> <{CKG}{type_}> ."
        yield f"{iri} <{SKOS}prefLabel> {_lit(names[iri], 'zh-Hans')} ."
        if rng.random() < 0.4:
            yield f"{iri} <{SKOS}altLabel> {_lit(names[iri][2:], 'zh-Hans')} ."
        for doc in {_skewed(rng, docs) for _ in range(1 + int(rng.random() ** 2 * 6))}:
            yield f"{iri} <{CKG}mentionedIn> {_iri(doc)} ."
        yield f"{iri} <{PROV}wasGeneratedBy> {build} ."
    relations = list(RELATIONS)
    weights = [RELATIONS[r][2] for r in relations]
    for index in range(n_statements):
        relation = rng.choices(relations, weights=weights)[0]
        head_type, tail_type, _share = RELATIONS[relation]
        if not by_type[head_type] or not by_type[tail_type]:
            continue
        head, tail = rng.choice(by_type[head_type]), _skewed(rng, by_type[tail_type])
        statement = _iri(f"stmt/{index:08x}")
        yield f"{head} <{CKG}{relation}> {tail} ."
        yield f"{statement} <{RDF}type> <{RDF}Statement> ."
        yield f"{statement} <{RDF}subject> {head} ."
        yield f"{statement} <{RDF}predicate> <{CKG}{relation}> ."
        yield f"{statement} <{RDF}object> {tail} ."
        cue = rng.choice(("位于", "牵头", "成员", "发布", "支持"))
        yield f"{statement} <{CKG}cue> {_lit(cue)} ."
        for _ in range(1 + int(rng.random() ** 3 * 3)):
            yield from _evidence(rng, statement, docs, names[head], names[tail])
    kinds = ("output", "revenue", "scale", "firmCount")
    for index in range(n_measurements):
        subject = _skewed(rng, by_type["Cluster"] or by_type["Firm"])
        node = _iri(f"obs/{index:08x}")
        kind = rng.choice(kinds)
        yield f"{subject} <{CKG}hasMeasurement> {node} ."
        yield f"{node} <{RDF}type> <{CKG}Measurement> ."
        yield f"{node} <{CKG}quantityKind> {_lit(kind)} ."
        yield f"{node} <{RDFS}label> {_lit('产业规模', 'zh-Hans')} ."
        if kind == "firmCount":
            count = str(rng.randint(5, 900))
            yield f"{node} <{CKG}count> {_lit(count, datatype=XSD + 'integer')} ."
        else:
            amount = str(rng.randint(1, 50_000) * 100_000_000)
            yield f"{node} <{CKG}amountYuan> {_lit(amount, datatype=XSD + 'decimal')} ."
        year = str(rng.randint(2015, 2024))
        yield f"{node} <{CKG}refYear> {_lit(year, datatype=XSD + 'gYear')} ."
        yield from _evidence(rng, node, docs, names[subject], "产值")


def _evidence(rng: random.Random, owner: str, docs: list[str], a: str, b: str) -> Iterator[str]:
    doc = rng.choice(docs)
    start = rng.randint(0, 20_000)
    end = start + rng.randint(20, 120)
    node = f"<{ID}{doc}#char={start},{end}>"
    text = f"{a}与{b}签署合作协议，共同推进{rng.choice(FIELDS)}产业发展。"
    nonneg = XSD + "nonNegativeInteger"
    yield f"{owner} <{PROV}wasDerivedFrom> {node} ."
    yield f"{node} <{RDF}type> <{NIF}String> ."
    yield f"{node} <{NIF}beginIndex> {_lit(str(start), datatype=nonneg)} ."
    yield f"{node} <{NIF}endIndex> {_lit(str(end), datatype=nonneg)} ."
    yield f"{node} <{NIF}anchorOf> {_lit(text)} ."
    yield f"{node} <{NIF}referenceContext> {_iri(doc)} ."


def write(path: Path, target: int, seed: int = 0) -> int:
    """Write about ``target`` triples to ``path`` (N-Triples); return the number of lines."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        batch: list[str] = []
        for line in triples(target, seed):
            batch.append(line)
            count += 1
            if len(batch) >= 10_000:
                out.write("\n".join(batch) + "\n")
                batch = []
        if batch:
            out.write("\n".join(batch) + "\n")
    return count
