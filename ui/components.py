"""Pieces several pages draw: the graph view, result tables, the entity details panel."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
import streamlit as st

from graph.explore import entity_details, neighbours
from graph.export.html import CLASS_STYLE
from graph.output import csv_safe
from graph.traversal import Subgraph, edges_among
from ui import keys
from ui.graph_view import canvas
from ui.graph_view.canvas import Drawn
from ui.i18n import (
    STRINGS,
    class_name,
    column,
    lang,
    note_of,
    relation_name,
    t,
    tn,
    yes_no,
)
from ui.state import graph, on_server, source_title, store, view

__all__ = [
    "display_frame",
    "draw_subgraph",
    "entity_panel",
    "export_menu",
    "induced_subgraph",
    "legend",
    "open_source",
    "rows_table",
]


def draw_subgraph(
    sub: Subgraph | None = None,
    *,
    title: str = "",
    height: int = 560,
    key: str = "graph",
    **options: Any,
) -> Drawn | None:
    """Draw a subgraph on the graph canvas (ui/graph_view): click to select, double-click
    to expand, right-click for more; past the view budget neighbourhoods fold into groups.
    Returns what was drawn (None when there is nothing to draw)."""
    if sub is not None and not sub.nodes and "loader" not in options:
        return None
    return canvas.draw(sub, key=key, title=title, height=height, **options)


#: the formats offered for download, briefings first
_EXPORT_FORMATS = (
    "pdf",
    "docx",
    "md",
    "png",
    "svg",
    "html",
    "graphml",
    "gexf",
    "csv",
    "cypher",
    "ttl",
    "jsonld",
    "nt",
)


def export_menu(sub: Subgraph, title: str, key: str) -> None:
    """A format picker and a download button for the subgraph drawn above it.

    The file is made only when the button is clicked (a deferred download), so a page
    does not render a PDF on every rerun.
    """
    from graph.export.write import FORMATS, export_bytes

    if not sub.nodes:
        return
    language = lang()
    cols = st.columns([3, 1], vertical_alignment="bottom")
    fmt = cols[0].selectbox(
        t("export_format"),
        _EXPORT_FORMATS,
        format_func=lambda f: f"{f} · {FORMATS[f][2]}",
        key=f"export-fmt-{key}",
    )
    suffix, mime, _what = FORMATS[fmt]
    stem = f"gongfu-{key}"
    file_name, mime = (
        (f"{stem}-md.zip", "application/zip") if fmt == "md" else (stem + suffix, mime)
    )
    the_store = store()

    def make() -> bytes:
        data, _name, _mime = export_bytes(
            the_store, sub, fmt, title=title, lang=language, stem=stem
        )
        return data

    cols[1].download_button(
        t("export"),
        data=make,
        file_name=file_name,
        mime=mime,
        key=f"export-{key}",
        on_click="ignore",
    )


def induced_subgraph(iris: list[str], focus: tuple[str, ...] = ()) -> Subgraph:
    """The nodes named in a result and every traversable edge between them."""
    pg, g = view(iris)
    nodes = tuple(dict.fromkeys(i for i in iris if i in pg.nodes))
    return Subgraph(nodes, edges_among(g, nodes), focus)


def legend() -> None:
    items = " ".join(
        f"<span style='color:{color}'>■</span> {class_name(name)}"
        for name, (color, _shape) in CLASS_STYLE.items()
    )
    st.caption(items, unsafe_allow_html=False)


#: columns of the named questions that hold source files: shown by the documents' titles
SOURCE_COLUMNS = frozenset({"source", "sources", "source_a", "source_b"})
#: an indicator's figures and their scopes listed at most on a server
FIGURES_REACH = 600


def display_frame(
    columns: list[str], rows: list[dict[str, Any]], kinds: dict[str, str] | None = None
) -> pd.DataFrame:
    """Rows as a table in the session's language: headers translated, relation and class
    names as labels, yes / no, sources by their titles; data values as they are."""
    kinds = kinds or {}
    headers = {c: column(c) for c in columns}
    if len(set(headers.values())) < len(headers):  # two columns would read the same
        headers = {c: c for c in columns}
    return pd.DataFrame(
        [{headers[c]: _cell(r.get(c), c, kinds.get(c, "")) for c in columns} for r in rows],
        columns=list(headers.values()),
    )


def rows_table(
    columns: list[str],
    rows: list[dict[str, Any]],
    *,
    key: str,
    file: str = "result.csv",
    kinds: dict[str, str] | None = None,
) -> pd.DataFrame:
    """A result table with a CSV download button (what is shown is what is downloaded; cells
    that a spreadsheet would run as a formula are neutralised)."""
    frame = display_frame(columns, rows, kinds)
    st.dataframe(frame, width="stretch", hide_index=True)
    st.caption(tn("rows", len(rows)))
    st.download_button(
        t("download_csv"),
        frame.map(csv_safe).to_csv(index=False).encode("utf-8-sig"),
        file_name=file,
        mime="text/csv",
        key=f"csv-{key}",
    )
    return frame


def _cell(value: Any, name: str = "", kind: str = "") -> Any:
    if isinstance(value, list):
        return " | ".join(str(_cell(v, name, kind)) for v in value)
    if value is None:
        return None
    if name in SOURCE_COLUMNS:
        return source_title(str(value))
    if kind == "relation":
        return relation_name(str(value))
    if kind == "class":
        return class_name(str(value))
    if kind == "bool" or isinstance(value, bool):
        return yes_no(value)
    if name in ("kind", "direction") and f"val.{value}" in STRINGS:
        return t(f"val.{value}")
    return value


def entity_panel(iri: str) -> None:
    """All properties and relations of an entity, each fact with every quote, its source
    (by title) and a way to read it; curator notes in the session's language."""
    details = entity_details(store(), iri)
    language = lang()
    name = details.name_en if language == "en" and details.name_en else details.name
    st.subheader(f"{name} · {class_name(details.label)}")
    other_name = details.name if language == "en" else details.name_en
    if other_name:
        st.caption(other_name)
    if details.aliases:
        st.caption(f"{t('aliases')}: " + "、".join(details.aliases))
    props = {
        k: v for k, v in details.props.items() if k not in ("iri", "id") and v not in (None, "", [])
    }
    if props:
        st.markdown(f"**{t('properties')}**")
        st.dataframe(
            pd.DataFrame(
                {
                    column("property"): list(props),
                    column("value"): [
                        source_title(str(v)) if k in ("sourceFile", "fileName") else str(v)
                        for k, v in props.items()
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    groups: dict[str, list] = defaultdict(list)
    for rel in details.relations:
        if rel.type in ("MENTIONS", "WAS_DERIVED_FROM", "MEASURES"):
            continue
        groups[rel.type].append(rel)
    if details.label == "Indicator":
        _indicator_figures(iri)
    for rel_type, rels in sorted(groups.items()):
        with st.expander(f"{relation_name(rel_type)} ({len(rels)})", expanded=len(groups) <= 3):
            for i, rel in enumerate(rels):
                arrow = "→" if rel.direction == "out" else "←"
                flag = f" · *{t('inferred')}*" if rel.inferred else ""
                st.markdown(f"{arrow} **{rel.other_name}** ({class_name(rel.other_label)}){flag}")
                _evidence(rel, key=f"src-{iri}-{rel_type}-{i}")
    mentions = [r for r in details.relations if r.type == "MENTIONS"]
    if mentions:
        with st.expander(f"{t('mentions')} ({len(mentions)})"):
            for i, rel in enumerate(mentions):
                _evidence(rel, key=f"men-{iri}-{i}")


def _evidence(rel: Any, *, key: str) -> None:
    """Every quote of a relation with its source's title, a button to read each, the
    curator's note in the session's language, and the fact's own figures."""
    quotes = list(rel.quotes)
    sources = list(rel.sources) + [""] * max(0, len(quotes) - len(rel.sources))
    for n, (quote, source) in enumerate(zip(quotes, sources, strict=False), 1):
        st.markdown(f"> {quote}  \n{source_title(source) if source else ''}")
        if source:
            label = t("read_source_n", n=n) if len(quotes) > 1 else t("read_source")
            if st.button(label, key=f"{key}-{n}"):
                open_source(source, quote)
    note, caveat = note_of(rel.props)
    if note:
        st.caption(f"{t('note')}: {note} {caveat}".strip())
    extra = {
        k: v
        for k, v in rel.props.items()
        if k in ("amount", "cap", "share", "unit", "post", "role")
    }
    if extra:
        st.caption(", ".join(f"{column(k)}: {v}" for k, v in extra.items()))


def _indicator_figures(iri: str) -> None:
    """Every value of an indicator; where sources disagree the figures stand side by side."""
    if on_server():  # the figures measuring it and their scopes: two bounded hops there
        hops = {"MEASURES", "SCOPE"}
        near = neighbours(store(), iri, hops=2, limit=FIGURES_REACH, relations=hops)
        pg, g = view(near.nodes)
    else:  # every figure, from the cached projection
        pg, g = graph()[:2]
    if iri not in g:
        return
    rows = []
    for obs, _ in g.in_edges(iri):
        node = pg.nodes[obs]
        if node.label != "Observation":
            continue
        scope = next(
            (pg.nodes[v].name for _, v, k in g.out_edges(obs, keys=True) if k == "SCOPE"), ""
        )
        rows.append(
            {
                "scope": scope,
                "year": node.props.get("year"),
                "kind": node.props.get("valueKind"),
                "value": node.props.get("value"),
                "comparator": node.props.get("comparator"),
                "unit": node.props.get("unit"),
                "source": node.props.get("sourceFile"),
                "quote": node.props.get("quote"),
            }
        )
    if not rows:
        return
    rows.sort(key=lambda r: (str(r["scope"]), str(r["year"]), str(r["kind"]), str(r["source"])))
    columns = ["scope", "year", "kind", "value", "comparator", "unit", "source", "quote"]
    st.markdown(f"**{t('figures')}**")
    st.dataframe(display_frame(columns, rows), hide_index=True, width="stretch")
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        by_key[(r["scope"], r["year"], r["kind"])].append(r)
    for (scope, year, kind), part in by_key.items():
        if len({r["value"] for r in part}) > 1:
            st.warning(
                f"{t('conflict')}: {scope} {year} {_cell(kind, 'kind')} — "
                + " vs ".join(f"{r['value']} ({source_title(str(r['source']))})" for r in part)
            )


def open_source(source_file: str, quote: str) -> None:
    """Go to the source reader at the quote."""
    st.session_state[keys.SOURCE_FILE] = source_file
    st.session_state[keys.SOURCE_QUOTE] = quote
    st.switch_page("ui/pages/sources.py")
