"""Page logic with Streamlit's AppTest: each page runs headless against the seed store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import GraphStore
from ui import keys

TIMEOUT = 120
ROOT = Path(__file__).resolve().parent.parent
ID = "https://gongfu-graph.org/id/"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _store_env(seed_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGFU_STORE", str(seed_store.root))


def _run(path: str, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _text(at: AppTest) -> str:
    return " ".join(
        str(getattr(e, "value", "") or "")
        for kind in ("markdown", "caption", "info")
        for e in at.get(kind)
    )


def test_overview_answers_the_first_question() -> None:
    at = _run("ui/pages/overview.py")
    assert any(m.label == "实体" and int(m.value) > 500 for m in at.metric)
    frame = at.dataframe[0].value
    assert "浪潮云洲工业互联网平台" in set(frame["平台"])
    assert {"关系", "原文引语", "来源"} <= set(frame.columns)
    assert "服务" in set(frame["关系"])  # relation names in the language, not SERVES
    # sources by their titles, never by hash file names
    assert not any(".txt" in str(v) for v in frame["来源"])
    assert at.title[0].value == "工赋图谱"


def test_overview_in_english_reads_english() -> None:
    at = _run("ui/pages/overview.py", **{keys.LANG: "en"})
    assert at.title[0].value == "Gongfu Graph"
    frame = at.dataframe[0].value
    assert not any(CJK.search(c) for c in frame.columns), list(frame.columns)
    assert {"serves", "empowers"} >= set(frame["Relation"])
    assert any(re.fullmatch(r"\d+ rows", c.value) for c in at.caption)


def test_explore_search_open_expand_and_share() -> None:
    at = _run("ui/pages/explore.py")
    at.text_input(key="explore_search").input("langchao").run()
    options = at.radio(key="explore_hit").options
    assert any("浪潮云洲工业互联网平台" in o for o in options)
    assert any("浪潮集团" in o for o in options)
    at.radio(key="explore_hit").set_value(ID + "inspur-yunzhou").run()
    at.button(key="explore_open").click().run()
    assert at.session_state[keys.VIEW_NODES] == [ID + "inspur-yunzhou"]
    assert at.query_params["focus"] in ("inspur-yunzhou", ["inspur-yunzhou"])
    # the evidence panel shows the quote behind 浪潮云洲 → 浪潮服务器业务
    markdown = " ".join(m.value for m in at.markdown)
    assert "浪潮云洲深度赋能自身服务器产业数字化转型" in markdown


def test_explore_reopens_a_shared_view() -> None:
    at = AppTest.from_file(str(ROOT / "ui/pages/explore.py"), default_timeout=TIMEOUT)
    at.query_params["focus"] = "lingong-heavy"
    at.query_params["hops"] = "2"
    at.run()
    assert not at.exception
    assert at.session_state[keys.VIEW_NODES] == [ID + "lingong-heavy"]
    assert at.session_state[keys.HOPS] == 2


def test_a_class_filter_shows_that_class_only(seed_store: GraphStore) -> None:
    """Choosing 企业 around a platform shows enterprises (and the focus), not every
    platform too."""
    from graph.explore import index_of, view_subgraph

    pg, _g, _index = index_of(seed_store)
    for hops in (1, 2):
        sub = view_subgraph(seed_store, [ID + "inspur-yunzhou"], hops=hops, classes={"Enterprise"})
        labels = {pg.nodes[n].label for n in sub.nodes if n != ID + "inspur-yunzhou"}
        assert labels == {"Enterprise"}, (hops, labels)


def test_entity_panel_offers_every_quote_of_a_relation() -> None:
    """奥太焊接平台 operatedBy 奥太电气 rests on two quotes in two documents: each is shown
    with its source's title and its own "Read the source"."""
    at = AppTest.from_string(
        f"from ui.components import entity_panel\nentity_panel('{ID}aotai-welding-platform')\n",
        default_timeout=TIMEOUT,
    )
    at.run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.button]
    assert "查看原文（第 1 条引语）" in labels and "查看原文（第 2 条引语）" in labels
    text = _text(at)
    assert "紫菜云、奥太焊接平台、九阳智能厨房电器平台" in text
    assert "培育了万腾、奥太、紫菜云、有人、九阳等5个国家特色平台" in text
    assert ".txt" not in text  # sources by title


