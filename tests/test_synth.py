"""The synthetic-data generator: deterministic, about N triples, valid, hub-shaped."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from bench.synth import generate, write_synth
from graph.store import GraphStore
from loaders.load import load_rdf_bulk
from ontology.validate import validate_graph
from tests.conftest import run_gongfu

GF = "https://gongfu-graph.org/ontology#"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_file_other_seed_other_file(tmp_path: Path) -> None:
    a = generate(5000, tmp_path / "a.nt", seed=7)
    b = generate(5000, tmp_path / "b.nt", seed=7)
    c = generate(5000, tmp_path / "c.nt", seed=8)
    assert _digest(tmp_path / "a.nt") == _digest(tmp_path / "b.nt")
    assert a.as_dict() | {"path": ""} == b.as_dict() | {"path": ""}
    assert _digest(tmp_path / "a.nt") != _digest(tmp_path / "c.nt")
    assert c.triples > 0


# A small graph is mostly the fixed backbone (regions, tiers, bodies, their search keys),
# so it may overshoot more than a large one.
@pytest.mark.parametrize(("n", "slack"), [(5_000, 0.10), (20_000, 0.05), (100_000, 0.05)])
def test_about_n_triples(tmp_path: Path, n: int, slack: float) -> None:
    report = generate(n, tmp_path / "g.nt", seed=1)
    lines = sum(1 for _ in (tmp_path / "g.nt").open(encoding="utf-8"))
    assert lines == report.triples
    assert abs(report.triples - n) <= slack * n
    # every line is one distinct N-Triples statement
    parsed = list(ox.parse(path=str(tmp_path / "g.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert len(set(parsed)) == len(parsed) == lines


def test_small_output_passes_the_shapes(tmp_path: Path) -> None:
    generate(2000, tmp_path / "g.nt", seed=3)
    g = Graph()
    g.parse(tmp_path / "g.nt", format="nt")
    report = validate_graph(g)
    assert report.conforms, report.text()
    labels = {str(s) for s in g.subjects() if str(s).startswith("https://gongfu-graph.org/id/")}
    # IRIs are the synthetic namespace, but for the real platform tiers
    assert all("/id/syn-" in s or "/id/tier-" in s for s in labels)


def test_output_loads_through_the_project_loader(tmp_path: Path, scratch_store: GraphStore) -> None:
    """Beside the curated seed: the real tier IRIs get no second label, nothing clashes."""
    report = write_synth(3000, tmp_path / "out", seed=2)
    assert json.loads((tmp_path / "out" / "synth.json").read_text())["triples"] == report.triples
    store = scratch_store
    assert load_rdf_bulk(store, tmp_path / "out" / "graph.nt", name="synth") == report.triples
    rows = list(
        store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p a <{GF}Platform> ; <{GF}selectedAs> "
            "<https://gongfu-graph.org/id/tier-cross-industry> }"
        )
    )
    assert int(rows[0]["n"].value) >= 1


def test_hub_platforms_and_power_law_degrees(tmp_path: Path) -> None:
    report = generate(100_000, tmp_path / "g.nt", seed=0)
    degrees = report.serves_degrees  # enterprises served or empowered, per platform
    median = degrees[len(degrees) // 2]
    assert degrees[0] >= 10 * max(median, 1)
    assert degrees[0] > 0.1 * sum(degrees)  # a few hubs hold a large share
    counts = report.counts
    assert counts["Enterprise"] > 10 * counts["Platform"]
    for cls in (
        "Park",
        "Region",
        "Policy",
        "PolicyTask",
        "GovernmentBody",
        "Indicator",
        "Observation",
        "SourceDocument",
        "Fact",
        "Designation",
    ):
        assert counts[cls] > 0, cls
    assert report.probes["hub"].startswith("https://gongfu-graph.org/id/syn-platform-")


def test_every_relation_has_a_fact_with_quote_and_source(tmp_path: Path) -> None:
    generate(4000, tmp_path / "g.nt", seed=5)
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "g.nt"), format=ox.RdfFormat.N_TRIPLES)
    missing = list(
        store.query(
            f"""SELECT ?s ?p ?o WHERE {{
                ?s ?p ?o . FILTER(STRSTARTS(STR(?p), "{GF}") && isIRI(?o))
                FILTER(?p NOT IN (<{GF}measures>, <{GF}scope>))
                FILTER NOT EXISTS {{ ?f a <{GF}Fact> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ; <{GF}quote> ?q ;
                   <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }} }} LIMIT 5"""
        )
    )
    assert not missing, missing


def test_every_relation_and_class_occurs_even_when_small(tmp_path: Path) -> None:
    from ontology.schema import Schema, load_schema

    report = generate(2000, tmp_path / "g.nt", seed=4)
    used = {
        t.predicate.value
        for t in ox.parse(path=str(tmp_path / "g.nt"), format=ox.RdfFormat.N_TRIPLES)
    }
    missing = [p.name for p in load_schema().object_properties.values() if str(p.iri) not in used]
    assert not missing  # the Cypher copy has a table for every relation type
    assert all(report.counts.get(c, 0) > 0 for c in Schema.ENTITY_CLASSES)


def test_synth_cli(tmp_path: Path) -> None:
    proc = run_gongfu("synth", "--triples", "3000", "-o", str(tmp_path / "o"), "--json", check=True)
    report = json.loads(proc.stdout)
    assert (tmp_path / "o" / "graph.nt").is_file()
    assert 2500 < report["triples"] < 4500  # the backbone and its search keys dominate
