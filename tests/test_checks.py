"""The SPARQL twins of the shapes (used by bulk loads) agree with pyshacl on the same data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.errors import ValidationError
from graph.store import GraphStore
from loaders.load import load_file, load_rdf_bulk
from ontology.validate import validate_graph
from tests.conftest import ROOT

PREFIX = """@prefix gf: <https://gongfu-graph.org/ontology#> .
@prefix gfid: <https://gongfu-graph.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

BAD = {
    "no English label": 'gfid:t1 a gf:Enterprise ; rdfs:label "甲"@zh .',
    "two Chinese labels": 'gfid:t2 a gf:Enterprise ; rdfs:label "甲"@zh , "乙"@zh , "A"@en .',
    "fact without source": "gfid:f1 a gf:Fact ; rdf:subject gfid:jinan ; rdf:predicate gf:partOf ; "
    'rdf:object gfid:shandong ; gf:quote "济南是省会" .',
    "fact without quote": "gfid:f2 a gf:Fact ; rdf:subject gfid:jinan ; rdf:predicate gf:partOf ; "
    "rdf:object gfid:shandong ; prov:wasDerivedFrom gfid:doc-001 .",
    "responsible region": "gfid:jinan gf:responsibleFor gfid:task-gfqc-1-1 .",
    "responsible for a region": "gfid:jinan-miit-bureau gf:responsibleFor gfid:jinan .",
    "selected as a region": "gfid:inspur-yunzhou gf:selectedAs gfid:jinan .",
    "located in a platform": "gfid:lingong-heavy gf:locatedIn gfid:inspur-yunzhou .",
    "observation without value": "gfid:o1 a gf:Observation ; gf:measures gfid:ind-5g-base-stations ; "
    'gf:scope gfid:jinan ; gf:year 2023 ; gf:valueKind "target" ; '
    'prov:wasDerivedFrom gfid:doc-003 ; gf:quote "5G基站" .',
    "region serves": "gfid:jinan gf:serves gfid:lingong-heavy .",
}


def _context(store: GraphStore, text: str) -> Graph:
    from loaders.load import _with_context

    g = Graph().parse(data=PREFIX + text, format="turtle")
    return _with_context(store, g)


@pytest.mark.parametrize("case", list(BAD))
def test_bad_data_fails_both_validators(
    scratch_store: GraphStore, tmp_path: Path, case: str
) -> None:
    assert not validate_graph(_context(scratch_store, BAD[case])).conforms, "pyshacl"
    before = (scratch_store.version, scratch_store.count())
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIX + BAD[case], encoding="utf-8")
    with pytest.raises(ValidationError):
        load_rdf_bulk(scratch_store, path, name="bad")
    assert (scratch_store.version, scratch_store.count()) == before


def test_good_data_passes_both(scratch_store: GraphStore) -> None:
    path = ROOT / "data" / "examples" / "extra.ttl"
    n = load_rdf_bulk(scratch_store, path, name="extra")
    assert n == 16
    small = load_file(scratch_store, path, name="extra", dry_run=True)
    assert small.triples == 16


def test_seed_graph_passes_the_sparql_checks(seed_store: GraphStore) -> None:
    import pyoxigraph as ox

    from ontology.checks import run_checks

    assert run_checks(seed_store.ox, ox.NamedNode("https://gongfu-graph.org/graph/seed")) == []