def test_questions_plan_indicators_on_both_engines_with_a_year_axis() -> None:
    at = _run("ui/pages/questions.py")
    at.selectbox(key="q_name").set_value("plan-indicators").run()
    sparql = at.dataframe[0].value
    assert len(sparql) >= 45
    assert "原文引语" in sparql.columns and sparql["原文引语"].notna().all()
    assert at.radio(key="q_engine").value == "auto"
    assert any("SPARQL" in c.value for c in at.caption)  # says which engine answered
    at.radio(key="q_engine").set_value("cypher").run()
    cypher = at.dataframe[0].value
    assert any("CYPHER" in c.value for c in at.caption)
    assert sorted(map(tuple, sparql.map(str).values)) == sorted(map(tuple, cypher.map(str).values))
    # the chart's year axis: whole years as categories (2023, never 2,023 or 2023.5)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["x"]["field"] == "year"
    assert spec["encoding"]["x"]["type"] == "ordinal"


def test_question_parameters_are_chosen_from_names() -> None:
    at = _run("ui/pages/questions.py")
    at.selectbox(key="q_name").set_value("platforms-in-region").run()
    pick = at.selectbox(key="q_param_platforms-in-region_region")
    assert pick.value == ID + "jinan"
    assert any(o.startswith("济南市 · ") for o in pick.options)  # names, not ids
    assert all("地区" in o for o in pick.options)  # regions only
    jinan = at.dataframe[0].value
    pick.set_value(ID + "shandong").run()
    shandong = at.dataframe[0].value
    assert set(shandong["平台"]) != set(jinan["平台"])
    assert shandong["原文引语"].map(bool).all()


def test_plan_tasks_read_in_the_plan_s_order() -> None:
    at = _run("ui/pages/questions.py")
    at.selectbox(key="q_name").set_value("plan-tasks").run()
    codes = list(dict.fromkeys(at.dataframe[0].value["编号"]))
    groups = [c for c in codes if re.fullmatch(r"（.）", c)]
    assert groups == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert all(c.startswith("三、") for c in codes[-4:])


def test_one_row_is_one_row_in_english() -> None:
    at = _run("ui/pages/questions.py", **{keys.LANG: "en"})
    at.selectbox(key="q_name").set_value("conflicting-figures").run()
    assert len(at.dataframe[0].value) == 1
    assert "1 row" in [c.value for c in at.caption]
    assert not any(CJK.search(c) for c in at.dataframe[0].value.columns)


def test_query_editor_runs_examples_keeps_history_and_reports_errors() -> None:
    at = _run("ui/pages/query.py")
    at.button(key="sparql_run").click().run()
    assert len(at.dataframe[0].value) > 0
    assert len(at.session_state["sparql_history"]) == 1
    at.session_state["sparql_text"] = "SELECT ?x WHERE {\n ?x a gf:Platform"
    at.button(key="sparql_run").click().run()
    assert at.error and at.error[0].value == "查询未能运行："
    assert any("line 2" in c.value for c in at.code)
    assert any("^" in c.value for c in at.code)  # the line with a caret under the position
    assert not at.exception
    assert len(at.session_state["sparql_history"]) == 2
    assert at.selectbox(key="sparql_recent").options  # the last queries, to reopen
    at.session_state["sparql_text"] = "INSERT DATA { gfid:x a gf:Platform }"
    at.button(key="sparql_run").click().run()
    assert at.error[0].value.startswith("查询页只读")
    assert "--allow-update" not in _text(at) + " ".join(e.value for e in at.error)
    at.session_state["cypher_text"] = "MATCH (n) DETACH DELETE n"
    at.button(key="cypher_run").click().run()
    assert any(e.value.startswith("此查询被拒绝") for e in at.error)


def test_query_results_show_prefixed_names_and_labels() -> None:
    at = _run("ui/pages/query.py")
    at.session_state["sparql_text"] = (
        "SELECT ?p ?rel ?t WHERE { ?p a gf:Platform ; ?rel ?t . FILTER(?rel = gf:operatedBy) }"
    )
    at.button(key="sparql_run").click().run()
    frame = at.dataframe[0].value
    assert frame["p"].str.startswith("gfid:").all()
    assert set(frame["rel"]) == {"gf:operatedBy"}
    assert "浪潮云洲工业互联网平台" in set(frame["p · 名称"])


