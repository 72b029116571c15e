"""What a graph canvas draws: a view of a subgraph that stays readable at any hub.

The nodes in reach of a view are spanned by a tree from its focus (breadth first, each
node hanging from the first node that reached it). Once drawing every node would pass the
view's budget, the nodes a node reached are folded by relation and class into one cluster
node ("指标值 ×92") that can be opened, instead of being drawn or silently dropped; when even
the clusters are too many, a level's clusters merge by class, then into one. Observations,
policy tasks and source documents stay folded unless asked for. Labels wrap and are unique;
positions are seeded, kept across changes, and new nodes start beside the node they hang
from. Pure functions of their inputs: no store, no Streamlit.
"""

from __future__ import annotations

import heapq
import math
import random
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.traversal import Subgraph

__all__ = [
    "CLUSTER",
    "COLLAPSED",
    "DEFAULT_BUDGET",
    "EdgeInfo",
    "NodeInfo",
    "View",
    "ViewEdge",
    "ViewNode",
    "cluster_kind",
    "fold",
    "place",
    "place_paths",
    "roots",
    "unique_labels",
    "wrap",
]

#: nodes drawn in a view before its neighbourhoods fold into clusters
DEFAULT_BUDGET = 50
#: classes folded into clusters unless the analyst opens them
COLLAPSED = frozenset({"Observation", "PolicyTask", "SourceDocument"})
#: the first character of every cluster id (an IRI never starts with it)
CLUSTER = "~"

Point = tuple[float, float]


@dataclass(frozen=True)
class NodeInfo:
    """What the view shows of an entity: its name in the interface language and class."""

    name: str
    cls: str
    cls_label: str = ""
    hint: str = ""  # hover text beyond the name (other-language name, key properties)


@dataclass(frozen=True)
class EdgeInfo:
    """What the view shows of an edge: the relation's name, and whether it is inferred."""

    label: str
    inferred: bool = False
    hint: str = ""


@dataclass(frozen=True)
class ViewNode:
    """One node drawn: an entity, or a cluster standing for ``members``."""

    id: str
    label: str  # unique among the nodes of the view, wrapped into lines
    title: str  # the full text, shown on hover
    cls: str
    members: tuple[str, ...] = ()
    beyond: tuple[str, ...] = ()  # nodes in reach only through the members (nested)
    anchors: tuple[str, ...] = ()  # where a new node is placed: its parent, its old cluster
    level: int = 0
    focus: bool = False
    name: str = ""  # the full name (an entity's, or a cluster's one-line label)

    @property
    def cluster(self) -> bool:
        return bool(self.members)


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    rel: str
    label: str
    inferred: bool = False
    hint: str = ""


@dataclass(frozen=True)
class View:
    """The nodes and edges a canvas draws, within ``budget`` nodes where it can be."""

    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    budget: int = DEFAULT_BUDGET
    folded: int = 0  # entities inside clusters
    _index: dict[str, ViewNode] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((n.id, n) for n in self.nodes)

    def ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes)

    def entities(self) -> tuple[str, ...]:
        """The entities drawn one by one (not the clusters)."""
        return tuple(n.id for n in self.nodes if not n.cluster)

    def get(self, node_id: str) -> ViewNode | None:
        return self._index.get(node_id)


def cluster_kind(node_id: str) -> str | None:
    """What a cluster id stands for: ``group`` (what one node reached over one relation,
    of one class: opening it draws its members), ``class`` (a level's nodes of one class)
    or ``level`` (a level's nodes); None for an entity.

    Example:
        >>> [cluster_kind(i) for i in ("~https://x/a|SERVES|out|Enterprise", "~2|Region", "~3", "https://x/a")]
        ['group', 'class', 'level', None]
    """
    if not node_id.startswith(CLUSTER):
        return None
    return {3: "group", 1: "class", 0: "level"}.get(node_id.count("|"))


# -- labels ---------------------------------------------------------------------------------


