"""The analysts' named questions, each as a table and a graph; the plan's indicators as a chart.

Parameters are chosen from a list of entity names, filtered by the parameter's classes
(type part of a name to narrow it); every answer row carries its evidence.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph.backends import backend_for
from graph.query import QueryResult
from graph.questions import Param, load_questions
from ui.components import draw_subgraph, export_menu, induced_subgraph, rows_table
from ui.i18n import class_name, lang, t
from ui.state import graph, guard, labels_of, on_server, source_title, store

_ID = "https://gongfu-graph.org/id/"
#: a parameter's classes with more entities than this are searched by name instead
PICK_LIST_LIMIT = 3000


@st.cache_data(show_spinner=False, max_entries=64)
def _answer(
    version: str, name: str, params: tuple[tuple[str, str], ...], engine: str
) -> QueryResult:
    """A question's answer, kept per data version: a rerun (a click, a tab) asks nothing."""
    return backend_for(store()).question(name, dict(params), engine=engine)


@st.cache_data(show_spinner=False, max_entries=32)
def _choices(version: str, classes: tuple[str, ...]) -> list[str]:
    """The entities of the classes, best connected first (what analysts ask about most);
    none on a server, where a parameter is always found by a name search."""
    if on_server():
        return []
    pg, g, _index = graph()
    found = [
        iri
        for iri, node in pg.nodes.items()
        if (node.label in classes if classes else node.label not in ("Observation", "Fact"))
    ]
    found.sort(key=lambda i: (-g.degree(i), pg.nodes[i].name))
    return found


def _labelled(options: list[str]) -> dict[str, str]:
    """Each option's label, name and class, worked out now in one lookup (a widget's
    format_func may be called again outside the script run, where the session's language
    is not known)."""
    found = labels_of(options)
    english = lang() == "en"

    def label(iri: str) -> str:
        if iri not in found:
            return iri
        zh, en, cls = found[iri]
        return f"{en or zh if english else zh} · {class_name(cls)}"

    return {o: label(o) for o in options}


def _pick(p: Param, question: str) -> str:
    """An entity parameter, chosen from the names of its classes (typing narrows the list);
    past ``PICK_LIST_LIMIT`` entities, from the hits of a name search."""
    from graph.explore import find

    label = p.description_zh if lang() == "zh" else p.description_en
    default = f"{_ID}{p.default}"
    key = f"q_param_{question}_{p.name}"
    choices = _choices(store().version, p.classes)
    if len(choices) > PICK_LIST_LIMIT or on_server():
        text = st.text_input(label, key=f"{key}_text", placeholder=t("param_pick"))
        hits = [h.iri for h in find(store(), text, limit=30, classes=set(p.classes) or None)]
        choices = hits or [default]
    if default not in choices:
        choices = [default, *choices]
    labels = _labelled(choices)
    chosen = st.selectbox(
        label,
        choices,
        index=choices.index(default),
        format_func=labels.__getitem__,
        key=key,
        help=t("param_pick"),
        placeholder=t("choose"),
    )
    return chosen.removeprefix(_ID)


def _iris_of(rows: list[dict], columns: dict[str, str]) -> list[str]:
    """The entities a result names (name columns), found back by their zh label."""
    by_name = backend_for(store()).by_names(
        {row[c] for row in rows for c, kind in columns.items() if kind == "name" and row.get(c)}
    )
    found = []
    for row in rows:
        for col, kind in columns.items():
            if kind == "name" and row.get(col) in by_name:
                found.append(by_name[row[col]])
    return found


def _chart(rows: list[dict]) -> None:
    """Targets and reported values of one indicator by year (a year axis of whole years)."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return
    indicator = st.selectbox(t("indicator"), sorted(frame.indicator.unique()), key="q_chart_ind")
    part = frame[frame.indicator == indicator].copy()
    part["series"] = (
        part.kind.map(lambda k: t(f"val.{k}") if k in ("target", "reported") else k)
        + " · "
        + part.scope
        + " · "
        + part.source.map(source_title)
    )
    part["year"] = part.year.astype(int).astype(str)  # 2023, not 2,023 or 2023.5
    st.markdown(f"**{t('targets_vs_reported')}** — {indicator}")
    chart = (
        alt.Chart(part)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=t("year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=t("value")),
            color=alt.Color("series:N", title=t("series"), legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("year:O", title=t("year")),
                alt.Tooltip("value:Q", title=t("value")),
                alt.Tooltip("series:N", title=t("series")),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")


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
            with col:
                if p.kind == "entity":
                    params[p.name] = _pick(p, name)
                else:
                    params[p.name] = st.text_input(
                        p.description_zh if language == "zh" else p.description_en,
                        value=str(p.default),
                        key=f"q_param_{name}_{p.name}",
                    )
    if on_server():  # the server answers in its own language (SPARQL or Cypher)
        engine = "auto"
    else:
        engines = {"auto": t("engine_auto"), "sparql": "SPARQL", "cypher": "CYPHER"}
        engine = st.radio(
            t("engine"),
            list(engines),
            format_func=engines.__getitem__,
            horizontal=True,
            key="q_engine",
        )
    with st.spinner(t("running")):
        result = _answer(store().version, name, tuple(sorted(params.items())), engine)
    st.caption(t("answered_by", engine=result.engine.upper()))
    tab_table, tab_graph = st.tabs([t("table"), t("view_graph")])
    with tab_table:
        rows_table(
            result.columns, result.rows, key=f"q-{name}", file=f"{name}.csv", kinds=q.columns
        )
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