def test_the_query_graph_draws_only_what_was_returned(seed_store: GraphStore) -> None:
    from graph.project_cypher import run_cypher
    from graph.query import run_sparql

    at = AppTest.from_string(
        "import streamlit as st\n"
        "from ui.pages.query import returned_subgraph\n"
        "from graph.query import run_sparql\n"
        "from graph.project_cypher import run_cypher\n"
        "from ui.state import store\n"
        "st.session_state['out'] = [returned_subgraph(rows) for rows in st.session_state['rows']]\n",
        default_timeout=TIMEOUT,
    )
    with_rel = run_sparql(
        seed_store, "SELECT ?p ?r ?o WHERE { ?p gf:operatedBy ?o BIND(gf:operatedBy AS ?r) }"
    ).rows
    without_rel = run_sparql(seed_store, "SELECT ?p ?o WHERE { ?p gf:operatedBy ?o }").rows
    rels = run_cypher(
        seed_store, "MATCH (p:Platform)-[r:OPERATED_BY]->(o) RETURN p, r, o", raw=True
    ).rows
    nodes_only = run_cypher(
        seed_store, "MATCH (p:Platform)-[r:OPERATED_BY]->(o) RETURN p, o", raw=True
    ).rows
    at.session_state["rows"] = [with_rel, without_rel, rels, nodes_only]
    at.run()
    assert not at.exception, at.exception
    sparql_rel, sparql_plain, cypher_rel, cypher_plain = at.session_state["out"]
    assert sparql_rel.edges and {k for _u, _v, k in sparql_rel.edges} == {"OPERATED_BY"}
    assert cypher_rel.edges and {k for _u, _v, k in cypher_rel.edges} == {"OPERATED_BY"}
    assert len(cypher_rel.edges) == len(rels)
    assert sparql_plain.nodes and not sparql_plain.edges
    assert cypher_plain.nodes and not cypher_plain.edges


def test_source_reader_highlights_the_quote_and_names_the_document() -> None:
    quote = "工业互联网核心产业收入已达279亿元"
    at = _run(
        "ui/pages/sources.py",
        **{keys.SOURCE_FILE: "001_8d84291fa225c587.txt", keys.SOURCE_QUOTE: quote},
    )
    html = " ".join(m.value for m in at.markdown)
    assert f"<mark>{quote}</mark>" in html
    picker = at.selectbox(key="source_doc")
    assert all(".txt" not in o for o in picker.options)
    assert any(o.startswith("工业互联网让工业老城焕发新活力") for o in picker.options)


def test_a_fact_from_a_loaded_table_opens_no_unrelated_document() -> None:
    at = _run(
        "ui/pages/sources.py",
        **{keys.SOURCE_FILE: "platform_customers.csv", keys.SOURCE_QUOTE: "某行的引语"},
    )
    assert any("platform_customers.csv" in i.value and "表格" in i.value for i in at.info)
    assert not at.selectbox  # no document opened in its place


def test_quote_search_finds_the_evidence() -> None:
    at = _run("ui/pages/sources.py")
    for words in ("五区叠加", "产业高地", "算力龙头"):
        at.text_input(key="quote_search").input(words).run()
        html = " ".join(m.value for m in at.markdown)
        assert f"<mark>{words[0]}" in html, words
        assert any(b.label == "阅读原文段落" for b in at.button)
    at.text_input(key="quote_search").input("五区叠加").run()
    at.button(key="sources-q-para-0").click().run()
    assert "五区叠加" in at.session_state[keys.SOURCE_QUOTE]
    paragraph = [m.value for m in at.markdown if "id='quote'" in m.value]
    assert paragraph and "<mark>" in paragraph[0] and "五区叠加" in paragraph[0]
    assert at.selectbox(key="source_doc").value == at.session_state[keys.SOURCE_FILE]


def test_schema_and_paths_pages_render() -> None:
    at = _run("ui/pages/schema.py")
    assert len(at.dataframe[0].value) >= 15
    assert "名称" in at.dataframe[0].value.columns
    at = _run("ui/pages/paths.py")
    assert len(at.dataframe[0].value) >= 1


def test_path_steps_read_from_the_start(seed_store: GraphStore) -> None:
    from graph.explore import path_rows, paths_between

    paths = paths_between(seed_store, "临工重机", "济南市工业和信息化局")
    row = path_rows(seed_store, paths)[0]
    nodes = row["nodes"]
    for i, step in enumerate(row["steps"]):
        assert step.startswith(nodes[i] + " ") and step.endswith(" " + nodes[i + 1]), step


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_every_example_in_the_editor_runs(seed_store: GraphStore, engine: str) -> None:
    """The editors' examples (named questions with defaults written in) run as they are."""
    from graph.project_cypher import run_cypher
    from graph.query import run_sparql
    from graph.questions import example_text, load_questions, run_question

    for name in load_questions():
        text = example_text(name, engine)
        run = run_sparql if engine == "sparql" else run_cypher
        rows = run(seed_store, text).rows
        assert len(rows) == len(run_question(seed_store, name, engine=engine).rows), name


def test_load_page_lists_loads() -> None:
    at = _run("ui/pages/load.py")
    texts = " ".join(str(m.value) for m in at.markdown)
    assert "seed" in texts and "ontology" in texts
