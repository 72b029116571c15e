"""What the CLI and the app ask of the graph, by name: search, details, neighbours, paths.

Each function takes the store, uses the cached projection of its current version, and
returns plain records, so that ``gongfu … --json`` and the app show the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from graph.mapping import PropertyGraph
from graph.project_nx import projection
from graph.saved import saved_file
from graph.search import SearchHit, SearchIndex, search_index
from graph.store import GraphStore
from graph.traversal import (
    Path,
    Subgraph,
    all_paths,
    edges_among,
    neighbourhood,
    node_degrees,
    resolve,
    shortest_path,
)

__all__ = [
    "EntityDetails",
    "Relation",
    "entity_details",
    "find",
    "index_of",
    "neighbour_rows",
    "neighbours",
    "path_rows",
    "paths_between",
    "subgraph_rows",
    "view_subgraph",
]


def index_of(store: GraphStore) -> tuple[PropertyGraph, nx.MultiDiGraph, SearchIndex]:
    """The property graph, its networkx projection and its search index (all cached)."""
    pg, g = projection(store)
    # degrees and the file's path only when the index is loaded or built (a new version)
    index = search_index(pg, lambda: node_degrees(g), saved=lambda: saved_file(store, "search"))
    return pg, g, index


def find(
    store: GraphStore, text: str, *, limit: int = 20, classes: set[str] | None = None
) -> list[SearchHit]:
    """Search entities by zh / en name, alias or pinyin (empty when nothing matches well)."""
    _pg, _g, index = index_of(store)
    return index.search(text, limit=limit, classes=classes)


@dataclass(frozen=True)
class Relation:
    """One edge seen from an entity: direction, type, the other end, and the evidence."""

    direction: str  # out | in
    type: str
    other: str
    other_name: str
    other_label: str
    inferred: bool
    quotes: list[str]
    sources: list[str]
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EntityDetails:
    iri: str
    label: str
    name: str
    name_en: str
    aliases: list[str]
    props: dict[str, Any]
    relations: list[Relation]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_EDGE_META = {"type", "traversable", "quote", "quotes", "sources", "inferred"}


def entity_details(store: GraphStore, name: str) -> EntityDetails:
    """Every property and relation of an entity, each relation with its quotes and sources."""
    pg, g, index = index_of(store)
    iri = resolve(g, index, name)
    node = pg.nodes[iri]
    rels: list[Relation] = []
    for direction, edges in (
        ("out", g.out_edges(iri, keys=True, data=True)),
        ("in", g.in_edges(iri, keys=True, data=True)),
    ):
        for u, v, k, data in edges:
            other = v if direction == "out" else u
            on = pg.nodes[other]
            rels.append(
                Relation(
                    direction,
                    k,
                    other,
                    on.name,
                    on.label,
                    bool(data.get("inferred")),
                    list(data.get("quotes") or []),
                    list(data.get("sources") or []),
                    {
                        key: val
                        for key, val in data.items()
                        if key not in _EDGE_META and val is not None
                    },
                )
            )
    rels.sort(key=lambda r: (r.type, r.direction, r.other_name))
    props = {k: v for k, v in node.props.items() if k not in ("name", "name_en", "aliases")}
    return EntityDetails(
        iri,
        node.label,
        node.name,
        str(node.props.get("name_en") or ""),
        list(node.props.get("aliases") or []),
        props,
        rels,
    )


def neighbours(
    store: GraphStore,
    name: str,
    *,
    hops: int = 1,
    limit: int = 200,
    classes: set[str] | None = None,
    relations: set[str] | None = None,
    with_edges: bool = True,
) -> Subgraph:
    """The k-hop neighbourhood of the entity ``name`` (capped; see traversal.neighbourhood)."""
    _pg, g = projection(store)
    return neighbourhood(
        g,
        _iri_of(store, g, name),
        hops=hops,
        limit=limit,
        classes=classes,
        relations=relations,
        with_edges=with_edges,
    )


def neighbour_rows(
    store: GraphStore, name: str, *, hops: int = 1, limit: int = 200
) -> list[tuple[str, str, str]]:
    """The capped neighbourhood as (IRI, name, class) rows, nearest and best connected
    first: what a lookup needs before any edge is drawn."""
    _pg, g = projection(store)
    attrs = g.nodes
    # Node.name's rule written out: a call per node costs a tenth of a hub's lookup
    return [
        (n, attrs[n].get("name") or attrs[n].get("name_en") or n, attrs[n]["label"])
        for n in neighbourhood(
            g, _iri_of(store, g, name), hops=hops, limit=limit, with_edges=False
        ).nodes
    ]


def _iri_of(store: GraphStore, g: nx.MultiDiGraph, name: str) -> str:
    """An IRI as it is; any other name through the search index (built only then)."""
    return name if name in g else resolve(g, index_of(store)[2], name)


def paths_between(
    store: GraphStore, a: str, b: str, *, max_hops: int = 6, every: bool = False, limit: int = 50
) -> list[Path]:
    """The shortest path between two entities, or every simple path up to ``max_hops``."""
    _pg, g, index = index_of(store)
    src, dst = resolve(g, index, a), resolve(g, index, b)
    if every:
        return all_paths(g, src, dst, max_hops=max_hops, limit=limit)
    path = shortest_path(g, src, dst, max_hops=max_hops)
    return [path] if path else []


def subgraph_rows(
    store: GraphStore, sub: Subgraph
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A subgraph as node rows and edge rows (names, classes, evidence) for printing."""
    pg, g, _index = index_of(store)
    hop = dict.fromkeys(sub.focus, 0)
    nodes = [
        {
            "iri": n,
            "name": pg.nodes[n].name,
            "name_en": pg.nodes[n].props.get("name_en"),
            "class": pg.nodes[n].label,
            "focus": n in hop,
            "degree": g.degree(n),
        }
        for n in sub.nodes
    ]
    edges = []
    for u, v, k in sub.edges:
        data = g.edges[u, v, k]
        edges.append(
            {
                "source": pg.nodes[u].name,
                "relation": k,
                "target": pg.nodes[v].name,
                "inferred": bool(data.get("inferred")),
                "quote": data.get("quote"),
                "sources": list(data.get("sources") or []),
                "source_iri": u,
                "target_iri": v,
            }
        )
    return nodes, edges


