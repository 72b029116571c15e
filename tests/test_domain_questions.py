"""Each example question of ../shared/DOMAIN.md, asked in SPARQL, gives the texts' answer."""

from __future__ import annotations

from graph.query import run_sparql
from graph.questions import run_question
from graph.store import GraphStore


def test_which_enterprises_each_cross_industry_platform_serves_with_evidence(
    seed_store: GraphStore,
) -> None:
    rows = run_question(seed_store, "platform-serves").rows
    inspur = [
        r
        for r in rows
        if r["platform"] == "浪潮云洲工业互联网平台" and r["target"] == "浪潮服务器业务"
    ]
    assert inspur and inspur[0]["relation"] == "EMPOWERS"
    assert any("浪潮云洲深度赋能自身服务器产业数字化转型" in q for q in inspur[0]["quotes"])
    assert inspur[0]["sources"] == ["001_8d84291fa225c587.txt"]
    assert all(r["quotes"] for r in rows), "every link carries its evidence"
    parts = run_question(seed_store, "entity-profile", {"entity": "浪潮服务器业务"}).rows
    assert any(r["relation"] == "PART_OF" and r["other"] == "浪潮集团" for r in parts)


def test_platforms_of_each_tier_by_region(seed_store: GraphStore) -> None:
    rows = run_question(seed_store, "platforms-in-region", {"region": "济南"}).rows
    tiers = {r["platform"]: r["tier"] for r in rows}
    assert tiers["浪潮云洲工业互联网平台"] == "国家级跨行业跨领域工业互联网平台"
    specialised = {p for p, t in tiers.items() if t == "国家级特色专业型工业互联网平台"}
    assert {
        "万腾腾云工业互联网平台",
        "紫菜云工业互联网平台",
        "奥太焊接工业互联网平台",
        "九阳智能厨房电器工业互联网平台",
        "有人云工业互联网平台",
    } <= specialised
    shandong = run_sparql(
        seed_store,
        """
        SELECT DISTINCT ?name WHERE { ?p a gf:Platform ; gf:selectedAs gfid:tier-cross-industry ;
          rdfs:label ?name . FILTER(lang(?name) = "zh")
          ?f a gf:Fact ; rdf:subject ?p ; rdf:predicate gf:selectedAs ; gf:sourceFile ?src .
          FILTER(STRSTARTS(?src, "002")) }""",
    ).rows
    names = {r["name"] for r in shandong}
    assert {
        "海尔卡奥斯工业互联网平台",
        "浪潮云洲工业互联网平台",
        "蓝海工业互联网平台",
        "橙色云工业互联网平台",
        "徐工汉云工业互联网平台",
        "中天互联工业互联网平台",
    } <= names


def test_who_operates_the_platforms_and_which_links_are_inferred(seed_store: GraphStore) -> None:
    rows = run_question(seed_store, "platform-operators").rows
    pairs = {(r["platform"], r["operator"]): r["inferred"] for r in rows}
    assert ("浪潮云洲工业互联网平台", "浪潮集团") in pairs
    assert ("万腾腾云工业互联网平台", "万腾电子") in pairs
    assert all(pairs.values()), "no text states an operator outright: all are the curator's reading"


def test_plan_indicators_with_targets_per_year_and_reported_values(seed_store: GraphStore) -> None:
    rows = run_question(seed_store, "plan-indicators").rows
    targets = {
        (r["indicator"], r["year"]): r["value"]
        for r in rows
        if r["kind"] == "target" and r["source"].startswith("003") and r["comparator"] is None
    }
    assert targets[("5G基站数", 2023)] == 4.7
    assert targets[("5G基站数", 2024)] == 5.4
    assert targets[("5G基站数", 2025)] == 6
    assert targets[("规模以上工业企业关键业务环节全面数字化率", 2024)] == 71.6
    assert targets[("5G虚拟专网数", 2025)] == 905
    reported = [r for r in rows if r["indicator"] == "5G基站数" and r["kind"] == "reported"]
    assert any(r["scope"] == "济南市" and r["value"] == 4.3 for r in reported)


def test_bodies_responsible_for_tasks(seed_store: GraphStore) -> None:
    bodies = {
        r["body"] for r in run_question(seed_store, "task-bodies", {"task": "task-gfqc-1-1"}).rows
    }
    assert {"济南市工业和信息化局", "济南市投资促进局"} <= bodies
    assert any("区县" in b for b in bodies)
    duties = run_question(seed_store, "body-responsibilities", {"body": "jinan-miit-bureau"}).rows
    assert len(duties) >= 15


def test_how_an_enterprise_connects_to_a_body(seed_store: GraphStore) -> None:
    from graph.explore import paths_between

    paths = paths_between(seed_store, "临工重机", "济南市工业和信息化局", max_hops=6)
    assert paths and 1 <= len(paths[0]) <= 6
    assert paths[0].nodes[0].endswith("lingong-heavy")
    assert paths[0].nodes[-1].endswith("jinan-miit-bureau")


def test_what_we_know_about_a_park(seed_store: GraphStore) -> None:
    rows = run_question(seed_store, "entity-profile", {"entity": "济南高新区"}).rows
    others = {(r["relation"], r["other"]) for r in rows}
    assert ("HOSTS", "临工重机股份有限公司") in others
    classes = {r["other_class"] for r in rows}
    assert {"Enterprise", "Platform", "Policy", "Observation"} <= classes


def test_conflicting_revenue_figures_both_visible(seed_store: GraphStore) -> None:
    rows = run_question(seed_store, "conflicting-figures").rows
    revenue = [
        r for r in rows if r["indicator"] == "工业互联网核心产业收入" and r["scope"] == "济南市"
    ]
    assert revenue
    assert {revenue[0]["value_a"], revenue[0]["value_b"]} == {270, 279}
    assert {revenue[0]["source_a"][:3], revenue[0]["source_b"][:3]} == {"000", "001"}


def test_subsidy_amounts_and_caps(seed_store: GraphStore) -> None:
    rows = run_question(seed_store, "funding").rows
    caps = {r["cap"] for r in rows if r["unit"] == "万元"}
    assert {2000, 300} <= caps
