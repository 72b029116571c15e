"""Overview: the graph at a glance and the first question analysts ask.

Everything here comes from bounded SPARQL (counts, and a few links per platform) and a
property graph of just the nodes drawn, so the first page opens quickly on any size of
store without building the full projection.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import streamlit as st

from graph.backends import backend_for, is_server
from graph.mapping import PropertyGraph, property_graph
from graph.overview import tier_platforms
from graph.project_nx import to_networkx
from graph.questions import load_questions
from graph.traversal import Subgraph, edges_among
from ui.components import draw_subgraph, rows_table
from ui.i18n import t
from ui.state import guard, store

TIER = "https://gongfu-graph.org/id/tier-cross-industry"
SAMPLE = 6
FULL_TABLE_UP_TO = 500  # links: below this the first page also lists them with evidence


@st.cache_data(show_spinner=False)
def _stats(version: str) -> dict:
    return backend_for(store()).counts().as_dict()


@st.cache_data(show_spinner=False)
def _tier(version: str) -> list[dict]:
    return [
        {
            "iri": p.iri,
            "name": p.name,
            "serves": p.serves,
            "empowers": p.empowers,
            "sample": list(p.sample),
        }
        for p in tier_platforms(store(), TIER, sample=SAMPLE)
    ]


@st.cache_resource(show_spinner=False, max_entries=8)
def _picture(
    version: str, platforms: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[PropertyGraph, nx.MultiDiGraph, Subgraph]:
    """The drawn nodes as a small property graph of their own (no full projection)."""
    iris = [TIER, *(p for p, _ in platforms), *(x for _, sample in platforms for x in sample)]
    s = store()
    # the SPARQL stores read just these nodes; a Bolt server's backend does the same
    pg = backend_for(s).subgraph(iris) if is_server(s) else property_graph(s, only=iris)
    g = to_networkx(pg)
    nodes = tuple(i for i in dict.fromkeys(iris) if i in pg.nodes)
    return pg, g, Subgraph(nodes, edges_among(g, nodes), (TIER,))


def page() -> None:
    st.title(t("app_title"))
    st.caption(t("tagline"))
    version = store().version
    stats = _stats(version)
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
    platforms = _tier(version)
    if not platforms:
        return
    pg, g, sub = _picture(version, tuple((p["iri"], tuple(p["sample"])) for p in platforms))
    draw_subgraph(sub, title=t("quick_answer"), key="overview", height=460, graph_data=(pg, g))
    st.caption(t("overview_sample", k=SAMPLE))
    links = sum(p["serves"] + p["empowers"] for p in platforms)
    if links <= FULL_TABLE_UP_TO:
        result = backend_for(store()).question("platform-serves")
        kinds = load_questions()["platform-serves"].columns
        rows_table(
            result.columns, result.rows, key="overview", file="platform-serves.csv", kinds=kinds
        )
    else:
        table = pd.DataFrame(
            {
                t("platform"): [p["name"] for p in platforms],
                t("serves_n"): [p["serves"] for p in platforms],
                t("empowers_n"): [p["empowers"] for p in platforms],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")


guard(page)
