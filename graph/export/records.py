"""A subgraph as flat node and edge records: what every tabular export writes.

GraphML, GEXF and CSV allow no list values, so lists are joined with `` | ``; ``None``
is left out (GraphML has no null). The Cypher export keeps the raw properties instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.export.html import class_label, relation_label
from graph.mapping import PropertyGraph
from graph.traversal import Subgraph

__all__ = ["JOIN", "SubgraphData", "edge_records", "flat", "node_records"]

JOIN = " | "


@dataclass(frozen=True)
class SubgraphData:
    """The selection with the projection it was drawn from; every writer takes one."""

    pg: PropertyGraph
    g: nx.MultiDiGraph
    sub: Subgraph

    @classmethod
    def of(cls, pg: PropertyGraph, g: nx.MultiDiGraph, sub: Subgraph) -> SubgraphData:
        """Drop nodes the graph does not hold and edges whose ends were not selected."""
        nodes = tuple(n for n in dict.fromkeys(sub.nodes) if n in pg.nodes)
        keep = set(nodes)
        edges = tuple(
            e for e in sub.edges if e[0] in keep and e[1] in keep and g.has_edge(e[0], e[1], e[2])
        )
        clean = Subgraph(
            nodes, edges, tuple(f for f in sub.focus if f in keep), sub.omitted_nodes, sub.title
        )
        return cls(pg, g, clean)

    def edge(self, u: str, v: str, k: str) -> dict[str, Any]:
        return dict(self.g.edges[u, v, k])


def flat(value: Any) -> Any:
    """A value as a scalar: lists joined with `` | ``; None stays None.

    Example:
        >>> flat(["a", "b"]), flat(3), flat(None), flat([])
        ('a | b', 3, None, '')
    """
    if isinstance(value, (list, tuple, set)):
        return JOIN.join(str(v) for v in value)
    return value


def node_records(data: SubgraphData, lang: str = "zh") -> list[dict[str, Any]]:
    """One record per node: iri, label (class), class name, names, then every property."""
    out = []
    focus = set(data.sub.focus)
    for iri in data.sub.nodes:
        node = data.pg.nodes[iri]
        rec: dict[str, Any] = {
            "iri": iri,
            "id": node.props.get("id") or iri.rsplit("/", 1)[-1],
            "label": node.label,
            "class": class_label(node.label, lang),
            "name": node.props.get("name"),
            "name_en": node.props.get("name_en"),
            "focus": iri in focus,
        }
        for key, value in sorted(node.props.items()):
            if key not in rec:
                rec[key] = flat(value)
        out.append(rec)
    return out


_EDGE_SKIP = {"type", "traversable", "quote", "quotes", "sources", "inferred"}


def edge_records(data: SubgraphData, lang: str = "zh") -> list[dict[str, Any]]:
    """One record per edge: ends (IRI and name), type, relation label and the evidence."""
    out = []
    for u, v, k in data.sub.edges:
        d = data.edge(u, v, k)
        rec: dict[str, Any] = {
            "source": u,
            "target": v,
            "type": k,
            "relation": relation_label(k, lang),
            "source_name": data.pg.nodes[u].name,
            "target_name": data.pg.nodes[v].name,
            "inferred": bool(d.get("inferred")),
            "quotes": flat(d.get("quotes") or []),
            "sources": flat(d.get("sources") or []),
        }
        for key, value in sorted(d.items()):
            if key not in _EDGE_SKIP and key not in rec:
                rec[key] = flat(value)
        out.append(rec)
    return out
