"""The pages that draw a graph canvas, headless (AppTest cannot render the canvas itself:
the browser tests in tests/browser/test_canvas.py drive it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import GraphStore
from ui import keys
from ui.graph_view.canvas import canvas_slot

ROOT = Path(__file__).resolve().parent.parent
ID = "https://gongfu-graph.org/id/"


@pytest.fixture(autouse=True)
def _store_env(seed_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGFU_STORE", str(seed_store.root))


def _explore(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui/pages/explore.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    return at


def _param(at: AppTest, name: str) -> str:
    value = at.query_params.get(name, "")
    return value[0] if isinstance(value, list) else value


def test_filters_travel_in_the_share_link() -> None:
    at = _explore(focus="inspur-yunzhou", classes="Enterprise,Platform,NoSuchClass", rels="SERVES")
    assert at.multiselect(key="explore_classes").value == ["Enterprise", "Platform"]
    assert at.multiselect(key="explore_relations").value == ["SERVES"]
    assert _param(at, "classes") == "Enterprise,Platform"
    at.multiselect(key="explore_relations").set_value([]).run()
    assert "rels" not in at.query_params


def test_the_page_s_own_changes_can_be_undone_on_the_canvas() -> None:
    at = _explore(focus="inspur-yunzhou")
    at.selectbox(key="explore_node").set_value(ID + "jinan").run()
    at.button(key="explore_expand").click().run()
    canvas = at.session_state[canvas_slot("explore")]
    assert canvas.state.focus == (ID + "inspur-yunzhou", ID + "jinan")
    assert canvas.past and canvas.past[-1].focus == (ID + "inspur-yunzhou",)
    assert canvas.undo() and canvas.state.focus == (ID + "inspur-yunzhou",)


def test_the_view_budget_is_kept_on_the_page() -> None:
    at = _explore(focus="inspur-yunzhou", hops="2")
    canvas = at.session_state[canvas_slot("explore")]
    assert canvas.view is not None and len(canvas.view.nodes) <= 50
    at.slider(key="canvas_budget").set_value(100).run()
    canvas = at.session_state[canvas_slot("explore")]
    assert 50 < len(canvas.view.nodes) <= 100
    # the node list under the graph offers what is drawn
    options = at.selectbox(key="explore_node").options
    assert len(options) == len(canvas.view.entities())
    assert keys.VIEW_NODES in at.session_state


def test_documents_that_mention_an_entity_are_drawn_when_asked_for(
    seed_store: GraphStore,
) -> None:
    from dataclasses import replace

    from graph.explore import mentions

    at = _explore(focus="inspur-yunzhou")
    canvas = at.session_state[canvas_slot("explore")]
    assert not any(n.cls == "SourceDocument" for n in canvas.view.nodes)  # left out
    docs = {u for u, _v, _k in mentions(seed_store, [ID + "inspur-yunzhou"])}
    assert docs
    canvas.push(replace(canvas.state, shown=canvas.state.shown | docs))  # "expand by: mentions"
    at.run()
    view = at.session_state[canvas_slot("explore")].view
    assert docs <= set(view.entities())
    mentioned = [(e.source, e.target) for e in view.edges if e.rel == "MENTIONS"]
    assert {s for s, _t in mentioned} == docs
    assert {s for s, t in mentioned if t == ID + "inspur-yunzhou"} == docs
