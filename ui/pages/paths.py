"""Paths: how two entities are connected, drawn and listed."""

from __future__ import annotations

import streamlit as st

from graph.explore import find, path_rows, paths_between
from graph.export.html import class_label
from graph.traversal import subgraph_of
from ui.components import draw_subgraph, export_menu, rows_table
from ui.graph_view.canvas import PATH_FROM
from ui.i18n import lang, relation_name, t, tn
from ui.state import guard, labels_of, name_of, store

#: paths listed at most (the page says so when there are more)
PATH_LIMIT = 30


def _pick(label: str, key: str, default: str, prefer: str | None = None) -> str | None:
    """An entity chosen by name; ``prefer`` (an IRI handed over by a graph's "path from
    here") is filled in and chosen."""
    if prefer:
        st.session_state[f"{key}_text"] = name_of(prefer, lang())
        st.session_state[f"{key}_pick"] = prefer
    text = st.text_input(label, value=default, key=f"{key}_text")
    hits = find(store(), text, limit=8) if text else []
    options = {h.iri: f"{h.name} · {class_label(h.label, lang())}" for h in hits}
    chosen = st.session_state.get(f"{key}_pick")
    if chosen and chosen not in options and name_of(chosen, lang()) == text:
        label = labels_of([chosen])[chosen][2]
        options = {chosen: f"{text} · {class_label(label, lang())}", **options}
    if not options:
        if text:
            st.caption(t("no_hits"))
        return None
    return st.selectbox(
        label,
        list(options),
        format_func=options.get,
        key=f"{key}_pick",
        label_visibility="collapsed",
    )


def page() -> None:
    st.title(t("paths"))
    cols = st.columns(2)
    with cols[0]:
        a = _pick(t("from"), "path_a", "临工重机", st.session_state.pop(PATH_FROM, None))
    with cols[1]:
        b = _pick(t("to"), "path_b", "济南市工业和信息化局")
    max_hops = st.slider(t("max_hops"), 1, 8, 6, key="path_hops")
    every = st.checkbox(t("all_paths"), key="path_all")
    if not (a and b):
        return
    paths = paths_between(store(), a, b, max_hops=max_hops, every=every, limit=PATH_LIMIT + 1)
    if not paths:
        st.info(t("no_path"))
        return
    if len(paths) > PATH_LIMIT:
        paths = paths[:PATH_LIMIT]
        st.caption(t("canvas_paths_limit", n=PATH_LIMIT))
    sub = subgraph_of(paths)
    sub = sub.__class__(sub.nodes, sub.edges, (a, b))
    drawn = draw_subgraph(
        sub, title=tn("paths_found", len(paths)), key="paths", paths=[p.nodes for p in paths]
    )
    export_menu(
        drawn.sub if drawn else sub, f"{name_of(a, lang())} → {name_of(b, lang())}", "paths"
    )
    rows = path_rows(store(), paths, relation=relation_name)
    rows_table(["path", "length", "steps"], rows, key="paths", file="paths.csv")


guard(page)
