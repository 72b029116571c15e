"""The graph canvas driven in headless chromium: click, double-click, context menu, drag,
find, undo and redo, clusters within the view budget, a canvas inside a tab.

The canvas exposes what a test needs through ``window.__ggCanvas[key]`` (node ids, full
names, where a node is on the screen, the canvas's box) and data attributes on
``.gg-canvas``; the tests then click where the node is, as a user would.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from graph.explore import neighbours
from graph.store import GraphStore
from graph.view import DEFAULT_BUDGET, cluster_kind
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

ID = "https://gongfu-graph.org/id/"
YUNZHOU = ID + "inspur-yunzhou"
JINAN = ID + "jinan"


def _canvas(page, key: str = "explore") -> str:
    """Wait for the canvas ``key`` to be drawn; its CSS selector."""
    sel = f".gg-canvas[data-key='{key}'][data-ready='1']"
    page.wait_for_selector(sel, timeout=90_000)
    page.wait_for_function(
        "k => window.__ggCanvas && window.__ggCanvas[k] && window.__ggCanvas[k].ids().length > 0",
        arg=key,
        timeout=60_000,
    )
    page.wait_for_timeout(300)  # the first fit happens on the next frame
    return sel


def _api(page, key: str, call: str, *args):
    return page.evaluate(
        "([k, call, args]) => window.__ggCanvas[k][call](...args)", [key, call, list(args)]
    )


def _revision(page, key: str) -> int:
    return int(_api(page, key, "revision"))


def _wait_revision(page, key: str, above: int) -> None:
    page.wait_for_function(
        "([k, r]) => window.__ggCanvas[k] && window.__ggCanvas[k].revision() > r",
        arg=[key, above],
        timeout=90_000,
    )
    page.wait_for_timeout(300)


def _at(page, key: str, node: str) -> tuple[float, float]:
    """Where ``node`` is on the screen, brought into view first."""
    box = _api(page, key, "box")
    spot = _api(page, key, "screen", node)
    assert spot is not None, f"{node} is not on the canvas"
    inside = box["left"] < spot["x"] < box["right"] and box["top"] < spot["y"] < box["bottom"]
    if not inside:
        _api(page, key, "fit")
        spot = _api(page, key, "screen", node)
    return spot["x"], spot["y"]


def _open_explore(page, query: str) -> str:
    page.goto(page.base + "/explore?" + query)
    return _canvas(page)


def _panel_heading(page) -> str:
    return page.locator("[data-testid='stHeading']").filter(has_text=" · ").first.inner_text()


def test_click_selects_a_node_and_the_details_panel_follows(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    assert _panel_heading(page).startswith("浪潮云洲工业互联网平台")
    x, y = _at(page, "explore", JINAN)
    page.mouse.click(x, y)
    page.wait_for_selector(f"{sel}[data-selected='{JINAN}']", timeout=60_000)
    page.locator("[data-testid='stHeading']").filter(has_text="济南市 · 地区").first.wait_for(
        timeout=60_000
    )
    assert _api(page, "explore", "selected") == [JINAN]
    assert "sel=jinan" in page.url


def test_double_click_expands_and_the_others_keep_their_place(page) -> None:
    _open_explore(page, "focus=inspur-yunzhou&hops=1")
    before = _api(page, "explore", "positions")
    revision = _revision(page, "explore")
    x, y = _at(page, "explore", JINAN)
    page.mouse.dblclick(x, y)
    _wait_revision(page, "explore", revision)
    page.wait_for_url(re.compile(r".*focus=inspur-yunzhou(%2C|,)jinan.*"), timeout=60_000)
    after = _api(page, "explore", "positions")
    entities = [n for n in before if cluster_kind(n) is None]
    assert len(after) > len(before)
    for n in entities:
        assert n in after, f"{n} left the view"
        assert after[n]["x"] == pytest.approx(before[n]["x"], abs=0.5), n
        assert after[n]["y"] == pytest.approx(before[n]["y"], abs=0.5), n
    # 济南市's 92 figures arrive as one group, not as 92 nodes
    labels = _api(page, "explore", "names")
    assert "指标值 ×92" in labels
    assert len(after) <= DEFAULT_BUDGET
    page.screenshot(path=str(ARTIFACTS / "canvas-expanded.png"), full_page=True)


def test_two_hops_around_a_hub_stay_within_budget(page, cli_store: Path) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=2")
    ids = _api(page, "explore", "ids")
    assert len(ids) <= DEFAULT_BUDGET
    clusters = _api(page, "explore", "clusters")
    assert clusters
    # every node in reach is drawn or inside a cluster (or beyond a cluster's members,
    # drawn when the cluster opens): none silently dropped
    reach = set(neighbours(GraphStore(cli_store), YUNZHOU, hops=2, limit=100_000).nodes)
    folded: set[str] = set()
    for c in clusters:
        node = _api(page, "explore", "node", c)
        folded |= set(node["members"]) | set(node["beyond"])
    drawn = {n for n in ids if cluster_kind(n) is None}
    assert drawn | folded == reach and not drawn & folded
    assert len(reach) > 4 * DEFAULT_BUDGET
    # opening a group draws its members
    group = next(c for c in clusters if cluster_kind(c) == "group")
    members = _api(page, "explore", "node", group)["members"]
    revision = _revision(page, "explore")
    x, y = _at(page, "explore", group)
    page.mouse.dblclick(x, y)
    _wait_revision(page, "explore", revision)
    now = set(_api(page, "explore", "ids"))
    assert set(members) <= now and group not in now
    # opening a class-wide cluster splits it into groups that hold the same members
    merged = next(c for c in _api(page, "explore", "clusters") if cluster_kind(c) == "class")
    inside = set(_api(page, "explore", "node", merged)["members"])
    revision = _revision(page, "explore")
    x, y = _at(page, "explore", merged)
    page.mouse.dblclick(x, y)
    _wait_revision(page, "explore", revision)
    split: set[str] = set()
    for c in _api(page, "explore", "clusters"):
        node = _api(page, "explore", "node", c)
        if set(node["members"]) & inside:
            split |= set(node["members"])
    drawn_now = set(_api(page, "explore", "ids"))
    assert inside == split | (inside & drawn_now)
    assert page.locator(sel).count() == 1


def test_the_questions_graph_is_drawn_inside_its_frame(page) -> None:
    page.goto(page.base + "/questions")
    page.get_by_role("tab", name="图").click()
    _canvas(page, "question-platform-serves")
    key = "question-platform-serves"
    box = _api(page, key, "box")
    assert box["width"] > 300 and box["height"] > 300
    for node in _api(page, key, "ids"):
        spot = _api(page, key, "screen", node)
        assert box["left"] <= spot["x"] <= box["right"], node
        assert box["top"] <= spot["y"] <= box["bottom"], node
    page.screenshot(path=str(ARTIFACTS / "canvas-questions.png"), full_page=True)


def _menu(page, sel: str, key: str, node: str) -> None:
    x, y = _at(page, key, node)
    page.mouse.click(x, y, button="right")
    page.wait_for_selector(f"{sel} .gg-menu:not([hidden])", timeout=10_000)


def test_context_menu_hide_undo_redo_pin_and_expand_by_relation(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    key = "explore"
    before = _api(page, key, "positions")
    target = _api(page, key, "idOf", "浪潮集团")
    assert target
    # hide
    _menu(page, sel, key, target)
    revision = _revision(page, key)
    page.locator(f"{sel} .gg-menu button[data-action='hide']").click()
    _wait_revision(page, key, revision)
    assert target not in _api(page, key, "ids")
    assert page.locator(f"{sel}[data-can-undo='1']").count() == 1
    # undo puts it back where it was; redo hides it again
    revision = _revision(page, key)
    page.locator(f"{sel} .gg-bar button[data-action='undo']").click()
    _wait_revision(page, key, revision)
    again = _api(page, key, "positions")
    assert target in again
    assert again[target]["x"] == pytest.approx(before[target]["x"], abs=0.5)
    assert again[target]["y"] == pytest.approx(before[target]["y"], abs=0.5)
    revision = _revision(page, key)
    page.locator(f"{sel} .gg-bar button[data-action='redo']").click()
    _wait_revision(page, key, revision)
    assert target not in _api(page, key, "ids")
    # and from the keyboard, the canvas focused
    page.locator(sel).focus()
    revision = _revision(page, key)
    page.keyboard.press("Control+z")
    _wait_revision(page, key, revision)
    assert target in _api(page, key, "ids")
    page.locator(sel).focus()
    revision = _revision(page, key)
    page.keyboard.press("Control+y")
    _wait_revision(page, key, revision)
    assert target not in _api(page, key, "ids")
    # pin from the menu
    _menu(page, sel, key, JINAN)
    revision = _revision(page, key)
    page.locator(f"{sel} .gg-menu button[data-action='pin']").click()
    _wait_revision(page, key, revision)
    assert _api(page, key, "node", JINAN)["pinned"]
    # expand by relation: 济南市's parks join the view
    _menu(page, sel, key, JINAN)
    item = page.locator(f"{sel} .gg-menu button[data-action='expand_rel'][data-rel='LOCATED_IN']")
    assert item.count() == 1
    count = len(_api(page, key, "ids"))
    revision = _revision(page, key)
    item.click()
    _wait_revision(page, key, revision)
    names = _api(page, key, "names")
    assert len(names) > count
    assert "济南高新技术产业开发区" in names
    # the documents that mention an entity are left out until asked for
    assert not any(i.startswith(ID + "doc-") for i in _api(page, key, "ids"))
    _menu(page, sel, key, YUNZHOU)
    revision = _revision(page, key)
    page.locator(f"{sel} .gg-menu button[data-action='expand_rel'][data-rel='MENTIONS']").click()
    _wait_revision(page, key, revision)
    assert any(i.startswith(ID + "doc-") for i in _api(page, key, "ids"))


def test_drag_pins_a_node_where_it_is_dropped(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    key = "explore"
    x, y = _at(page, key, JINAN)
    revision = _revision(page, key)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    _wait_revision(page, key, revision)
    node = _api(page, key, "node", JINAN)
    assert node["pinned"]
    nx, ny = _at(page, key, JINAN)
    assert (nx - x) ** 2 + (ny - y) ** 2 > 30**2
    assert page.locator(f"{sel}[data-can-undo='1']").count() == 1
    # laying out again moves the others, never the pinned node
    pinned = _api(page, key, "positions")[JINAN]
    others = _api(page, key, "positions")
    revision = _revision(page, key)
    page.locator(f"{sel} .gg-bar button[data-action='relayout']").click()
    _wait_revision(page, key, revision)
    now = _api(page, key, "positions")
    assert now[JINAN] == pytest.approx(pinned, abs=0.5)
    assert any(now[n] != others[n] for n in now if n != JINAN)


def test_find_highlights_and_centres_a_node(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    key = "explore"
    page.locator(f"{sel} .gg-find").fill("济南市")
    page.locator(f"{sel} .gg-find").press("Enter")
    page.wait_for_selector(f"{sel}[data-found='{JINAN}']", timeout=10_000)
    assert _api(page, key, "selected") == [JINAN]
    box = _api(page, key, "box")
    spot = _api(page, key, "screen", JINAN)
    assert abs(spot["x"] - (box["left"] + box["right"]) / 2) < 5
    assert abs(spot["y"] - (box["top"] + box["bottom"]) / 2) < 5


def test_path_from_here_and_open_the_source(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    _menu(page, sel, "explore", JINAN)
    page.locator(f"{sel} .gg-menu button[data-action='path_from']").click()
    page.wait_for_url(re.compile(r".*/paths.*"), timeout=60_000)
    _canvas(page, "paths")
    assert page.get_by_role("textbox", name="起点").input_value() == "济南市"
    assert page.get_by_role("combobox", name="起点").input_value() == "济南市 · 地区"
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    _menu(page, sel, "explore", YUNZHOU)
    page.locator(f"{sel} .gg-menu button[data-action='open_source']").click()
    page.wait_for_url(re.compile(r".*/sources.*"), timeout=60_000)
    page.locator("mark").first.wait_for(timeout=60_000)


def test_full_screen_and_zoom_to_fit(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    page.locator(f"{sel} .gg-bar button[data-action='fullscreen']").click()
    page.wait_for_function(
        """s => { const r = document.querySelector(s);
                  return r.dataset.fullscreen === '1' || r.classList.contains('gg-max'); }""",
        arg=sel,
        timeout=10_000,
    )
    box = _api(page, "explore", "box")
    assert box["height"] > 800
    page.keyboard.press("Escape")
    page.locator(f"{sel} .gg-bar button[data-action='fit']").click()
    for node in _api(page, "explore", "ids"):
        spot = _api(page, "explore", "screen", node)
        assert spot is not None


# -- the README's pictures ------------------------------------------------------------------

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.mark.skipif(
    not os.environ.get("GONGFU_SCREENSHOTS"),
    reason="writes docs/images (run with GONGFU_SCREENSHOTS=1)",
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_for_the_readme(page, lang: str) -> None:
    """Explore, Questions and Paths in each language, as the README shows them."""
    # tall enough that Streamlit's main column does not scroll: the clip is in the viewport
    page.set_viewport_size({"width": 1440, "height": 1600})
    sel = _open_explore(page, f"focus=inspur-yunzhou&hops=2&lang={lang}")
    x, y = _at(page, "explore", JINAN)
    page.mouse.click(x, y)
    page.wait_for_selector(f"{sel}[data-selected='{JINAN}']", timeout=60_000)
    page.wait_for_timeout(800)
    _shot(page, sel, IMAGES / f"explore-{lang}.png")
    if lang == "zh":
        _shot(page, sel, IMAGES / "explorer.png")
    page.goto(page.base + f"/questions?lang={lang}")
    page.get_by_role("tab", name="图" if lang == "zh" else "Graph").click()
    sel = _canvas(page, "question-platform-serves")
    _shot(page, sel, IMAGES / f"questions-{lang}.png")
    page.goto(page.base + f"/paths?lang={lang}")
    page.get_by_text("列出所有简单路径" if lang == "zh" else "All simple paths").click()
    page.wait_for_timeout(1500)
    sel = _canvas(page, "paths")
    page.wait_for_timeout(800)
    _shot(page, sel, IMAGES / f"paths-{lang}.png")


def _shot(page, sel: str, path: Path) -> None:
    """The page from the title down to the canvas's legend (no tooltip: the pointer rests
    on an empty corner of the canvas first)."""
    box = page.locator(sel).bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 6, box["y"] + 50, steps=4)
    page.wait_for_timeout(400)
    page.mouse.move(0, 0)
    page.wait_for_timeout(800)
    title = page.locator("h1").first.bounding_box()
    assert box is not None and title is not None
    top = max(0.0, title["y"] - 24)
    page.screenshot(
        path=str(path),
        clip={"x": 0, "y": top, "width": 1440, "height": box["y"] + box["height"] + 12 - top},
    )


def test_a_clicked_cluster_lists_its_members_and_shows_one(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=2")
    group = next(c for c in _api(page, "explore", "clusters") if cluster_kind(c) == "group")
    members = _api(page, "explore", "node", group)["members"]
    x, y = _at(page, "explore", group)
    page.mouse.click(x, y)
    page.wait_for_selector(f"{sel}[data-selected='{group}']", timeout=60_000)
    page.locator("[data-testid='stHeading']").filter(
        has_text=f"{len(members)} 个成员"
    ).first.wait_for(timeout=60_000)
    revision = _revision(page, "explore")
    page.get_by_role("button", name="在画布上显示").click()
    _wait_revision(page, "explore", revision)
    now = set(_api(page, "explore", "ids"))
    assert len(set(members) & now) == 1  # the first member, drawn by itself
    assert page.locator(sel).count() == 1


def test_undo_takes_back_a_sidebar_change(page) -> None:
    sel = _open_explore(page, "focus=inspur-yunzhou&hops=1")
    before = set(_api(page, "explore", "ids"))
    revision = _revision(page, "explore")
    thumb = page.get_by_role("slider").first  # the sidebar's hops (the budget comes after)
    thumb.focus()
    page.keyboard.press("ArrowRight")  # 1 → 2 hops
    page.wait_for_url(re.compile(r".*hops=2.*"), timeout=60_000)
    _wait_revision(page, "explore", revision)
    assert page.locator(f"{sel}[data-can-undo='1']").count() == 1
    revision = _revision(page, "explore")
    page.locator(f"{sel} .gg-bar button[data-action='undo']").click()
    page.wait_for_url(re.compile(r".*hops=1.*"), timeout=60_000)
    _wait_revision(page, "explore", revision)
    shown = page.locator("[data-testid='stSliderThumbValue']").first
    assert shown.inner_text().strip() == "1"  # the sidebar followed
    assert set(_api(page, "explore", "ids")) == before
