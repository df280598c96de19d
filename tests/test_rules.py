"""Each registered rule on its own: relation rules on a small hand-built context, mention rules on
one segmented sentence; what every rule declares it produces; and every mention's span.

The names and sentences are invented for these tests (岚汀, 澄屿, 星澜 are no real places or
firms); the few real place names are administrative regions from the national list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kg.lexicon import LexiconSource
from kg.lexicon import load as load_lexicon
from kg.mentions import DEFAULT_MENTION_RULES
from kg.model import ENTITY_TYPES, RELATION_TYPES, Mention, Sentence, SourceDocument
from kg.normalise import normalise
from kg.pipeline import Pipeline
from kg.registry import mention_rules, relation_rules
from kg.relate import DEFAULT_RELATION_RULES, Context
from kg.segment import segment, tokens

LEXICON = load_lexicon()


# ------------------------------------------------------------------ a hand-built context


def hand_context(
    text: str,
    spans: list[tuple[str, str]],
    *,
    cells: tuple[tuple[int, int], ...] = (),
    header: tuple[str, ...] = (),
    scope: list[tuple[str, str]] | None = None,
    table_parks: list[tuple[str, str]] | None = None,
) -> Context:
    """One sentence (the whole ``text``) and a mention per (type, name), in text order, each
    found after the one before; each mention's key is (type, name). A policy's span takes in
    its 《》, as the titles rule's does."""
    document = normalise(SourceDocument(path="hand.txt", text=text, doc_id="hand"))
    sentence = Sentence(
        index=0,
        start=0,
        end=len(text),
        text=text,
        tokens=tokens(text, 0, LEXICON),
        cells=cells,
        header=header,
    )
    mentions, cursor = [], 0
    for type_, name in spans:
        surface = f"《{name}》" if type_ == "Policy" else name
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        mentions.append(
            Mention(type_, name, start, start + len(surface), 0, surface, "hand", key=(type_, name))
        )
    return Context(document, sentence, mentions, LEXICON, scope or [], table_parks or [])


def cells_of(row: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) spans of a tab-separated row's cells."""
    spans, position = [], 0
    for part in row.split("\t"):
        spans.append((position, position + len(part)))
        position += len(part) + 1
    return tuple(spans)


@dataclass(frozen=True)
class Case:
    rule: str
    text: str
    spans: list[tuple[str, str]]
    expected: set[tuple[str, str, str]]  # (head name, relation, tail name)
    options: dict[str, Any] = field(default_factory=dict)

    def context(self) -> Context:
        return hand_context(self.text, self.spans, **self.options)


ROW = "岚汀高新区光电产业集群\t岚汀高新区\t星澜科技"