def _cols(ch: str) -> int:
    """Display width of a character: CJK and full-width characters take two columns."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _tokens(text: str) -> list[str]:
    """Words of Latin text, single CJK characters, and the spaces between them."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isspace() or _cols(ch) == 2:
            if word:
                out.append(word)
                word = ""
            out.append(" " if ch.isspace() else ch)
        else:
            word += ch
    if word:
        out.append(word)
    return out


def wrap(text: str, width: int = 24, lines: int = 3) -> str:
    """``text`` in lines of at most ``width`` columns (a CJK character is two), breaking
    between words where it can; past ``lines`` lines it ends with "…".

    Example:
        >>> wrap("浪潮云洲工业互联网平台", width=12)
        '浪潮云洲工业\\n互联网平台'
        >>> wrap("Inspur Yunzhou Industrial Internet Platform", width=20, lines=2)
        'Inspur Yunzhou\\nIndustrial Internet…'
    """
    rows: list[str] = []
    row = ""
    for tok in _tokens(" ".join(text.split())):
        size = sum(_cols(c) for c in tok)
        used = sum(_cols(c) for c in row)
        if tok == " ":
            if row and used < width:
                row += " "
            continue
        while size > width:  # a word longer than a line is cut
            if row.strip():
                rows.append(row.rstrip())
                row = ""
            head, cols = "", 0
            for ch in tok:
                if cols + _cols(ch) > width:
                    break
                head += ch
                cols += _cols(ch)
            rows.append(head)
            tok = tok[len(head) :]
            size = sum(_cols(c) for c in tok)
            used = 0
        if used + size > width and row.strip():
            rows.append(row.rstrip())
            row = ""
        row += tok
    if row.strip():
        rows.append(row.rstrip())
    if len(rows) > lines:
        rows = rows[:lines]
        last = rows[-1]
        while last and sum(_cols(c) for c in last) + 1 > width:
            last = last[:-1]
        rows[-1] = last.rstrip() + "…"
    return "\n".join(rows)


def unique_labels(
    entries: Sequence[tuple[str, str, str]], *, width: int = 24, lines: int = 3
) -> dict[str, str]:
    """Wrapped labels, one per ``(id, text, qualifier)``, no two the same: where two
    wrapped texts meet, both take their qualifier (a class, a relation); where they still
    meet, the later ones are numbered.

    Example:
        >>> unique_labels([("a", "济南市", "地区"), ("b", "济南市", "政府部门"), ("c", "山东", "")])
        {'a': '济南市 · 地区', 'b': '济南市 · 政府部门', 'c': '山东'}
    """
    labels = {i: wrap(text, width, lines) for i, text, _q in entries}
    clashes = _clashes(labels)
    for i, text, qualifier in entries:
        if i in clashes and qualifier:
            labels[i] = wrap(f"{text} · {qualifier}", width, lines + 1)
    seen: dict[str, int] = {}
    for i, _text, _q in entries:
        label = labels[i]
        n = seen.get(label, 0) + 1
        seen[label] = n
        if n > 1:
            candidate = f"{label} ({n})"
            while candidate in seen:
                n += 1
                candidate = f"{label} ({n})"
            seen[candidate] = 1
            labels[i] = candidate
    return labels


def _clashes(labels: Mapping[str, str]) -> set[str]:
    count: dict[str, int] = defaultdict(int)
    for label in labels.values():
        count[label] += 1
    return {i for i, label in labels.items() if count[label] > 1}


# -- folding --------------------------------------------------------------------------------


@dataclass
class _Tree:
    """A breadth-first spanning tree of a subgraph from its roots."""

    order: list[str]
    roots: list[str]
    parent: dict[str, str]
    via: dict[str, tuple[str, str]]  # relation and direction ("out": parent → node)
    level: dict[str, int]


