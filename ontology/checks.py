"""The SHACL shapes of ontology/shapes.ttl as SPARQL queries over one named graph.

pyshacl validates an in-memory rdflib graph: right for the curated seed and for tables,
too slow and too big for a million-triple load. These queries ask the store itself for
violations among the triples of the new named graph only (the rest of the store supplies
class hierarchy, types and labels), so validation grows with the load, not with the store.
``tests/test_checks.py`` holds each check to its shape: the same bad data fails both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["CHECKS", "Check", "run_checks"]

_P = """PREFIX gf: <https://gongfu-graph.org/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

ENTITY_CLASSES_GF = (
    "gf:Platform gf:Enterprise gf:Organization gf:GovernmentBody gf:Park gf:Region gf:Policy "
    "gf:PolicyTask gf:Indicator gf:Infrastructure gf:Event gf:Person gf:IndustrySector "
    "gf:Designation gf:SourceDocument"
)


@dataclass(frozen=True)
class Check:
    """One shape constraint: its message and a query returning the offending ``?focus``."""

    message: str
    where: str  # a graph pattern; $G is the load's named graph


def _label_checks() -> list[Check]:
    checks = []
    for lang, name in (("zh", "Chinese"), ("en", "English")):
        checks.append(
            Check(
                f"needs exactly one {name} label (@{lang})",
                f"""GRAPH $G {{ ?focus a ?c }} VALUES ?c {{ {ENTITY_CLASSES_GF} }}
                FILTER(NOT EXISTS {{ ?focus rdfs:label ?l FILTER(lang(?l) = "{lang}") }}
                       || EXISTS {{ ?focus rdfs:label ?a , ?b FILTER(lang(?a) = "{lang}" && lang(?b) = "{lang}" && ?a != ?b) }})""",
            )
        )
    return checks


