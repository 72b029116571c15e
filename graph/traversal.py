"""Neighbourhoods, paths and centrality over the networkx projection.

Plain functions that take the graph first and return plain records, as networkx's own
algorithms do. Relations that only carry provenance (``mentions``, ``wasDerivedFrom``)
are left out of neighbourhoods and paths unless asked for, so that two entities are not
"connected" merely because one document names both.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice, pairwise

import networkx as nx

from graph.errors import NotFound
from graph.search import SearchIndex

__all__ = [
    "Path",
    "PathStep",
    "Subgraph",
    "all_paths",
    "centrality",
    "edges_among",
    "neighbourhood",
    "node_degrees",
    "resolve",
    "shortest_path",
    "subgraph_of",
]


@dataclass(frozen=True)
class Subgraph:
    """A selection of nodes and edges (``(source, target, type)``) with what was left out."""

    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str, str], ...]
    focus: tuple[str, ...] = ()
    omitted_nodes: int = 0
    title: str = ""


@dataclass(frozen=True)
class PathStep:
    """One edge of a path, as stored (``source`` → ``target``) and the way it was walked."""

    source: str
    type: str
    target: str
    forward: bool


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    steps: tuple[PathStep, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.steps)


def resolve(g: nx.MultiDiGraph, index: SearchIndex, name: str) -> str:
    """The IRI an analyst means by ``name``: an IRI, an id, or the best search hit.

    Raises:
        NotFound: nothing matches well enough.
    """
    if name in g:
        return name
    prefixed = "https://gongfu-graph.org/id/" + name
    if prefixed in g:
        return prefixed
    hits = index.search(name, limit=1)
    if not hits:
        raise NotFound(f"no entity matches {name!r}")
    return hits[0].iri


def _view(
    g: nx.MultiDiGraph,
    *,
    classes: set[str] | None,
    relations: set[str] | None,
    provenance: bool,
    keep: frozenset[str] = frozenset(),
) -> nx.Graph:
    """The graph seen through the filters; the nodes in ``keep`` (the focus) stay whatever
    their class."""

    def keep_edge(u: str, v: str, k: str) -> bool:
        data = g.edges[u, v, k]
        if not provenance and not data.get("traversable", True):
            return False
        return relations is None or k in relations

    def keep_node(n: str) -> bool:
        return classes is None or n in keep or g.nodes[n].get("label") in classes

    return nx.subgraph_view(g, filter_node=keep_node, filter_edge=keep_edge)


def node_degrees(g: nx.MultiDiGraph) -> dict[str, int]:
    """Every node's degree, computed once per graph (the graph is one data version)."""
    found = g.graph.get("_degrees")
    if found is None:
        found = g.graph["_degrees"] = dict(g.degree())
    return found


def _ranked(g: nx.MultiDiGraph, node: str) -> tuple[list[str], frozenset[str]]:
    """The node's neighbours over traversable edges, either direction, best connected
    first (then by IRI), and the same as a set. Kept per node once asked for: an index,
    like a database's, that lets a hub with thousands of links give its top neighbours
    without sorting them again on every call."""
    memo = g.graph.setdefault("_ranked", {})
    found = memo.get(node)
    if found is None:
        degree = node_degrees(g)
        near = {
            m
            for adjacency in (g._succ[node], g._pred[node])
            for m, keyed in adjacency.items()
            if any(data.get("traversable", True) for data in keyed.values())
        }
        found = memo[node] = (sorted(near, key=lambda m: (-degree[m], m)), frozenset(near))
    return found


def edges_among(
    g: nx.MultiDiGraph, nodes: Iterable[str], *, relations: set[str] | None = None
) -> tuple[tuple[str, str, str], ...]:
    """The traversable edges between the given nodes, sorted; each node's adjacency is
    read from its smaller side (a hub's thousands of links are not walked for 100 nodes)."""
    keep = set(nodes)
    size = len(keep)
    adjacency = g._succ
    found = []
    for u in keep:
        succ = adjacency[u]
        if not succ:
            continue
        targets = (
            [v for v in keep if v in succ] if len(succ) > size else [v for v in succ if v in keep]
        )
        for v in targets:
            for k, data in succ[v].items():
                if data.get("traversable", True) and (relations is None or k in relations):
                    found.append((u, v, k))
    found.sort()
    return tuple(found)


def neighbourhood(
    g: nx.MultiDiGraph,
    focus: str | Iterable[str],
    *,
    hops: int = 1,
    limit: int = 200,
    classes: set[str] | None = None,
    relations: set[str] | None = None,
    provenance: bool = False,
    with_edges: bool = True,
) -> Subgraph:
    """Nodes within ``hops`` of the focus (edges in either direction), capped at ``limit``.

    When more than ``limit`` nodes are in reach, the nearest are kept first and, within a
    hop, those with the highest degree; ``omitted_nodes`` says how many were left out.
    ``with_edges=False`` leaves the edges out, for a caller that gathers them itself.
    """
    focus = (focus,) if isinstance(focus, str) else tuple(focus)
    for f in focus:
        if f not in g:
            raise NotFound(f"no entity {f}")
    if classes is None and relations is None and not provenance:
        return _neighbourhood_unfiltered(g, focus, hops, limit, with_edges)
    view = _view(
        g, classes=classes, relations=relations, provenance=provenance, keep=frozenset(focus)
    )
    kept: dict[str, int] = {f: 0 for f in focus}
    frontier = list(focus)
    reached = set(focus)
    total = len(focus)
    for hop in range(1, hops + 1):
        nxt: set[str] = set()
        for node in frontier:
            if node not in view:
                continue
            nxt.update(n for n in view.successors(node) if n not in reached)
            nxt.update(n for n in view.predecessors(node) if n not in reached)
        reached |= nxt
        total += len(nxt)
        room = limit - len(kept)
        ranked = sorted(nxt, key=lambda n: (-g.degree(n), n))
        for n in ranked[: max(room, 0)]:
            kept[n] = hop
        frontier = [n for n in ranked if n in kept]
        if not frontier:
            break
    nodes = tuple(kept)
    edges = (
        tuple(sorted((u, v, k) for u, v, k in view.subgraph(nodes).edges(keys=True)))
        if with_edges
        else ()
    )
    return Subgraph(nodes, edges, focus, omitted_nodes=total - len(nodes))