def _tree(sub: Subgraph, starts: Sequence[str] | None = None) -> _Tree:
    index = {n: i for i, n in enumerate(sub.nodes)}
    adjacent: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for u, v, k in sub.edges:
        if u in index and v in index and u != v:
            adjacent[u].append((index[v], v, k, "out"))
            adjacent[v].append((index[u], u, k, "in"))
    for near in adjacent.values():
        near.sort()
    tree = _Tree([], [], {}, {}, {})

    def walk(starts: list[str]) -> None:
        frontier = [s for s in starts if s not in tree.level]
        for s in frontier:
            tree.level[s] = 0
            tree.order.append(s)
            tree.roots.append(s)
        while frontier:
            nxt = []
            for n in frontier:
                for _i, m, k, direction in adjacent[n]:
                    if m not in tree.level:
                        tree.level[m] = tree.level[n] + 1
                        tree.parent[m] = n
                        tree.via[m] = (k, direction)
                        tree.order.append(m)
                        nxt.append(m)
            frontier = nxt

    walk([f for f in dict.fromkeys(sub.focus if starts is None else starts) if f in index])
    # what the focus does not reach (or every node, without a focus): one tree per
    # component, from its best-connected node
    for n in sorted(sub.nodes, key=lambda n: (-len(adjacent[n]), index[n])):
        if n not in tree.level:
            walk([n])
    return tree


def roots(sub: Subgraph) -> tuple[str, ...]:
    """The nodes a view's tree grows from: the focus, then the best-connected node of each
    component the focus does not reach."""
    return tuple(_tree(sub).roots)


def _cluster_id(group: str, level: int, cls: str, grain: int, split: frozenset[str]) -> str:
    """The cluster a waiting node folds into at ``grain`` (0: its group; 1: its level's
    class; 2: its level), unless the analyst split that cluster."""
    if f"{CLUSTER}{level}" in split:
        grain = min(grain, 1)
    if f"{CLUSTER}{level}|{cls}" in split:
        grain = 0
    return (group, f"{CLUSTER}{level}|{cls}", f"{CLUSTER}{level}")[grain]


class _Waiting:
    """The hidden nodes whose parent is drawn, counted per level, class and group: how
    many clusters each grain would draw, kept up to date as groups open."""

    def __init__(
        self,
        level: Mapping[str, int],
        group_of: Mapping[str, str],
        cls_of: Callable[[str], str],
        split: frozenset[str],
    ) -> None:
        self._level, self._group, self._cls, self._split = level, group_of, cls_of, split
        self._by: dict[int, dict[str, dict[str, int]]] = {}

    def add(self, n: str) -> None:
        groups = self._by.setdefault(self._level[n], {}).setdefault(self._cls(n), {})
        groups[self._group[n]] = groups.get(self._group[n], 0) + 1

    def remove(self, n: str) -> None:
        level, cls, group = self._level[n], self._cls(n), self._group[n]
        groups = self._by[level][cls]
        groups[group] -= 1
        if not groups[group]:
            del groups[group]
            if not groups:
                del self._by[level][cls]
                if not self._by[level]:
                    del self._by[level]

    def levels(self) -> list[int]:
        """Deepest first."""
        return sorted(self._by, reverse=True)

    def total(self, grains: Mapping[int, int]) -> int:
        return sum(self._count(level, grains.get(level, 0)) for level in self._by)

    def _count(self, level: int, grain: int) -> int:
        ids = set()
        for cls, groups in self._by[level].items():
            first = _cluster_id(next(iter(groups)), level, cls, grain, self._split)
            if cluster_kind(first) == "group":
                ids.update(groups)
            else:
                ids.add(first)
        return len(ids)


@dataclass
class _Cluster:
    id: str
    cls: str
    level: int
    grain: int  # 0: one parent, relation and class; 1: a level's class; 2: a level
    members: list[str] = field(default_factory=list)
    links: dict[tuple[str, str, str], None] = field(default_factory=dict)  # parent, rel, dir


