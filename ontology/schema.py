"""Read the ontology once into plain records that loaders, mapping and UI share."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from ontology.namespace import GF

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "ClassInfo", "PropertyInfo", "Schema", "load_schema"]

ONTOLOGY_FILE = Path(__file__).with_name("gongfu.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")


@dataclass(frozen=True)
class ClassInfo:
    """One ontology class: its IRI, local name, labels, comments and superclasses."""

    iri: URIRef
    name: str
    zh: str
    en: str
    comment_zh: str
    comment_en: str
    parents: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class PropertyInfo:
    """One object or datatype property of the ontology."""

    iri: URIRef
    name: str
    zh: str
    en: str
    comment_zh: str
    comment_en: str
    is_object: bool
    traversable: bool = True
    range: URIRef | None = None


@dataclass(frozen=True)
class Schema:
    """The ontology as lookup tables, keyed by local name."""

    classes: dict[str, ClassInfo] = field(default_factory=dict)
    object_properties: dict[str, PropertyInfo] = field(default_factory=dict)
    datatype_properties: dict[str, PropertyInfo] = field(default_factory=dict)
    graph: Graph = field(default_factory=Graph, repr=False)

    #: classes whose instances are entities an analyst names (not provenance records)
    ENTITY_CLASSES = (
        "Platform",
        "Enterprise",
        "Organization",
        "GovernmentBody",
        "Park",
        "Region",
        "Policy",
        "PolicyTask",
        "Indicator",
        "Infrastructure",
        "Event",
        "Person",
        "IndustrySector",
        "Designation",
    )

    def class_named(self, name: str) -> ClassInfo | None:
        """A class by local name (``Platform``) or label (``工业互联网平台`` / ``Platform``)."""
        if name in self.classes:
            return self.classes[name]
        folded = name.strip().casefold()
        for info in self.classes.values():
            if folded in (info.zh.casefold(), info.en.casefold(), info.name.casefold()):
                return info
        return None

    def relation_named(self, name: str) -> PropertyInfo | None:
        """An object property by local name (``serves``) or label (``服务``)."""
        if name in self.object_properties:
            return self.object_properties[name]
        folded = name.strip().casefold()
        for info in self.object_properties.values():
            if folded in (info.zh.casefold(), info.en.casefold(), info.name.casefold()):
                return info
        return None

    def class_of_iri(self, iri: URIRef) -> ClassInfo | None:
        for info in self.classes.values():
            if info.iri == iri:
                return info
        return None

    def property_of_iri(self, iri: URIRef) -> PropertyInfo | None:
        for table in (self.object_properties, self.datatype_properties):
            for info in table.values():
                if info.iri == iri:
                    return info
        return None


def _text(g: Graph, s: URIRef, p: URIRef, lang: str) -> str:
    for o in g.objects(s, p):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


def _local(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@functools.cache
def load_schema() -> Schema:
    """Parse ``ontology/gongfu.ttl`` (cached for the process)."""
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    schema = Schema(graph=g)
    for s in sorted(g.subjects(RDF.type, OWL.Class)):
        if not isinstance(s, URIRef):
            continue
        schema.classes[_local(s)] = ClassInfo(
            iri=s,
            name=_local(s),
            zh=_text(g, s, RDFS.label, "zh"),
            en=_text(g, s, RDFS.label, "en"),
            comment_zh=_text(g, s, RDFS.comment, "zh"),
            comment_en=_text(g, s, RDFS.comment, "en"),
            parents=tuple(o for o in g.objects(s, RDFS.subClassOf) if isinstance(o, URIRef)),
        )
    for kind, table in (
        (OWL.ObjectProperty, schema.object_properties),
        (OWL.DatatypeProperty, schema.datatype_properties),
    ):
        for s in sorted(g.subjects(RDF.type, kind)):
            traversable = g.value(s, GF.traversable)
            rng = g.value(s, RDFS.range)
            table[_local(s)] = PropertyInfo(
                iri=s,
                name=_local(s),
                zh=_text(g, s, RDFS.label, "zh"),
                en=_text(g, s, RDFS.label, "en"),
                comment_zh=_text(g, s, RDFS.comment, "zh"),
                comment_en=_text(g, s, RDFS.comment, "en"),
                is_object=kind == OWL.ObjectProperty,
                traversable=traversable is None or bool(traversable.toPython()),
                range=rng
                if isinstance(rng, URIRef)
                else (XSD.string if kind == OWL.DatatypeProperty else None),
            )
    return schema
