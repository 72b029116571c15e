"""A static picture of a subgraph (PNG or SVG) for reports: readable Chinese, a legend, a title.

Drawn with matplotlib's object API (no pyplot state, so the app's threads do not share a
figure) at a fixed size, 1600×1000 px at 100 dpi; the layout is networkx's spring layout
with a fixed seed, so the same selection gives the same picture. Colours and shapes are the
app's (``CLASS_STYLE``); inferred links are dashed. Labels never go through mathtext
(``parse_math=False``), so ``$`` in a name stays a dollar sign; SVG keeps text as text,
which matplotlib escapes for XML.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from pathlib import Path

import networkx as nx
from matplotlib import patheffects, rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from graph.export.fonts import cjk_font
from graph.export.html import CLASS_STYLE, class_label, relation_label
from graph.export.records import SubgraphData

__all__ = ["PICTURE_DPI", "PICTURE_SIZE", "draw_picture"]

PICTURE_SIZE = (16.0, 10.0)  # inches
PICTURE_DPI = 100

_MARKERS = {
    "dot": "o",
    "ellipse": "o",
    "diamond": "D",
    "square": "s",
    "box": "s",
    "triangle": "^",
    "triangleDown": "v",
    "hexagon": "h",
    "star": "*",
}


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _layout(data: SubgraphData) -> dict[str, tuple[float, float]]:
    h = nx.Graph()
    h.add_nodes_from(data.sub.nodes)
    h.add_edges_from((u, v) for u, v, _k in data.sub.edges)
    n = max(h.number_of_nodes(), 1)
    try:
        pos = nx.spring_layout(h, seed=7, k=1.8 / math.sqrt(n), iterations=200)
    except ImportError:  # large graphs need scipy for the sparse solver
        pos = nx.circular_layout(h)
    return {k: (float(v[0]), float(v[1])) for k, v in pos.items()}


def _name(data: SubgraphData, iri: str, lang: str) -> str:
    node = data.pg.nodes[iri]
    return str(node.props.get("name_en") or node.name) if lang == "en" else node.name


def _draw(fig: Figure, data: SubgraphData, title: str, lang: str) -> None:
    ax = fig.add_axes((0.01, 0.05, 0.80, 0.86))
    ax.set_axis_off()
    fig.suptitle(title or "工赋图谱 Gongfu Graph", fontsize=18, parse_math=False)
    n_nodes, n_edges = len(data.sub.nodes), len(data.sub.edges)
    if not n_nodes:
        ax.text(0.5, 0.5, "—", ha="center", va="center", fontsize=24)
        return
    pos = _layout(data)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    inferred: dict[tuple[str, str], bool] = {}
    for u, v, k in data.sub.edges:
        pairs[(u, v)].append(k)
        inferred[(u, v)] = inferred.get((u, v), True) and bool(data.edge(u, v, k).get("inferred"))
    for (u, v), types in pairs.items():
        dashed = inferred[(u, v)]
        ax.annotate(
            "",
            xy=pos[v],
            xytext=pos[u],
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#9a9a9a" if dashed else "#555555",
                "linestyle": (0, (4, 3)) if dashed else "-",
                "linewidth": 0.9,
                "shrinkA": 7,
                "shrinkB": 7,
                "mutation_scale": 9,
                "connectionstyle": "arc3,rad=0.06",
            },
            zorder=1,
        )
        if n_edges <= 45:
            mx, my = (pos[u][0] + pos[v][0]) / 2, (pos[u][1] + pos[v][1]) / 2
            ax.text(
                mx,
                my,
                " / ".join(relation_label(t, lang) for t in types),
                fontsize=7,
                color="#666666",
                ha="center",
                va="center",
                parse_math=False,
                zorder=2,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
            )
    focus = set(data.sub.focus)
    by_class: dict[str, list[str]] = defaultdict(list)
    for iri in data.sub.nodes:
        by_class[data.pg.nodes[iri].label].append(iri)
    base = 260 if n_nodes <= 40 else 150 if n_nodes <= 120 else 80
    for label, iris in by_class.items():
        color, shape = CLASS_STYLE.get(label, ("#999999", "dot"))
        ax.scatter(
            [pos[i][0] for i in iris],
            [pos[i][1] for i in iris],
            s=[base * (2.2 if i in focus else 1) for i in iris],
            c=color,
            marker=_MARKERS.get(shape, "o"),
            edgecolors=["#000000" if i in focus else "#ffffff" for i in iris],
            linewidths=[2.0 if i in focus else 0.6 for i in iris],
            zorder=3,
        )
    size = 10 if n_nodes <= 40 else 8 if n_nodes <= 120 else 6.5
    stroke = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for iri in data.sub.nodes:
        x, y = pos[iri]
        ax.text(
            x,
            y,
            "\n" + _short(_name(data, iri, lang), 14 if lang == "zh" else 28),
            fontsize=size + (2 if iri in focus else 0),
            ha="center",
            va="top",
            parse_math=False,
            zorder=4,
            path_effects=stroke,
        )
    ax.margins(x=0.12, y=0.07)
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=_MARKERS.get(CLASS_STYLE.get(c, ("", "dot"))[1], "o"),
            markerfacecolor=CLASS_STYLE.get(c, ("#999999", ""))[0],
            markeredgecolor="#ffffff",
            markersize=11,
            label=f"{class_label(c, lang)} ({len(by_class[c])})",
        )
        for c in sorted(
            by_class, key=lambda c: list(CLASS_STYLE).index(c) if c in CLASS_STYLE else 99
        )
    ]
    handles.append(
        Line2D([], [], color="#9a9a9a", linestyle=(0, (4, 3)), label="推断关系 inferred")
    )
    handles.append(Line2D([], [], color="#555555", label="原文陈述 stated"))
    fig.legend(handles=handles, loc="upper right", fontsize=10, frameon=False, borderaxespad=2.5)
    left_out = f" · 另有 {data.sub.omitted_nodes} 个未画出" if data.sub.omitted_nodes else ""
    fig.text(
        0.01,
        0.015,
        f"{n_nodes} 个节点 nodes · {n_edges} 条关系 edges{left_out} · "
        f"工赋图谱 Gongfu Graph · {date.today().isoformat()}",
        fontsize=9,
        color="#666666",
        parse_math=False,
    )


def draw_picture(
    data: SubgraphData, path: Path, *, fmt: str = "png", title: str = "", lang: str = "zh"
) -> Path:
    """Write the picture as PNG or SVG (1600×1000 px)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"not a picture format: {fmt}")
    font = cjk_font()
    rc = {
        "font.family": [font.family, "DejaVu Sans"],
        "svg.fonttype": "none",
        "svg.hashsalt": "gongfu",
        "axes.unicode_minus": False,
    }
    with rc_context(rc):
        fig = Figure(figsize=PICTURE_SIZE, dpi=PICTURE_DPI, facecolor="white")
        _draw(fig, data, title, lang)
        fig.savefig(
            path, format=fmt, dpi=PICTURE_DPI, metadata={"Date": None} if fmt == "svg" else None
        )
    return path
