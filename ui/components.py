"""Pieces several pages draw: the graph view, result tables, the entity details panel."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
import streamlit as st

from graph.explore import entity_details
from graph.export.html import CLASS_STYLE, class_label, relation_label
from graph.traversal import Subgraph, edges_among
from ui import keys
from ui.graph_view import canvas
from ui.graph_view.canvas import Drawn
from ui.i18n import lang, t
from ui.state import graph, store

__all__ = [
    "draw_subgraph",
    "entity_panel",
    "export_menu",
    "induced_subgraph",
    "legend",
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
    zh = language == "zh"
    cols = st.columns([3, 1], vertical_alignment="bottom")
    fmt = cols[0].selectbox(
        "导出格式" if zh else "Export format",
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
        "导出" if zh else "Export",
        data=make,
        file_name=file_name,
        mime=mime,
        key=f"export-{key}",
        on_click="ignore",
    )


def induced_subgraph(iris: list[str], focus: tuple[str, ...] = ()) -> Subgraph:
    """The nodes named in a result and every traversable edge between them."""
    pg, g, _index = graph()
    nodes = tuple(dict.fromkeys(i for i in iris if i in pg.nodes))
    return Subgraph(nodes, edges_among(g, nodes), focus)


def legend() -> None:
    items = " ".join(
        f"<span style='color:{color}'>■</span> {class_label(name, lang())}"
        for name, (color, _shape) in CLASS_STYLE.items()
    )
    st.caption(items, unsafe_allow_html=False)


def rows_table(
    columns: list[str], rows: list[dict[str, Any]], *, key: str, file: str = "result.csv"
) -> None:
    """A result table with a CSV download button."""
    frame = pd.DataFrame([{c: _cell(r.get(c)) for c in columns} for r in rows], columns=columns)
    st.dataframe(frame, width="stretch", hide_index=True)
    st.caption(t("rows", n=len(rows)))
    st.download_button(
        t("download_csv"),
        frame.to_csv(index=False).encode("utf-8-sig"),
        file_name=file,
        mime="text/csv",
        key=f"csv-{key}",
    )


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return value


def entity_panel(iri: str) -> None:
    """All properties and relations of an entity, each fact with its quote and source."""
    details = entity_details(store(), iri)
    language = lang()
    name = details.name_en if language == "en" and details.name_en else details.name
    st.subheader(f"{name} · {class_label(details.label, language)}")
    other_name = details.name if language == "en" else details.name_en
    if other_name:
        st.caption(other_name)
    if details.aliases:
        st.caption("别名 aliases: " + "、".join(details.aliases))
    props = {
        k: v for k, v in details.props.items() if k not in ("iri", "id") and v not in (None, "", [])
    }
    if props:
        st.markdown(f"**{t('properties')}**")
        st.dataframe(
            pd.DataFrame({"property": list(props), "value": [str(v) for v in props.values()]}),
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
        with st.expander(
            f"{relation_label(rel_type, language)} ({len(rels)})", expanded=len(groups) <= 3
        ):
            for i, rel in enumerate(rels):
                arrow = "→" if rel.direction == "out" else "←"
                flag = f" · *{t('inferred')}*" if rel.inferred else ""
                st.markdown(
                    f"{arrow} **{rel.other_name}** ({class_label(rel.other_label, language)}){flag}"
                )
                for quote, source in zip(
                    rel.quotes, rel.sources + [""] * len(rel.quotes), strict=False
                ):
                    st.markdown(f"> {quote}  \n`{source}`")
                if rel.props.get("note"):
                    st.caption(str(rel.props["note"]))
                extra = {
                    k: v
                    for k, v in rel.props.items()
                    if k in ("amount", "cap", "share", "unit", "post", "role")
                }
                if extra:
                    st.caption(", ".join(f"{k}: {v}" for k, v in extra.items()))
                if (
                    rel.quotes
                    and rel.sources
                    and st.button(t("read_source"), key=f"src-{iri}-{rel_type}-{i}")
                ):
                    open_source(rel.sources[0], rel.quotes[0])
    mentions = [r for r in details.relations if r.type == "MENTIONS"]
    if mentions:
        with st.expander(f"{t('source')} ({len(mentions)})"):
            for i, rel in enumerate(mentions):
                st.markdown(
                    f"> {rel.quotes[0] if rel.quotes else ''}  \n`{', '.join(rel.sources)}`"
                )
                if rel.quotes and rel.sources and st.button(t("read_source"), key=f"men-{iri}-{i}"):
                    open_source(rel.sources[0], rel.quotes[0])


def _indicator_figures(iri: str) -> None:
    """Every value of an indicator; where sources disagree the figures stand side by side."""
    pg, g, _index = graph()
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
    frame = pd.DataFrame(rows).sort_values(["scope", "year", "kind", "source"])
    st.markdown(f"**{t('figures')}**")
    st.dataframe(frame, hide_index=True, width="stretch")
    clash = frame.groupby(["scope", "year", "kind"])["value"].nunique()
    for (scope, year, kind), n in clash.items():
        if n > 1:
            part = frame[(frame.scope == scope) & (frame.year == year) & (frame.kind == kind)]
            st.warning(
                f"{t('conflict')}: {scope} {year} {kind} — "
                + " vs ".join(f"{v} ({s})" for v, s in zip(part.value, part.source, strict=False))
            )


def open_source(source_file: str, quote: str) -> None:
    """Go to the source reader at the quote."""
    st.session_state[keys.SOURCE_FILE] = source_file
    st.session_state[keys.SOURCE_QUOTE] = quote
    st.switch_page("ui/pages/sources.py")
