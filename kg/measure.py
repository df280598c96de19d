"""Stage 6, measure: amounts (产值, 产业规模, 营业收入 …), firm counts and the year they refer to,
attached to the cluster, park or region the sentence is about."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import cn2an

from kg.model import Evidence, Measurement, Mention, NormalisedDocument, Sentence
from kg.resolve import Resolution

_QUANTITIES = {
    "产值": "output",
    "总产值": "output",
    "工业总产值": "output",
    "工业产值": "output",
    "产业规模": "scale",
    "总规模": "scale",
    "规模": "scale",
    "营业收入": "revenue",
    "营收": "revenue",
    "主营业务收入": "revenue",
    "销售收入": "revenue",
    "销售额": "revenue",
    "总收入": "revenue",
    "投资": "investment",
    "总投资": "investment",
}
_UNITS = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "万": Decimal(10) ** 4,
    "": Decimal(1),
}
_NUMBER = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+(?:点[零一二三四五六七八九]+)?)"
_AMOUNT = re.compile(
    "(" + "|".join(sorted(_QUANTITIES, key=len, reverse=True)) + r")"
    r"[^，,。；;：:%％\d]{0,10}?(?:达到|达|突破|超过|超|约|为|实现|近|逾|破|至|增至|提升至)?\s*"
    + _NUMBER
    + r"\s*(万亿|千亿|亿|千万|万)?元"
)
_COUNT = re.compile(
    _NUMBER + r"\s*(?:余|多)?家(?:[^，,。；;、\d]{0,6}?)(企业|公司|上市公司|高新技术企业|规上企业)"
)
_COUNT_AFTER = re.compile(
    r"(企业|公司|高新技术企业|规上企业|上市公司)" + _NUMBER + r"\s*(?:余|多)?家"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SUBJECTS = ("Cluster", "Park", "Region")
_REFERS_BACK = re.compile(r"该集群|该园区|该区|该市|集群|园区|其")


def to_decimal(number: str) -> Decimal | None:
    try:
        return Decimal(number)
    except InvalidOperation:
        try:
            return Decimal(str(cn2an.cn2an(number, "smart")))
        except (ValueError, KeyError):
            return None


def measure(
    document: NormalisedDocument,
    sentences: list[Sentence],
    mentions: list[Mention],
    resolution: Resolution,
) -> list[Measurement]:
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    out: list[Measurement] = []
    last_subject: tuple[str, str] | None = None
    for sentence in sentences:
        own = sorted(
            (m for m in by_sentence.get(sentence.index, []) if m.key is not None),
            key=lambda m: m.start,
        )
        for found in _figures(sentence):
            position, quantity, label, amount, count = found
            subject = _subject_before(own, sentence.start + position, resolution)
            if subject is None and _REFERS_BACK.search(sentence.text[:position]):
                subject = last_subject  # 该集群…产值, 其中…: the subject of the sentence before
            if subject is None:
                continue
            year = _year_before(sentence.text, position)
            start, end = document.to_original(sentence.start), document.to_original(sentence.end)
            evidence = Evidence(
                document.source.doc_id or "", start, end, document.source.text[start:end]
            )
            out.append(
                Measurement(
                    subject, quantity, label, evidence, amount_yuan=amount, count=count, year=year
                )
            )
        subjects = [m.key for m in own if m.type in _SUBJECTS and not m.nested]
        if subjects:
            last_subject = subjects[0] if sentence.is_heading else subjects[-1]
    return out


def _figures(sentence: Sentence) -> Iterator[tuple[int, str, str, Decimal | None, int | None]]:
    for match in _AMOUNT.finditer(sentence.text):
        value = to_decimal(match.group(2))
        if value is None:
            continue
        amount = (value * _UNITS[match.group(3) or ""]).normalize()
        yield match.start(), _QUANTITIES[match.group(1)], match.group(1), amount, None
    for match in _COUNT.finditer(sentence.text):
        value = to_decimal(match.group(1))
        if value is None or value != value.to_integral_value():
            continue
        yield match.start(), "firmCount", match.group(2), None, int(value)
    for match in _COUNT_AFTER.finditer(sentence.text):
        value = to_decimal(match.group(2))
        if value is not None and value == value.to_integral_value():
            yield match.start(), "firmCount", match.group(1), None, int(value)


def _subject_before(
    mentions: list[Mention], position: int, resolution: Resolution
) -> tuple[str, str] | None:
    candidates = [m for m in mentions if m.type in _SUBJECTS and m.end <= position and not m.nested]
    if not candidates:
        return None
    return candidates[-1].key


def _year_before(text: str, position: int) -> int | None:
    years = [int(m.group(1)) for m in _YEAR.finditer(text[:position])]
    if years:
        return years[-1]
    after = _YEAR.search(text, position)
    return int(after.group(1)) if after else None
