"""Our terms as code, so that a misspelt term fails loudly instead of minting a new IRI."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["GF", "GRAPH", "ID", "ONTOLOGY_IRI", "entity_iri", "graph_iri"]

ONTOLOGY_IRI = URIRef("https://gongfu-graph.org/ontology")
ID = Namespace("https://gongfu-graph.org/id/")
GRAPH = Namespace("https://gongfu-graph.org/graph/")


class GF(DefinedNamespace):
    """Classes and properties of ontology/gongfu.ttl (tested against the file)."""

    _NS = Namespace("https://gongfu-graph.org/ontology#")
    _fail = True

    # classes
    Agent: URIRef
    Platform: URIRef
    Enterprise: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    Park: URIRef
    Region: URIRef
    Policy: URIRef
    PolicyTask: URIRef
    Indicator: URIRef
    Observation: URIRef
    Infrastructure: URIRef
    Event: URIRef
    Person: URIRef
    IndustrySector: URIRef
    Designation: URIRef
    SourceDocument: URIRef
    Fact: URIRef
    PlatformTierScheme: URIRef
    # object properties
    serves: URIRef
    empowers: URIRef
    operatedBy: URIRef
    cooperatesWith: URIRef
    locatedIn: URIRef
    partOf: URIRef
    issuedBy: URIRef
    hasTask: URIRef
    responsibleFor: URIRef
    setsTarget: URIRef
    measures: URIRef
    scope: URIRef
    supports: URIRef
    funds: URIRef
    hosts: URIRef
    selectedAs: URIRef
    holdsPost: URIRef
    memberOf: URIRef
    participatesIn: URIRef
    organizedBy: URIRef
    implements: URIRef
    covers: URIRef
    connectsTo: URIRef
    integrates: URIRef
    develops: URIRef
    mentions: URIRef
    # datatype and annotation properties
    traversable: URIRef
    kind: URIRef
    status: URIRef
    issuedOn: URIRef
    period: URIRef
    post: URIRef
    category: URIRef
    unit: URIRef
    code: URIRef
    date: URIRef
    role: URIRef
    stockName: URIRef
    fileName: URIRef
    publisher: URIRef
    quote: URIRef
    inferred: URIRef
    note: URIRef
    amount: URIRef
    cap: URIRef
    share: URIRef
    year: URIRef
    value: URIRef
    valueKind: URIRef
    tableCategory: URIRef
    comparator: URIRef
    sourceFile: URIRef
    sourceRow: URIRef
    searchKey: URIRef


def entity_iri(slug: str) -> URIRef:
    """The IRI of a curated entity, fact or observation from its id."""
    return ID[slug]


def graph_iri(name: str) -> URIRef:
    """The IRI of a named graph: 'ontology', 'seed', or 'load/<name>'."""
    return GRAPH[name]
