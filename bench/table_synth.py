"""A synthetic analyst's table for the tabular benchmark: platforms and the enterprises they
serve, one link per row, with the mapping that loads it.

What an analyst's platform–customer list looks like, scaled up: a few platforms with many
customers (Zipf), some of them curated platforms (浪潮云洲, 海尔卡奥斯 … so that rows link to
the seed graph), the rest new; enterprise names unique and realistic (city, brand, industry,
legal form, from the generator's character lists in bench/synth.py), an enterprise served
by one or more platforms; English names for half of them (pinyin for the rest), short
names as aliases for a third, a quote, a source, the inferred flag and sometimes an amount.
Same seed and size → the same file, byte for byte.
"""

from __future__ import annotations

import bisect
import csv
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.synth import BRAND, INDUSTRY, PLACE, SUFFIX

__all__ = ["TRIPLES_PER_ROW", "TableReport", "write_table"]

#: about how many triples one row of this table becomes (link, fact, a share of an entity)
TRIPLES_PER_ROW = 14.0

CURATED_PLATFORMS = (
    "浪潮云洲工业互联网平台",
    "海尔卡奥斯",
    "紫菜云工业互联网平台",
    "橙色云工业互联网平台",
    "万腾腾云工业互联网平台",
    "徐工汉云工业互联网平台",
    "有人云工业互联网平台",
    "中天互联工业互联网平台",
)
SERVICES = (
    "设备联网与生产监控",
    "设备健康管理",
    "能耗管理",
    "质量追溯",
    "供应链协同",
    "数字化车间改造",
    "工业APP部署",
    "上云用数赋智",
)
RELATIONS = ("serves", "serves", "serves", "empowers", "赋能")
MAPPING = """# The mapping of the synthetic platform-customer table (bench/table_synth.py).
name: synth-table
subject: {column: 平台, class: Platform}
relation_column: 关系
object: {column: 客户企业, class: Enterprise, en: 企业英文名, aliases: 企业简称}
fact: {quote: 服务内容, source: 依据, inferred: 是否推断, amount: 金额}
"""
HEADER = [
    "平台",
    "关系",
    "客户企业",
    "企业英文名",
    "企业简称",
    "服务内容",
    "依据",
    "是否推断",
    "金额",
]


@dataclass(frozen=True)
class TableReport:
    """What was written: the table, its mapping, rows, platforms and distinct enterprises."""

    table: str
    mapping: str
    rows: int
    platforms: int
    enterprises: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _enterprise(i: int) -> tuple[str, str, str, str]:
    """Enterprise ``i``: zh name, English name, short name, short English (unique per i)."""
    k, n_ind = len(BRAND), len(INDUSTRY)
    ind_zh, ind_en = INDUSTRY[i % n_ind]
    rest = (i // n_ind * 7919 + 12345) % k**3  # a permutation: unique below 20 · k³ rows
    picks = [BRAND[rest % k], BRAND[(rest // k) % k], BRAND[rest // (k * k)]]
    brand = "".join(c for c, _ in picks)
    brand_en = "".join(p for _, p in picks).capitalize()
    city = PLACE[(i * 7919) % len(PLACE)]
    city2 = PLACE[(i * 104729) % len(PLACE)]
    suf_zh, suf_en = SUFFIX[(i // 3) % len(SUFFIX)]
    place = city[0] + city2[0]
    place_en = (city[1] + city2[1]).capitalize()
    return (
        f"{place}{brand}{ind_zh}{suf_zh}",
        f"{place_en} {brand_en} {ind_en} {suf_en}",
        f"{brand}{ind_zh[:2]}",
        brand_en,
    )


def write_table(rows: int, out_dir: Path, *, seed: int = 0) -> TableReport:
    """Write ``out_dir/table.csv`` (UTF-8) with ``rows`` rows and ``out_dir/table.mapping.yaml``."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_new = max(12, round(rows**0.5 / 2))
    platforms = list(CURATED_PLATFORMS) + [
        f"{BRAND[(j * 31) % len(BRAND)][0]}{BRAND[(j * 17 + 5) % len(BRAND)][0]}"
        f"{'云' if j % 2 else '智造'}工业互联网平台{j}号"
        for j in range(n_new)
    ]
    weights = [1 / (r + 1) for r in range(len(platforms))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    sources = [
        f"平台客户名单（示例，{year}年第{q}季度）" for year in (2022, 2023) for q in (1, 2, 3, 4)
    ]
    seen: set[tuple[int, int]] = set()
    enterprises = 0
    table = out_dir / "table.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        written = 0
        while written < rows:
            if enterprises and rng.random() < 0.2:
                e = rng.randrange(enterprises)  # an enterprise that another platform serves
            else:
                e, enterprises = enterprises, enterprises + 1
            p = min(len(platforms) - 1, bisect.bisect_left(cumulative, rng.random() * total))
            if (p, e) in seen:
                continue
            seen.add((p, e))
            zh, en, short, short_en = _enterprise(e)
            platform = platforms[p]
            service = SERVICES[(e + p) % len(SERVICES)]
            writer.writerow(
                [
                    platform,
                    RELATIONS[(e * 3 + p) % len(RELATIONS)],
                    zh,
                    en if e % 2 == 0 else "",
                    f"{short}；{short_en}" if e % 3 == 0 else "",
                    f"{platform}为{zh}提供{service}服务（第{written + 2}行）",
                    sources[(e + written) % len(sources)],
                    "是" if (e + p) % 7 == 0 else "否",
                    f"{(e % 97 + 1) * 10}" if e % 10 == 0 else "",
                ]
            )
            written += 1
    mapping = out_dir / "table.mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return TableReport(str(table), str(mapping), rows, len(platforms), enterprises)