def fold(
    sub: Subgraph,
    info: Mapping[str, NodeInfo],
    edge_info: Callable[[str, str, str], EdgeInfo] | None = None,
    *,
    relation_label: Callable[[str], str] | None = None,
    budget: int = DEFAULT_BUDGET,
    shown: Iterable[str] = (),
    refined: Iterable[str] = (),
    collapsed: Iterable[str] = COLLAPSED,
    roots: Sequence[str] | None = None,
    more: str = "+",
    width: int = 18,
    lines: int = 3,
) -> View:
    """The view of ``sub`` within ``budget`` nodes (clusters count as one node each).

    The focus (or, without one, each component's best-connected node) and ``shown`` stay
    drawn whatever the budget, with the nodes leading to them. Other nodes are drawn
    group by group (a group: the nodes one node reached over one relation, of one class),
    nearest and smallest groups first, while the view stays within budget; the rest
    fold into clusters. ``refined`` holds merged clusters the analyst split again.
    ``roots`` (default: the focus) are where the tree grows from.

    Example:
        >>> hub = Subgraph(("h", *map(str, range(30))), tuple(("h", str(i), "R") for i in range(30)), ("h",))
        >>> info = {n: NodeInfo(n, "Observation" if n != "h" else "Region", "指标值") for n in hub.nodes}
        >>> [n.label for n in fold(hub, info, budget=10).nodes]
        ['h', '指标值 ×30']
    """
    budget = max(int(budget), 1)
    tree = _tree(sub, roots)
    shut = frozenset(collapsed)
    split = frozenset(refined)
    edge_info = edge_info or (lambda _u, _v, k: EdgeInfo(k))
    relation_label = relation_label or str

    def cls_of(n: str) -> str:
        return info[n].cls if n in info else ""

    groups: dict[str, list[str]] = {}
    group_of: dict[str, str] = {}
    for n in tree.order:
        if n in tree.parent:
            rel, direction = tree.via[n]
            gid = f"{CLUSTER}{tree.parent[n]}|{rel}|{direction}|{cls_of(n)}"
            groups.setdefault(gid, []).append(n)
            group_of[n] = gid
    rank = {n: i for i, n in enumerate(tree.order)}

    forced: set[str] = set(tree.roots)
    for n in shown:
        while n in rank and n not in forced:
            forced.add(n)
            n = tree.parent.get(n, n)
    children: dict[str, list[str]] = defaultdict(list)
    for n in tree.order:
        if n in tree.parent:
            children[tree.parent[n]].append(n)

    def clusters(seen: set[str], grains: Mapping[int, int]) -> dict[str, _Cluster]:
        found: dict[str, _Cluster] = {}
        for n in tree.order:
            p = tree.parent.get(n)
            if n in seen or p not in seen:
                continue
            level, cls = tree.level[n], cls_of(n)
            cid = _cluster_id(group_of[n], level, cls, grains.get(level, 0), split)
            cluster = found.get(cid)
            if cluster is None:
                grain = {"group": 0, "class": 1}.get(cluster_kind(cid) or "", 2)
                cluster = found[cid] = _Cluster(cid, cls if grain < 2 else "", level, grain)
            cluster.members.append(n)
            rel, direction = tree.via[n]
            cluster.links[(p, rel, direction)] = None
        return found

    # Drawn so far: the forced nodes (with the nodes leading to them). Waiting: the hidden
    # nodes whose parent is drawn; they fold into clusters, counted without being built.
    seen = set(forced)
    waiting = _Waiting(tree.level, group_of, cls_of, split)
    for n in tree.order:
        if n not in seen and tree.parent.get(n) in seen:
            waiting.add(n)
    # what the analyst asked to see does not count against the budget
    limit = budget + len(forced - set(tree.roots))

    def grains_within(caps: Mapping[int, int]) -> dict[int, int] | None:
        """The finest grain per level that keeps the view within budget, the deepest
        levels coarsened first and none past its cap (None: none does)."""
        grains: dict[int, int] = {}
        levels = waiting.levels()
        while len(seen) + waiting.total(grains) > limit:
            coarser = next(
                (lv for lv in levels if grains.get(lv, 0) < min(2, caps.get(lv, 2))), None
            )
            if coarser is None:
                return None
            grains[coarser] = grains.get(coarser, 0) + 1
        return grains

    # Open groups nearest and smallest first while the view fits; opening a group may
    # coarsen the clusters below it, never those at its own level or above. Each group
    # is tried once.
    grains = grains_within({})
    if grains is not None:
        queue: list[tuple[int, int, int, str]] = []
        queued: set[str] = set()

        def offer(g: str) -> None:
            first = groups[g][0]
            if g not in queued and cls_of(first) not in shut:
                queued.add(g)
                heapq.heappush(queue, (tree.level[first], len(groups[g]), rank[first], g))

        for n in tree.order:
            if n not in seen and tree.parent.get(n) in seen:
                offer(group_of[n])
        while queue:
            level, _size, _rank, g = heapq.heappop(queue)
            members = [m for m in groups[g] if m not in seen]
            if not members:
                continue
            below = [c for m in members for c in children[m] if c not in seen]
            for m in members:
                waiting.remove(m)
                seen.add(m)
            for c in below:
                waiting.add(c)
            trial = grains_within({lv: grains.get(lv, 0) for lv in range(level + 1)})
            if trial is None:  # does not fit: back as it was
                for c in below:
                    waiting.remove(c)
                for m in members:
                    seen.discard(m)
                    waiting.add(m)
                continue
            grains = trial
            for c in below:
                offer(group_of[c])
    else:
        grains = dict.fromkeys(waiting.levels(), 2)
    found = clusters(seen, grains)
    return _assemble(
        sub,
        info,
        edge_info,
        relation_label,
        tree,
        group_of,
        seen,
        found,
        budget,
        more,
        width,
        lines,
    )


