"""Paths: how two entities are connected, drawn and listed."""

from __future__ import annotations

import streamlit as st

from graph.explore import find, path_rows, paths_between
from graph.export.html import class_label
from graph.traversal import subgraph_of
from ui.components import draw_subgraph, export_menu, rows_table
from ui.i18n import lang, t, tn
from ui.state import guard, name_of, store


def _pick(label: str, key: str, default: str) -> str | None:
    text = st.text_input(label, value=default, key=f"{key}_text")
    hits = find(store(), text, limit=8) if text else []
    if not hits:
        if text:
            st.caption(t("no_hits"))
        return None
    options = {h.iri: f"{h.name} · {class_label(h.label, lang())}" for h in hits}
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
        a = _pick(t("from"), "path_a", "临工重机")
    with cols[1]:
        b = _pick(t("to"), "path_b", "济南市工业和信息化局")
    max_hops = st.slider(t("max_hops"), 1, 8, 6, key="path_hops")
    every = st.checkbox(t("all_paths"), key="path_all")
    if not (a and b):
        return
    paths = paths_between(store(), a, b, max_hops=max_hops, every=every, limit=30)
    if not paths:
        st.info(t("no_path"))
        return
    sub = subgraph_of(paths)
    sub = sub.__class__(sub.nodes, sub.edges, (a, b))
    draw_subgraph(sub, title=tn("paths_found", len(paths)))
    export_menu(sub, f"{name_of(a, lang())} → {name_of(b, lang())}", "paths")
    rows = path_rows(store(), paths)
    rows_table(["path", "length", "steps"], rows, key="paths", file="paths.csv")


guard(page)
