"""Write kg/data/fields_gbt4754.txt: the field and product words of the national industry
classification (GB/T 4754-2017, 国民经济行业分类), taken from every category name.

Input: the standard's 1,772 categories as JSON (a list of {class1..class4, level, name, remark}),
converted from the file src/utils/category.js of the public GitHub repository zmshe/capital at
commit 0b8f1ae480aadd9f35aca2fd0efb934e9a7101e8 (2020-07-02; a transcription of the standard, no
licence file; the standard itself is a public national standard). Convert once with node:

    node -e "…eval the exported array…" > gbt4754_2017.json
    python scripts/gbt4754_fields.py gbt4754_2017.json          # writes the file
    python scripts/gbt4754_fields.py gbt4754_2017.json --check  # exits 1 if it differs

Every category name goes through one mechanical rule: drop a bracketed note, drop the activity
word it ends with (制造, 加工, 种植, 批发, 服务…), split it at 、/和/及/与/或, and keep the pieces
of two to ten characters that are not "其他…"/"未列明…", do not hold 等, do not end with an
organisation's head (机构, 平台, 中心, 组织…) and are not a common non-noun word of jieba's
dictionary (帮助, 家庭).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from data_file import write_or_check

from kg.lexicon import jieba_tags

OUT = Path(__file__).resolve().parent.parent / "kg/data/fields_gbt4754.txt"
_ACTIVITY = (
    "生产和供应业",
    "生产和供应",
    "制造业",
    "加工业",
    "制品业",
    "服务业",
    "制造",
    "加工",
    "生产",
    "供应",
    "种植",
    "饲养",
    "养殖",
    "开采",
    "采选",
    "洗选",
    "批发",
    "零售",
    "服务",
    "活动",
    "修理",
    "维修",
    "业",
)
_ORGANISATION_HEADS = (
    "机构",
    "平台",
    "中心",
    "组织",
    "协会",
    "团体",
    "公司",
    "企业",
    "园",
    "区",
    "馆",
    "所",
    "院",
    "会",
    "站",
    "局",
    "部",
    "委",
)
_NOUN_TAGS = frozenset({"n", "nz", "vn", "ng", "nt", "an", "j", "l"})


def fields(categories: list[dict]) -> list[str]:
    tags = jieba_tags()
    out: set[str] = set()
    for category in categories:
        name = re.sub(r"[（(][^）)]*[）)]", "", category["name"])
        for activity in _ACTIVITY:
            if name.endswith(activity) and len(name) > len(activity) + 1:
                name = name[: -len(activity)]
                break
        for piece in re.split(r"[、，,]|及|和|与|或", name):
            piece = re.sub(r"的$", "", piece.strip())
            if not 2 <= len(piece) <= 10 or "等" in piece:
                continue
            if piece.startswith(("其他", "未列明", "非")) or piece.endswith(_ORGANISATION_HEADS):
                continue
            if piece in tags and tags[piece] not in _NOUN_TAGS:
                continue
            out.add(piece)
    return sorted(out)


def render(categories: list[dict]) -> str:
    words = fields(categories)
    header = [
        "# Field and product words of the national industry classification GB/T 4754-2017",
        "# (国民经济行业分类), one per line, written by scripts/gbt4754_fields.py.",
        "# source: the standard's category names as transcribed in the public GitHub",
        "# repository zmshe/capital, file src/utils/category.js at commit 0b8f1ae (2020-07-02;",
        f"# no licence file; the standard is a public national standard); {len(categories)}",
        "# categories.",
        "# date: 2026-12-01",
        "# transform: bracketed notes and the final activity word dropped (制造, 加工,",
        "# 种植, 批发, 服务…), names split at 、/和/及/与/或; pieces of 2-10 characters",
        "# kept unless 其他/未列明/非…, holding 等, ending in an organisation's head, or a",
        "# non-noun word of jieba's dictionary.",
        f"# rows: {len(words)}",
    ]
    return "\n".join(header + words) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("categories", type=Path, help="the standard's categories as JSON")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    text = render(json.loads(args.categories.read_text(encoding="utf-8")))
    return write_or_check(OUT, text, args.check)


if __name__ == "__main__":
    sys.exit(main())
