"""What the CLI, the app and the exports ask of a graph, defined once (``Backend``), and the
parts the server backends share: the ontology's terms as the queries need them, and the
neighbourhood and path walks written over two small questions a server answers.

A server backend never holds the graph: every call is a bounded query (a frontier of at
most a few hundred nodes, a ``LIMIT``), so the client's memory does not grow with the
data. The walks here mirror ``graph.traversal`` exactly (nearest first, then by degree,
then by IRI), so that every backend gives the embedded store's answer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import networkx as nx

from graph.errors import GongfuError, NotFound
from graph.mapping import rel_type
from graph.traversal import Path, PathStep, Subgraph
from ontology.schema import Schema, load_schema

if TYPE_CHECKING:
    from graph.explore import EntityDetails
    from graph.mapping import PropertyGraph
    from graph.query import QueryResult
    from graph.search import SearchHit
    from graph.stats import GraphStats

__all__ = [
    "ID_PREFIX",
    "Backend",
    "NodeInfo",
    "Terms",
    "bounded_paths",
    "ranked_neighbourhood",
    "terms",
]

ID_PREFIX = "https://gongfu-graph.org/id/"
#: nodes a path search may hold on either side before it gives up (the client's memory)
PATH_REACH = 50_000


@dataclass(frozen=True)
class NodeInfo:
    """What a page needs to show a node: its names and class, and its degree (all links)."""

    iri: str
    name: str
    name_en: str
    label: str
    degree: int = 0


@runtime_checkable
class Backend(Protocol):
    """One engine holding the graph: the embedded store, a SPARQL server or a Bolt server."""

    kind: str  # embedded | sparql | bolt

    def search(
        self, text: str, *, limit: int = 20, classes: set[str] | None = None
    ) -> list[SearchHit]: ...

    def resolve(self, name: str) -> str: ...

    def nodes(self, iris: Iterable[str], *, degrees: bool = True) -> dict[str, NodeInfo]: ...

    def details(self, iri: str) -> EntityDetails: ...

    def neighbourhood(
        self,
        focus: str | Iterable[str],
        *,
        hops: int = 1,
        limit: int = 200,
        classes: set[str] | None = None,
        relations: set[str] | None = None,
        with_edges: bool = True,
    ) -> Subgraph: ...

    def edges_among(
        self, iris: Iterable[str], *, relations: set[str] | None = None
    ) -> tuple[tuple[str, str, str], ...]: ...

    def by_names(self, names: Iterable[str]) -> dict[str, str]: ...

    def relation_counts(self, iris: Iterable[str]) -> dict[str, list[tuple[str, str, int]]]: ...

    def mentions(self, iris: Iterable[str]) -> tuple[tuple[str, str, str], ...]: ...

    def evidence(
        self, edges: Iterable[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], dict[str, Any]]: ...

    def shortest_path(self, a: str, b: str, *, max_hops: int = 6) -> Path | None: ...

    def all_paths(self, a: str, b: str, *, max_hops: int = 4, limit: int = 50) -> list[Path]: ...

    def question(
        self, name: str, params: dict[str, str] | None = None, *, engine: str = "auto"
    ) -> QueryResult: ...

    def subgraph(self, iris: Iterable[str]) -> PropertyGraph: ...

    def counts(self) -> GraphStats: ...


@dataclass(frozen=True)
class Terms:
    """The ontology's terms as the server queries use them."""

    node_classes: dict[str, str]  # class IRI → name (every class that makes a node)
    relations: dict[str, str]  # object property IRI → relationship type
    traversable: frozenset[str]  # relationship types walked by neighbourhoods and paths
    rank: dict[str, int]  # class name → rank when a node has several classes

    def relation_iris(self, types: Iterable[str] | None = None, *, walk: bool = False) -> list[str]:
        """Object property IRIs, of the given types only, of the walked ones only."""
        wanted = None if types is None else set(types)
        return [
            iri
            for iri, t in self.relations.items()
            if (wanted is None or t in wanted) and (not walk or t in self.traversable)
        ]

    def class_iris(self, names: Iterable[str] | None = None) -> list[str]:
        wanted = None if names is None else set(names)
        return [iri for iri, n in self.node_classes.items() if wanted is None or n in wanted]

    def best_class(self, names: Iterable[str]) -> str:
        return min(names, key=lambda n: self.rank.get(n, 99))


@functools.cache
def terms() -> Terms:
    """The ontology's node classes and relations (read once)."""
    schema = load_schema()
    classes = {
        str(c.iri): c.name for c in schema.classes.values() if c.name not in ("Agent", "Fact")
    }
    relations = {str(p.iri): rel_type(p.name) for p in schema.object_properties.values()}
    walked = frozenset(rel_type(p.name) for p in schema.object_properties.values() if p.traversable)
    rank = {
        name: i for i, name in enumerate((*Schema.ENTITY_CLASSES, "Observation", "SourceDocument"))
    }
    return Terms(classes, relations, walked, rank)


