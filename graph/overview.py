"""The first page's answers, bounded so that they stay quick at any size of store.

A store of a million triples has platforms serving thousands of enterprises each; the
first page must not wait for all of them. It asks for counts (which Oxigraph answers
without decoding terms) and a few links per platform, and leaves the full lists, with
their evidence, to the named questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.store import GraphStore

__all__ = ["TierPlatform", "tier_platforms"]

_GF = "https://gongfu-graph.org/ontology#"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass(frozen=True)
class TierPlatform:
    """A platform of a tier: how many entities it serves and empowers, and a few of them."""

    iri: str
    name: str
    serves: int
    empowers: int
    sample: tuple[str, ...]

    @property
    def links(self) -> int:
        return self.serves + self.empowers


def tier_platforms(
    store: GraphStore, tier: str, *, sample: int = 6, max_platforms: int = 40
) -> list[TierPlatform]:
    """The platforms selected as ``tier``, most links first, each with up to ``sample``
    of the entities it serves or empowers (the store's own order: the same every time
    for the same data, and no sort over a hub's thousands of links)."""
    if getattr(store, "backend_kind", "") == "bolt":
        return _tier_platforms_bolt(store, tier, sample=sample, max_platforms=max_platforms)
    term = ox.NamedNode(tier)
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for row in store.query(
        f"""SELECT ?p ?name ?relation (COUNT(DISTINCT ?t) AS ?n) WHERE {{
            ?p a <{_GF}Platform> ; <{_GF}selectedAs> {term} ; <{_LABEL}> ?name .
            FILTER(lang(?name) = "zh")
            OPTIONAL {{ VALUES ?relation {{ <{_GF}serves> <{_GF}empowers> }} ?p ?relation ?t }}
        }} GROUP BY ?p ?name ?relation"""
    ):
        iri = row["p"].value
        names.setdefault(iri, row["name"].value)
        per = counts.setdefault(iri, {"serves": 0, "empowers": 0})
        if row["relation"] is not None:
            per[row["relation"].value.rsplit("#", 1)[-1]] = int(row["n"].value)
    ranked = sorted(counts, key=lambda i: (-sum(counts[i].values()), names[i], i))
    out = []
    for iri in ranked[:max_platforms]:
        picked = tuple(
            row["t"].value
            for row in store.query(
                f"""SELECT DISTINCT ?t WHERE {{
                    VALUES ?relation {{ <{_GF}serves> <{_GF}empowers> }}
                    {ox.NamedNode(iri)} ?relation ?t . FILTER(isIRI(?t))
                }} LIMIT {int(sample)}"""
            )
        )
        out.append(
            TierPlatform(iri, names[iri], counts[iri]["serves"], counts[iri]["empowers"], picked)
        )
    return out


def _tier_platforms_bolt(
    store: Any, tier: str, *, sample: int, max_platforms: int
) -> list[TierPlatform]:
    """The same on a Bolt server (Neo4j): counts per platform, then a few links each."""
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for row in store.run(
        """MATCH (p:Platform)-[:SELECTED_AS]->(t:Resource {iri: $tier})
           OPTIONAL MATCH (p)-[r:SERVES|EMPOWERS]->(x)
           RETURN p.iri AS iri, p.name AS name, type(r) AS rel, count(DISTINCT x) AS n""",
        tier=tier,
    ):
        iri = row["iri"]
        names.setdefault(iri, row["name"])
        per = counts.setdefault(iri, {"serves": 0, "empowers": 0})
        if row["rel"]:
            per[row["rel"].lower()] = int(row["n"])
    ranked = sorted(counts, key=lambda i: (-sum(counts[i].values()), names[i], i))
    out = []
    for iri in ranked[:max_platforms]:
        picked = tuple(
            row["t"]
            for row in store.run(
                """MATCH (p:Resource {iri: $iri})-[:SERVES|EMPOWERS]->(x:Resource)
                   RETURN DISTINCT x.iri AS t LIMIT $k""",
                iri=iri,
                k=int(sample),
            )
        )
        out.append(
            TierPlatform(iri, names[iri], counts[iri]["serves"], counts[iri]["empowers"], picked)
        )
    return out