CASES: dict[str, Case] = {
    "located_in: Y位于X": Case(
        "located_in",
        "星澜科技有限公司位于岚汀高新区。",
        [("Firm", "星澜科技有限公司"), ("Park", "岚汀高新区")],
        {("星澜科技有限公司", "locatedIn", "岚汀高新区")},
    ),
    "located_in: 位于X的Y": Case(
        "located_in",
        "位于岚汀高新区的星澜科技有限公司发展迅速。",
        [("Park", "岚汀高新区"), ("Firm", "星澜科技有限公司")],
        {("星澜科技有限公司", "locatedIn", "岚汀高新区")},
    ),
    "located_in: a place that opens the sentence holds the firms it gathers": Case(
        "located_in",
        "岚汀高新区聚集了星澜科技有限公司等一批企业。",
        [("Park", "岚汀高新区"), ("Firm", "星澜科技有限公司")],
        {("星澜科技有限公司", "locatedIn", "岚汀高新区")},
    ),
    "located_in: no cue, no relation": Case(
        "located_in",
        "星澜科技有限公司和岚汀高新区都很有名。",
        [("Firm", "星澜科技有限公司"), ("Park", "岚汀高新区")],
        set(),
    ),
    "part_of: A（B） with two parks": Case(
        "part_of",
        "岚汀高新区（北苑园）重点发展光电产业。",
        [("Park", "岚汀高新区"), ("Park", "北苑园")],
        {("北苑园", "partOf", "岚汀高新区")},
    ),
    "part_of: parks in a table under a park's title": Case(
        "part_of",
        "北苑园\t光电\t12",
        [("Park", "北苑园")],
        {("北苑园", "partOf", "岚汀高新区")},
        {"cells": cells_of("北苑园\t光电\t12"), "table_parks": [("Park", "岚汀高新区")]},
    ),
    "places_side_by_side: a region inside the region before it": Case(
        "places_side_by_side",
        "山西省吕梁市加快发展光电产业。",
        [("Region", "山西省"), ("Region", "吕梁市")],
        {("吕梁市", "partOf", "山西省")},
    ),
    "places_side_by_side: a park right after its region": Case(
        "places_side_by_side",
        "吕梁市岚汀高新区重点发展光电产业。",
        [("Region", "吕梁市"), ("Park", "岚汀高新区")],
        {("岚汀高新区", "locatedIn", "吕梁市")},
    ),
    "places_side_by_side: a park and its region in brackets": Case(
        "places_side_by_side",
        "岚汀高新区（吕梁市）重点发展光电产业。",
        [("Park", "岚汀高新区"), ("Region", "吕梁市")],
        {("岚汀高新区", "locatedIn", "吕梁市")},
    ),
    "places_side_by_side: places apart, no relation": Case(
        "places_side_by_side",
        "吕梁市与山西省其他城市合作。",
        [("Region", "吕梁市"), ("Region", "山西省")],
        set(),
    ),
    "members_and_leaders: 集聚了A等企业": Case(
        "members_and_leaders",
        "岚汀高新区光电产业集群集聚了星澜科技有限公司等企业。",
        [("Cluster", "岚汀高新区光电产业集群"), ("Firm", "星澜科技有限公司")],
        {("星澜科技有限公司", "memberOf", "岚汀高新区光电产业集群")},
    ),
    "members_and_leaders: 以A为龙头 (a leader is a member too)": Case(
        "members_and_leaders",
        "以星澜科技为龙头，岚汀高新区光电产业集群加快发展。",
        [("Firm", "星澜科技"), ("Cluster", "岚汀高新区光电产业集群")],
        {
            ("星澜科技", "memberOf", "岚汀高新区光电产业集群"),
            ("星澜科技", "leads", "岚汀高新区光电产业集群"),
        },
    ),
    "members_and_leaders: the cluster of the heading in scope": Case(
        "members_and_leaders",
        "目前已集聚星澜科技有限公司等企业。",
        [("Firm", "星澜科技有限公司")],
        {("星澜科技有限公司", "memberOf", "岚汀高新区光电产业集群")},
        {"scope": [("Cluster", "岚汀高新区光电产业集群")]},
    ),
    "has_platform: 集群建有P": Case(
        "has_platform",
        "岚汀高新区光电产业集群建有岚汀光电检测中心。",
        [("Cluster", "岚汀高新区光电产业集群"), ("Platform", "岚汀光电检测中心")],
        {("岚汀高新区光电产业集群", "hasPlatform", "岚汀光电检测中心")},
    ),
    "has_platform: under a cluster's heading": Case(
        "has_platform",
        "近年来建成岚汀光电检测中心。",
        [("Platform", "岚汀光电检测中心")],
        {("岚汀高新区光电产业集群", "hasPlatform", "岚汀光电检测中心")},
        {"scope": [("Cluster", "岚汀高新区光电产业集群")]},
    ),
    "built_by: X牵头组建P": Case(
        "built_by",
        "星澜科技有限公司牵头组建岚汀光电创新联盟。",
        [("Firm", "星澜科技有限公司"), ("Platform", "岚汀光电创新联盟")],
        {("岚汀光电创新联盟", "builtBy", "星澜科技有限公司")},
    ),
    "built_by: X与Y共建P (co-builders are partners)": Case(
        "built_by",
        "星澜科技有限公司与澄屿大学共建岚汀光电研究院。",
        [
            ("Firm", "星澜科技有限公司"),
            ("ResearchOrg", "澄屿大学"),
            ("Platform", "岚汀光电研究院"),
        ],
        {
            ("岚汀光电研究院", "builtBy", "星澜科技有限公司"),
            ("岚汀光电研究院", "builtBy", "澄屿大学"),
            ("星澜科技有限公司", "partnerOf", "澄屿大学"),
        },
    ),
    "built_by: P由X牵头建设": Case(
        "built_by",
        "岚汀光电检测中心由澄屿大学牵头建设。",
        [("Platform", "岚汀光电检测中心"), ("ResearchOrg", "澄屿大学")],
        {("岚汀光电检测中心", "builtBy", "澄屿大学")},
    ),
    "partner_of: S与A签署合作协议": Case(
        "partner_of",
        "星澜科技有限公司与澄屿大学签署战略合作协议。",
        [("Firm", "星澜科技有限公司"), ("ResearchOrg", "澄屿大学")],
        {("星澜科技有限公司", "partnerOf", "澄屿大学")},
    ),
    "partner_of: no partner cue, no relation": Case(
        "partner_of",
        "星澜科技有限公司与澄屿大学相距不远。",
        [("Firm", "星澜科技有限公司"), ("ResearchOrg", "澄屿大学")],
        set(),
    ),
    "issued_by: X印发《T》": Case(
        "issued_by",
        "岚汀市科技局印发《岚汀市光电产业发展规划》。",
        [("Agency", "岚汀市科技局"), ("Policy", "岚汀市光电产业发展规划")],
        {("岚汀市光电产业发展规划", "issuedBy", "岚汀市科技局")},
    ),
    "issued_by: titles listed after the first share its issuer": Case(
        "issued_by",
        "岚汀市科技局印发《岚汀市光电产业发展规划》《岚汀市光电人才十条》。",
        [
            ("Agency", "岚汀市科技局"),
            ("Policy", "岚汀市光电产业发展规划"),
            ("Policy", "岚汀市光电人才十条"),
        ],
        {
            ("岚汀市光电产业发展规划", "issuedBy", "岚汀市科技局"),
            ("岚汀市光电人才十条", "issuedBy", "岚汀市科技局"),
        },
    ),
    "supports: 《T》…支持X": Case(
        "supports",
        "《岚汀市光电产业发展规划》提出，支持岚汀高新区光电产业集群做大做强。",
        [("Policy", "岚汀市光电产业发展规划"), ("Cluster", "岚汀高新区光电产业集群")],
        {("岚汀市光电产业发展规划", "supports", "岚汀高新区光电产业集群")},
    ),
    "supports: a policy cited under a cluster's heading": Case(
        "supports",
        "相关政策见《岚汀市光电产业发展规划》。",
        [("Policy", "岚汀市光电产业发展规划")],
        {("岚汀市光电产业发展规划", "supports", "岚汀高新区光电产业集群")},
        {"scope": [("Cluster", "岚汀高新区光电产业集群")]},
    ),
    "designated_by: 获批 with one agency": Case(
        "designated_by",
        "岚汀高新区光电产业集群获批纳入岚汀市科技局的培育名单。",
        [("Cluster", "岚汀高新区光电产业集群"), ("Agency", "岚汀市科技局")],
        {("岚汀高新区光电产业集群", "designatedBy", "岚汀市科技局")},
    ),
    "designated_by: two agencies, no relation": Case(
        "designated_by",
        "岚汀高新区光电产业集群获批纳入岚汀市科技局和澄屿市科技局的名单。",
        [
            ("Cluster", "岚汀高新区光电产业集群"),
            ("Agency", "岚汀市科技局"),
            ("Agency", "澄屿市科技局"),
        ],
        set(),
    ),
    "table_rows: a row's place and lead-firm columns": Case(
        "table_rows",
        ROW,
        [("Cluster", "岚汀高新区光电产业集群"), ("Park", "岚汀高新区"), ("Firm", "星澜科技")],
        {
            ("岚汀高新区光电产业集群", "locatedIn", "岚汀高新区"),
            ("星澜科技", "memberOf", "岚汀高新区光电产业集群"),
            ("星澜科技", "leads", "岚汀高新区光电产业集群"),
        },
        {"cells": cells_of(ROW), "header": ("集群名称", "所在园区", "龙头企业")},
    ),
    "table_rows: a row without a header gives nothing": Case(
        "table_rows",
        ROW,
        [("Cluster", "岚汀高新区光电产业集群"), ("Park", "岚汀高新区"), ("Firm", "星澜科技")],
        set(),
        {"cells": cells_of(ROW)},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_relation_rule_on_a_hand_built_context(case: Case) -> None:
    yielded = list(relation_rules.get(case.rule)(case.context()))
    assert {(r.head[1], r.relation, r.tail[1]) for r in yielded} == case.expected


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_relation_rule_keys_types_and_evidence(case: Case) -> None:
    """A rule's relations join the mentions' entity keys, with the sentence as evidence."""
    ctx = case.context()
    keys = {m.key for m in ctx.mentions} | set(ctx.scope_clusters) | set(ctx.table_title_parks)
    for relation in relation_rules.get(case.rule)(ctx):
        assert relation.head in keys and relation.tail in keys
        assert relation.evidence.text == case.text
        assert relation.cue


def test_every_relation_rule_has_a_hand_built_case() -> None:
    covered = {case.rule for case in CASES.values() if case.expected}
    assert set(relation_rules.names()) <= covered


def test_the_default_relation_rules_are_registered() -> None:
    assert set(DEFAULT_RELATION_RULES) <= set(relation_rules.names())


# ------------------------------------------------------------------ mention rules


def sentences_of(text: str, lexicon=LEXICON) -> list[Sentence]:
    return segment(normalise(SourceDocument(path="s.txt", text=text, doc_id="s"), lexicon), lexicon)


def found(rule: str, text: str, lexicon=LEXICON) -> set[tuple[str, str, str]]:
    """(type, name, surface) of what one mention rule finds in each sentence of ``text``."""
    out = set()
    for sentence in sentences_of(text, lexicon):
        for mention in mention_rules.get(rule)(sentence, lexicon):
            assert text[mention.start : mention.end] == mention.surface, mention
            assert mention.rule == rule
            out.add((mention.type, mention.name, mention.surface))
    return out


@pytest.fixture(scope="module")
def extra_lexicon(tmp_path_factory: pytest.TempPathFactory):
    """The package's lexicon with one more (invented) academy, 岚汀科学院, one more gazetteer,
    listing the (invented) firm 澄屿光电精工, and a user's name, 岚汀检测中心 (a Firm)."""
    folder = tmp_path_factory.mktemp("extra-lexicon")
    (folder / "mentions").mkdir()
    (folder / "mentions" / "edges.toml").write_text(
        'academy_prefixes = ["岚汀科学院"]\n', encoding="utf-8"
    )
    (folder / "gazetteers").mkdir()
    (folder / "gazetteers" / "own.tsv").write_text("澄屿光电精工\tFirm\n", encoding="utf-8")
    return load_lexicon(LexiconSource(folder=str(folder), names=(("岚汀检测中心", "Firm"),)))


MENTION_CASES: dict[str, tuple[str, str, set[tuple[str, str, str]]]] = {
    "titles: 《…》 is a policy, a newspaper is not": (
        "titles",
        "岚汀市科技局印发了《岚汀市光电产业发展规划》，《岚汀日报》作了报道。",
        {("Policy", "岚汀市光电产业发展规划", "《岚汀市光电产业发展规划》")},
    ),
    "line_titles: a notice's headline and an attachment's title without 《》": (
        "line_titles",
        "关于公布岚汀市光电产业集群培育名单的通知\n附件：岚汀市光电产业集群培育名单",
        {
            (
                "Policy",
                "关于公布岚汀市光电产业集群培育名单的通知",
                "关于公布岚汀市光电产业集群培育名单的通知",
            ),
            ("Policy", "岚汀市光电产业集群培育名单", "岚汀市光电产业集群培育名单"),
        },
    ),
    "brand_firms: a brand the dictionary does not know and a firm word, as subject": (
        "brand_firms",
        "岚川光电与星港大学签约。",
        {("Firm", "岚川光电", "岚川光电")},
    ),
    "project_brands: an unknown brand whose project starts": (
        "project_brands",
        "今天，岚川新能二期项目正式投产。",
        {("Firm", "岚川新能", "岚川新能")},
    ),
    "stock_codes: the name before a stock code": (
        "stock_codes",
        "岚川光电（600123.SH）发布公告。",
        {("Firm", "岚川光电", "岚川光电")},
    ),
    "park_nicknames: 中国X谷": (
        "park_nicknames",
        "“一谷”即中国岚谷，加速集聚。",
        {("Park", "中国岚谷", "中国岚谷")},
    ),
    "programmes: quoted, and after 实施": (
        "programmes",
        "岚汀市启动“星火光电人才计划”，并实施岚汀光电企业培育计划。",
        {
            ("Policy", "星火光电人才计划", "星火光电人才计划"),
            ("Policy", "岚汀光电企业培育计划", "岚汀光电企业培育计划"),
        },
    ),
    "numbered_institutes: a state group's institute named by its number": (
        "numbered_institutes",
        "岚汀拥有中国星澜38所等一批大院大所。",
        {("Platform", "中国星澜38所", "中国星澜38所")},
    ),
    "suffixes: a firm, its left edge at the comma": (
        "suffixes",
        "其中，星澜科技有限公司贡献突出。",
        {("Firm", "星澜科技有限公司", "星澜科技有限公司")},
    ),
    "suffixes: a university and a platform": (
        "suffixes",
        "澄屿大学与岚汀光电检测中心开展合作。",
        {
            ("ResearchOrg", "澄屿大学", "澄屿大学"),
            ("Platform", "岚汀光电检测中心", "岚汀光电检测中心"),
        },
    ),
    "suffixes: …上市公司 trimmed off name and span": (
        "suffixes",
        "岚汀光学软件(中国)上市公司近日发布年报。",
        {("Firm", "岚汀光学软件(中国)", "岚汀光学软件(中国)")},
    ),
    "known: a central agency": (
        "known",
        "审计署对此开展专项检查。",
        {("Agency", "审计署", "审计署")},
    ),
    "regions: on word boundaries": (
        "regions",
        "项目分别落户临沧市和铜仁。",
        {("Region", "临沧市", "临沧市"), ("Region", "铜仁", "铜仁")},
    ),
    "district_parks: a district's short name + 园": (
        "district_parks",
        "雁塔园重点发展软件产业。",
        {("Park", "雁塔园", "雁塔园")},
    ),
    "lists: A、B等两家…集群 completed with the head": (
        "lists",
        "岚汀、澄屿等两家创新型产业集群入选。",
        {
            ("Cluster", "岚汀创新型产业集群", "岚汀"),
            ("Cluster", "澄屿创新型产业集群", "澄屿"),
        },
    ),
    "lists: “A”“B”中心": (
        "lists",
        "“星火”“澄光”创新中心已建成。",
        {("Platform", "星火创新中心", "星火"), ("Platform", "澄光创新中心", "澄光")},
    ),
    "firm_lists: 集聚了A、B等龙头企业": (
        "firm_lists",
        "集群集聚了星澜科技、澄屿精工等龙头企业。",
        {("Firm", "星澜科技", "星澜科技"), ("Firm", "澄屿精工", "澄屿精工")},
    ),
    "firm_lists: 以A、B为龙头": (
        "firm_lists",
        "以星澜科技、澄屿精工为龙头，集群加快发展。",
        {("Firm", "星澜科技", "星澜科技"), ("Firm", "澄屿精工", "澄屿精工")},
    ),
    "enumerations: a firm after its category noun": (
        "enumerations",
        "龙头企业星澜科技表现突出。",
        {("Firm", "星澜科技", "星澜科技")},
    ),
    "table_firms: the cells of a firm column": (
        "table_firms",
        "集群名称\t龙头企业\n岚汀高新区光电产业集群\t星澜科技、澄屿精工",
        {("Firm", "星澜科技", "星澜科技"), ("Firm", "澄屿精工", "澄屿精工")},
    ),
}


@pytest.mark.parametrize(("rule", "text", "expected"), MENTION_CASES.values(), ids=MENTION_CASES)
def test_mention_rule_on_a_segmented_sentence(
    rule: str, text: str, expected: set[tuple[str, str, str]]
) -> None:
    if rule not in mention_rules:
        pytest.skip(f"no mention rule {rule!r} registered")
    assert found(rule, text) == expected


def test_institutes_rule_with_an_academy_of_the_lexicon(extra_lexicon) -> None:
    text = "岚汀科学院星澜光电所参与研发。"
    assert found("institutes", text, extra_lexicon) == {
        ("ResearchOrg", "岚汀科学院星澜光电所", "岚汀科学院星澜光电所")
    }
    assert found("institutes", text) == set()  # not an academy the package knows


def test_gazetteer_rule_with_a_gazetteer_of_the_lexicon(extra_lexicon) -> None:
    text = "据悉，澄屿光电精工发布了新品。"
    assert found("gazetteer", text, extra_lexicon) == {("Firm", "澄屿光电精工", "澄屿光电精工")}
    assert found("gazetteer", text) == set()


def test_user_names_rule_finds_a_users_names_typed_as_given(extra_lexicon) -> None:
    text = "岚汀检测中心发布了新标准。"
    assert found("user_names", text, extra_lexicon) == {("Firm", "岚汀检测中心", "岚汀检测中心")}
    assert found("user_names", text) == set()
    assert ("Platform", "岚汀检测中心", "岚汀检测中心") in found("suffixes", text, extra_lexicon)
    assert mention_rules.get("user_names").priority < mention_rules.get("suffixes").priority


def test_every_mention_rule_has_a_case() -> None:
    covered = {rule for rule, _text, expected in MENTION_CASES.values() if expected}
    assert set(mention_rules.names()) <= covered | {"institutes", "gazetteer", "user_names"}


def test_mention_rule_priorities_are_declared() -> None:
    """Titles win over list items, list items over the other rules (settled by priority)."""
    priority = {name: mention_rules.get(name).priority for name in DEFAULT_MENTION_RULES}
    assert priority["titles"] < priority["lists"] < priority["suffixes"]
    assert all(isinstance(p, int) for p in priority.values())


# ------------------------------------------------------------------ what rules produce

PASSAGES = [
    "岚汀高新区（北苑园）位于临沧市，聚集了星澜科技有限公司、澄屿精工有限公司等龙头企业。",
    "岚汀高新区光电产业集群建有岚汀光电检测中心，该中心由澄屿大学与星澜科技有限公司共建。",
    "岚汀市科技局印发《岚汀市光电产业发展规划》，支持岚汀高新区光电产业集群和岚汀高新区发展。",
    "岚汀高新区光电产业集群获批纳入审计署的试点名单。星澜科技有限公司与澄屿大学签署合作协议。",
    "一、岚汀高新区光电产业集群\n以星澜科技、澄屿精工为龙头，建成“星火”“澄光”创新中心。",
    "集群名称\t所在园区\t龙头企业\n光电产业集群\t岚汀高新区\t星澜科技、澄屿精工",
]


def test_every_registered_rule_declares_what_it_produces() -> None:
    for name in relation_rules.names():
        produces = relation_rules.get(name).produces
        assert produces and set(produces) <= set(RELATION_TYPES), name
    for name in mention_rules.names():
        produces = mention_rules.get(name).produces
        assert produces and set(produces) <= set(ENTITY_TYPES), name


def _relation_contexts(run) -> list[Context]:
    """The contexts relate builds for the passages (sentence by sentence), and the cases'."""
    from kg.relate.discourse import Discourse

    contexts = [case.context() for case in CASES.values()]
    for text in PASSAGES:
        result = run(text)
        by_sentence: dict[int, list[Mention]] = {}
        for mention in result.mentions:
            if mention.key is not None and not mention.nested:
                by_sentence.setdefault(mention.sentence, []).append(mention)
        discourse = Discourse.of(result.sentences, by_sentence, LEXICON)
        for sentence in result.sentences:
            own = sorted(by_sentence.get(sentence.index, []), key=lambda m: (m.start, m.end))
            scope, parks = discourse.enter(sentence, own)
            contexts.append(Context(result.document, sentence, own, LEXICON, scope, parks))
    return contexts


def test_every_relation_a_rule_yields_is_in_its_produces(run) -> None:
    seen: set[str] = set()
    for ctx in _relation_contexts(run):
        for name in relation_rules.names():
            rule = relation_rules.get(name)
            for relation in rule(ctx):
                assert relation.relation in rule.produces, (name, relation)
                seen.add(relation.relation)
    assert len(seen) >= 8  # the passages exercise most relations


def test_every_mention_a_rule_finds_is_in_its_produces() -> None:
    seen: set[str] = set()
    for text in PASSAGES + [text for _rule, text, _expected in MENTION_CASES.values()]:
        for sentence in sentences_of(text):
            for name in mention_rules.names():
                rule = mention_rules.get(name)
                for mention in rule(sentence, LEXICON):
                    assert mention.type in rule.produces, (name, mention)
                    seen.add(mention.type)
    assert len(seen) >= 7


def test_a_pipeline_without_a_rule_loses_its_relations() -> None:
    """The rules a pipeline names are the ones that run: without has_platform, no hasPlatform."""
    text = "岚汀高新区光电产业集群建有岚汀光电检测中心。"
    source = SourceDocument(path="p.txt", text=text)
    full = Pipeline().extract(source)
    rules = tuple(r for r in DEFAULT_RELATION_RULES if r != "has_platform")
    without = Pipeline(relation_rules=rules).extract(source)
    assert "hasPlatform" in {r.relation for r in full.relations}
    assert "hasPlatform" not in {r.relation for r in without.relations}


# ------------------------------------------------------------------ spans equal surfaces

SPAN_PASSAGES = [
    "岚汀光学软件(中国)上市公司近日发布年报，星澜科技股份有限公司上市公司在临沧市设立研发中心。",
    "“澄屿精工有限公司”与「星澜科技有限公司」签署合作协议，共建『岚汀光电研究院』。",
    "（二）岚汀高新区光电产业集群集聚了“澄屿精工”、星澜科技等龙头企业。",
    "临沧光电、铜仁仪器等两家创新型产业集群入选，“星火”“澄光”创新中心已建成。",
    "澄屿精工有限公司（以下简称“澄屿精工”）位于岚汀高新区（北苑园）。澄屿精工牵头组建岚汀光电创新联盟。",
    "集群名称\t所在园区\t龙头企业\n光电产业集群\t岚汀高新区\t星澜科技、澄屿精工",
    "岚汀市科技局印发了《岚汀市光电产业发展规划（2025—2027年）》。",
]


@pytest.mark.parametrize("text", SPAN_PASSAGES)
def test_every_mentions_span_is_its_surface(run, text: str) -> None:
    result = run(text)
    assert result.mentions
    for mention in result.mentions:
        assert result.document.text[mention.start : mention.end] == mention.surface, mention


def test_a_trimmed_firm_keeps_the_trimmed_words_out_of_its_span(run) -> None:
    result = run("岚汀光学软件(中国)上市公司近日发布年报。")
    (firm,) = [m for m in result.mentions if m.type == "Firm"]
    assert firm.name == firm.surface == "岚汀光学软件(中国)"
    assert result.document.text[firm.end :].startswith("上市公司")


def test_a_list_items_surface_is_the_literal_item(run) -> None:
    result = run("临沧光电、铜仁仪器等两家创新型产业集群入选。")
    items = {m.name: m.surface for m in result.mentions if m.type == "Cluster"}
    assert items == {"临沧光电创新型产业集群": "临沧光电", "铜仁仪器创新型产业集群": "铜仁仪器"}


def test_a_name_completed_from_its_table_row_has_no_place_mention_off_its_text(run) -> None:
    """光电产业集群 in a row whose place cell is 岚汀高新区 is 岚汀高新区光电产业集群; the park is
    the place cell's mention, not one laid over the cluster's words."""
    result = run(SPAN_PASSAGES[5])
    parks = [m for m in result.mentions if m.type == "Park"]
    assert parks and all(result.document.text[m.start : m.end] == "岚汀高新区" for m in parks)


def test_the_test_passages_are_invented() -> None:
    """Guard for this file: none of its passages are copied from the seeds."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    corpus = "".join(p.read_text(encoding="utf-8") for p in seeds.rglob("*.txt"))
    for text in PASSAGES + SPAN_PASSAGES:
        for line in text.split("\n"):
            assert line not in corpus
