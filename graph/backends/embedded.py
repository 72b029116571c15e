"""The embedded store as a backend: Oxigraph for the facts, the embedded Cypher copy for
the questions slow in SPARQL at scale, and the in-process networkx projection (with its
search index) as the accelerator for search, neighbourhoods and paths.

This wraps what ``graph.explore``, ``graph.search`` and ``graph.traversal`` do; the
projection is cached per data version, so after the first call each answer is a walk in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from graph.backends.base import NodeInfo
from graph.mapping import EDGE_PROPERTIES, Edge, PropertyGraph
from graph.store import GraphStore
from graph.traversal import Path, Subgraph

#: each zh name's first entity (by IRI), for the store's current version
_first_by_name: dict[tuple[str, str], dict[str, str]] = {}

if TYPE_CHECKING:
    from graph.explore import EntityDetails
    from graph.query import QueryResult
    from graph.search import SearchHit
    from graph.stats import GraphStats

__all__ = ["EmbeddedBackend"]


class EmbeddedBackend:
    """The backend operations over a ``GraphStore``."""

    kind = "embedded"

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def _index(self):
        from graph.explore import index_of

        return index_of(self.store)

    def search(
        self, text: str, *, limit: int = 20, classes: set[str] | None = None
    ) -> list[SearchHit]:
        from graph.explore import find

        return find(self.store, text, limit=limit, classes=classes)

    def resolve(self, name: str) -> str:
        from graph.traversal import resolve

        _pg, g, index = self._index()
        return resolve(g, index, name)

    def nodes(self, iris: Iterable[str], *, degrees: bool = True) -> dict[str, NodeInfo]:
        from graph.traversal import node_degrees

        pg, g, _index = self._index()
        degree = node_degrees(g) if degrees else {}
        return {
            i: NodeInfo(
                i,
                pg.nodes[i].name,
                str(pg.nodes[i].props.get("name_en") or ""),
                pg.nodes[i].label,
                degree.get(i, 0),
            )
            for i in iris
            if i in pg.nodes
        }

    def details(self, iri: str) -> EntityDetails:
        from graph.explore import entity_details

        return entity_details(self.store, iri)

    def neighbourhood(
        self,
        focus: str | Iterable[str],
        *,
        hops: int = 1,
        limit: int = 200,
        classes: set[str] | None = None,
        relations: set[str] | None = None,
        with_edges: bool = True,
    ) -> Subgraph:
        from graph.traversal import neighbourhood

        _pg, g, _index = self._index()
        return neighbourhood(
            g,
            focus,
            hops=hops,
            limit=limit,
            classes=classes,
            relations=relations,
            with_edges=with_edges,
        )

    def edges_among(
        self, iris: Iterable[str], *, relations: set[str] | None = None
    ) -> tuple[tuple[str, str, str], ...]:
        from graph.traversal import edges_among

        _pg, g, _index = self._index()
        return edges_among(g, iris, relations=relations)

    def by_names(self, names: Iterable[str]) -> dict[str, str]:
        from graph.explore import index_of

        pg = index_of(self.store)[0]
        key = (str(self.store.root), pg.version)
        if key not in _first_by_name:  # built once per data version, not per result
            first: dict[str, str] = {}
            for iri in sorted(pg.nodes):
                node = pg.nodes[iri]
                if node.label != "Observation":
                    first.setdefault(node.name, iri)
            _first_by_name.clear()
            _first_by_name[key] = first
        first = _first_by_name[key]
        return {n: first[n] for n in set(names) if n in first}

    def relation_counts(self, iris: Iterable[str]) -> dict[str, list[tuple[str, str, int]]]:
        from graph.explore import relation_counts

        return relation_counts(self.store, iris)

    def mentions(self, iris: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
        from graph.explore import mentions

        return mentions(self.store, iris)

    def evidence(
        self, edges: Iterable[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        _pg, g, _index = self._index()
        return {
            (u, v, k): {p: g.edges[u, v, k].get(p) for p in EDGE_PROPERTIES} for u, v, k in edges
        }

    def shortest_path(self, a: str, b: str, *, max_hops: int = 6) -> Path | None:
        from graph.traversal import shortest_path

        _pg, g, _index = self._index()
        return shortest_path(g, a, b, max_hops=max_hops)

    def all_paths(self, a: str, b: str, *, max_hops: int = 4, limit: int = 50) -> list[Path]:
        from graph.traversal import all_paths

        _pg, g, _index = self._index()
        return all_paths(g, a, b, max_hops=max_hops, limit=limit)

    def question(
        self, name: str, params: dict[str, str] | None = None, *, engine: str = "auto"
    ) -> QueryResult:
        from graph.questions import run_question

        return run_question(self.store, name, params, engine=engine)

    def subgraph(self, iris: Iterable[str]) -> PropertyGraph:
        """The entities and the edges among them, from the projection (for exports)."""
        pg, g, _index = self._index()
        keep = {i: pg.nodes[i] for i in iris if i in pg.nodes}
        edges = [
            Edge(u, k, v, {p: data.get(p) for p in EDGE_PROPERTIES})
            for u in keep
            for v, keyed in g._succ[u].items()
            if v in keep
            for k, data in keyed.items()
        ]
        edges.sort(key=lambda e: (e.source, e.type, e.target))
        return PropertyGraph(pg.version, keep, edges)

    def counts(self) -> GraphStats:
        from graph.stats import graph_stats

        return graph_stats(self.store)
