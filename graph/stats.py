"""Counts per class and per relation, straight from the store (no projection needed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from graph.mapping import rel_type
from graph.store import GraphStore
from ontology.schema import load_schema

__all__ = ["GraphStats", "class_pairs", "graph_stats"]

#: edges of each relation looked at for the class pairs it links
PAIR_SAMPLE = 2000


@dataclass(frozen=True)
class GraphStats:
    """What ``gongfu stats`` reports."""

    quads: int
    classes: dict[str, int]
    relations: dict[str, int]
    facts: int
    inferred_facts: int
    observations: int
    sources: int
    version: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _count(store: GraphStore, where: str) -> int:
    rows = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0]["n"].value)


def graph_stats(store: GraphStore) -> GraphStats:
    """Count instances per class and stated links per relation type."""
    schema = load_schema()
    by_iri = {str(c.iri): c.name for c in schema.classes.values()}
    classes = {}
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?n) AS ?k) WHERE { ?n a ?c } GROUP BY ?c"):
        name = by_iri.get(row["c"].value)
        if name and name not in ("Agent",):
            classes[name] = int(row["k"].value)
    rels = {str(p.iri): p.name for p in schema.object_properties.values()}
    relations = {}
    values = " ".join(f"<{iri}>" for iri in rels)
    for row in store.query(  # the relations alone: DISTINCT over the whole store is slow
        f"SELECT ?p (COUNT(*) AS ?k) WHERE {{ SELECT DISTINCT ?s ?p ?o {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }} GROUP BY ?p"
    ):
        name = rels.get(row["p"].value)
        if name:
            relations[rel_type(name)] = int(row["k"].value)
    gf = "https://gongfu-graph.org/ontology#"
    return GraphStats(
        quads=store.count(),
        classes=dict(sorted(classes.items())),
        relations=dict(sorted(relations.items())),
        facts=_count(store, f"?f a <{gf}Fact>"),
        inferred_facts=_count(store, f"?f a <{gf}Fact> ; <{gf}inferred> true"),
        observations=classes.get("Observation", 0),
        sources=classes.get("SourceDocument", 0),
        version=store.version,
    )


def class_pairs(store: GraphStore) -> set[tuple[str, str, str]]:
    """Which classes each relation links (``(source class, type, target class)``), as the
    schema page draws them: read off the first ``PAIR_SAMPLE`` edges of each relation, one
    bounded query per relation, so that a server is never scanned whole (a rare pairing
    beyond the sample is not drawn)."""
    schema = load_schema()
    if getattr(store, "backend_kind", "") == "bolt":
        return _class_pairs_bolt(store)
    by_iri = {str(c.iri): c.name for c in schema.classes.values() if c.name != "Agent"}
    classes = " ".join(f"<{iri}>" for iri in by_iri)
    pairs: set[tuple[str, str, str]] = set()
    for prop in schema.object_properties.values():
        for row in store.query(
            f"""SELECT DISTINCT ?a ?b WHERE {{
                {{ SELECT ?s ?o WHERE {{ ?s <{prop.iri}> ?o }} LIMIT {PAIR_SAMPLE} }}
                ?s a ?a . ?o a ?b . VALUES ?a {{ {classes} }} VALUES ?b {{ {classes} }} }}"""
        ):
            pairs.add((by_iri[row["a"].value], rel_type(prop.name), by_iri[row["b"].value]))
    return pairs


def _class_pairs_bolt(store: Any) -> set[tuple[str, str, str]]:
    """The same on a Bolt server: the first ``PAIR_SAMPLE`` edges of each relationship
    type (every node there is also a ``Resource``, which is not a class)."""
    classes = {c.name for c in load_schema().classes.values() if c.name != "Agent"}
    pairs: set[tuple[str, str, str]] = set()
    for prop in load_schema().object_properties.values():
        kind = rel_type(prop.name)
        for row in store.run(
            f"MATCH (a)-[:{kind}]->(b) WITH a, b LIMIT {PAIR_SAMPLE} "
            "RETURN DISTINCT labels(a) AS la, labels(b) AS lb"
        ):
            for a in set(row["la"]) & classes:
                for b in set(row["lb"]) & classes:
                    pairs.add((a, kind, b))
    return pairs
