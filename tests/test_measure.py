"""Stage 6, measure: money amounts normalised to yuan, firm counts, and the year they refer to."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.measure import to_decimal


def _figures(run, text: str) -> list[tuple[str, str, Decimal | None, int | None, int | None]]:
    return [
        (m.entity[1], m.quantity, m.amount_yuan, m.count, m.year) for m in run(text).measurements
    ]


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("1352", Decimal(1352)),
        ("2.1", Decimal("2.1")),
        ("一千", Decimal(1000)),
        ("三千五百", Decimal(3500)),
        ("十二点五", Decimal("12.5")),
    ],
)
def test_to_decimal(number: str, value: Decimal) -> None:
    assert to_decimal(number) == value


def test_to_decimal_rejects_words() -> None:
    assert to_decimal("若干") is None


def test_output_in_yi_yuan_with_year(run) -> None:
    figures = _figures(run, "2022年，柳州高新区智能网联汽车产业集群产值达到1352亿元。")
    assert figures == [
        ("柳州高新区智能网联汽车产业集群", "output", Decimal("135200000000"), None, 2022)
    ]


def test_wan_yi_yuan(run) -> None:
    figures = _figures(run, "2023年，昆明高新区稀贵金属产业集群产业规模达2.1万亿元。")
    assert len(figures) == 1
    name, quantity, amount, _count, year = figures[0]
    assert (name, quantity, year) == ("昆明高新区稀贵金属产业集群", "scale", 2023)
    assert amount == Decimal("2100000000000")
    assert format(amount, "f") == "2100000000000"


def test_chinese_numerals_and_revenue(run) -> None:
    figures = _figures(run, "宜宾高新区锂电产业集群营业收入突破三千五百亿元。")
    assert [(q, a) for _n, q, a, _c, _y in figures] == [("revenue", Decimal("350000000000"))]


def test_decimal_amount_and_year_after_the_figure(run) -> None:
    figures = _figures(run, "柳州高新区智能网联汽车产业集群实现产值860.5亿元（2021年）。")
    assert figures == [
        ("柳州高新区智能网联汽车产业集群", "output", Decimal("86050000000"), None, 2021)
    ]


def test_firm_count(run) -> None:
    figures = _figures(run, "2022年，宜宾高新区锂电产业集群集聚了356家企业。")
    assert ("宜宾高新区锂电产业集群", "firmCount", None, 356, 2022) in figures


def test_firm_count_after_the_noun(run) -> None:
    figures = _figures(run, "赣州市稀土新材料产业集群拥有高新技术企业86家。")
    assert ("赣州市稀土新材料产业集群", "firmCount", None, 86, None) in figures


def test_subject_carries_over_to_the_next_sentence(run) -> None:
    figures = _figures(run, "宜宾高新区锂电产业集群发展迅速。2022年集群营业收入突破3500亿元。")
    assert figures == [("宜宾高新区锂电产业集群", "revenue", Decimal("350000000000"), None, 2022)]


def test_no_figure_without_a_subject(run) -> None:
    assert _figures(run, "全年实现产值1352亿元。") == []


def test_amount_evidence_is_the_sentence(run) -> None:
    text = "前言。\n2022年，柳州高新区智能网联汽车产业集群产值达到1352亿元。"
    measurements = run(text).measurements
    assert len(measurements) == 1
    evidence = measurements[0].evidence
    assert evidence.text == "2022年，柳州高新区智能网联汽车产业集群产值达到1352亿元。"
    assert text[evidence.start : evidence.end] == evidence.text
