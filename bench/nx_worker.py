"""The networkx baseline: a plain MultiDiGraph of the same entity-to-entity edges.

``python -m bench.nx_worker FILE PLAN_JSON``

The limit for neighbourhoods: ``G.succ[n]`` / ``G.pred[n]`` lookups and node attributes
(name, class), cut at the same 120 nodes but with no ranking, no filtering views and no
evidence; the shortest path is ``nx.shortest_path`` on an undirected copy; search is a
substring scan over the names (no pinyin, no fuzzy matching).
"""

from __future__ import annotations

import sys
import time
from itertools import chain
from pathlib import Path
from typing import Any

from bench.common import HOOD_LIMIT, capped_walk, emit, peak_rss_mb, sample
from bench.plan import Plan

LIMIT = HOOD_LIMIT
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"


def build(file: Path) -> tuple[Any, list[tuple[str, str]]]:
    """The graph (node attributes ``name`` and ``label``) and the search keys."""
    import networkx as nx
    import pyoxigraph as ox

    from ontology.schema import load_schema

    schema = load_schema()
    rels = {str(p.iri): p.name for p in schema.object_properties.values() if p.traversable}
    classes = {
        str(c.iri): c.name for c in schema.classes.values() if c.name not in ("Agent", "Fact")
    }
    cls: dict[str, str] = {}
    names: dict[str, str] = {}
    keys: list[tuple[str, str]] = []
    edges: list[tuple[str, str, str]] = []
    for t in ox.parse(path=str(file), format=ox.RdfFormat.N_TRIPLES):
        p = t.predicate.value
        if p == _RDF_TYPE:
            c = classes.get(t.object.value)
            if c:
                cls[t.subject.value] = c
        elif p in rels:
            edges.append((t.subject.value, t.object.value, rels[p]))
        elif p in (_LABEL, _ALT):
            text = t.object.value
            keys.append((text.casefold(), t.subject.value))
            if p == _LABEL and t.object.language == "zh":
                names[t.subject.value] = text
    g = nx.MultiDiGraph()
    for n, c in cls.items():
        g.add_node(n, label=c, name=names.get(n, n))
    for s, o, r in edges:
        if s in cls and o in cls:
            g.add_edge(s, o, key=r)
    return g, keys


def hood(g: Any, focus: str, hops: int) -> list[tuple[str, str, str]]:
    kept = capped_walk(focus, lambda u: chain(g.succ[u], g.pred[u]), hops, LIMIT)
    nodes = g.nodes
    return [(m, nodes[m]["name"], nodes[m]["label"]) for m in kept]


def main(file: Path, plan: Plan) -> dict[str, Any]:
    import networkx as nx

    start = time.perf_counter()
    g, keys = build(file)
    built = time.perf_counter() - start
    undirected = nx.Graph(g)
    probes = plan.probes
    hub, ent = probes["hub"], probes["enterprise"]

    def search(text: str) -> list[str]:
        q = text.casefold()
        return [iri for key, iri in keys if q in key][:20]

    ops = {
        "search_pinyin": lambda: search(probes["search_pinyin"]),
        "search_zh": lambda: search(probes["search_zh"]),
        "one_hop_hub": lambda: hood(g, hub, 1),
        "one_hop_enterprise": lambda: hood(g, ent, 1),
        "two_hop_hub": lambda: hood(g, hub, 2),
        "two_hop_enterprise": lambda: hood(g, ent, 2),
        "shortest_path": lambda: nx.shortest_path(undirected, ent, probes["body"]),
    }
    latency = {name: sample(fn, **plan.sampling()) for name, fn in ops.items()}
    return {
        "build_s": round(built, 3),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "latency": latency,
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    emit(main(Path(sys.argv[1]), Plan.load(sys.argv[2])))
