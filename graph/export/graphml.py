"""GraphML and GEXF (Gephi, yEd, Cytoscape) through networkx's own writers.

Node attributes: ``label`` (the class), ``name``, ``name_en``, ``iri`` and the node's other
properties; edge attributes: ``type``, ``relation`` (its label), ``inferred``, ``quotes``
and ``sources`` (joined with `` | ``: neither format has list values). Each attribute gets
one type across all elements, as GraphML's key declarations require. GEXF reserves ``id``
and an edge's ``type`` (directed or not), so there the node's id is ``local_id`` and the
relationship type is the edge's ``label``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from graph.export.records import SubgraphData, edge_records, node_records

__all__ = ["GRAPH_FORMATS", "to_export_graph", "write_graph_file"]

GRAPH_FORMATS = ("graphml", "gexf")


def _uniform(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop None; give each key one type (bool, int, float or str) across all records."""
    kinds: dict[str, set[type]] = {}
    for rec in records:
        for k, v in rec.items():
            if v is not None:
                kinds.setdefault(k, set()).add(type(v))
    target: dict[str, type] = {}
    for k, ts in kinds.items():
        if ts == {bool}:
            target[k] = bool
        elif ts <= {int}:
            target[k] = int
        elif ts <= {int, float}:
            target[k] = float
        else:
            target[k] = str
    return [{k: target[k](v) for k, v in rec.items() if v is not None} for rec in records]


def to_export_graph(data: SubgraphData, lang: str = "zh", *, gexf: bool = False) -> nx.MultiDiGraph:
    """The subgraph as a networkx graph with flat, uniformly typed attributes."""
    g = nx.MultiDiGraph(name=data.sub.title or "gongfu subgraph")
    for rec in _uniform(node_records(data, lang)):
        if gexf:
            rec["local_id"] = rec.pop("id")
        g.add_node(rec["iri"], **rec)
    for rec in _uniform(edge_records(data, lang)):
        u, v = rec.pop("source"), rec.pop("target")
        if gexf:
            rec["label"] = rec.pop("type")
        g.add_edge(u, v, key=rec.get("type", rec.get("label")), **rec)
    return g


def write_graph_file(
    data: SubgraphData, path: Path, fmt: str = "graphml", lang: str = "zh"
) -> Path:
    """Write GraphML or GEXF; node ids are the IRIs, edge keys the relationship types."""
    g = to_export_graph(data, lang, gexf=fmt == "gexf")
    if fmt == "graphml":
        nx.write_graphml(g, path, encoding="utf-8", named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(g, path, encoding="utf-8")
    else:
        raise ValueError(f"not a graph file format: {fmt}")
    return path
