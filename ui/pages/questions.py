"""The analysts' named questions, each as a table and a graph; the plan's indicators as a chart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.query import QueryResult
from graph.questions import load_questions, run_question
from ui.components import draw_subgraph, export_menu, induced_subgraph, rows_table
from ui.i18n import lang, t
from ui.state import graph, guard, store


@st.cache_data(show_spinner=False, max_entries=64)
def _answer(
    version: str, name: str, params: tuple[tuple[str, str], ...], engine: str
) -> QueryResult:
    """A question's answer, kept per data version: a rerun (a click, a tab) asks nothing."""
    return run_question(store(), name, dict(params), engine=engine)


@st.cache_data(show_spinner=False, max_entries=2)
def _by_name(version: str) -> dict[str, str]:
    pg, _g, _index = graph()
    by_name: dict[str, str] = {}
    for iri, node in pg.nodes.items():
        if node.label != "Observation":
            by_name.setdefault(node.name, iri)
    return by_name


def _iris_of(rows: list[dict], columns: dict[str, str]) -> list[str]:
    """The entities a result names (name columns), found back by their zh label."""
    by_name = _by_name(store().version)
    found = []
    for row in rows:
        for col, kind in columns.items():
            if kind == "name" and row.get(col) in by_name:
                found.append(by_name[row[col]])
    return found


def _chart(rows: list[dict]) -> None:
    frame = pd.DataFrame(rows)
    if frame.empty:
        return
    indicator = st.selectbox("indicator", sorted(frame.indicator.unique()), key="q_chart_ind")
    part = frame[frame.indicator == indicator].copy()
    part["series"] = part.kind + " · " + part.source.str[:3] + " · " + part.scope
    pivot = part.pivot_table(index="year", columns="series", values="value", aggfunc="max")
    st.markdown(f"**{t('targets_vs_reported')}** — {indicator}")
    st.line_chart(pivot)


def page() -> None:
    st.title(t("questions"))
    language = lang()
    questions = load_questions()
    names = list(questions)
    default = st.query_params.get("q", names[0])
    name = st.selectbox(
        t("question"),
        names,
        index=names.index(default) if default in names else 0,
        format_func=lambda n: questions[n].title_zh if language == "zh" else questions[n].title_en,
        key="q_name",
    )
    q = questions[name]
    st.caption(q.description_zh if language == "zh" else q.description_en)
    params = {}
    if q.params:
        cols = st.columns(len(q.params))
        for col, p in zip(cols, q.params, strict=True):
            params[p.name] = col.text_input(
                f"{p.name} ({p.description_zh if language == 'zh' else p.description_en})",
                value=str(p.default),
                key=f"q_param_{name}_{p.name}",
            )
    engine = st.radio(
        t("engine"),
        ["auto", "sparql", "cypher"],
        format_func=lambda e: t("engine_auto") if e == "auto" else e.upper(),
        horizontal=True,
        key="q_engine",
    )
    with st.spinner(t("running")):
        result = _answer(store().version, name, tuple(sorted(params.items())), engine)
    st.caption(t("answered_by", engine=result.engine.upper()))
    tab_table, tab_graph = st.tabs([t("table"), t("view_graph")])
    with tab_table:
        rows_table(result.columns, result.rows, key=f"q-{name}", file=f"{name}.csv")
        if name == "plan-indicators":
            _chart(result.rows)
    with tab_graph:
        iris = _iris_of(result.rows, q.columns)
        if len(set(iris)) >= 2:
            sub = induced_subgraph(iris[:300])
            title = q.title_zh if language == "zh" else q.title_en
            drawn = draw_subgraph(sub, title=title, key=f"question-{name}")
            export_menu(drawn.sub if drawn else sub, title, f"question-{name}")


guard(page)
