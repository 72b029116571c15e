"""Pull a graph from Neo4j (or any Bolt server) back into RDF, through the same mapping.

Node labels become classes, relationship types object properties, properties datatype
properties; a relationship's ``quotes`` and ``sources`` become gf:Fact records again. What
the push wrote, the pull reads back to the same triples (facts get the same IRIs as the
curated ones). Quotes and sources are paired by position when their counts agree, else
each quote is cited to the first source.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from graph.errors import LoadError
from graph.mapping import rel_type_to_property
from graph.neo4j_bolt import run_neo4j
from loaders.curated import _digest
from ontology.namespace import GF
from ontology.schema import load_schema

__all__ = ["pull_graph"]

_NODE_FIXED = {"iri", "id", "name", "name_en", "aliases"}


def _literal(prop: str, value: Any) -> Literal:
    rng = load_schema().datatype_properties[prop].range
    if rng == XSD.integer:
        return Literal(int(value))
    if rng == XSD.decimal:
        return Literal(str(value), datatype=XSD.decimal)
    if rng == XSD.boolean:
        return Literal(bool(value))
    return Literal(str(value))


def pull_graph(
    uri: str, *, auth: tuple[str, str] | None = None, database: str | None = None
) -> Graph:
    """Read every ``Resource`` node and relationship between them into an rdflib graph."""
    schema = load_schema()
    g = Graph()
    nodes = run_neo4j(
        uri,
        "MATCH (n:Resource) RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props",
        auth=auth,
        database=database,
        row_limit=10_000_000,
        trusted=True,
    ).rows
    if not nodes:
        raise LoadError(f"no Resource nodes at {uri}: push a graph there first (gongfu neo4j push)")
    file_of: dict[str, str] = {}
    for row in nodes:
        iri = URIRef(row["iri"])
        labels = [lb for lb in row["labels"] if lb in schema.classes]
        if not labels:
            continue
        g.add((iri, RDF.type, schema.classes[labels[0]].iri))
        props = row["props"] or {}
        if props.get("name"):
            g.add((iri, RDFS.label, Literal(props["name"], lang="zh")))
        if props.get("name_en"):
            g.add((iri, RDFS.label, Literal(props["name_en"], lang="en")))
        for alias in props.get("aliases") or []:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="en" if alias.isascii() else "zh")))
        for key, value in props.items():
            if key in _NODE_FIXED or key not in schema.datatype_properties or value is None:
                continue
            g.add((iri, schema.datatype_properties[key].iri, _literal(key, value)))
        if labels[0] == "SourceDocument" and props.get("fileName"):
            file_of[str(props["fileName"])] = row["iri"]
        if labels[0] == "Designation" and props.get("kind") == "platform-tier":
            g.add((iri, SKOS.inScheme, GF.PlatformTierScheme))
    rels = run_neo4j(
        uri,
        "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.iri AS s, type(r) AS type, "
        "b.iri AS t, properties(r) AS props",
        auth=auth,
        database=database,
        row_limit=10_000_000,
        trusted=True,
    ).rows
    for row in rels:
        prop = rel_type_to_property(row["type"])
        if prop is None:
            continue
        s, p, o = URIRef(row["s"]), schema.object_properties[prop].iri, URIRef(row["t"])
        g.add((s, p, o))
        props = row["props"] or {}
        quotes, sources = list(props.get("quotes") or []), list(props.get("sources") or [])
        for i, quote in enumerate(quotes):
            source = sources[i] if len(sources) == len(quotes) else (sources[0] if sources else "")
            # its own fact IRIs: a pulled edge's flag is the edge's, not each quote's, so a
            # pulled fact must never merge with a curated fact of the same quote
            fact = URIRef(
                f"https://gongfu-graph.org/id/fact-bolt-{_digest(s, p, o, source, quote)}"
            )
            g.add((fact, RDF.type, GF.Fact))
            g.add((fact, RDF.subject, s))
            g.add((fact, RDF.predicate, p))
            g.add((fact, RDF.object, o))
            g.add((fact, GF.quote, Literal(quote)))
            if source:
                g.add((fact, GF.sourceFile, Literal(source)))
                if source in file_of:
                    g.add((fact, PROV.wasDerivedFrom, URIRef(file_of[source])))
            g.add((fact, GF.inferred, Literal(bool(props.get("inferred")))))
            for key in ("note", "amount", "cap", "share", "unit", "post", "role"):
                if props.get(key) is not None:
                    g.add((fact, schema.datatype_properties[key].iri, _literal(key, props[key])))
    return g
