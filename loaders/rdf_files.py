"""RDF files (Turtle, JSON-LD, N-Triples, RDF/XML, TriG) as one load each."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import LoadError

__all__ = ["RDF_SUFFIXES", "read_rdf_file"]

RDF_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
}


def read_rdf_file(path: Path) -> Graph:
    """Parse an RDF file into one graph (the named graphs of TriG/N-Quads are merged).

    Raises:
        LoadError: unknown format or a syntax error, with the file and position named.
    """
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(f"unknown RDF format '{path.suffix}'", file=str(path))
    try:
        quads = list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as exc:
        raise LoadError(f"not valid {fmt.name}: {exc}", file=str(path)) from None
    except (OSError, ValueError) as exc:
        raise LoadError(f"cannot read: {exc}", file=str(path)) from None
    data = ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES
    )
    g = Graph()
    g.parse(data=data, format="nt")
    return g