def _assemble(
    sub: Subgraph,
    info: Mapping[str, NodeInfo],
    edge_info: Callable[[str, str, str], EdgeInfo],
    relation_label: Callable[[str], str],
    tree: _Tree,
    group_of: Mapping[str, str],
    seen: set[str],
    found: Mapping[str, _Cluster],
    budget: int,
    more: str,
    width: int,
    lines: int,
) -> View:
    focus = set(sub.focus)

    def name(n: str) -> str:
        return info[n].name if n in info else n

    # a node hidden under a hidden node belongs, through it, to the cluster above
    owner = {m: c.id for c in found.values() for m in c.members}
    beyond: dict[str, list[str]] = defaultdict(list)
    for n in tree.order:
        if n not in seen and n not in owner and tree.parent.get(n) in owner:
            owner[n] = owner[tree.parent[n]]
            beyond[owner[n]].append(n)

    entries: list[tuple[str, str, str]] = []
    titles: dict[str, str] = {}
    cls: dict[str, str] = {}
    for n in tree.order:
        if n in seen:
            node = info.get(n)
            entries.append((n, name(n), node.cls_label if node else ""))
            titles[n] = "\n".join(
                x for x in (name(n), node.cls_label if node else "", node.hint if node else "") if x
            )
            cls[n] = node.cls if node else ""
    for c in found.values():
        first = info.get(c.members[0])
        kind = (first.cls_label or first.cls) if first and c.grain < 2 else more
        text = f"{kind} ×{len(c.members)}"
        parents = list(dict.fromkeys(p for p, _r, _d in c.links))
        rels = list(dict.fromkeys(relation_label(r) for _p, r, _d in c.links))
        qualifier = " / ".join(rels) + " · " + "、".join(name(p) for p in parents[:2])
        entries.append((c.id, text, qualifier))
        listed = [name(m) for m in c.members[:12]]
        if len(c.members) > 12:
            listed.append("…")
        titles[c.id] = "\n".join([f"{text} — {qualifier}", *listed])
        cls[c.id] = c.cls
    labels = unique_labels(entries, width=width, lines=lines)
    nodes: list[ViewNode] = []
    for n in tree.order:
        if n in seen:
            anchors = (tree.parent[n], group_of[n]) if n in tree.parent else ()
            nodes.append(
                ViewNode(
                    n,
                    labels[n],
                    titles[n],
                    cls[n],
                    anchors=anchors,
                    level=tree.level[n],
                    focus=n in focus,
                    name=name(n),
                )
            )
    for c in found.values():
        anchors = tuple(dict.fromkeys(p for p, _r, _d in c.links))
        nodes.append(
            ViewNode(
                c.id,
                labels[c.id],
                titles[c.id],
                cls[c.id],
                tuple(c.members),
                anchors=anchors,
                level=c.level,
                name=labels[c.id].replace("\n", " "),
                beyond=tuple(beyond[c.id]),
            )
        )
    edges: list[ViewEdge] = []
    for u, v, k in sub.edges:
        if u in seen and v in seen:
            e = edge_info(u, v, k)
            edges.append(ViewEdge(u, v, k, e.label, e.inferred, e.hint))
    for c in found.values():
        for p, rel, direction in c.links:
            label = relation_label(rel)
            source, target = (p, c.id) if direction == "out" else (c.id, p)
            edges.append(ViewEdge(source, target, rel, label))
    folded = sum(len(c.members) for c in found.values())
    return View(tuple(nodes), tuple(edges), budget, folded)


