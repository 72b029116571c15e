"""Page logic with Streamlit's AppTest: each page runs headless against the seed store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import GraphStore
from ui import keys

TIMEOUT = 120
ROOT = Path(__file__).resolve().parent.parent


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


def test_overview_answers_the_first_question() -> None:
    at = _run("ui/pages/overview.py")
    assert any(m.label == "实体" and int(m.value) > 500 for m in at.metric)
    frame = at.dataframe[0].value
    assert "浪潮云洲工业互联网平台" in set(frame["platform"])


def test_explore_search_open_expand_and_share() -> None:
    at = _run("ui/pages/explore.py")
    at.text_input(key="explore_search").input("langchao").run()
    options = at.radio(key="explore_hit").options
    assert any("浪潮云洲工业互联网平台" in o for o in options)
    assert any("浪潮集团" in o for o in options)
    at.radio(key="explore_hit").set_value("https://gongfu-graph.org/id/inspur-yunzhou").run()
    at.button(key="explore_open").click().run()
    assert at.session_state[keys.VIEW_NODES] == ["https://gongfu-graph.org/id/inspur-yunzhou"]
    assert at.query_params["focus"] in ("inspur-yunzhou", ["inspur-yunzhou"])
    # the evidence panel shows the quote behind 浪潮云洲 → 浪潮服务器业务
    markdown = " ".join(m.value for m in at.markdown)
    assert "浪潮云洲深度赋能自身服务器产业数字化转型" in markdown
    at.selectbox(key="explore_node").set_value("https://gongfu-graph.org/id/jinan").run()
    at.button(key="explore_expand").click().run()
    assert "https://gongfu-graph.org/id/jinan" in at.session_state[keys.VIEW_NODES]
    at.button(key="explore_reset").click().run()
    assert keys.VIEW_NODES not in at.session_state


def test_explore_reopens_a_shared_view() -> None:
    at = AppTest.from_file(str(ROOT / "ui/pages/explore.py"), default_timeout=TIMEOUT)
    at.query_params["focus"] = "lingong-heavy"
    at.query_params["hops"] = "2"
    at.run()
    assert not at.exception
    assert at.session_state[keys.VIEW_NODES] == ["https://gongfu-graph.org/id/lingong-heavy"]
    assert at.session_state[keys.HOPS] == 2


def test_questions_plan_indicators_on_both_engines() -> None:
    at = _run("ui/pages/questions.py")
    at.selectbox(key="q_name").set_value("plan-indicators").run()
    sparql = at.dataframe[0].value
    assert len(sparql) >= 45
    assert at.radio(key="q_engine").value == "auto"
    assert any("SPARQL" in c.value for c in at.caption)  # says which engine answered
    at.radio(key="q_engine").set_value("cypher").run()
    cypher = at.dataframe[0].value
    assert any("CYPHER" in c.value for c in at.caption)
    assert sorted(map(tuple, sparql.map(str).values)) == sorted(map(tuple, cypher.map(str).values))


def test_query_editor_runs_examples_and_reports_errors() -> None:
    at = _run("ui/pages/query.py")
    at.button(key="sparql_run").click().run()
    assert len(at.dataframe[0].value) > 0
    at.text_area(key="sparql_text").input("SELECT ?x WHERE {\n ?x a gf:Platform").run()
    at.button(key="sparql_run").click().run()
    assert at.error and "line 2" in at.error[0].value
    assert not at.exception
    at.text_area(key="cypher_text").input("MATCH (n) DETACH DELETE n").run()
    at.button(key="cypher_run").click().run()
    assert any("refused" in e.value for e in at.error)


def test_source_reader_highlights_the_quote() -> None:
    quote = "工业互联网核心产业收入已达279亿元"
    at = _run(
        "ui/pages/sources.py",
        **{keys.SOURCE_FILE: "001_8d84291fa225c587.txt", keys.SOURCE_QUOTE: quote},
    )
    html = " ".join(m.value for m in at.markdown)
    assert f"<mark>{quote}</mark>" in html


def test_schema_and_paths_pages_render() -> None:
    at = _run("ui/pages/schema.py")
    assert len(at.dataframe[0].value) >= 15
    at = _run("ui/pages/paths.py")
    assert len(at.dataframe[0].value) >= 1


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