CHECKS: tuple[Check, ...] = (
    *_label_checks(),
    Check(
        "a fact must come from a source document",
        "GRAPH $G { ?focus a gf:Fact } FILTER NOT EXISTS { ?focus prov:wasDerivedFrom ?d . ?d a gf:SourceDocument }",
    ),
    Check(
        "a fact needs the exact quote that supports it",
        "GRAPH $G { ?focus a gf:Fact } FILTER NOT EXISTS { ?focus gf:quote ?q FILTER(STRLEN(STR(?q)) >= 2) }",
    ),
    Check(
        "a fact needs exactly one subject, predicate and object",
        """GRAPH $G { ?focus a gf:Fact } VALUES ?p { rdf:subject rdf:predicate rdf:object }
             FILTER(NOT EXISTS { ?focus ?p ?x } || EXISTS { ?focus ?p ?x , ?y FILTER(?x != ?y) })""",
    ),
    Check(
        "inferred must be true or false",
        "GRAPH $G { ?focus a gf:Fact ; gf:inferred ?v } FILTER(datatype(?v) != xsd:boolean)",
    ),
    Check(
        "an observation measures exactly one indicator",
        """GRAPH $G { ?focus a gf:Observation }
             FILTER(NOT EXISTS { ?focus gf:measures ?i . ?i a gf:Indicator }
                    || EXISTS { ?focus gf:measures ?i , ?j FILTER(?i != ?j) })""",
    ),
    Check(
        "an observation needs a scope, a whole-number year, a decimal value, a kind, a source and a quote",
        """GRAPH $G { ?focus a gf:Observation }
             FILTER(NOT EXISTS { ?focus gf:scope ?s }
                    || NOT EXISTS { ?focus gf:year ?y FILTER(datatype(?y) = xsd:integer) }
                    || NOT EXISTS { ?focus gf:value ?v FILTER(datatype(?v) = xsd:decimal) }
                    || NOT EXISTS { ?focus gf:valueKind ?k FILTER(?k IN ("target", "reported")) }
                    || NOT EXISTS { ?focus prov:wasDerivedFrom ?d . ?d a gf:SourceDocument }
                    || NOT EXISTS { ?focus gf:quote ?q })""",
    ),
    Check(
        "only a government body can be a responsible unit (responsibleFor)",
        "GRAPH $G { ?focus gf:responsibleFor ?o } FILTER NOT EXISTS { ?focus a/rdfs:subClassOf* gf:GovernmentBody }",
    ),
    Check(
        "responsibleFor must point to a policy task",
        "GRAPH $G { ?focus gf:responsibleFor ?o } FILTER NOT EXISTS { ?o a gf:PolicyTask }",
    ),
    Check(
        "hasTask must point to a policy task",
        "GRAPH $G { ?focus gf:hasTask ?o } FILTER NOT EXISTS { ?o a gf:PolicyTask }",
    ),
    Check(
        "only a policy or a task group can have tasks",
        "GRAPH $G { ?focus gf:hasTask ?o } FILTER NOT EXISTS { ?focus a ?c VALUES ?c { gf:Policy gf:PolicyTask } }",
    ),
    Check(
        "only a policy is issued (issuedBy)",
        "GRAPH $G { ?focus gf:issuedBy ?o } FILTER NOT EXISTS { ?focus a gf:Policy }",
    ),
    Check(
        "issuedBy must point to a government body or organisation",
        "GRAPH $G { ?focus gf:issuedBy ?o } FILTER NOT EXISTS { ?o a/rdfs:subClassOf* gf:Agent }",
    ),
    Check(
        "selectedAs must point to a designation (tier, title or list)",
        "GRAPH $G { ?focus gf:selectedAs ?o } FILTER NOT EXISTS { ?o a gf:Designation }",
    ),
    Check(
        "setsTarget must point to an indicator",
        "GRAPH $G { ?focus gf:setsTarget ?o } FILTER NOT EXISTS { ?o a gf:Indicator }",
    ),
    Check(
        "only a person holds a post",
        "GRAPH $G { ?focus gf:holdsPost ?o } FILTER NOT EXISTS { ?focus a gf:Person }",
    ),
    Check(
        "holdsPost must point to a body, enterprise or organisation",
        "GRAPH $G { ?focus gf:holdsPost ?o } FILTER NOT EXISTS { ?o a/rdfs:subClassOf* gf:Agent }",
    ),
    Check(
        "locatedIn must point to a region or a park",
        "GRAPH $G { ?focus gf:locatedIn ?o } FILTER NOT EXISTS { ?o a ?c VALUES ?c { gf:Region gf:Park } }",
    ),
    Check(
        "operatedBy must point to an enterprise, organisation or body",
        "GRAPH $G { ?focus gf:operatedBy ?o } FILTER NOT EXISTS { ?o a/rdfs:subClassOf* gf:Agent }",
    ),
    Check(
        "only an event is organised (organizedBy)",
        "GRAPH $G { ?focus gf:organizedBy ?o } FILTER NOT EXISTS { ?focus a gf:Event }",
    ),
    Check(
        "participatesIn must point to an event",
        "GRAPH $G { ?focus gf:participatesIn ?o } FILTER NOT EXISTS { ?o a gf:Event }",
    ),
    Check(
        "serves/empowers must start at a platform, actor, infrastructure, park or policy",
        """GRAPH $G { ?focus ?p ?o } VALUES ?p { gf:serves gf:empowers }
             FILTER NOT EXISTS { ?focus a ?c
                                 FILTER(?c IN (gf:Platform, gf:Agent, gf:Enterprise, gf:Organization,
                                               gf:GovernmentBody, gf:Infrastructure, gf:Park,
                                               gf:Policy, gf:PolicyTask)) }""",
    ),
)


def run_checks(
    store: ox.Store,
    graph: ox.NamedNode,
    *,
    limit: int = 20,
    only: Iterable[str] | None = None,
    focus: dict[str, set[str]] | None = None,
) -> list[tuple[str, str]]:
    """Violations among the triples of ``graph``: (focus IRI, message), at most ``limit`` per check.

    Args:
        only: run just the checks with these messages.
        focus: for some checks (by message), the only nodes that can break them (from
            ``ontology/stream_checks.py``); those checks look at these nodes alone.
    """
    wanted = set(only) if only is not None else None
    found: list[tuple[str, str]] = []
    for check in CHECKS:
        if wanted is not None and check.message not in wanted:
            continue
        where = check.where.replace("$G", f"<{graph.value}>")
        nodes = sorted(focus.get(check.message, ())) if focus and check.message in focus else None
        if nodes is None:
            batches = [where]
        else:
            batches = [
                "VALUES ?focus { "
                + " ".join(f"<{n}>" for n in nodes[start : start + _BATCH])
                + " } "
                + where
                for start in range(0, len(nodes), _BATCH)
            ]
        hits: list[tuple[str, str]] = []
        for pattern in batches:
            query = _P + f"SELECT DISTINCT ?focus WHERE {{ {pattern} }} LIMIT {limit - len(hits)}"
            for row in store.query(query, use_default_graph_as_union=True):
                hits.append(
                    (row["focus"].value if row["focus"] is not None else "?", check.message)
                )
            if len(hits) >= limit:
                break
        found.extend(hits)
    return found


_BATCH = 500