# -- layout ---------------------------------------------------------------------------------


def _jitter(seed: int, node: str) -> tuple[float, float]:
    rng = random.Random(f"{seed}|{node}")
    return rng.uniform(0, 2 * math.pi), rng.uniform(0.6, 1.0)


def place(
    view: View,
    previous: Mapping[str, Point] | None = None,
    *,
    seed: int = 7,
    spacing: float = 100.0,
    iterations: int = 100,
    area: tuple[float, float] = (150.0, 110.0),
    pinned: Iterable[str] = (),
    relayout: bool = False,
) -> dict[str, Point]:
    """Positions (canvas pixels) for the view's nodes: the nodes placed before keep their
    place, new ones start beside what they hang from, then a seeded force layout settles
    the new ones only. ``relayout`` settles every node but the ``pinned`` ones. A first
    layout is scaled to give each node about ``area`` (width, height) in a box wider than
    tall, as labels and screens are, so that it opens readable when fitted to the canvas.

    The same view and the same previous positions give the same positions.
    """
    previous = dict(previous or {})
    ids = list(view.ids())
    hold = set(pinned) if relayout else set(previous)
    keep = {n: previous[n] for n in ids if n in hold and n in previous}
    pos: dict[str, Point] = dict(keep)
    for node in view.nodes:
        if node.id in pos:
            continue
        if relayout and node.id in previous:
            pos[node.id] = previous[node.id]
            continue
        anchor = next(
            (pos.get(a) or previous.get(a) for a in node.anchors if a in pos or a in previous),
            None,
        )
        if anchor is None:
            anchor = _centroid(pos.values()) if pos else (0.0, 0.0)
        angle, r = _jitter(seed, node.id)
        reach = spacing * r if pos else 0.0
        pos[node.id] = (anchor[0] + reach * math.cos(angle), anchor[1] + reach * math.sin(angle))
    if len(ids) > 1 and len(keep) < len(ids) and len(ids) < 500:
        # the tree's edges pull hard, the others lightly: hubs do not knot in the middle
        g = nx.Graph()
        g.add_nodes_from(ids)
        g.add_edges_from(
            ((e.source, e.target) for e in view.edges if e.source != e.target), weight=0.15
        )
        for node in view.nodes:
            for anchor in node.anchors[:1] if not node.cluster else node.anchors:
                if anchor in g and anchor != node.id:
                    g.add_edge(anchor, node.id, weight=1.0)
        fixed = list(keep) or [ids[0]]  # one fixed node keeps the layout in pixels
        settled = nx.spring_layout(
            g,
            k=spacing,
            pos=pos,
            fixed=fixed,
            iterations=iterations,
            seed=seed,
            method="force",
        )
        pos = {n: (float(x), float(y)) for n, (x, y) in settled.items()}
        if not keep:
            pos = _to_box(pos, math.sqrt(len(ids) * area[0] * area[1] * 1.7), area)
        pos = _separate(pos, {n.id: _box(n) for n in view.nodes}, set(ids) - set(keep))
    return {n: (round(pos[n][0], 1), round(pos[n][1], 1)) for n in ids}


def _box(node: ViewNode) -> Point:
    """About how much room a node takes on the canvas: its shape and the label under it."""
    rows = node.label.split("\n")
    cols = max(sum(_cols(c) for c in row) for row in rows)
    return (max(cols * 7.5, 28.0) + 14.0, len(rows) * 18.0 + 34.0)


