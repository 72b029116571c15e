"""The graph as RDF with the project's prefixes: the whole store, or one subgraph.

A subgraph's RDF is self-contained: the selected nodes' own statements (types, labels,
aliases, datatype properties, where they come from), the selected edges, the gf:Fact
records behind those edges (quote, source file, inferred flag, note), the source
documents they cite, and the labels and comments of the ontology terms used, so that a
reader without the ontology still sees what each term means.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.mapping import rel_type_to_property
from graph.query import PREFIXES
from graph.store import GraphStore
from graph.traversal import Subgraph
from ontology.namespace import GRAPH
from ontology.schema import load_schema

__all__ = [
    "RDF_FORMATS",
    "SUBGRAPH_RDF_FORMATS",
    "export_store_rdf",
    "export_subgraph_rdf",
    "subgraph_triples",
]

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


#: triple formats a subgraph is written in (named graphs are not kept for a selection)
SUBGRAPH_RDF_FORMATS = ("ttl", "nt", "jsonld", "rdfxml")

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"


def _iri_values(iris: list[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _construct(store: GraphStore, sparql: str) -> list[ox.Triple]:
    return list(store.query(sparql))  # type: ignore[call-overload]


def subgraph_triples(store: GraphStore, sub: Subgraph) -> list[ox.Triple]:
    """The statements that describe a subgraph and its evidence (see the module docstring)."""
    schema = load_schema()
    relations = {str(p.iri) for p in schema.object_properties.values()} - {_PROV_DERIVED}
    triples: dict[ox.Triple, None] = {}
    nodes = list(dict.fromkeys(sub.nodes))
    if nodes:
        skip = _iri_values(sorted(relations))
        triples.update(
            dict.fromkeys(
                _construct(
                    store,
                    f"""CONSTRUCT {{ ?n ?p ?o }} WHERE {{
                        VALUES ?n {{ {_iri_values(nodes)} }} ?n ?p ?o .
                        FILTER(?p NOT IN ({skip.replace(" ", ", ")})) }}""",
                )
            )
        )
    edges = []
    for u, v, k in sub.edges:
        prop = schema.object_properties.get(rel_type_to_property(k) or "")
        if prop is not None:
            edges.append((u, str(prop.iri), v))
    for s, p, o in edges:
        triples[ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))] = None
    if edges:
        rows = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in edges)
        triples.update(
            dict.fromkeys(
                _construct(
                    store,
                    f"""CONSTRUCT {{ ?f ?fp ?fo }} WHERE {{
                        VALUES (?s ?p ?o) {{ {rows} }}
                        ?f a <{PREFIXES["gf"]}Fact> ; <{_RDF}subject> ?s ;
                           <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; ?fp ?fo }}""",
                )
            )
        )
    docs = sorted(
        {
            t.object.value
            for t in triples
            if t.predicate.value == _PROV_DERIVED and isinstance(t.object, ox.NamedNode)
        }
    )
    if docs:
        triples.update(
            dict.fromkeys(
                _construct(
                    store,
                    f"""CONSTRUCT {{ ?d ?p ?o }} WHERE {{
                        VALUES ?d {{ {_iri_values(docs)} }} ?d ?p ?o .
                        FILTER(?p != <{PREFIXES["gf"]}mentions>) }}""",
                )
            )
        )
    terms = sorted(
        {t.predicate.value for t in triples}
        | {
            t.object.value
            for t in triples
            if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(PREFIXES["gf"])
        }
    )
    triples.update(
        dict.fromkeys(
            _construct(
                store,
                f"""CONSTRUCT {{ ?t ?p ?o }} WHERE {{
                    GRAPH <{GRAPH["ontology"]}> {{
                        VALUES ?t {{ {_iri_values(terms)} }}
                        VALUES ?p {{ <{_RDF}type> <{_RDFS}label> <{_RDFS}comment> }}
                        ?t ?p ?o }} }}""",
            )
        )
    )
    return list(triples)


def export_subgraph_rdf(store: GraphStore, sub: Subgraph, path: Path, fmt: str = "ttl") -> int:
    """Write a subgraph's RDF (ttl, nt, jsonld or rdfxml); returns the statements written."""
    if fmt not in SUBGRAPH_RDF_FORMATS:
        raise ValueError(f"a subgraph is written as one of {', '.join(SUBGRAPH_RDF_FORMATS)}")
    rdf_format = RDF_FORMATS[fmt]
    items = subgraph_triples(store, sub)
    kwargs = (
        {"prefixes": PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
    )
    ox.serialize(items, str(path), rdf_format, **kwargs)
    return len(items)
