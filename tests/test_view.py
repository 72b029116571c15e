"""graph/view.py: views within a budget, clusters, labels and layouts, on the seed graph;
and the canvas's view history (ui/graph_view/state.py)."""

from __future__ import annotations

import math
import unicodedata

import pytest

from graph.explore import index_of, neighbours, view_of, view_subgraph
from graph.store import GraphStore
from graph.traversal import Subgraph, all_paths
from graph.view import (
    COLLAPSED,
    DEFAULT_BUDGET,
    NodeInfo,
    View,
    cluster_kind,
    fold,
    place,
    place_paths,
    roots,
    unique_labels,
    wrap,
)
from ui.graph_view.state import Canvas, CanvasState, change

ID = "https://gongfu-graph.org/id/"
YUNZHOU = ID + "inspur-yunzhou"
JINAN = ID + "jinan"


def _cols(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _accounted(view: View) -> set[str]:
    """Every node the view stands for: drawn, in a cluster, or beyond a cluster's members."""
    found = set(view.entities())
    for n in view.nodes:
        found |= set(n.members) | set(n.beyond)
    return found


@pytest.fixture(scope="module")
def projected(seed_store: GraphStore):
    pg, g, _index = index_of(seed_store)
    return seed_store, pg, g


# -- labels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "浪潮云洲工业互联网平台",
        "Inspur Yunzhou Industrial Internet Platform",
        "加快工业互联网创新发展 实施“工赋泉城”行动计划（2023-2025年）",
        "Supercalifragilisticexpialidocious-platform-without-any-spaces",
        "",
    ],
)
def test_wrap_keeps_every_line_within_width(text: str) -> None:
    label = wrap(text, width=16, lines=3)
    rows = label.split("\n") if label else []
    assert len(rows) <= 3
    assert all(_cols(r) <= 16 for r in rows)
    if _cols(text) <= 16:
        assert label == text
    squashed = label.replace("\n", "").replace(" ", "").rstrip("…")
    assert text.replace(" ", "").startswith(squashed)


def test_wrap_breaks_between_english_words() -> None:
    assert (
        wrap("Jinan Municipal Bureau of Industry", width=18)
        == "Jinan Municipal\nBureau of Industry"
    )


def test_every_entity_of_the_graph_gets_its_own_label(projected) -> None:
    """All ~1,000 nodes at once, in both languages: no two labels alike (names repeat in
    the data, and long names share their first lines)."""
    _store, pg, _g = projected
    for lang in ("zh", "en"):
        entries = [
            (
                iri,
                (node.props.get("name_en") if lang == "en" else None) or node.name,
                node.label,
            )
            for iri, node in pg.nodes.items()
        ]
        labels = unique_labels(entries, width=18, lines=3)
        assert len(set(labels.values())) == len(entries), lang
    names = [node.name for node in pg.nodes.values()]
    assert len(set(names)) < len(names)  # the data does repeat names


def test_labels_that_meet_take_their_class_then_a_number() -> None:
    labels = unique_labels(
        [("a", "济南市", "地区"), ("b", "济南市", "政府部门"), ("c", "济南市", "地区")]
    )
    assert labels["b"] == "济南市 · 政府部门"
    assert labels["a"] == "济南市 · 地区" and labels["c"] == "济南市 · 地区 (2)"


# -- folding --------------------------------------------------------------------------------


def test_two_hops_around_a_hub_stay_within_budget_and_lose_nothing(projected) -> None:
    store, pg, g = projected
    sub = view_subgraph(store, [YUNZHOU], hops=2, limit=100_000)
    assert len(sub.nodes) > 4 * DEFAULT_BUDGET
    view = view_of(pg, g, sub)
    assert len(view.nodes) <= DEFAULT_BUDGET
    assert _accounted(view) == set(sub.nodes)
    assert view.folded + len(view.entities()) <= len(sub.nodes)
    # the neighbours next to the hub are drawn one by one, figures folded
    first = {n for _u, n in g.out_edges(YUNZHOU)} | {n for n, _v in g.in_edges(YUNZHOU)}
    drawn = set(view.entities())
    for n in first:
        if pg.nodes[n].label not in COLLAPSED:
            assert n in drawn, pg.nodes[n].name
    assert not any(pg.nodes[n].label in COLLAPSED for n in drawn - {YUNZHOU})
    labels = [n.label for n in view.nodes]
    assert len(set(labels)) == len(labels)
    assert any(n.cluster and n.label.startswith("指标值 ×") for n in view.nodes)


