"""Query: SPARQL and Cypher editors with the named questions as examples (read-only)."""

from __future__ import annotations

import os

import streamlit as st

from graph.project_cypher import run_cypher
from graph.query import run_sparql
from graph.questions import example_text, load_questions
from ui.components import draw_subgraph, induced_subgraph, rows_table
from ui.i18n import lang, t
from ui.state import graph, guard, store

_ID = "https://gongfu-graph.org/id/"


def _neo4j_uri() -> str:
    """The Neo4j the app may query instead of the embedded engine (GONGFU_NEO4J_URI)."""
    return os.environ.get("GONGFU_NEO4J_URI", "")


def _iris(rows: list[dict]) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and value.startswith(_ID):
            found.append(value)
        elif isinstance(value, dict):
            if "iri" in value:
                walk(value["iri"])
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for row in rows:
        for value in row.values():
            walk(value)
    return found


def _editor(engine: str) -> None:
    questions = load_questions()
    names = list(questions)
    language = lang()
    example = st.selectbox(
        t("example"),
        names,
        key=f"{engine}_example",
        format_func=lambda n: questions[n].title_zh if language == "zh" else questions[n].title_en,
    )
    if st.session_state.get(f"{engine}_loaded") != example:
        st.session_state[f"{engine}_text"] = example_text(example, engine)
        st.session_state[f"{engine}_loaded"] = example
    if engine == "cypher" and _neo4j_uri():
        st.radio(
            t("engine"),
            ["embedded", "neo4j"],
            horizontal=True,
            key="cypher_engine",
            format_func=lambda e: (
                "LadybugDB (embedded)" if e == "embedded" else f"Neo4j · {_neo4j_uri()}"
            ),
        )
    text = st.text_area(engine.upper(), key=f"{engine}_text", height=260)
    if st.button(t("run"), key=f"{engine}_run", type="primary"):
        st.session_state[f"{engine}_ran"] = text
    ran = st.session_state.get(f"{engine}_ran")
    if not ran:
        return
    if engine == "sparql":
        result = run_sparql(store(), ran, timeout=20, row_limit=5000)
        raw_rows = result.rows
    elif _neo4j_uri() and st.session_state.get("cypher_engine") == "neo4j":
        from graph.neo4j_bolt import neo4j_credentials, run_neo4j

        auth = neo4j_credentials()
        result = run_neo4j(_neo4j_uri(), ran, auth=auth, timeout=20, row_limit=5000)
        raw_rows = run_neo4j(
            _neo4j_uri(), ran, auth=auth, timeout=20, row_limit=5000, raw=True
        ).rows
        raw_rows = [
            {k: (dict(v) if hasattr(v, "items") else v) for k, v in r.items()} for r in raw_rows
        ]
    else:
        raw = run_cypher(store(), ran, timeout=20, row_limit=5000, raw=True)
        raw_rows = raw.rows
        result = run_cypher(store(), ran, timeout=20, row_limit=5000)
    if result.message:
        st.info(result.message)
    rows_table(result.columns, result.rows, key=engine, file=f"{engine}.csv")
    iris = _iris(raw_rows)
    pg, _g, _index = graph()
    if len({i for i in iris if i in pg.nodes}) >= 2:
        draw_subgraph(induced_subgraph(iris[:300]), title=engine.upper(), key=f"query-{engine}")


def page() -> None:
    st.title(t("query"))
    tab_sparql, tab_cypher = st.tabs(["SPARQL", "Cypher"])
    with tab_sparql:
        guard(lambda: _editor("sparql"))
    with tab_cypher:
        guard(lambda: _editor("cypher"))


guard(page)
