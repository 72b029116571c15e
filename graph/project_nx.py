"""The networkx projection: built from the property-graph mapping, cached per data version."""

from __future__ import annotations

import threading

import networkx as nx

from graph.mapping import PropertyGraph, property_graph
from graph.store import GraphStore

__all__ = ["cached_property_graph", "nx_graph", "to_networkx"]


_cache: dict[tuple[str, str], tuple[PropertyGraph, nx.MultiDiGraph]] = {}
_lock = threading.Lock()


def _non_traversable() -> frozenset[str]:
    from graph.mapping import rel_type
    from ontology.schema import load_schema

    return frozenset(
        rel_type(p.name) for p in load_schema().object_properties.values() if not p.traversable
    )


def to_networkx(pg: PropertyGraph) -> nx.MultiDiGraph:
    """A MultiDiGraph: node attributes are the node's properties plus ``label`` (its class);
    each edge is keyed by its relationship type and carries its evidence."""
    g = nx.MultiDiGraph(version=pg.version)
    for iri, node in pg.nodes.items():
        g.add_node(iri, label=node.label, **node.props)
    skip = _non_traversable()
    for edge in pg.edges:
        g.add_edge(
            edge.source,
            edge.target,
            key=edge.type,
            type=edge.type,
            traversable=edge.type not in skip,
            **edge.props,
        )
    return g


def _entry(store: GraphStore) -> tuple[PropertyGraph, nx.MultiDiGraph]:
    store.refresh()
    key = (str(store.root), store.version)
    with _lock:
        hit = _cache.get(key)
        if hit is None:
            pg = property_graph(store)
            hit = (pg, to_networkx(pg))
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = hit
    return hit


def cached_property_graph(store: GraphStore) -> PropertyGraph:
    """The property graph of the store's current version (built once per version)."""
    return _entry(store)[0]


def nx_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The networkx projection of the store's current version (built once per version)."""
    return _entry(store)[1]
