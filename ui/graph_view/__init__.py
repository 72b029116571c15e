"""The graph canvas: a bidirectional Streamlit component (``st.components.v2``) over vis-network.

vis-network comes from the pyvis package and is sent inline with the component's own
script, so the canvas makes no request at all. Python lays the nodes out (``graph.view``)
and sends them with their positions; the canvas sends back one ``action`` per gesture.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyvis
import streamlit as st

from graph.export.html import CLASS_STYLE
from graph.view import View

__all__ = ["ACTION", "canvas_data", "mount"]

_HERE = Path(__file__).resolve().parent
_VIS = (
    Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
)

#: the name of the trigger a gesture sends
ACTION = "action"

_ROUND = {"dot", "ellipse", "circle"}


@functools.cache
def _component() -> Callable[..., Any]:
    js = _VIS.read_text(encoding="utf-8") + "\n" + (_HERE / "graph_view.js").read_text("utf-8")
    css = (_HERE / "graph_view.css").read_text(encoding="utf-8")
    return st.components.v2.component("gongfu_graph_view", js=js, css=css, isolate_styles=False)


def canvas_data(
    view: View,
    positions: Mapping[str, tuple[float, float]],
    *,
    key: str,
    names: Mapping[str, str],
    strings: Mapping[str, str],
    class_labels: Mapping[str, str],
    relations: Mapping[str, list[tuple[str, str, str, int]]] | None = None,
    pinned: frozenset[str] = frozenset(),
    selected: str | None = None,
    title: str = "",
    height: int = 560,
    can_undo: bool = False,
    can_redo: bool = False,
    relayout: bool = True,
    explore_link: bool = False,
    fit: str = "",
    revision: int = 0,
) -> dict[str, Any]:
    """What the canvas script receives: plain JSON, every text set as text by the script."""
    nodes = []
    for n in view.nodes:
        color, shape = CLASS_STYLE.get(n.cls, ("#999999", "dot"))
        x, y = positions.get(n.id, (0.0, 0.0))
        nodes.append(
            {
                "id": n.id,
                "label": n.label,
                "name": names.get(n.id) or n.label.replace("\n", ""),
                "title": n.title,
                "cls": n.cls,
                "color": color,
                "shape": shape,
                "x": x,
                "y": y,
                "cluster": n.cluster,
                "count": len(n.members),
                "members": list(n.members),
                "beyond": list(n.beyond),
                "focus": n.focus,
                "pinned": n.id in pinned,
            }
        )
    edges = [
        {
            "id": f"{e.source}|{e.rel}|{e.target}",
            "from": e.source,
            "to": e.target,
            "label": e.label,
            "title": e.hint,
            "dashes": e.inferred,
        }
        for e in view.edges
    ]
    present = {n.cls for n in view.nodes if n.cls}
    legend = [
        [color, shape in _ROUND, class_labels.get(name, name)]
        for name, (color, shape) in CLASS_STYLE.items()
        if name in present
    ]
    return {
        "key": key,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "relations": dict(relations or {}),
        "strings": dict(strings),
        "selected": selected,
        "title": title,
        "height": height,
        "can_undo": can_undo,
        "can_redo": can_redo,
        "relayout": relayout,
        "explore_link": explore_link,
        "fit": fit,
        "revision": revision,
    }


def mount(data: dict[str, Any], *, key: str, on_action: Callable[[], None]) -> None:
    """Draw the canvas; ``on_action`` runs (before the rerun) when a gesture arrives, and
    reads it from ``st.session_state[widget_key(key)]``."""
    _component()(
        key=widget_key(key),
        data=data,
        height="content",
        on_action_change=on_action,
    )


def widget_key(key: str) -> str:
    return f"graph-canvas-{key}"


def action_of(key: str) -> dict[str, Any] | None:
    """The gesture a callback was called for (None when there is none)."""
    value = st.session_state.get(widget_key(key))
    if value is None:
        return None
    found = value.get(ACTION) if hasattr(value, "get") else None
    return found if isinstance(found, dict) else None
