"""Schema: the ontology's classes and relations as a small graph with counts."""

from __future__ import annotations

from collections import Counter

import streamlit as st
from pyvis.network import Network

from graph.backends import backend_for
from graph.export.html import _CDN, CLASS_STYLE, class_label, relation_label
from graph.mapping import rel_type
from graph.stats import class_pairs
from ontology.schema import load_schema
from ui.components import display_frame
from ui.i18n import lang, t
from ui.state import graph, guard, on_server, store


@st.cache_data(show_spinner=False)
def _schema_page(version: str, language: str) -> tuple[str, list[dict], list[dict]]:
    schema = load_schema()
    if on_server():  # counted and sampled there: a server's graph is never pulled whole
        stats = backend_for(store()).counts()
        counts: Counter[str] = Counter(stats.classes)
        rel_counts: Counter[str] = Counter(stats.relations)
        pairs: Counter[tuple[str, str, str]] = Counter(
            dict.fromkeys(class_pairs(store()), 0)  # which pairs, not how many each
        )
    else:
        pg, _g, _index = graph()
        counts = Counter(n.label for n in pg.nodes.values())
        rel_counts = Counter(e.type for e in pg.edges)
        pairs = Counter(
            (pg.nodes[e.source].label, e.type, pg.nodes[e.target].label) for e in pg.edges
        )
    net = Network(height="560px", width="100%", directed=True, cdn_resources="in_line")
    for name, n in counts.items():
        color, shape = CLASS_STYLE.get(name, ("#999", "dot"))
        net.add_node(
            name,
            label=f"{class_label(name, language)} ({n})",
            color=color,
            shape=shape,
            title=(
                schema.classes[name].comment_zh
                if language == "zh"
                else schema.classes[name].comment_en
            )
            if name in schema.classes
            else name,
        )
    for (a, rel, b), n in pairs.items():
        if rel in ("MENTIONS", "WAS_DERIVED_FROM"):
            continue
        label = f"{relation_label(rel, language)} {n}" if n else relation_label(rel, language)
        net.add_edge(a, b, label=label, title=rel, arrows="to")
    net.set_options('{"physics": {"solver": "forceAtlas2Based"}, "edges": {"font": {"size": 9}}}')
    page = _CDN.sub("", net.generate_html(notebook=False))
    classes = [
        {
            "class": c.name,
            "name": c.zh if language == "zh" else c.en,
            "count": counts.get(c.name, 0),
            "comment": c.comment_zh if language == "zh" else c.comment_en,
        }
        for c in schema.classes.values()
    ]
    rels = [
        {
            "relation": rel_type(p.name),
            "name": p.zh if language == "zh" else p.en,
            "count": rel_counts.get(rel_type(p.name), 0),
            "comment": p.comment_zh if language == "zh" else p.comment_en,
        }
        for p in schema.object_properties.values()
    ]
    return page, classes, rels


def page() -> None:
    st.title(t("schema"))
    st.caption(t("schema_intro"))
    html_page, classes, rels = _schema_page(store().version, lang())
    st.iframe(html_page, height=600)
    st.subheader(t("classes"))
    st.dataframe(
        display_frame(["class", "name", "count", "comment"], classes),
        hide_index=True,
        width="stretch",
    )
    st.subheader(t("relations"))
    st.dataframe(
        display_frame(["relation", "name", "count", "comment"], rels),
        hide_index=True,
        width="stretch",
    )


guard(page)
