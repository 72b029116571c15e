"""Stage → validate → commit: how every loader writes, so that a load is all or nothing.

Each load lives in its own named graph and is recorded in the ``meta`` graph (VoID
dataset: name, file, time, triple count), so that it can be listed and removed again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import LoadError, ValidationError
from graph.search import search_key_quads
from graph.store import GraphStore
from ontology.namespace import GRAPH
from ontology.validate import validate_graph

__all__ = [
    "LoadRecord",
    "commit_graph",
    "list_loads",
    "load_name_of",
    "remove_load",
    "to_ox_quads",
]

VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
META = ox.NamedNode(str(GRAPH["meta"]))
#: the names that search keys are made from (graph/search.py)
_NAMES = frozenset({RDFS + "label", "http://www.w3.org/2004/02/skos/core#altLabel"})


@dataclass(frozen=True)
class LoadRecord:
    """One entry of ``gongfu sources``."""

    name: str
    graph: str
    file: str
    loaded_at: str
    triples: int


def load_name_of(name: str) -> str:
    clean = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-")
    if not clean:
        raise LoadError(f"not a usable load name: {name!r}")
    return clean


def to_ox_quads(g: Graph, graph_name: str) -> list[ox.Quad]:
    """Convert an rdflib graph into pyoxigraph quads of one named graph (via N-Triples)."""
    data = g.serialize(format="nt", encoding="utf-8")
    target = ox.NamedNode(str(GRAPH[graph_name]))
    return [
        ox.Quad(t.subject, t.predicate, t.object, target)
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    ]


def _meta_quads(name: str, file: str, count: int) -> list[ox.Quad]:
    g = ox.NamedNode(str(GRAPH[name]))
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return [
        ox.Quad(g, ox.NamedNode(RDFS + "label"), ox.Literal(name), META),
        ox.Quad(g, ox.NamedNode(DCT + "source"), ox.Literal(file), META),
        ox.Quad(
            g,
            ox.NamedNode(PROV + "generatedAtTime"),
            ox.Literal(now, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")),
            META,
        ),
        ox.Quad(
            g,
            ox.NamedNode(VOID + "triples"),
            ox.Literal(
                str(count), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
            META,
        ),
    ]


def _drop(writable: ox.Store, name: str) -> None:
    g = ox.NamedNode(str(GRAPH[name]))
    if writable.contains_named_graph(g):
        writable.remove_graph(g)
    for q in list(writable.quads_for_pattern(g, None, None, META)):
        writable.remove(q)


def commit_graph(
    writable: ox.Store, name: str, g: Graph, *, file: str, validate: bool = True
) -> int:
    """Validate ``g`` and write it as named graph ``name`` (replacing an earlier one).

    Raises:
        ValidationError: the graph breaks the SHACL shapes; nothing is written.
    """
    if validate:
        report = validate_graph(g)
        if not report.conforms:
            raise ValidationError(
                f"{file}: {len(report.violations)} violation(s) of the ontology's shapes:\n"
                + report.text()
            )
    quads = to_ox_quads(g, name)
    keys = search_key_quads(q for q in quads if q.predicate.value in _NAMES)  # derived: not counted
    _drop(writable, name)
    writable.extend(quads + keys + _meta_quads(name, file, len(quads)))
    return len(quads)


def list_loads(store: GraphStore) -> list[LoadRecord]:
    """Every load recorded in the meta graph, oldest first."""
    rows = store.ox.query(
        f"""SELECT ?g ?name ?file ?time ?n WHERE {{ GRAPH <{META.value}> {{
              ?g <{RDFS}label> ?name ; <{DCT}source> ?file ;
                 <{PROV}generatedAtTime> ?time ; <{VOID}triples> ?n }} }} ORDER BY ?time ?name"""
    )
    return [
        LoadRecord(
            r["name"].value, r["g"].value, r["file"].value, r["time"].value, int(r["n"].value)
        )
        for r in rows
    ]


def remove_load(store: GraphStore, name: str) -> int:
    """Remove a load's named graph and its record; returns the number of quads removed."""
    from graph.errors import NotFound

    loads = {r.name: r for r in list_loads(store)}
    if name not in loads:
        known = ", ".join(sorted(loads)) or "none"
        raise NotFound(f"no load named {name!r} (loads: {known})")
    with store.write() as writable:
        _drop(writable, name)
    return loads[name].triples


def source_path(file: Path) -> str:
    return str(file)
