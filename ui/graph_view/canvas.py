"""One canvas on a page: its view state in the session, the gestures it answers, and the
picture it sends to the browser.

A page gives the subgraph it wants drawn (or a loader that makes it from the view state);
the canvas folds it within the budget, lays it out where it was before, draws it, and
turns each gesture into a view change (kept for undo), a selection or a page to open.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import networkx as nx
import streamlit as st

from graph.explore import (
    entity_details,
    mentions,
    neighbours,
    relation_counts,
    view_of,
    with_nodes,
)
from graph.export.html import class_label, relation_label
from graph.mapping import PropertyGraph
from graph.traversal import Subgraph, edges_among
from graph.view import COLLAPSED, DEFAULT_BUDGET, View, cluster_kind, place, place_paths, roots
from ui import keys
from ui.graph_view import action_of, canvas_data, mount
from ui.graph_view.state import Canvas, CanvasState, change
from ui.i18n import lang, t
from ui.state import store
from ui.state import view as view_graph

__all__ = [
    "BUDGET",
    "PATH_FROM",
    "REACH",
    "Drawn",
    "Hooks",
    "budget_slider",
    "canvas_slot",
    "draw",
    "session",
]

#: the session key of the view budget (nodes on a canvas before neighbourhoods fold)
BUDGET = "canvas_budget"
#: nodes one expansion may bring into reach (they fold within the budget)
REACH = 2000
_NAV = "_canvas_nav"  # a page to open, asked for by a gesture
_BUDGET_KEPT = "_canvas-budget-kept"  # the budget, kept when the slider's page is left
#: the session key through which "path from here" hands its start to the Paths page
PATH_FROM = "path_from_iri"


@dataclass
class Hooks:
    """What a page does when the canvas changes its view or its selection."""

    on_change: Callable[[CanvasState], None] | None = None
    on_select: Callable[[str], None] | None = None


@dataclass(frozen=True)
class Drawn:
    """What a canvas drew: the view, and the entities in it as a subgraph (for export)."""

    view: View
    sub: Subgraph
    selected: str | None = None


def budget_slider() -> int:
    """The view budget, set in the sidebar; kept for the session, every page's canvases
    keep to it (a widget's own state goes when its page is left)."""
    st.session_state.setdefault(BUDGET, st.session_state.get(_BUDGET_KEPT, DEFAULT_BUDGET))
    value = int(st.sidebar.slider(t("canvas_budget"), 10, 300, step=5, key=BUDGET))
    st.session_state[_BUDGET_KEPT] = value
    return value


def _budget() -> int:
    return int(st.session_state.get(BUDGET) or st.session_state.get(_BUDGET_KEPT, DEFAULT_BUDGET))


def canvas_slot(key: str) -> str:
    """The session key that holds the canvas ``key``."""
    return f"_canvas_{key}"


def session(key: str, base: str = "") -> Canvas:
    """The canvas ``key`` of this session; a new ``base`` (another result) starts afresh."""
    slot = canvas_slot(key)
    canvas = st.session_state.get(slot)
    if not isinstance(canvas, Canvas) or canvas.base != base:
        canvas = Canvas(base=base)
        st.session_state[slot] = canvas
    return canvas


def _token(sub: Subgraph, paths: Sequence[Sequence[str]]) -> str:
    text = repr((sub.nodes, sub.edges, sub.focus, tuple(map(tuple, paths))))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _expanded(base: Subgraph, state: CanvasState) -> Subgraph:
    """The page's subgraph with what the analyst added (expansions, nodes asked for) and
    without what they hid."""
    extra: list[str] = []
    for f in state.focus:
        extra.extend(neighbours(store(), f, hops=1, limit=REACH, with_edges=False).nodes)
    sub = with_nodes(store(), base, [*extra, *state.shown]) if extra or state.shown else base
    return _without(sub, state.hidden, focus=(*base.focus, *state.focus))


def _with_mentions(sub: Subgraph, shown: frozenset[str]) -> Subgraph:
    """The documents asked for, linked to the entities they mention (provenance edges
    are no part of a neighbourhood)."""
    keep = set(sub.nodes)
    more = [e for e in mentions(store(), shown & keep) if e[0] in keep and e[1] in keep]
    if not more:
        return sub
    edges = tuple(sorted(set(sub.edges) | set(more)))
    return Subgraph(sub.nodes, edges, sub.focus, sub.omitted_nodes, sub.title)


def _without(sub: Subgraph, hidden: frozenset[str], focus: Sequence[str]) -> Subgraph:
    nodes = tuple(n for n in sub.nodes if n not in hidden)
    keep = set(nodes)
    return Subgraph(
        nodes,
        tuple(e for e in sub.edges if e[0] in keep and e[1] in keep),
        tuple(f for f in dict.fromkeys(focus) if f in keep),
        sub.omitted_nodes,
        sub.title,
    )


def draw(
    sub: Subgraph | None = None,
    *,
    key: str,
    title: str = "",
    height: int = 560,
    paths: Sequence[Sequence[str]] = (),
    loader: Callable[[CanvasState], Subgraph] | None = None,
    hooks: Hooks | None = None,
    graph_data: tuple[PropertyGraph, nx.MultiDiGraph] | None = None,
    explore_link: bool = True,
) -> Drawn | None:
    """Draw ``sub`` (or what ``loader`` makes of the view state) on the canvas ``key``.

    Without a loader, the analyst's expansions add to ``sub`` and the tree of the view
    keeps growing from ``sub``'s own roots; with one, the loader's focus is the roots.
    """
    _navigate()
    base = sub or Subgraph((), ())
    canvas = session(key, "" if loader else _token(base, paths))
    state = canvas.state
    full = graph_data is None or bool(state.focus or state.shown)
    if loader:
        drawn_sub = loader(state)
        tree_roots = drawn_sub.focus
    else:
        drawn_sub = _expanded(base, state) if full else base
        tree_roots = (*(base.focus or roots(base)), *drawn_sub.focus)
    if not drawn_sub.nodes:
        return None
    if state.shown:
        drawn_sub = _with_mentions(drawn_sub, state.shown)
    pg, g = view_graph(drawn_sub.nodes) if full or graph_data is None else graph_data
    language = lang()
    budget = _budget()
    if paths:
        budget = max(budget, len(drawn_sub.nodes))
    view = view_of(
        pg,
        g,
        drawn_sub,
        roots=[f for f in dict.fromkeys(tree_roots) if f not in state.hidden],
        lang=language,
        budget=budget,
        shown=state.shown,
        refined=state.refined,
        collapsed=() if paths else COLLAPSED,
        words=(t("canvas_inferred_word"), t("canvas_more")),
    )
    previous = dict(state.positions)
    if paths:
        laid = place_paths(view, paths)
        previous = {**{n: p for n, p in laid.items() if n in base.nodes}, **previous}
    positions = place(view, previous, pinned=state.pinned, relayout=state.relayout)
    canvas.settle(positions)
    canvas.view = view
    names = {n.id: n.name for n in view.nodes}
    selected = canvas.selected if canvas.selected in names else None
    data = canvas_data(
        view,
        positions,
        key=key,
        names=names,
        strings=_strings(),
        class_labels={c: class_label(c, language) for c in {n.cls for n in view.nodes}},
        relations=_relations(view, language) if full else {},
        pinned=canvas.state.pinned,
        selected=selected,
        title=title,
        height=height,
        can_undo=bool(canvas.past),
        can_redo=bool(canvas.future),
        explore_link=explore_link,
        fit=(drawn_sub.focus[:1] or ("",))[0] if loader else canvas.base,
        revision=canvas.revision,
    )
    mount(data, key=key, on_action=partial(_on_action, key, hooks or Hooks()))
    notes = []
    if selected and explore_link:
        notes.append(t("canvas_selected", name=names[selected]))
    if view.folded:
        notes.append(t("canvas_folded", n=view.folded))
    if notes:
        st.caption(" ".join(notes))
    entities = view.entities()
    return Drawn(view, Subgraph(entities, edges_among(g, entities), drawn_sub.focus), selected)


def _strings() -> dict[str, str]:
    """The canvas's own words (toolbar, menu, legend), in the session's language."""
    return {
        "fit": t("canvas_fit"),
        "fullscreen": t("canvas_fullscreen"),
        "undo": t("canvas_undo"),
        "redo": t("canvas_redo"),
        "relayout": t("canvas_relayout"),
        "find": t("canvas_find"),
        "expand": t("canvas_expand"),
        "expand_by": t("canvas_expand_by"),
        "hide": t("canvas_hide"),
        "pin": t("canvas_pin"),
        "unpin": t("canvas_unpin"),
        "path_from": t("canvas_path_from"),
        "open_source": t("canvas_open_source"),
        "open_cluster": t("canvas_open_cluster"),
        "open_explore": t("canvas_open_explore"),
        "inferred": t("canvas_inferred"),
    }


def _relations(view: View, language: str) -> dict[str, list[tuple[str, str, str, int]]]:
    counts = relation_counts(store(), view.entities())
    return {
        n: [(k, relation_label(k, language), d, c) for k, d, c in rows[:12]]
        for n, rows in counts.items()
    }


def _on_action(key: str, hooks: Hooks) -> None:
    """A gesture arrived: change the view (kept for undo), select, or ask for a page."""
    action = action_of(key)
    if not action:
        return
    canvas = st.session_state.get(canvas_slot(key))
    if not isinstance(canvas, Canvas):
        return
    kind, node = str(action.get("type", "")), str(action.get("id", ""))
    view = canvas.view
    if kind == "select":
        canvas.selected = node
        if hooks.on_select and cluster_kind(node) is None:
            hooks.on_select(node)
        return
    if kind in ("undo", "redo"):
        if getattr(canvas, kind)() and hooks.on_change:
            hooks.on_change(canvas.state)
        return
    if kind in ("path_from", "open_source", "open_explore"):
        st.session_state[_NAV] = (kind, node)
        return
    if view is None:
        return
    near: tuple[str, ...] = ()
    if kind == "expand_rel":
        rel = str(action.get("rel", ""))
        if rel == "MENTIONS":
            near = tuple(u if v == node else v for u, v, _k in mentions(store(), [node]))
        else:
            near = neighbours(store(), node, hops=1, limit=REACH, relations={rel}).nodes
    point = None
    if kind == "pin" and "x" in action:
        point = (float(action["x"]), float(action["y"]))
    new = change(canvas.state, kind, node, view, point=point, neighbours=near)
    if new is None:
        return
    canvas.push(new)
    if hooks.on_change:
        hooks.on_change(new)


def _navigate() -> None:
    """Open the page a gesture asked for (a callback cannot switch pages itself)."""
    asked = st.session_state.pop(_NAV, None)
    if not asked:
        return
    kind, node = asked
    if kind == "open_explore":
        st.session_state[keys.VIEW_NODES] = [node]
        st.session_state[keys.VIEW_REMOVED] = []
        st.session_state[keys.SELECTED] = node
        st.session_state.pop("explore_node", None)
        st.switch_page("ui/pages/explore.py")
    elif kind == "path_from":
        st.session_state[PATH_FROM] = node
        st.switch_page("ui/pages/paths.py")
    elif kind == "open_source":
        found = _evidence(node)
        if found is None:
            st.toast(t("canvas_no_source"))
            return
        from ui.components import open_source

        open_source(*found)


def _evidence(node: str) -> tuple[str, str] | None:
    """Where to read about a node: its own source and quote, else its first quoted fact."""
    pg, _g = view_graph([node])
    item = pg.nodes.get(node)
    if item is None:
        return None
    props = item.props
    if props.get("fileName"):
        return str(props["fileName"]), ""
    if props.get("sourceFile") and props.get("quote"):
        return str(props["sourceFile"]), str(props["quote"])
    for rel in entity_details(store(), node).relations:
        if rel.quotes and rel.sources:
            return rel.sources[0], rel.quotes[0]
    return None
