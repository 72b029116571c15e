"""Validate what is in the store against the SHACL shapes (``gongfu validate``)."""

from __future__ import annotations

from rdflib import Graph

from graph.store import GraphStore
from ontology.namespace import GRAPH
from ontology.validate import ValidationReport, validate_graph

__all__ = ["validate_store"]


def validate_store(store: GraphStore) -> ValidationReport:
    """Check every data graph (all but the ontology and the load registry) together."""
    skip = {str(GRAPH["ontology"]), str(GRAPH["meta"])}
    data = Graph()
    data.parse(
        data=b"".join(
            store.ox.dump(format=__import__("pyoxigraph").RdfFormat.N_TRIPLES, from_graph=g)
            for g in store.ox.named_graphs()
            if g.value not in skip
        ),
        format="nt",
    )
    return validate_graph(data)