def test_expanding_jinan_brings_its_figures_as_one_cluster(projected) -> None:
    store, pg, g = projected
    sub = view_subgraph(store, [YUNZHOU, JINAN], hops=1, limit=100_000)
    view = view_of(pg, g, sub)
    figures = [
        n for n in view.nodes if n.cluster and n.anchors == (JINAN,) and n.cls == "Observation"
    ]
    assert len(figures) == 1 and len(figures[0].members) == 92
    assert figures[0].label == "指标值 ×92"
    assert cluster_kind(figures[0].id) == "group"
    assert len(view.nodes) <= DEFAULT_BUDGET
    en = view_of(pg, g, sub, lang="en")
    assert any(n.label.startswith("Observation ×92") for n in en.nodes)


@pytest.mark.parametrize("budget", [10, 25, 50, 100, 200])
def test_the_budget_is_kept_whatever_it_is(projected, budget: int) -> None:
    store, pg, g = projected
    for focus, hops in (([YUNZHOU], 2), ([JINAN], 2), ([YUNZHOU], 3)):
        sub = view_subgraph(store, focus, hops=hops, limit=100_000)
        view = view_of(pg, g, sub, budget=budget)
        assert len(view.nodes) <= budget, (focus, hops)
        assert _accounted(view) == set(sub.nodes)


def test_a_larger_budget_draws_more(projected) -> None:
    store, pg, g = projected
    sub = view_subgraph(store, [YUNZHOU], hops=2, limit=100_000)
    small, large = view_of(pg, g, sub, budget=30), view_of(pg, g, sub, budget=120)
    assert len(large.entities()) > len(small.entities())


def test_what_the_analyst_asks_for_is_drawn_past_the_budget(projected) -> None:
    store, pg, g = projected
    sub = view_subgraph(store, [YUNZHOU, JINAN], hops=1, limit=100_000)
    view = view_of(pg, g, sub)
    figures = next(n for n in view.nodes if n.label == "指标值 ×92")
    opened = view_of(pg, g, sub, shown=figures.members)
    assert set(figures.members) <= set(opened.entities())
    assert figures.id not in opened.ids()
    # the rest of the view is not squeezed to make room
    assert len(opened.nodes) - len(figures.members) <= DEFAULT_BUDGET


def test_a_merged_cluster_splits_into_groups_with_the_same_members(projected) -> None:
    store, pg, g = projected
    sub = view_subgraph(store, [YUNZHOU], hops=2, limit=100_000)
    view = view_of(pg, g, sub)
    merged = next(n for n in view.nodes if cluster_kind(n.id) == "class" and len(n.anchors) > 1)
    split = view_of(pg, g, sub, refined={merged.id})
    assert merged.id not in split.ids()
    parts = [n for n in split.nodes if n.cluster and set(n.members) & set(merged.members)]
    assert len(parts) > 1 and all(cluster_kind(n.id) == "group" for n in parts)
    again = set().union(*(set(n.members) for n in parts))
    assert again | (set(merged.members) & set(split.entities())) == set(merged.members)


def test_folding_is_deterministic(projected) -> None:
    store, pg, g = projected
    sub = view_subgraph(store, [YUNZHOU], hops=2, limit=100_000)
    assert view_of(pg, g, sub) == view_of(pg, g, sub)
    assert place(view_of(pg, g, sub)) == place(view_of(pg, g, sub))


def test_a_view_without_a_focus_grows_from_each_components_hub() -> None:
    edges = (("a", "b", "R"), ("a", "c", "R"), ("a", "d", "R"), ("x", "y", "R"), ("x", "z", "R"))
    sub = Subgraph(("b", "c", "a", "d", "y", "x", "z"), edges)
    assert roots(sub) == ("a", "x")
    info = {n: NodeInfo(n, "Enterprise", "企业") for n in sub.nodes}
    view = fold(sub, info)
    assert set(view.entities()) == set(sub.nodes)
    assert not any(n.focus for n in view.nodes)


def test_observations_stay_folded_unless_asked_for(projected) -> None:
    store, pg, g = projected
    sub = neighbours(store, JINAN, hops=1, limit=100_000)
    view = view_of(pg, g, sub, budget=300)
    assert not any(pg.nodes[n].label == "Observation" for n in view.entities())
    everything = view_of(pg, g, sub, budget=300, collapsed=())
    assert len(everything.entities()) == len(sub.nodes)


# -- layout ---------------------------------------------------------------------------------


def test_new_nodes_start_beside_their_parent_and_the_others_stay(projected) -> None:
    store, pg, g = projected
    before = view_of(pg, g, view_subgraph(store, [YUNZHOU], hops=1, limit=100_000))
    first = place(before)
    after = view_of(pg, g, view_subgraph(store, [YUNZHOU, JINAN], hops=1, limit=100_000))
    second = place(after, first)
    for n in before.entities():
        assert second[n] == first[n]
    new = [n for n in after.nodes if n.id not in first]
    assert new
    spread = max(math.dist(first[a], first[b]) for a in first for b in first)
    for n in new:
        assert math.dist(second[n.id], second[JINAN]) < spread, n.name
    assert place(after, first) == second