def _separate(
    pos: Mapping[str, Point], boxes: Mapping[str, Point], movable: set[str]
) -> dict[str, Point]:
    """Push apart the nodes whose boxes overlap, along the shorter overlap, moving only
    ``movable`` nodes; a bounded number of passes (the layout stays deterministic)."""
    out = {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    ids = list(out)
    passes = max(4, min(40, 60_000 // max(len(ids) ** 2, 1)))
    for _ in range(passes):
        moved = False
        for i, a in enumerate(ids):
            for j in range(i + 1, len(ids)):
                b = ids[j]
                ma, mb = a in movable, b in movable
                if not (ma or mb):
                    continue
                (ax, ay), (bx, by) = out[a], out[b]
                dx, dy = bx - ax, by - ay
                ox = (boxes[a][0] + boxes[b][0]) / 2 - abs(dx)
                oy = (boxes[a][1] + boxes[b][1]) / 2 - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                if ox * 0.6 < oy:  # labels are wide: sideways is usually the shorter way
                    step, axis = ox + 1.0, 0
                    sign = 1.0 if dx > 0 or (dx == 0 and i % 2 == 0) else -1.0
                else:
                    step, axis = oy + 1.0, 1
                    sign = 1.0 if dy > 0 or (dy == 0 and i % 2 == 0) else -1.0
                share_a = 0.5 if ma and mb else (1.0 if ma else 0.0)
                share_b = 1.0 - share_a
                delta = (step * sign, 0.0) if axis == 0 else (0.0, step * sign)
                out[a] = (ax - delta[0] * share_a, ay - delta[1] * share_a)
                out[b] = (bx + delta[0] * share_b, by + delta[1] * share_b)
                moved = True
        if not moved:
            break
    return out


def _to_box(pos: Mapping[str, Point], width: float, area: tuple[float, float]) -> dict[str, Point]:
    """``pos`` scaled about its first node to a box ``width`` wide, 1.7 times wider than
    tall (each axis at most doubled or shrunk to a third)."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    w, h = max(max(xs) - min(xs), area[0]), max(max(ys) - min(ys), area[1])
    sx = min(max(width / w, 0.33), 2.0)
    sy = min(max(width / 1.7 / h, 0.33), 2.0)
    x0, y0 = next(iter(pos.values()))
    return {n: (x0 + (x - x0) * sx, y0 + (y - y0) * sy) for n, (x, y) in pos.items()}


def _centroid(points: Iterable[Point]) -> Point:
    pts = list(points)
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def place_paths(
    view: View, paths: Sequence[Sequence[str]], *, dx: float = 280.0, dy: float = 80.0
) -> dict[str, Point]:
    """A left-to-right layout of paths from one start to one end: each node in the column
    of its earliest step, the end in the last column, each column centred.

    Example:
        >>> v = View(tuple(ViewNode(n, n, n, "") for n in "abcd"), ())
        >>> place_paths(v, [("a", "b", "d"), ("a", "c", "d")])
        {'a': (0.0, 0.0), 'b': (280.0, -40.0), 'c': (280.0, 40.0), 'd': (560.0, 0.0)}
    """
    column: dict[str, int] = {}
    ends = {p[-1] for p in paths if p}
    last = max((len(p) - 1 for p in paths), default=0)
    for path in paths:
        for i, n in enumerate(path):
            step = last if n in ends and i == len(path) - 1 else i
            column[n] = min(column.get(n, step), step)
    for n in ends:
        column[n] = last
    width = max(column.values(), default=0) + 1
    for n in view.ids():
        column.setdefault(n, width)
    by_column: dict[int, list[str]] = defaultdict(list)
    for n in view.ids():
        by_column[column[n]].append(n)
    pos: dict[str, Point] = {}
    for c, members in by_column.items():
        for j, n in enumerate(members):
            pos[n] = (round(c * dx, 1), round((j - (len(members) - 1) / 2) * dy, 1))
    return {n: pos[n] for n in view.ids()}