def path_rows(
    store: GraphStore, paths: list[Path], *, relation: Callable[[str], str] | None = None
) -> list[dict[str, Any]]:
    """Paths as rows: length, the names along the way, and each step with its relation,
    read from the start (``A -[SERVES]-> B``, or ``B <-[HOSTS]- C`` against an edge);
    ``relation`` names a relationship type (its label in a language) if given."""
    pg, _g, _index = index_of(store)
    rows = []
    for i, path in enumerate(paths, 1):
        steps = []
        for s in path.steps:
            a, b = pg.nodes[s.source].name, pg.nodes[s.target].name
            rel = relation(s.type) if relation else s.type
            steps.append(f"{a} -[{rel}]-> {b}" if s.forward else f"{b} <-[{rel}]- {a}")
        rows.append(
            {
                "path": i,
                "length": len(path),
                "nodes": [pg.nodes[n].name for n in path.nodes],
                "steps": steps,
                "iris": list(path.nodes),
            }
        )
    return rows


def view_subgraph(
    store: GraphStore,
    focus: list[str],
    *,
    hops: int = 1,
    limit: int = 150,
    classes: set[str] | None = None,
    relations: set[str] | None = None,
    removed: set[str] | None = None,
) -> Subgraph:
    """The explorer's view: the first focus's ``hops``-neighbourhood, one hop around each
    node expanded since, less the nodes removed; capped at ``limit`` nodes in all.

    The focus nodes themselves always stay, whatever the class filter says; the filter
    itself is not widened by their classes (choosing 企业 shows enterprises only).
    """
    _pg, g, _index = index_of(store)
    removed = removed or set()
    kept: dict[str, None] = {}
    omitted = 0
    for i, iri in enumerate(f for f in focus if f in g and f not in removed):
        room = max(limit - len(kept), 1)
        sub = neighbourhood(
            g,
            iri,
            hops=hops if i == 0 else 1,
            limit=room,
            classes=classes,
            relations=relations,
            with_edges=False,  # gathered once below, among all the nodes kept
        )
        omitted += sub.omitted_nodes
        kept.update(dict.fromkeys(n for n in sub.nodes if n not in removed))
    nodes = tuple(kept)
    edges = edges_among(g, nodes, relations=relations)
    return Subgraph(nodes, edges, tuple(f for f in focus if f in kept), omitted_nodes=omitted)
