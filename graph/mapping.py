"""The one mapping from RDF to a property graph, driven by the ontology.

class → node label, object property → relationship type, datatype property → property;
a relation's evidence (gf:Fact: quotes, source files, inferred flag, amounts) becomes the
relationship's properties. networkx, the embedded Cypher engine, Neo4j and the GraphML and
Cypher exports all read the graph through this module and nothing else.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from graph.store import GraphStore
from ontology.schema import Schema, load_schema

__all__ = [
    "EDGE_PROPERTIES",
    "Edge",
    "Node",
    "PropertyGraph",
    "node_columns",
    "property_graph",
    "rel_type",
    "rel_type_to_property",
]

#: relationship properties every projection carries, with their types
EDGE_PROPERTIES: dict[str, str] = {
    "quote": "STRING",
    "quotes": "STRING[]",
    "sources": "STRING[]",
    "inferred": "BOOL",
    "note": "STRING",
    "amount": "DOUBLE",
    "cap": "DOUBLE",
    "share": "DOUBLE",
    "unit": "STRING",
    "post": "STRING",
    "role": "STRING",
}

_NODE_BASE = {
    "iri": "STRING",
    "id": "STRING",
    "name": "STRING",
    "name_en": "STRING",
    "aliases": "STRING[]",
}
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: datatype properties that are not node properties: a fact's flag, and the search keys
#: (derived from the names, for servers to search; graph/search.py)
_NOT_PROJECTED = frozenset({"inferred", "searchKey"})
_TYPE_OF_RANGE = {_XSD + "integer": "INT64", _XSD + "decimal": "DOUBLE", _XSD + "boolean": "BOOL"}


def rel_type(prop_name: str) -> str:
    """Relationship type of an object property: ``operatedBy`` → ``OPERATED_BY``.

    Example:
        >>> rel_type("operatedBy"), rel_type("wasDerivedFrom")
        ('OPERATED_BY', 'WAS_DERIVED_FROM')
    """
    return re.sub(r"(?<!^)(?=[A-Z])", "_", prop_name).upper()


def rel_type_to_property(rel: str) -> str | None:
    """The object property's local name for a relationship type (None when unknown)."""
    for name in load_schema().object_properties:
        if rel_type(name) == rel:
            return name
    return None


def node_columns(schema: Schema | None = None) -> dict[str, str]:
    """Node properties (name → Cypher type): the fixed ones, then every datatype property."""
    schema = schema or load_schema()
    cols = dict(_NODE_BASE)
    for name, info in sorted(schema.datatype_properties.items()):
        if name in _NOT_PROJECTED:
            continue
        cols[name] = _TYPE_OF_RANGE.get(str(info.range), "STRING")
    return cols


@dataclass(frozen=True)
class Node:
    """A node of the property graph: IRI, label (the class) and properties."""

    iri: str
    label: str
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def name(self) -> str:
        return str(self.props.get("name") or self.props.get("name_en") or self.iri)


@dataclass(frozen=True)
class Edge:
    """A relationship: source IRI, type, target IRI and its evidence as properties."""

    source: str
    type: str
    target: str
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class PropertyGraph:
    """Nodes by IRI and edges, as built from one version of the store."""

    version: str
    nodes: dict[str, Node]
    edges: list[Edge]

    def labels(self) -> list[str]:
        return sorted({n.label for n in self.nodes.values()})

    def rel_types(self) -> list[str]:
        return sorted({e.type for e in self.edges})