def ranked_neighbourhood(
    focus: tuple[str, ...],
    *,
    hops: int,
    limit: int,
    fresh: Callable[[list[str], list[str], int], tuple[int, list[str]]],
) -> tuple[tuple[str, ...], int]:
    """The nodes of a capped neighbourhood and how many in reach were left out.

    ``fresh(frontier, walked, room)`` is the one question asked of the server per hop: how
    many neighbours the frontier has that are neither focus nodes nor neighbours of the
    frontiers walked before, and the best ``room`` of them (highest degree, then IRI). It
    gives what ``graph.traversal.neighbourhood`` keeps, without the graph.
    """
    kept: dict[str, int] = dict.fromkeys(focus, 0)
    frontier = list(focus)
    walked: list[str] = []
    total = len(focus)
    for hop in range(1, hops + 1):
        room = max(limit - len(kept), 0)
        count, best = fresh(frontier, walked, room)
        total += count
        for m in best:
            kept.setdefault(m, hop)
        walked.extend(frontier)
        frontier = best
        if not frontier:
            break
    return tuple(kept), total - len(kept)


def bounded_paths(
    a: str,
    b: str,
    *,
    max_hops: int,
    expand: Callable[[list[str]], list[tuple[str, str, str, str]]],
    every: bool,
    limit: int = 50,
) -> list[Path]:
    """Shortest or all simple paths (either edge direction) between ``a`` and ``b``.

    ``expand(nodes)`` returns the walked edges ``(node, source, type, target)`` at each
    given node. The search grows a ball from each end, the smaller first, and keeps only
    the nodes that can lie on a path short enough (``d(a, u) + d(u, b) ≤ max_hops``); the
    paths are then found on that small graph as ``graph.traversal`` finds them on the
    whole one. Raises ``GongfuError`` when the balls outgrow ``PATH_REACH`` nodes.
    """
    if a == b:
        return [Path((a,), ())]
    dist = ({a: 0}, {b: 0})
    frontier: tuple[list[str], list[str]] = ([a], [b])
    radius = [0, 0]
    edges: set[tuple[str, str, str]] = set()
    met = False
    while radius[0] + radius[1] < max_hops and (frontier[0] or frontier[1]):
        side = 0 if (len(frontier[0]) <= len(frontier[1]) and frontier[0]) or not frontier[1] else 1
        nxt: list[str] = []
        for node, s, t, o in expand(frontier[side]):
            edges.add((s, t, o))
            other = o if s == node else s
            if other not in dist[side]:
                dist[side][other] = radius[side] + 1
                nxt.append(other)
        radius[side] += 1
        frontier[side].clear()
        frontier[side].extend(dict.fromkeys(nxt))
        if len(dist[0]) + len(dist[1]) > PATH_REACH:
            raise GongfuError(
                f"more than {PATH_REACH:,} entities lie within reach of both ends; "
                "ask for fewer hops"
            )
        if set(dist[0]) & set(dist[1]):
            met = True
            if not every:
                break
    if not met:
        return []

    # distances beyond a ball's radius are unknown: bound them by the radius + 1
    def d(side: int, n: str) -> int:
        return dist[side].get(n, radius[side] + 1)

    inner = {n for n in set(dist[0]) | set(dist[1]) if d(0, n) + d(1, n) <= max_hops}
    g = nx.Graph()
    g.add_nodes_from(sorted(inner))
    # a step is read as stored where it can be (as graph.traversal does), else backwards
    forward: dict[tuple[str, str], PathStep] = {}
    backward: dict[tuple[str, str], PathStep] = {}
    for s, t, o in sorted(edges):
        if s in inner and o in inner and s != o:
            g.add_edge(s, o)
            forward.setdefault((s, o), PathStep(s, t, o, True))
            backward.setdefault((o, s), PathStep(s, t, o, False))
    steps = {**backward, **forward}
    if a not in g or b not in g:
        return []
    found: list[Path] = []
    try:
        for nodes in nx.shortest_simple_paths(g, a, b):
            if len(nodes) - 1 > max_hops or len(found) >= (limit if every else 1):
                break
            found.append(Path(tuple(nodes), tuple(steps[(u, v)] for u, v in pairwise(nodes))))
    except nx.NetworkXNoPath:
        return []
    return found


def check_known(known: Iterable[str], *iris: str) -> None:
    """Raise NotFound for an IRI that names no node."""
    have = set(known)
    for iri in iris:
        if iri not in have:
            raise NotFound(f"no entity {iri}")


def first_values(rows: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The first value per key, as the mapping keeps one value per property."""
    out: dict[str, Any] = {}
    for key, value in rows:
        out.setdefault(key, value)
    return out
