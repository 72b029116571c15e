"""Overview: the graph at a glance and the first question analysts ask."""

from __future__ import annotations

import streamlit as st

from graph.questions import run_question
from graph.stats import graph_stats
from ui.components import draw_subgraph, induced_subgraph, rows_table
from ui.i18n import t
from ui.state import graph, guard, store


@st.cache_data(show_spinner=False)
def _stats(version: str) -> dict:
    return graph_stats(store()).as_dict()


def page() -> None:
    st.title(f"{t('app_title')} · Gongfu Graph")
    st.caption(t("tagline"))
    stats = _stats(store().version)
    entity_count = sum(
        v for k, v in stats["classes"].items() if k not in ("Fact", "Observation", "SourceDocument")
    )
    cols = st.columns(5)
    cols[0].metric(t("entities"), entity_count)
    cols[1].metric(t("facts"), stats["facts"])
    cols[2].metric(t("inferred_facts"), stats["inferred_facts"])
    cols[3].metric(t("observations"), stats["observations"])
    cols[4].metric(t("sources"), stats["sources"])
    st.subheader(t("quick_answer"))
    result = run_question(store(), "platform-serves")
    pg, _g, _index = graph()
    tier = "https://gongfu-graph.org/id/tier-cross-industry"
    platforms = [
        u
        for u, v, k in _g.in_edges(tier, keys=True)
        if k == "SELECTED_AS" and pg.nodes[u].label == "Platform"
    ]
    names = {n.name: iri for iri, n in pg.nodes.items()}
    targets = [names[r["target"]] for r in result.rows if r["target"] in names]
    sub = induced_subgraph([tier, *platforms, *targets], focus=(tier,))
    draw_subgraph(sub, title=t("quick_answer"), height=460)
    rows_table(result.columns, result.rows, key="overview", file="platform-serves.csv")


guard(page)
