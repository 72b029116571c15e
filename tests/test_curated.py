"""The curated data: the quote rule, completeness of the plan, conflicts kept, noise left out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from loaders.curated import read_curated
from loaders.quotes import locate_quote, quote_occurs, squash

CURATED = Path(__file__).resolve().parent.parent / "data" / "curated"
SOURCES = CURATED.parent / "sources"


def _records():
    for path in sorted(CURATED.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = doc.get("source")
        for kind in ("entities", "facts", "values"):
            for i, rec in enumerate(doc.get(kind) or []):
                yield path.name, kind, i, rec, rec.get("source") or source


def _quotes(rec: dict, source: str) -> list[tuple[str, str]]:
    """A record's quotes as (quote, source file): one text, or a list of texts and
    ``{quote, source}`` mappings (a fact resting on several sentences)."""
    given = rec.get("quote")
    items = given if isinstance(given, list) else [given] if given else []
    return [
        (str(q["quote"]), q.get("source") or source) if isinstance(q, dict) else (str(q), source)
        for q in items
    ]


def test_every_quote_occurs_in_its_source_file() -> None:
    checked = 0
    missing = []
    for file, kind, i, rec, source in _records():
        for quote, src in _quotes(rec, source):
            checked += 1
            if not quote_occurs(quote, SOURCES / src):
                missing.append(f"{file} {kind}[{i}]: {quote!r} not in {src}")
    assert not missing, "\n".join(missing[:20])
    assert checked > 1000


def test_facts_citing_several_sentences_are_read_whole(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    several = [f for f in data.facts if len(f["__quotes__"]) > 1]
    assert len(several) > 50
    assert any(len({src for src, _q in f["__quotes__"]}) > 1 for f in several), "one across files"


def test_every_fact_and_value_has_a_quote() -> None:
    bare = [
        f"{f} {k}[{i}]"
        for f, k, i, rec, _ in _records()
        if k in ("facts", "values") and not rec.get("quote")
    ]
    assert not bare


def test_quote_rule_ignores_whitespace_only() -> None:
    text = (SOURCES / "001_8d84291fa225c587.txt").read_text(encoding="utf-8")
    # the source breaks this sentence over lines and spaces its characters
    assert quote_occurs(
        "对新认定的国家级跨行业跨领域工业互联网平台", SOURCES / "001_8d84291fa225c587.txt"
    )
    assert "跨 行 业" in text
    # punctuation is not normalised: a half-width comma does not match a full-width one
    assert not quote_occurs(
        "工业互联网核心产业收入已达279亿元,相关", SOURCES / "001_8d84291fa225c587.txt"
    )
    span = locate_quote("工业互联网核心产业收入已达279亿元", text)
    assert (
        span is not None and squash(text[span[0] : span[1]]) == "工业互联网核心产业收入已达279亿元"
    )


def test_the_loader_accepts_the_curated_data(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    assert len(data.documents) == 5
    assert len(data.entities) > 500
    assert len(data.facts) > 600


PLAN_TABLE = [
    "ind-ii-integration-index",
    "ind-platform-penetration",
    "ind-5g-base-stations",
    "ind-10g-pon-ports",
    "ind-id-secondary-nodes",
    "ind-5g-user-penetration",
    "ind-5g-private-networks",
    "ind-id-registrations",
    "ind-ipv6-traffic-share",
    "ind-national-specialised-platforms",
    "ind-provincial-platforms",
    "ind-device-networking-rate",
    "ind-key-process-digitalisation",
    "ind-integration-stage-3",
    "ind-integration-stage-4",
]


def test_plan_has_15_indicators_with_three_yearly_targets(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    plan_targets = {
        f["o"] for f in data.facts if f["s"] == "gongfu-quancheng-plan" and f["p"] == "setsTarget"
    }
    table = PLAN_TABLE
    assert set(table) <= plan_targets
    years = Counter()
    for v in data.values:
        if v["indicator"] in table and v["kind"] == "target" and v["__source__"].startswith("003"):
            years[(v["indicator"], v["year"])] += 1
    for ind in table:
        for year in (2023, 2024, 2025):
            assert years[(ind, year)] >= 1, f"{ind} has no {year} target"
    assert {data.entities[i]["props"]["category"] for i in table} == {
        "综合质效",
        "网络设施",
        "网络应用",
        "平台建设",
        "融合赋能",
    }


def test_plan_has_5_groups_18_actions_4_safeguards_with_responsible_units(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    has_task = [(f["s"], f["o"]) for f in data.facts if f["p"] == "hasTask"]
    top = {o for s, o in has_task if s == "gongfu-quancheng-plan"}
    groups = {t for t in top if any(s == t for s, _ in has_task)}
    actions = {o for s, o in has_task if s in groups}
    safeguards = top - groups
    assert len(groups) == 5
    assert len(actions) == 18
    assert len(safeguards) == 4
    responsible = {f["o"] for f in data.facts if f["p"] == "responsibleFor"}
    assert actions <= responsible, sorted(actions - responsible)


def test_conflicting_figures_stay_with_their_sources(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    revenue = {
        (v["value"], v["__source__"][:3])
        for v in data.values
        if v["indicator"] == "ind-core-industry-revenue" and v["scope"] == "jinan"
    }
    assert (270, "000") in revenue
    assert (279, "001") in revenue


@pytest.mark.parametrize(
    "noise", ["反诈", "猫池", "车联网", "应急通信", "防汛", "侵害用户权益", "哈尔滨工程大学"]
)
def test_unrelated_news_stays_out(data_dir: Path, noise: str) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    for eid, ent in data.entities.items():
        names = [ent["zh"], ent["en"], *(ent.get("aliases") or [])]
        assert not any(noise in str(n) for n in names), f"{eid} looks like unrelated news"
    for fact in data.facts:
        assert noise not in str(fact.get("quote")), f"fact quotes unrelated news: {fact['quote']}"


def test_name_variants_are_aliases(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    wanteng = {str(a) for a in data.entities["wanteng-platform"]["aliases"]}
    assert {"万腾腾云", "万腾"} <= wanteng
    assert "有人物联" in {
        data.entities["usr-iot"]["zh"],
        *map(str, data.entities["usr-iot"]["aliases"]),
    }
