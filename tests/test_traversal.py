"""Neighbourhoods: the ranked-adjacency fast path gives what the filtered walk gives."""

from __future__ import annotations

import pytest

from graph.project_nx import nx_graph
from graph.store import GraphStore
from graph.traversal import neighbourhood


@pytest.mark.parametrize(("hops", "limit"), [(1, 5), (1, 200), (2, 12), (2, 150), (3, 40)])
def test_unfiltered_neighbourhood_matches_the_filtered_walk(
    seed_store: GraphStore, hops: int, limit: int
) -> None:
    g = nx_graph(seed_store)
    every_relation = {k for _u, _v, k in g.edges(keys=True)}
    # the best-connected nodes (hubs, where the cap bites) and a spread of the rest
    by_degree = sorted(g.nodes, key=lambda n: (-g.degree(n), n))
    probes = by_degree[:15] + by_degree[15::25]
    capped = 0
    for node in probes:
        fast = neighbourhood(g, node, hops=hops, limit=limit)
        # naming every relation takes the general path, which walks a filtered view
        walked = neighbourhood(g, node, hops=hops, limit=limit, relations=every_relation)
        assert fast == walked, node
        capped += fast.omitted_nodes > 0
    if limit <= 40:
        assert capped, "no probe hit the cap: the ranking went untested"


@pytest.mark.parametrize("hops", [1, 2])
def test_neighbour_rows_are_the_view_nodes_with_name_and_class(
    seed_store: GraphStore, hops: int
) -> None:
    from graph.explore import neighbour_rows, neighbours, view_subgraph
    from graph.project_nx import cached_property_graph

    pg = cached_property_graph(seed_store)
    for name in ("inspur-yunzhou", "浪潮云洲"):  # an id goes through the search index
        rows = neighbour_rows(seed_store, name, hops=hops, limit=10)
        iri = rows[0][0]
        assert iri.endswith("inspur-yunzhou")
        assert [r[0] for r in rows] == list(
            view_subgraph(seed_store, [iri], hops=hops, limit=10).nodes
        )
        assert [r[0] for r in rows] == list(neighbours(seed_store, iri, hops=hops, limit=10).nodes)
        assert all((n, pg.nodes[n].name, pg.nodes[n].label) == (n, nm, c) for n, nm, c in rows)
        assert len(rows) == 10  # the cap bites (the platform has more neighbours)