def test_pinned_nodes_stay_when_laid_out_again(projected) -> None:
    store, pg, g = projected
    view = view_of(pg, g, view_subgraph(store, [YUNZHOU], hops=1, limit=100_000))
    first = place(view)
    moved = {**first, JINAN: (5000.0, 5000.0)}
    again = place(view, moved, pinned={JINAN}, relayout=True)
    assert again[JINAN] == (5000.0, 5000.0)
    assert any(again[n] != moved[n] for n in view.ids() if n != JINAN)


def test_a_first_layout_opens_readable(projected) -> None:
    """Each node gets room: the first layout spans about its nodes' share of a screen."""
    store, pg, g = projected
    view = view_of(pg, g, view_subgraph(store, [YUNZHOU], hops=2, limit=100_000))
    pos = place(view)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 600 < width < 2500 and 300 < height < 1500 and width > height


def test_paths_read_left_to_right(projected) -> None:
    _store, pg, g = projected
    a, b = ID + "lingong-heavy", ID + "jinan-miit-bureau"
    paths = all_paths(g, a, b, max_hops=5, limit=10)
    assert len(paths) > 1
    nodes = tuple(dict.fromkeys(n for p in paths for n in p.nodes))
    edges = tuple(sorted({(s.source, s.target, s.type) for p in paths for s in p.steps}))
    view = view_of(pg, g, Subgraph(nodes, edges, (a, b)), budget=len(nodes), collapsed=())
    assert set(view.ids()) == set(nodes)  # a path is never folded
    pos = place_paths(view, [p.nodes for p in paths])
    assert pos[a][0] == min(x for x, _y in pos.values())
    assert pos[b][0] == max(x for x, _y in pos.values())
    for p in paths:
        xs = [pos[n][0] for n in p.nodes]
        assert xs[0] < xs[1] and xs[-2] < xs[-1]
    assert len(set(pos.values())) == len(pos)


# -- the canvas's history -------------------------------------------------------------------


def test_view_changes_undo_and_redo(projected) -> None:
    store, pg, g = projected
    view = view_of(pg, g, view_subgraph(store, [YUNZHOU], hops=1, limit=100_000))
    canvas = Canvas(CanvasState((YUNZHOU,)))
    figures = next(n for n in view.nodes if n.cluster)
    for kind, node, extra in (
        ("expand", JINAN, {}),
        ("expand", figures.id, {}),
        ("hide", ID + "inspur-group", {}),
        ("pin", JINAN, {"point": (10.0, 20.0)}),
    ):
        new = change(canvas.state, kind, node, view, **extra)
        assert new is not None, kind
        canvas.push(new)
    state = canvas.state
    assert state.focus == (YUNZHOU, JINAN)
    assert set(figures.members) <= state.shown
    assert ID + "inspur-group" in state.hidden
    assert state.positions[JINAN] == (10.0, 20.0) and JINAN in state.pinned
    assert canvas.undo() and JINAN not in canvas.state.pinned
    assert canvas.undo() and ID + "inspur-group" not in canvas.state.hidden
    assert canvas.redo() and ID + "inspur-group" in canvas.state.hidden
    while canvas.undo():
        pass
    assert canvas.state == CanvasState((YUNZHOU,))
    assert change(canvas.state, "expand", YUNZHOU, view) is None  # already expanded
    assert change(canvas.state, "unpin", JINAN, view) is None  # not pinned


@pytest.mark.parametrize("seed", range(6))
def test_any_graph_stays_within_budget_and_loses_nothing(seed: int) -> None:
    """Random graphs of hubs within hubs, several classes and relations, cross links."""
    import random

    rng = random.Random(seed)
    nodes, edges = ["root"], []
    for i in range(rng.randint(200, 900)):
        parent = rng.choice(nodes[: max(1, len(nodes) // 3)])
        nodes.append(f"n{i}")
        edges.append((parent, f"n{i}", rng.choice(["SERVES", "HOSTS", "COVERS"])))
        if rng.random() < 0.2:
            edges.append((f"n{i}", rng.choice(nodes[:-1]), "PART_OF"))
    sub = Subgraph(tuple(nodes), tuple(edges), ("root",))
    classes = ["Enterprise", "Region", "Policy", "Observation", "Platform", "Park"]
    info = {n: NodeInfo(n, rng.choice(classes), "x") for n in nodes}
    for budget in (10, 30, 80):
        view = fold(sub, info, budget=budget)
        assert len(view.nodes) <= budget
        assert _accounted(view) == set(nodes)
        labels = [n.label for n in view.nodes]
        assert len(set(labels)) == len(labels)