def _neighbourhood_unfiltered(
    g: nx.MultiDiGraph, focus: tuple[str, ...], hops: int, limit: int, with_edges: bool
) -> Subgraph:
    """``neighbourhood`` without filters, from the ranked adjacency: the same nodes in the
    same order, without ranking every neighbour of a hub on every call."""
    degree = node_degrees(g)
    kept: dict[str, int] = {f: 0 for f in focus}
    frontier = list(focus)
    reached = set(focus)
    total = len(focus)
    for hop in range(1, hops + 1):
        room = max(limit - len(kept), 0)
        if len(frontier) == 1:  # read the ranked list as far as needed
            ranked, near = _ranked(g, frontier[0])
            total += len(near) - sum(1 for r in reached if r in near)
            best = list(islice((m for m in ranked if m not in reached), room))
            if hop < hops:
                reached |= near
        else:
            fresh = {m for node in frontier for m in _ranked(g, node)[1] if m not in reached}
            total += len(fresh)
            best = heapq.nsmallest(room, fresh, key=lambda m: (-degree[m], m))
            reached |= fresh
        for m in best:
            kept[m] = hop
        frontier = best
        if not frontier:
            break
    nodes = tuple(kept)
    edges = edges_among(g, nodes) if with_edges else ()
    return Subgraph(nodes, edges, focus, omitted_nodes=total - len(nodes))


def _undirected(view: nx.Graph) -> nx.Graph:
    return view.to_undirected(as_view=True)


def _steps(
    g: nx.MultiDiGraph, nodes: list[str], relations: set[str] | None, provenance: bool
) -> Path:
    steps = []
    for a, b in pairwise(nodes):
        step = None
        for u, v, forward in ((a, b, True), (b, a, False)):
            if g.has_edge(u, v):
                for k, data in g[u][v].items():
                    if (relations is None or k in relations) and (
                        provenance or data.get("traversable", True)
                    ):
                        step = PathStep(u, k, v, forward)
                        break
            if step:
                break
        assert step is not None
        steps.append(step)
    return Path(tuple(nodes), tuple(steps))


def shortest_path(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 6,
    relations: set[str] | None = None,
    provenance: bool = False,
) -> Path | None:
    """The shortest path (either edge direction) of at most ``max_hops`` edges, or None."""
    for n in (source, target):
        if n not in g:
            raise NotFound(f"no entity {n}")
    view = _undirected(_view(g, classes=None, relations=relations, provenance=provenance))
    try:
        nodes = nx.shortest_path(view, source, target)
    except nx.NetworkXNoPath:
        return None
    if len(nodes) - 1 > max_hops:
        return None
    return _steps(g, nodes, relations, provenance)


def all_paths(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    limit: int = 50,
    relations: set[str] | None = None,
    provenance: bool = False,
) -> list[Path]:
    """Simple paths of at most ``max_hops`` edges, shortest first, at most ``limit``."""
    for n in (source, target):
        if n not in g:
            raise NotFound(f"no entity {n}")
    view = nx.Graph(_undirected(_view(g, classes=None, relations=relations, provenance=provenance)))
    found: list[list[str]] = []
    for nodes in nx.shortest_simple_paths(view, source, target):
        if len(nodes) - 1 > max_hops or len(found) >= limit:
            break
        found.append(nodes)
    return [_steps(g, nodes, relations, provenance) for nodes in found]


def subgraph_of(paths: Iterable[Path]) -> Subgraph:
    """The nodes and edges that a set of paths walks through."""
    nodes: dict[str, None] = {}
    edges: set[tuple[str, str, str]] = set()
    for path in paths:
        nodes.update(dict.fromkeys(path.nodes))
        edges.update((s.source, s.target, s.type) for s in path.steps)
    return Subgraph(tuple(nodes), tuple(sorted(edges)))


def centrality(
    g: nx.MultiDiGraph, *, top: int = 20, classes: set[str] | None = None
) -> list[tuple[str, int, float]]:
    """The best-connected entities: (IRI, degree, degree centrality), highest first."""
    view = _view(g, classes=None, relations=None, provenance=False)
    n = max(view.number_of_nodes() - 1, 1)
    ranked = []
    for node in view.nodes:
        if classes and g.nodes[node].get("label") not in classes:
            continue
        if g.nodes[node].get("label") in ("Observation", "SourceDocument"):
            continue
        degree = view.degree(node)
        ranked.append((node, degree, round(degree / n, 4)))
    ranked.sort(key=lambda t: (-t[1], t[0]))
    return ranked[:top]