def _py(term: ox.Term | None) -> Any:
    """A pyoxigraph term as a plain Python value (numbers as int/float, booleans as bool)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (_XSD + "integer", _XSD + "int", _XSD + "long"):
            return int(term.value)
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            number = Decimal(term.value)
            return int(number) if number == number.to_integral_value() else float(number)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value


def _order(term: ox.Term) -> tuple[int, float, str]:
    """A sort key that orders numbers by value and the rest by text, as ORDER BY does."""
    value = _py(term)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _values(iris: list[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def property_graph(store: GraphStore, only: Iterable[str] | None = None) -> PropertyGraph:
    """Build the property graph of the store's current version (union of all graphs).

    Args:
        only: just these entities and the edges among them (a small picture drawn without
            the whole projection, for example on the first page of a large store). Edges
            and their facts are found from their target end.
    """
    schema = load_schema()
    scope = _Scope(only)
    classes = {str(c.iri): c for c in schema.classes.values() if c.name not in ("Agent", "Fact")}
    nodes: dict[str, Node] = {}
    rank = {
        name: i for i, name in enumerate((*Schema.ENTITY_CLASSES, "Observation", "SourceDocument"))
    }
    typed = sorted(
        (row["n"].value, row["c"].value)
        for row in store.query(
            f"SELECT ?n ?c WHERE {{ {scope('n')} ?n a ?c . FILTER(isIRI(?n)) }}"
            if scope.iris is not None
            else f"SELECT ?n ?c WHERE {{ VALUES ?c {{ {_values(list(classes))} }} ?n a ?c . FILTER(isIRI(?n)) }}"
        )
    )  # sorted here, not by ORDER BY: Oxigraph sorts large results slowly
    for iri, class_iri in typed:
        cls = classes.get(class_iri)
        if cls is None:
            continue
        old = nodes.get(iri)
        if old is None or rank.get(cls.name, 99) < rank.get(old.label, 99):
            local = iri.rsplit("/", 1)[-1]
            nodes[iri] = Node(iri, cls.name, {"iri": iri, "id": local, "aliases": []})
    _add_labels(store, nodes, scope)
    _add_datatype_props(store, schema, nodes, scope)
    edges = _edges(store, schema, nodes, scope)
    return PropertyGraph(version=store.version, nodes=nodes, edges=edges)


class _Scope:
    """``VALUES ?var { … }`` limiting a query to the chosen entities (nothing for all)."""

    def __init__(self, only: Iterable[str] | None) -> None:
        self.iris = None if only is None else sorted(set(only))

    def __call__(self, var: str) -> str:
        if self.iris is None:
            return ""
        return f"VALUES ?{var} {{ {_values(self.iris)} }}"


def _add_labels(store: GraphStore, nodes: dict[str, Node], scope: _Scope) -> None:
    for row in store.query(
        f"SELECT ?n ?l WHERE {{ {scope('n')} ?n <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    ):
        node = nodes.get(row["n"].value)
        if node is None:
            continue
        lit = row["l"]
        key = "name" if lit.language == "zh" else "name_en" if lit.language == "en" else None
        if key and key not in node.props:
            node.props[key] = lit.value
    aliases = sorted(
        (row["n"].value, row["l"].value)
        for row in store.query(
            f"SELECT ?n ?l WHERE {{ {scope('n')} ?n <http://www.w3.org/2004/02/skos/core#altLabel> ?l }}"
        )
    )
    for iri, alias in aliases:
        node = nodes.get(iri)
        if node is not None:
            node.props["aliases"].append(alias)


def _add_datatype_props(
    store: GraphStore, schema: Schema, nodes: dict[str, Node], scope: _Scope
) -> None:
    props = {
        str(p.iri): p.name
        for p in schema.datatype_properties.values()
        if p.name not in _NOT_PROJECTED - {"inferred"}
    }
    for row in store.query(
        f"SELECT ?n ?p ?v WHERE {{ {scope('n')} ?n ?p ?v . FILTER(isLiteral(?v)) }}"
        if scope.iris is not None  # two VALUES would make Oxigraph scan every property
        else f"SELECT ?n ?p ?v WHERE {{ VALUES ?p {{ {_values(list(props))} }} ?n ?p ?v }}"
    ):
        node = nodes.get(row["n"].value)
        if node is not None and row["p"].value in props:
            node.props.setdefault(props[row["p"].value], _py(row["v"]))


def _edges(store: GraphStore, schema: Schema, nodes: dict[str, Node], scope: _Scope) -> list[Edge]:
    rels = {str(p.iri): p.name for p in schema.object_properties.values()}
    evidence: dict[tuple[str, str, str], dict[str, Any]] = defaultdict(
        lambda: {"quotes": [], "sources": [], "stated": False, "any": False}
    )
    fact_props = {
        str(schema.datatype_properties[k].iri): k
        for k in ("amount", "cap", "share", "unit", "post", "role", "note")
    }
    gf = "https://gongfu-graph.org/ontology#"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    facts = sorted(
        (
            ("" if row["src"] is None else "1" + row["src"].value),
            ("" if row["q"] is None else "1" + row["q"].value),
            row["s"].value,
            row["p"].value,
            row["o"].value,
            bool(_py(row["inf"])),
        )
        for row in store.query(
            f"""SELECT ?s ?p ?o ?q ?src ?inf WHERE {{ {scope("o")}
            ?f a <{gf}Fact> ; <{rdf}subject> ?s ; <{rdf}predicate> ?p ; <{rdf}object> ?o .
            OPTIONAL {{ ?f <{gf}quote> ?q }} OPTIONAL {{ ?f <{gf}sourceFile> ?src }}
            OPTIONAL {{ ?f <{gf}inferred> ?inf }} }}"""
        )
    )  # by source, then quote (unbound first, as ORDER BY ?src ?q would)
    for src, quote, s, p, o, inferred in facts:
        ev = evidence[(s, p, o)]
        if quote and quote[1:] not in ev["quotes"]:
            ev["quotes"].append(quote[1:])
        if src and src[1:] not in ev["sources"]:
            ev["sources"].append(src[1:])
        ev["any"] = True
        if not inferred:
            ev["stated"] = True
    amounts = sorted(
        (row["s"].value, row["p"].value, row["o"].value, row["k"].value, _order(row["v"]), row["v"])
        for row in store.query(
            f"""SELECT ?s ?p ?o ?k ?v WHERE {{ {scope("o")}
            ?f a <{gf}Fact> ; <{rdf}subject> ?s ; <{rdf}predicate> ?p ; <{rdf}object> ?o .
            {"" if scope.iris is not None else f"VALUES ?k {{ {_values(list(fact_props))} }}"}
            ?f ?k ?v . FILTER(isLiteral(?v)) }}"""
        )
    )
    for s, p, o, k, _text, v in amounts:
        if k not in fact_props:
            continue
        ev = evidence[(s, p, o)]
        ev.setdefault(fact_props[k], _py(v))
    edges: list[Edge] = []
    for row in store.query(
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ {scope('o')} ?s ?p ?o . FILTER(isIRI(?s)) }}"
        if scope.iris is not None
        else f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(list(rels))} }} ?s ?p ?o }}"
    ):
        if row["p"].value not in rels:
            continue
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        if s not in nodes or o not in nodes:
            continue
        ev = evidence.get((s, p, o))
        props: dict[str, Any] = {k: None for k in EDGE_PROPERTIES}
        props.update({"quotes": [], "sources": [], "inferred": False})
        if ev is not None:
            props.update({k: v for k, v in ev.items() if k in EDGE_PROPERTIES})
            props["quote"] = ev["quotes"][0] if ev["quotes"] else None
            props["inferred"] = ev["any"] and not ev["stated"]
        edges.append(Edge(s, rel_type(rels[p]), o, props))
    edges.sort(key=lambda e: (e.source, e.type, e.target))
    return edges
