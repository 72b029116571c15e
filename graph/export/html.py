"""A self-contained interactive page of a subgraph: pyvis with vis.js inlined, a legend and a title.

pyvis's template links bootstrap and tom-select from CDNs even when vis.js is inlined; those
links are removed, so the page makes no request at all and opens offline. Data reaches the
page only through Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&``) or ``html.escape``.
"""

from __future__ import annotations

import html
import re
from typing import Any

import networkx as nx
from pyvis.network import Network

from graph.mapping import PropertyGraph, rel_type_to_property
from graph.traversal import Subgraph
from ontology.schema import load_schema

__all__ = ["CLASS_STYLE", "class_label", "relation_label", "subgraph_html"]

#: colour and vis.js shape per class, shared by the app's legend and every picture
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "Platform": ("#d62728", "diamond"),
    "Enterprise": ("#1f77b4", "dot"),
    "Organization": ("#17becf", "dot"),
    "GovernmentBody": ("#9467bd", "square"),
    "Park": ("#2ca02c", "triangle"),
    "Region": ("#8c564b", "triangleDown"),
    "Policy": ("#ff7f0e", "box"),
    "PolicyTask": ("#ffbb78", "box"),
    "Indicator": ("#bcbd22", "hexagon"),
    "Observation": ("#dbdb8d", "dot"),
    "Infrastructure": ("#7f7f7f", "star"),
    "Event": ("#e377c2", "ellipse"),
    "Person": ("#f7b6d2", "dot"),
    "IndustrySector": ("#98df8a", "ellipse"),
    "Designation": ("#c5b0d5", "star"),
    "SourceDocument": ("#c7c7c7", "box"),
}

_CDN = re.compile(
    r"<link[^>]+href=\"https?://[^\"]+\"[^>]*>|<script[^>]+src=\"https?://[^\"]+\"[^>]*>\s*</script>",
    re.IGNORECASE,
)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def class_label(name: str, lang: str = "zh") -> str:
    """A class's label in the language (falls back to the local name)."""
    info = load_schema().classes.get(name)
    if info is None:
        return name
    return (info.zh if lang == "zh" else info.en) or name


def relation_label(rel: str, lang: str = "zh") -> str:
    """A relationship type's label in the language: ``SERVES`` → 服务 / serves."""
    prop = rel_type_to_property(rel)
    info = load_schema().object_properties.get(prop or "")
    if info is None:
        return rel
    return (info.zh if lang == "zh" else info.en) or rel


def _short(text: str, n: int = 18) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _node_title(props: dict[str, Any], label: str, lang: str) -> str:
    lines = [
        str(props.get("name") or ""),
        str(props.get("name_en") or ""),
        class_label(label, lang),
    ]
    for key in ("kind", "status", "post", "category", "unit", "year", "value", "valueKind"):
        if props.get(key) not in (None, ""):
            lines.append(f"{key}: {props[key]}")
    return "\n".join(x for x in lines if x)


def subgraph_html(
    pg: PropertyGraph,
    g: nx.MultiDiGraph,
    sub: Subgraph,
    *,
    title: str = "",
    lang: str = "zh",
    height: str = "620px",
) -> str:
    """The subgraph as one HTML page that needs nothing from the network.

    Example:
        >>> from graph.mapping import Node, Edge, PropertyGraph
        >>> from graph.project_nx import to_networkx
        >>> pg = PropertyGraph("v", {"a": Node("a", "Platform", {"name": "<script>x</script>"})}, [])
        >>> page = subgraph_html(pg, to_networkx(pg), Subgraph(("a",), ()), title="<b>t</b>")
        >>> "<script>x</script>" in page, "&lt;b&gt;t&lt;/b&gt;" in page, 'src="http' in page
        (False, True, False)
    """
    net = Network(
        height=height,
        width="100%",
        directed=True,
        cdn_resources="in_line",
        bgcolor="#ffffff",
        font_color="#222222",
    )
    focus = set(sub.focus)
    for iri in sub.nodes:
        node = pg.nodes[iri]
        name = str(node.props.get("name" if lang == "zh" else "name_en") or node.name)
        color, shape = CLASS_STYLE.get(node.label, ("#999999", "dot"))
        net.add_node(
            iri,
            label=_short(name),
            title=_node_title(node.props, node.label, lang),
            color=color,
            shape=shape,
            size=26 if iri in focus else 14,
            borderWidth=4 if iri in focus else 1,
        )
    for u, v, k in sub.edges:
        data = g.edges[u, v, k]
        quote = (data.get("quotes") or [""])[0] if data.get("quotes") else ""
        sources = ", ".join(data.get("sources") or [])
        inferred = bool(data.get("inferred"))
        tip = f"{relation_label(k, lang)}{' (推断 inferred)' if inferred else ''}"
        if quote:
            tip += f"\n“{quote}”\n{sources}"
        net.add_edge(
            u,
            v,
            label=relation_label(k, lang),
            title=tip,
            dashes=inferred,
            color="#999999" if inferred else "#555555",
            arrows="to",
        )
    net.set_options(
        """{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 150},
             "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110}},
            "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "continuous"}},
            "nodes": {"font": {"size": 13, "face": "Noto Sans CJK SC, sans-serif"}},
            "interaction": {"hover": true, "navigationButtons": false}}"""
    )
    page = net.generate_html(notebook=False)
    page = _CDN.sub("", _COMMENT.sub("", page))
    legend = _legend({pg.nodes[n].label for n in sub.nodes}, lang)
    heading = (
        f'<h3 style="font-family:sans-serif;margin:4px 8px">{html.escape(title)}</h3>'
        if title
        else ""
    )
    page = page.replace("<body>", f"<body>{heading}{legend}", 1)
    return page


def _legend(labels: set[str], lang: str) -> str:
    items = []
    for name in sorted(
        labels, key=lambda n: list(CLASS_STYLE).index(n) if n in CLASS_STYLE else 99
    ):
        color, shape = CLASS_STYLE.get(name, ("#999999", "dot"))
        items.append(
            f'<span style="display:inline-block;margin-right:12px"><span style="display:inline-block;'
            f"width:10px;height:10px;background:{color};margin-right:4px;"
            f'border-radius:{"50%" if shape in ("dot", "ellipse") else "0"}"></span>'
            f"{html.escape(class_label(name, lang))}</span>"
        )
    dashed = "虚线 = 推断关系" if lang == "zh" else "dashed = inferred link"
    items.append(f'<span style="color:#666">┄ {dashed}</span>')
    return (
        '<div id="legend" style="font-family:sans-serif;font-size:12px;margin:4px 8px">'
        + "".join(items)
        + "</div>"
    )
