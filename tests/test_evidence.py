"""Evidence that carries each link: facts on the right node, quotes that support them, the
plan's indicator table marked, and every quote, figure and property shown by ``neighbors``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef

from graph.errors import LoadError
from graph.query import run_sparql
from graph.store import GraphStore
from loaders.curated import curated_graph, read_curated
from loaders.evidence import check_evidence
from ontology.namespace import GF, ID
from tests.conftest import run_gongfu

PLAN = "gongfu-quancheng-plan"


def _objects(store: GraphStore, s: str, p: str) -> set[str]:
    rows = run_sparql(store, f"SELECT ?o WHERE {{ gfid:{s} gf:{p} ?o }}").rows
    return {str(r["o"]).rsplit("/", 1)[-1] for r in rows}


def _facts(store: GraphStore, s: str, p: str, o: str) -> list[dict]:
    rows = run_sparql(
        store,
        f"""SELECT ?f ?q ?inf ?src WHERE {{ ?f a gf:Fact ; rdf:subject gfid:{s} ;
        rdf:predicate gf:{p} ; rdf:object gfid:{o} ; gf:quote ?q ; gf:inferred ?inf ;
        gf:sourceFile ?src }}""",
    ).rows
    return rows


# --- the check over the whole graph ---------------------------------------------------------


def test_every_fact_passes_the_evidence_rule(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    report = check_evidence(data, data_dir / "sources")
    print(report.summary())  # the counts the README states (pytest -s shows them)
    assert not report.problems, "\n".join(report.problems[:30])
    c = report.counts
    assert c["facts"] == c["stated"] + c["inferred"] and c["inferred"] > 200
    assert c["inferred with notes"] == c["inferred"]


def test_the_check_finds_a_quote_that_names_only_one_end(scratch_data: Path) -> None:
    plan = scratch_data / "curated" / "003_gongfu_quancheng_plan.yaml"
    doc = yaml.safe_load(plan.read_text(encoding="utf-8"))
    doc["facts"].append(  # a stated link whose quote names the sector but not the task
        {
            "s": "task-gfqc-1-1",
            "p": "covers",
            "o": "sector-steel",
            "quote": "聚焦钢铁、石化、建材等行业",
        }
    )
    doc["facts"].append(  # the plan's fact quoted from a sub-task's paragraph
        {"s": PLAN, "p": "covers", "o": "sector-steel", "quote": "聚焦钢铁、石化、建材等行业"}
    )
    plan.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = read_curated(scratch_data / "curated", scratch_data / "sources")
    problems = check_evidence(data, scratch_data / "sources").problems
    assert any("task-gfqc-1-1 covers sector-steel" in p and "does not name" in p for p in problems)
    assert any(f"{PLAN} covers sector-steel" in p and "task-gfqc-3-4" in p for p in problems)


def test_an_inferred_fact_without_a_note_in_both_languages_is_refused(
    scratch_data: Path,
) -> None:
    path = scratch_data / "curated" / "001_jinan_interviews.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["facts"].append(
        {
            "s": "inspur-yunzhou",
            "p": "serves",
            "o": "lingong-heavy",
            "quote": "浪潮云洲",
            "inferred": True,
            "note": "only in English",
        }
    )
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(LoadError, match=r"note \{zh: …, en: …\}"):
        read_curated(scratch_data / "curated", scratch_data / "sources")


def test_several_quotes_make_one_fact_per_source_file(data_dir: Path) -> None:
    data = read_curated(data_dir / "curated", data_dir / "sources")
    g = curated_graph(data)
    facts = [
        f
        for f in g.subjects(GF.sourceFile, Literal("002_ef4b62031b733835.txt"))
        if (f, GF.inferred, Literal(True)) in g
        and g.value(f, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"))
        == ID["xcmg-hanyun"]
        and g.value(f, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#object"))
        == ID["tier-provincial-key"]
    ]
    assert len(facts) == 1
    quotes = {str(q) for q in g.objects(facts[0], GF.quote)}
    assert any("86家省重点平台" in q for q in quotes)
    assert any(q.startswith("其中，徐工汉云、中天互联") for q in quotes)
    notes = {n.language for n in g.objects(facts[0], GF.note)}
    assert notes == {"zh", "en"}


# --- facts on the right node ----------------------------------------------------------------


def test_green_transformation_action_has_its_sectors(seed_store: GraphStore) -> None:
    covered = _objects(seed_store, "task-gfqc-3-4", "covers")
    assert {"sector-steel", "sector-petrochemical", "sector-building-materials"} <= covered
    assert not {"sector-steel", "sector-petrochemical"} & _objects(seed_store, PLAN, "covers")


def test_regional_action_has_its_ten_districts_in_two_highlands(seed_store: GraphStore) -> None:
    rows = run_sparql(
        seed_store,
        """SELECT ?d ?role WHERE { ?f a gf:Fact ; rdf:subject gfid:task-gfqc-4-5 ;
        rdf:predicate gf:supports ; rdf:object ?d ; gf:role ?role }""",
    ).rows
    by_role: dict[str, set[str]] = {}
    for r in rows:
        by_role.setdefault(str(r["role"]), set()).add(str(r["d"]).rsplit("/", 1)[-1])
    assert by_role["工业互联网产业高地"] == {
        "lixia-district",
        "shizhong-district-jinan",
        "licheng-district",
        "jinan-hitech-zone",
        "jinan-qibu-zone",
    }
    assert by_role["工业互联网创新应用高地"] == {
        "huaiyin-district",
        "zhangqiu-district",
        "laiwu-district",
        "pingyin-county",
        "shanghe-county",
    }


@pytest.mark.parametrize(
    ("task", "relation", "expected"),
    [
        ("task-gfqc-1-3", "supports", {"xinghuo-jinan-supernode", "national-id-resolution-system"}),
        ("task-gfqc-1-3", "funds", {"designation-id-resolution-benchmark"}),
        ("task-gfqc-1-4", "supports", {"china-computing-valley", "jinan-backbone-direct-point"}),
        ("task-gfqc-2-1", "supports", {"inspur-yunzhou"}),
        ("task-gfqc-3-1", "covers", {"sector-metallurgy-steel", "sector-biomedicine"}),
        ("task-gfqc-4-2", "covers", {"sector-6g", "sector-blockchain"}),
        ("task-gfqc-4-4", "supports", {"ii-platform-innovation-center-shandong"}),
        ("task-gfqc-5-1", "supports", {"sd-ii-security-awareness-platform"}),
        ("task-gfqc-s1", "supports", {"jinan-ii-expert-committee"}),
        ("task-gfqc-s2", "funds", {"jinan-dt-diagnosis-service"}),
        ("task-gfqc-s4", "supports", {"jinan-qibu-zone", "shandong-ftz-jinan-area"}),
    ],
)
def test_each_action_holds_what_its_paragraph_names(
    seed_store: GraphStore, task: str, relation: str, expected: set[str]
) -> None:
    assert expected <= _objects(seed_store, task, relation)


# --- inferred links cite what they rest on --------------------------------------------------


def test_haier_cosmoplat_operator_rests_on_the_platform_sentence(seed_store: GraphStore) -> None:
    facts = _facts(seed_store, "haier-cosmoplat", "operatedBy", "haier-group")
    quotes = [str(f["q"]) for f in facts]
    assert any("海尔卡奥斯" in q for q in quotes), quotes


def test_wanteng_operator_cites_more_than_a_list_of_platforms(seed_store: GraphStore) -> None:
    facts = _facts(seed_store, "wanteng-platform", "operatedBy", "wanteng-electronics")
    quotes = {str(f["q"]) for f in facts}
    assert any("万腾电子" in q for q in quotes)
    assert any("平台企业" in q for q in quotes)
    assert not any(q.startswith("培育了万腾腾云、紫菜云") for q in quotes)


def test_unsupported_inferences_are_gone(seed_store: GraphStore) -> None:
    assert "miit" not in _objects(seed_store, "yiqi-yiqi-action", "issuedBy")
    assert "miit" not in _objects(seed_store, "ii-safety-production-action-plan", "issuedBy")


def test_every_inferred_fact_has_notes_in_zh_and_en(seed_store: GraphStore) -> None:
    rows = run_sparql(
        seed_store,
        """SELECT ?f WHERE { ?f a gf:Fact ; gf:inferred true .
        FILTER NOT EXISTS { ?f gf:note ?zh FILTER(lang(?zh) = "zh") }
        FILTER NOT EXISTS { ?f gf:note ?en FILTER(lang(?en) = "en") } }""",
    ).rows
    assert rows == []


def test_every_fact_states_inferred_true_or_false(seed_store: GraphStore) -> None:
    rows = run_sparql(
        seed_store, "SELECT ?f WHERE { ?f a gf:Fact FILTER NOT EXISTS { ?f gf:inferred ?x } }"
    ).rows
    assert rows == []


# --- what a sentence says -------------------------------------------------------------------


def test_yunzhou_chain_integrates_three_things_and_supports_the_super_node(
    seed_store: GraphStore,
) -> None:
    assert {
        "national-id-resolution-system",
        "sector-blockchain",
        "sector-commercial-cryptography",
    } <= _objects(seed_store, "inspur-yunzhou-chain", "integrates")
    assert "xinghuo-jinan-supernode" not in _objects(
        seed_store, "inspur-yunzhou-chain", "connectsTo"
    )
    facts = _facts(seed_store, "inspur-yunzhou-chain", "supports", "xinghuo-jinan-supernode")
    assert facts and all(str(f["inf"]).lower() == "false" for f in facts)


def test_yunzhou_empowers_the_server_sector(seed_store: GraphStore) -> None:
    assert {"sector-servers", "inspur-server-business"} <= _objects(
        seed_store, "inspur-yunzhou", "empowers"
    )


# --- the plan's indicator table -------------------------------------------------------------


def test_the_plans_table_reads_as_15_indicators_in_5_categories(seed_store: GraphStore) -> None:
    row = run_sparql(
        seed_store,
        """SELECT (COUNT(DISTINCT ?i) AS ?indicators) (COUNT(DISTINCT ?c) AS ?categories)
                  (COUNT(?o) AS ?rows) WHERE { ?o gf:tableCategory ?c ; gf:measures ?i }""",
    ).rows[0]
    assert (int(row["indicators"]), int(row["categories"]), int(row["rows"])) == (15, 5, 45)
    outside = run_sparql(
        seed_store,
        """SELECT ?o WHERE { ?o gf:tableCategory ?c ; gf:sourceFile ?f .
        FILTER(!STRSTARTS(?f, "003")) }""",
    ).rows
    assert outside == []


# --- neighbors shows the evidence -----------------------------------------------------------


def _neighbors(store: Path, *args: str) -> dict:
    return json.loads(run_gongfu("neighbors", *args, "--json", store=store, check=True).stdout)


def test_neighbors_at_one_hop_shows_only_edges_of_the_focus(cli_store: Path) -> None:
    nb = _neighbors(cli_store, "浪潮云洲")
    focus = set(nb["focus"])
    assert nb["edges"] and all(
        e["source_iri"] in focus or e["target_iri"] in focus for e in nb["edges"]
    )
    every = _neighbors(cli_store, "浪潮云洲", "--all-edges")
    assert len(every["edges"]) > len(nb["edges"])


def test_neighbors_shows_every_quote_strongest_first(cli_store: Path) -> None:
    nb = _neighbors(cli_store, "task-gfqc-3-1")
    edge = next(e for e in nb["edges"] if e["target"] == "冶金钢铁")
    quotes = [ev["quote"] for ev in edge["evidence"]]
    assert quotes and all(ev["source"] for ev in edge["evidence"])
    chain = _neighbors(cli_store, "浪潮云洲链")
    sup = next(e for e in chain["edges"] if e["relation"] == "SUPPORTS")
    assert sup["evidence"][0]["inferred"] is False
    assert "浪潮云洲链" in sup["evidence"][0]["quote"]


def test_neighbors_orders_stated_before_inferred_then_both_ends_then_longer() -> None:
    from graph.explore import Evidence, strongest_first

    items = [
        Evidence("短句", "a.txt", True, False),
        Evidence("一句更长的推断句", "a.txt", True, True),
        Evidence("陈述", "b.txt", False, False),
        Evidence("陈述且两端都在", "b.txt", False, True),
    ]
    assert [e.quote for e in strongest_first(items)] == [
        "陈述且两端都在",
        "陈述",
        "一句更长的推断句",
        "短句",
    ]


def test_neighbors_shows_figures_and_the_entitys_own_properties(cli_store: Path) -> None:
    nb = _neighbors(cli_store, "济南市")
    figures = [e for e in nb["edges"] if e.get("observation")]
    assert figures
    obs = figures[0]["observation"]
    assert {"value", "year", "kind", "source", "quote"} <= set(obs)
    assert all(f["observation"]["source"] for f in figures)
    event = _neighbors(cli_store, "shandong-ii-work-conference-2024")
    focus = next(n for n in event["nodes"] if n["focus"])
    assert focus["props"].get("date")
    text = run_gongfu(
        "neighbors", "shandong-ii-work-conference-2024", store=cli_store, check=True
    ).stdout
    assert focus["props"]["date"] in text


def test_neighbors_table_prints_every_quote_and_note(cli_store: Path) -> None:
    text = run_gongfu("neighbors", "xcmg-hanyun", store=cli_store, check=True).stdout
    assert "86家省重点平台" in text and "其中，徐工汉云" in text
    assert "inferred" in text
