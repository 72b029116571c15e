"""The whole graph as RDF: ontology, facts and provenance, with the project's prefixes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.query import PREFIXES
from graph.store import GraphStore
from ontology.namespace import GRAPH

__all__ = ["RDF_FORMATS", "export_store_rdf"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


def export_store_rdf(store: GraphStore, path: Path, fmt: str = "ttl") -> int:
    """Write every graph but the load registry to ``path``; returns the statements written.

    Triple formats (ttl, nt, jsonld, rdfxml) get the union of the graphs; quad formats
    (trig, nq) keep each named graph.
    """
    rdf_format = RDF_FORMATS[fmt]
    meta = str(GRAPH["meta"])
    quads = [
        q
        for q in store.ox
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == meta)
    ]
    if rdf_format.supports_datasets:
        items: list = quads
    else:
        seen: set[ox.Triple] = set()
        items = []
        for q in quads:
            t = ox.Triple(q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                items.append(t)
    kwargs = (
        {"prefixes": PREFIXES}
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
        else {}
    )
    ox.serialize(items, str(path), rdf_format, **kwargs)
    return len(items)
