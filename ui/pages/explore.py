"""Explore: find an entity, see its neighbourhood, expand it step by step, inspect the evidence."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from graph.explore import find, view_subgraph, with_nodes
from graph.export.html import class_label, relation_label
from graph.traversal import Subgraph
from graph.view import View, cluster_kind
from ui import keys
from ui.components import display_frame, draw_subgraph, entity_panel, export_menu
from ui.graph_view.canvas import REACH, Hooks, budget_slider, canvas_slot
from ui.graph_view.canvas import session as canvas_session
from ui.graph_view.state import Canvas, CanvasState
from ui.i18n import lang, t
from ui.state import class_names, guard, labels_of, relation_types, store

CANVAS = "explore"


def _restore_from_url() -> None:
    """Reopen a shared view: ?focus=id,id&hops=2&removed=id&sel=id&classes=C,C&rels=R."""
    if st.session_state.get("_restored"):
        return
    st.session_state["_restored"] = True
    params = st.query_params
    prefix = "https://gongfu-graph.org/id/"
    if params.get("focus"):
        st.session_state[keys.VIEW_NODES] = [prefix + f for f in params["focus"].split(",") if f]
    if params.get("removed"):
        st.session_state[keys.VIEW_REMOVED] = [
            prefix + f for f in params["removed"].split(",") if f
        ]
    if params.get("hops", "").isdigit():
        st.session_state[keys.HOPS] = max(1, min(3, int(params["hops"])))
    if params.get("sel"):
        st.session_state[keys.SELECTED] = prefix + params["sel"]
    for param, key, known in (
        ("classes", "explore_classes", class_names()),
        ("rels", "explore_relations", relation_types()),
    ):
        if params.get(param):
            st.session_state[key] = [v for v in params[param].split(",") if v in known]


def _write_url() -> None:
    def ids(iris: list[str]) -> str:
        return ",".join(i.rsplit("/", 1)[-1] for i in iris)

    view = st.session_state.get(keys.VIEW_NODES, [])
    st.query_params.update(
        {
            "focus": ids(view),
            "hops": str(st.session_state.get(keys.HOPS, 1)),
            "removed": ids(st.session_state.get(keys.VIEW_REMOVED, [])),
            "sel": ids([st.session_state[keys.SELECTED]])
            if st.session_state.get(keys.SELECTED)
            else "",
            "lang": lang(),
        }
    )
    for param, key in (("classes", "explore_classes"), ("rels", "explore_relations")):
        chosen = st.session_state.get(key) or []
        if chosen:
            st.query_params[param] = ",".join(chosen)
        elif param in st.query_params:
            del st.query_params[param]


def _follow_page(view: list[str], removed: list[str], filters: tuple) -> None:
    """Changes the page made itself (open, a shared link, the buttons under the graph,
    the sidebar's hops and filters) become view changes of the canvas, so that undo takes
    them back too."""
    cv = canvas_session(CANVAS)
    focus, hidden = tuple(view), frozenset(removed)
    if not cv.state.filters:  # the first view: its filters are where undo stops
        cv.state = replace(cv.state, filters=filters)
    if (cv.state.focus, cv.state.hidden, cv.state.filters) == (focus, hidden, filters):
        return
    if cv.state.focus[:1] != focus[:1]:  # another entity: a fresh view
        cv.push(CanvasState(focus, hidden, filters=filters))
    else:
        cv.push(replace(cv.state, focus=focus, hidden=hidden, filters=filters))


def _sync(state: CanvasState) -> None:
    """The canvas changed the view: the page's keys (and so the shared link and the
    sidebar) follow."""
    st.session_state[keys.VIEW_NODES] = list(state.focus)
    st.session_state[keys.VIEW_REMOVED] = sorted(state.hidden)
    if state.filters:
        hops, classes, relations = state.filters
        st.session_state[keys.HOPS] = hops
        st.session_state["explore_classes"] = list(classes)
        st.session_state["explore_relations"] = list(relations)


def _select(iri: str) -> None:
    st.session_state[keys.SELECTED] = iri
    st.session_state["explore_node"] = iri


#: members of a cluster listed in its panel at most
CLUSTER_LIST = 500


def _cluster_panel(view: View, cluster: str, language: str) -> str | None:
    """A cluster clicked on the canvas: who is inside, one of them shown on the canvas
    (a change the canvas can undo) or read in the details below; returns that one."""
    item = view.get(cluster)
    if item is None or not item.members:
        return None
    members = labels_of(item.members[:CLUSTER_LIST])
    st.subheader(t("cluster_members", name=item.name or item.label, n=len(item.members)))
    rows = [
        {"name": en if language == "en" and en else zh, "class": label}
        for zh, en, label in members.values()
    ]
    frame = display_frame(["name", "class"], rows, kinds={"class": "class"})
    st.dataframe(frame, hide_index=True, width="stretch")
    if len(item.members) > CLUSTER_LIST:
        st.caption(t("cluster_more", n=len(item.members) - CLUSTER_LIST))
    labels = {
        iri: f"{en if language == 'en' and en else zh} · {class_label(label, language)}"
        for iri, (zh, en, label) in members.items()
    }
    cols = st.columns([3, 1])
    chosen = cols[0].selectbox(
        t("cluster_member"), list(labels), format_func=labels.get, key="explore_member"
    )
    if chosen:
        cols[1].button(
            t("show_on_canvas"), key="explore_show_member", on_click=_show_member, args=(chosen,)
        )
    return chosen


def _show_member(iri: str) -> None:
    """Draw one member of a cluster by itself (a view change: undo takes it back)."""
    canvas = st.session_state.get(canvas_slot(CANVAS))
    if isinstance(canvas, Canvas):
        new = replace(canvas.state, shown=canvas.state.shown | {iri})
        canvas.push(new)
        _sync(new)
        _select(iri)


def _open(iri: str) -> None:
    st.session_state[keys.VIEW_NODES] = [iri]
    st.session_state[keys.VIEW_REMOVED] = []
    st.session_state[keys.SELECTED] = iri
    st.session_state.pop("explore_node", None)


def page() -> None:
    _restore_from_url()
    st.title(t("explore"))
    language = lang()
    text = st.text_input(
        t("search"), key="explore_search", placeholder="浪潮云洲 / langchao / Inspur"
    )
    if text:
        hits = find(store(), text, limit=12)
        if not hits:
            st.info(t("no_hits"))
        else:
            labels = {
                h.iri: f"{h.name} · {class_label(h.label, language)}"
                + (f" — {h.name_en}" if h.name_en else "")
                for h in hits
            }
            choice = st.radio(
                t("search"),
                list(labels),
                format_func=labels.get,
                key="explore_hit",
                label_visibility="collapsed",
            )
            if st.button(t("open"), key="explore_open", type="primary"):
                _open(choice)
    view = st.session_state.get(keys.VIEW_NODES, [])
    if not view:
        return
    with st.sidebar:
        st.session_state.setdefault(keys.HOPS, 1)
        hops = st.slider(t("hops"), 1, 3, key=keys.HOPS)
        classes = st.multiselect(
            t("classes"),
            class_names(),
            format_func=lambda c: class_label(c, language),
            key="explore_classes",
            placeholder=t("choose"),
        )
        rel_names = [r for r in relation_types() if r not in ("MENTIONS", "WAS_DERIVED_FROM")]
        relations = st.multiselect(
            t("relations"),
            rel_names,
            format_func=lambda r: relation_label(r, language),
            key="explore_relations",
            placeholder=t("choose"),
        )
        budget_slider()
    removed = st.session_state.get(keys.VIEW_REMOVED, [])
    _follow_page(view, removed, (hops, tuple(classes), tuple(relations)))
    reach: dict[str, int] = {}

    def load(state: CanvasState) -> Subgraph:
        sub = view_subgraph(
            store(),
            list(state.focus),
            hops=hops,
            limit=REACH,
            classes=set(classes) or None,
            relations=set(relations) or None,
            removed=set(state.hidden),
        )
        reach["omitted"] = sub.omitted_nodes
        return with_nodes(store(), sub, state.shown - state.hidden)

    title = " + ".join(
        en if language == "en" and en else zh for zh, en, _label in labels_of(view).values()
    )
    drawn = draw_subgraph(
        key=CANVAS,
        title=title,
        loader=load,
        hooks=Hooks(on_change=_sync, on_select=_select),
        explore_link=False,
    )
    st.caption(t("canvas_help"))
    if drawn is None:
        return
    export_menu(drawn.sub, title, "explore")
    if reach.get("omitted"):
        st.caption(t("left_out", n=reach["omitted"], m=REACH))
    member = None
    if drawn.selected and cluster_kind(drawn.selected) is not None:
        member = _cluster_panel(drawn.view, drawn.selected, language)
    view = st.session_state.get(keys.VIEW_NODES, [])
    removed = st.session_state.get(keys.VIEW_REMOVED, [])
    names = {
        n: f"{en if language == 'en' and en else zh} · {class_label(label, language)}"
        for n, (zh, en, label) in labels_of(drawn.view.entities()).items()
    }
    selected = st.session_state.get(keys.SELECTED)
    if st.session_state.get("explore_node") not in names:
        st.session_state["explore_node"] = selected if selected in names else next(iter(names))
    cols = st.columns([3, 1, 1, 1])
    node = cols[0].selectbox(
        t("node_in_view"), list(names), format_func=names.get, key="explore_node"
    )
    st.session_state[keys.SELECTED] = node
    if cols[1].button(t("expand"), key="explore_expand"):
        if node not in view:
            st.session_state[keys.VIEW_NODES] = [*view, node]
        st.rerun()
    if cols[2].button(t("remove"), key="explore_remove") and node not in view[:1]:
        st.session_state[keys.VIEW_REMOVED] = [*removed, node]
        st.session_state[keys.VIEW_NODES] = [v for v in view if v != node]
        st.session_state[keys.SELECTED] = view[0]
        st.rerun()
    if cols[3].button(t("reset"), key="explore_reset"):
        for key in (keys.VIEW_NODES, keys.VIEW_REMOVED, keys.SELECTED):
            st.session_state.pop(key, None)
        st.session_state.pop(canvas_slot(CANVAS), None)
        st.query_params.clear()
        st.rerun()
    _write_url()
    st.caption(t("share") + " `?" + "&".join(f"{k}={v}" for k, v in st.query_params.items()) + "`")
    st.divider()
    entity_panel(member or node)


guard(page)
