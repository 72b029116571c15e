"""The networkx projection: built from the property-graph mapping, cached per data version.

Building it reads every entity, label and fact of the store: seconds for the seed, most
of a minute for a million triples (Oxigraph decodes each term it returns). So the
property graph of a version is also kept on disk beside the store
(``<store>/projection/<version>.graph.v1.pickle``, and the search index beside it); a new
process, such as the app after a restart, loads it in about a second instead of building
it again.
"""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx

from graph.errors import GongfuError
from graph.mapping import PropertyGraph, property_graph
from graph.saved import load_saved, paused_gc, save, saved_file
from graph.store import GraphStore

__all__ = ["cached_property_graph", "nx_graph", "projection", "projection_file", "to_networkx"]

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
    with paused_gc():
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


def projection_file(store: GraphStore) -> Path | None:
    """Where the property graph of the store's current version is kept."""
    return saved_file(store, "graph")


def _entry(store: GraphStore) -> tuple[PropertyGraph, nx.MultiDiGraph]:
    from graph.backends import is_server

    if is_server(store):  # a server's graph is answered there, never pulled whole
        raise GongfuError(
            "this needs the whole graph in the client, which a server backend never sends"
        )
    store.refresh()
    key = (str(store.root), store.version)
    with _lock:
        hit = _cache.get(key)
        if hit is None:
            path = projection_file(store)
            pg = load_saved(path, store.version)
            if not isinstance(pg, PropertyGraph):
                with paused_gc():
                    pg = property_graph(store)
                save(path, pg)
            hit = (pg, to_networkx(pg))
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = hit
    return hit


def projection(store: GraphStore) -> tuple[PropertyGraph, nx.MultiDiGraph]:
    """The property graph and its networkx projection of the store's current version."""
    return _entry(store)


def cached_property_graph(store: GraphStore) -> PropertyGraph:
    """The property graph of the store's current version (built once per version)."""
    return _entry(store)[0]


def nx_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The networkx projection of the store's current version (built once per version)."""
    return _entry(store)[1]
