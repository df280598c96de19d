"""Stage 5, relate: typed relations between the entities of one document.

Each relation rule is a small registered unit (:data:`kg.registry.relation_rules`) that reads one
sentence's mentions in order, the cue words between them (``kg/data/relations.toml``, keyed by
the relation's ontology name) and the document's structure (:mod:`kg.relate.discourse`: a heading
that names a cluster scopes the sentences below it, a table row's cells belong together), and
yields :class:`~kg.model.Relation` records with the sentence as evidence. Every relation is
checked against the ontology's domain and range (:mod:`kg.schema`).

The package: ``context`` (what a rule sees), ``discourse`` (state across sentences), ``location``
(locatedIn, partOf), ``membership`` (memberOf, leads), ``platforms`` (hasPlatform, builtBy,
partnerOf), ``policies`` (issuedBy, supports, designatedBy), ``tables`` (table rows), ``names``
(relations a name carries itself).
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.lexicon import Lexicon
from kg.lexicon import load as load_lexicon
from kg.model import Mention, NormalisedDocument, Relation, Sentence
from kg.registry import RelationRule, relation_rules
from kg.relate import location, membership, platforms, policies, tables  # noqa: F401 - register
from kg.relate.context import Context
from kg.relate.discourse import Discourse
from kg.relate.names import name_relations, title_issuers, title_targets
from kg.relate.notices import inner_titles, notice_relations
from kg.resolve import Resolution
from kg.schema import load_schema

DEFAULT_RELATION_RULES: tuple[str, ...] = (
    "located_in",
    "places_side_by_side",
    "part_of",
    "members_and_leaders",
    "has_platform",
    "built_by",
    "issued_by",
    "supports",
    "designated_by",
    "partner_of",
    "table_rows",
)


def resolve_rules(names: Sequence[str | RelationRule]) -> tuple[RelationRule, ...]:
    return tuple(n if isinstance(n, RelationRule) else relation_rules.get(n) for n in names)


def relate(
    document: NormalisedDocument,
    sentences: list[Sentence],
    mentions: list[Mention],
    resolution: Resolution,
    lexicon: Lexicon | None = None,
    rules: Sequence[str | RelationRule] = DEFAULT_RELATION_RULES,
) -> list[Relation]:
    """Relations of one document; ``mentions`` carry their entity keys (from resolve)."""
    _contexts, traced = trace(document, sentences, mentions, resolution, lexicon, rules)
    schema = load_schema()
    return _deduplicate([r for _source, r in traced if schema.allows(r.head, r.relation, r.tail)])


def trace(
    document: NormalisedDocument,
    sentences: list[Sentence],
    mentions: list[Mention],
    resolution: Resolution,
    lexicon: Lexicon | None = None,
    rules: Sequence[str | RelationRule] = DEFAULT_RELATION_RULES,
) -> tuple[list[Context], list[tuple[str, Relation]]]:
    """What :func:`relate` sees and finds, before the schema check and deduplication: each
    sentence's context, and every relation with the name of the rule (or document-level
    pass: ``name``, ``title``, ``notice``, ``inner_title``, ``title_target``) that gave it.
    The learned relation classifier (:mod:`kg.relate.learned`) reads both."""
    lexicon = lexicon or load_lexicon()
    schema = load_schema()
    finders = [(rule.name, rule.find) for rule in resolve_rules(rules)]
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.key is not None:
            by_sentence.setdefault(mention.sentence, []).append(mention)
    discourse = Discourse.of(sentences, by_sentence, lexicon)
    contexts: list[Context] = []
    relations: list[tuple[str, Relation]] = [
        ("name", r) for r in name_relations(document, sentences, resolution, lexicon)
    ]
    for sentence in sentences:
        here = by_sentence.get(sentence.index, [])
        own = sorted((m for m in here if not m.nested), key=_span) if here else []
        scope, table_parks = discourse.enter(sentence, own)
        ctx = Context(
            document,
            sentence,
            own,
            lexicon,
            scope,
            table_parks,
            schema,
            discourse.topic_place(sentence),
            [m for m in here if m.nested],
            discourse.last_platform(sentence),
            discourse.headline_cluster(sentence),
            discourse.last_announcer(sentence),
            discourse.listing_policy(sentence),
        )
        contexts.append(ctx)
        for name, find in finders:
            for relation in find(ctx):
                if relation.head != relation.tail:
                    relations.append((name, relation))
        discourse.leave(sentence, own)
    issued = {r.head for _, r in relations if r.relation == "issuedBy"}
    relations.extend(
        ("title", r) for r in title_issuers(document, sentences, resolution, issued, lexicon)
    )
    issued = {r.head for _, r in relations if r.relation == "issuedBy"}
    relations.extend(
        ("notice", r) for r in notice_relations(document, sentences, mentions, lexicon, issued)
    )
    relations.extend(("inner_title", r) for r in inner_titles(mentions, [r for _, r in relations]))
    relations.extend(
        ("title_target", r) for r in title_targets(document, sentences, resolution, lexicon)
    )
    return contexts, relations


def _span(mention: Mention) -> tuple[int, int]:
    return (mention.start, mention.end)


def _deduplicate(relations: list[Relation]) -> list[Relation]:
    """One relation per (head, relation, tail, sentence); a symmetric relation is kept in one
    direction."""
    schema = load_schema()
    seen = set()
    out = []
    for relation in relations:
        head, tail = relation.head, relation.tail
        if schema[relation.relation].symmetric and tail < head:
            head, tail = tail, head
        key = (head, relation.relation, tail, relation.evidence.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(relation)
    return out


__all__ = ["DEFAULT_RELATION_RULES", "Context", "relate", "resolve_rules", "trace"]
