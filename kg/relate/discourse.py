"""Discourse state across sentences: which cluster a sentence is about (the heading that scopes
it, or the topic named a few sentences back), and which parks the line before a table names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kg.lexicon import Lexicon
from kg.mentions.words import either
from kg.model import Mention, Sentence
from kg.relate.context import fronted_subject


@cache
def _cluster_anaphor(lexicon: Lexicon) -> re.Pattern[str]:
    words = lexicon.relation_cues["topic"]
    return re.compile(
        rf"{either(words['cluster_anaphors'])}"
        rf"|(?:集群|丛集)(?:{either(words['cluster_continuations'])})"  # 丛集: Taiwan's word
    )


@dataclass
class Discourse:
    """Walks the sentences in order; :meth:`enter` gives what a sentence inherits."""

    sentences: list[Sentence]
    lexicon: Lexicon
    heading_clusters: dict[int, tuple[str, str]]
    previous_line_parks: list[tuple[str, str]] = field(default_factory=list)
    topic: tuple[tuple[str, str], int] | None = None  # last cluster named, and where
    place: tuple[tuple[str, str], int] | None = None  # the place the text is about, and where
    platform: tuple[tuple[str, str], int] | None = None  # the last platform named, and where
    headline: tuple[str, str] | None = None  # the one cluster the first line names
    announcer: tuple[tuple[str, str], int] | None = None  # the agency that announced a list
    grounds: tuple[tuple[str, str], int] | None = None  # 根据《办法》认定…: the policy of a list

    @classmethod
    def of(
        cls, sentences: list[Sentence], by_sentence: dict[int, list[Mention]], lexicon: Lexicon
    ) -> Discourse:
        first = [m.key for m in by_sentence.get(0, []) if m.type == "Cluster" and not m.nested]
        headline = first[0] if sentences and len(set(first)) == 1 else None
        return cls(sentences, lexicon, _heading_clusters(sentences, by_sentence), headline=headline)

    def enter(
        self, sentence: Sentence, own: list[Mention]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(clusters in scope, parks of the table's title line) for this sentence."""
        if not sentence.cells:
            parks = [m.key for m in own if m.type == "Park"]
            if parks:
                self.previous_line_parks = parks  # type: ignore[assignment]
            elif not sentence.is_heading and len(sentence.text) > 60:
                self.previous_line_parks = []
        scope = self._scope(sentence) + self._topic(sentence, own)
        table_parks = self.previous_line_parks[:1] if sentence.cells else []
        clusters_here = [m.key for m in own if m.type == "Cluster"]
        if clusters_here:
            self.topic = (clusters_here[-1], sentence.index)  # type: ignore[assignment]
        return scope, table_parks

    def headline_cluster(self, sentence: Sentence) -> tuple[str, str] | None:
        """The one cluster the passage's headline names (某市发展某产业集群), while no other
        cluster has been named since: the cluster the passage is about."""
        if self.headline is None:
            return None
        if self.topic is not None and self.topic[0] != self.headline:
            return None
        return self.headline

    def last_announcer(self, sentence: Sentence) -> tuple[str, str] | None:
        """The agency that announced a list in the sentence before (某厅公布了名单。其中…入选,
        分别为A、B): the clusters of this sentence are designated by it."""
        if self.announcer is None or sentence.index - self.announcer[1] > 1:
            return None
        return self.announcer[0]

    def listing_policy(self, sentence: Sentence) -> tuple[str, str] | None:
        """The policy under which the sentence before selected what it then lists (根据《某办法》，
        认定以下集群……。名单如下：A、B): the listed clusters are supported by it."""
        if self.grounds is None or sentence.index - self.grounds[1] > 1:
            return None
        return self.grounds[0]

    def last_platform(self, sentence: Sentence) -> tuple[str, str] | None:
        """The platform named in the sentence before (该中心由…牵头 refers back to it)."""
        if self.platform is None or sentence.index - self.platform[1] > 1:
            return None
        return self.platform[0]

    def topic_place(self, sentence: Sentence) -> tuple[str, str] | None:
        """The place the sentences before this one were about, if it is recent enough."""
        if self.place is None:
            return None
        key, where = self.place
        limit = self.lexicon.relation_cues["locatedIn"]["topic_distance"]
        return key if sentence.index - where <= limit else None

    def leave(self, sentence: Sentence, own: list[Mention]) -> None:
        """After a sentence: a place that is its subject (it opens the sentence, perhaps after
        在/作为… or a time phrase) or a headline's only place becomes the topic place."""
        platforms = [m for m in own if m.type == "Platform"]
        if platforms:
            self.platform = (platforms[-1].key, sentence.index)  # type: ignore[assignment]
        agencies = {m.key for m in own if m.type == "Agency"}
        words = self.lexicon.relation_cues["designatedBy"]
        if (
            len(agencies) == 1
            and any(w in sentence.text for w in words["list_words"])
            and any(c in sentence.text for c in words["announcement_cues"])
        ):
            self.announcer = (next(iter(agencies)), sentence.index)  # type: ignore[assignment]
        policies = {m.key for m in own if m.type == "Policy"}
        supports = self.lexicon.relation_cues["supports"]
        if (
            len(policies) == 1
            and not any(m.type == "Cluster" for m in own)
            and any(w in sentence.text for w in supports["grounding_words"])
            and any(c in sentence.text for c in supports["selection_cues"])
        ):
            self.grounds = (next(iter(policies)), sentence.index)  # type: ignore[assignment]
        places = [m for m in own if m.type in ("Park", "Region")]
        if sentence.is_heading:
            self.place = None  # a new section: its own place, or none yet
        if not places:
            return
        first = own[0]
        opening = sentence.text[: first.start - sentence.start]
        fronted = fronted_subject(sentence, own)  # 作为…，某高新区…: the place after it
        if fronted is not None:
            before = sentence.text[: own[fronted].start - sentence.start]
            if len(before[before.index("，") + 1 :].strip()) <= 2:
                first, opening = own[fronted], ""
        openers = self.lexicon.relation_cues["locatedIn"]["subject_openers"]
        listed = sentence.text[first.end - sentence.start :].startswith("、")
        subject = (
            first.type in ("Park", "Region")
            and not listed  # 某科创城、某研究院…共同组成…: the first item of a list, no subject
            and (len(opening.strip()) <= 2 or opening.strip().endswith(tuple(openers)))
        )
        parks = [m for m in places if m.type == "Park" and not m.nested]
        if subject and "，" not in opening and "," not in opening:
            self.place = (first.key, sentence.index)  # type: ignore[assignment]
        elif parks and self.place is None:
            # no place is the topic yet: the park named last becomes it
            self.place = (parks[-1].key, sentence.index)  # type: ignore[assignment]
        elif (sentence.is_heading or sentence.index == 0) and len({m.key for m in places}) == 1:
            self.place = (places[0].key, sentence.index)  # type: ignore[assignment]

    def _scope(self, sentence: Sentence) -> list[tuple[str, str]]:
        scope = []
        section = sentence.section
        while section is not None:
            if section in self.heading_clusters:
                scope.append(self.heading_clusters[section])
            section = self.sentences[section].section
        return list(reversed(scope))

    def _topic(self, sentence: Sentence, own: list[Mention]) -> list[tuple[str, str]]:
        """该集群…, 集群还集聚了…: a sentence that names no cluster but speaks of "the cluster"
        is about the cluster named last, a few sentences back."""
        if self.topic is None or any(m.type == "Cluster" for m in own):
            return []
        key, where = self.topic
        if sentence.index - where > self.lexicon.relation_cues["topic"]["max_distance"]:
            return []
        if _cluster_anaphor(self.lexicon).search(sentence.text) or zero_subject(
            sentence, own, self.lexicon
        ):
            return [key]
        return []


def zero_subject(sentence: Sentence, own: list[Mention], lexicon: Lexicon) -> bool:
    """A sentence that opens on its verb (打造了…平台, 集聚了…企业, 与…联合建立…) continues
    the subject of the sentences before it."""
    first = own[0].start - sentence.start if own else len(sentence.text)
    opening = sentence.text[:first]
    if len(opening) > 12 or re.search(r"[，,]", opening):
        return False
    openers = tuple(lexicon.relation_cues["topic"]["zero_subject_openers"])
    return any(
        opening.lstrip("，,、 ").startswith(cue) or opening.startswith(openers)
        for cue in (*lexicon.cues["hasPlatform"], *lexicon.cues["memberOf"])
    )


def _heading_clusters(
    sentences: list[Sentence], by_sentence: dict[int, list[Mention]]
) -> dict[int, tuple[str, str]]:
    out = {}
    for sentence in sentences:
        if sentence.is_heading:
            clusters = [
                m.key
                for m in by_sentence.get(sentence.index, [])
                if m.type == "Cluster" and m.key is not None
            ]
            if len(clusters) == 1:
                out[sentence.index] = clusters[0]
    return out
