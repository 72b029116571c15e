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


def _messages(exc: ValidationError) -> set[str]:
    return {line for line in str(exc).splitlines()[1:] if line.strip()}


@pytest.mark.parametrize("case", list(BAD))
def test_streamed_ntriples_find_the_same_violations(
    scratch_store: GraphStore, tmp_path: Path, case: str
) -> None:
    """The line scan of N-Triples only narrows the checks: same violations as Turtle."""
    g = Graph().parse(data=PREFIX + BAD[case], format="turtle")
    ttl, nt = tmp_path / "bad.ttl", tmp_path / "bad.nt"
    ttl.write_text(PREFIX + BAD[case], encoding="utf-8")
    nt.write_bytes(g.serialize(format="nt", encoding="utf-8"))
    with pytest.raises(ValidationError) as whole:
        load_rdf_bulk(scratch_store, ttl, name="bad")
    with pytest.raises(ValidationError) as streamed:
        load_rdf_bulk(scratch_store, nt, name="bad")
    assert _messages(streamed.value) == _messages(whole.value)
    # written with tabs the scan gives up, and the full checks still refuse it
    tabbed = tmp_path / "tabbed.nt"
    tabbed.write_bytes(nt.read_bytes().replace(b"> <", b">\t<"))
    with pytest.raises(ValidationError) as untouched:
        load_rdf_bulk(scratch_store, tabbed, name="bad")
    assert _messages(untouched.value) == _messages(whole.value)


GOOD_FACT = (
    "gfid:f9 a gf:Fact ; rdf:subject gfid:jinan ; rdf:predicate gf:partOf ; "
    'rdf:object gfid:shandong ; gf:quote "济南市" ; prov:wasDerivedFrom gfid:doc-001 .'
)


def test_a_fact_citing_a_seed_document_passes(scratch_store: GraphStore, tmp_path: Path) -> None:
    """The scan cannot see the seed's documents; the exact check on its candidate can."""
    from ontology.stream_checks import FACT_SOURCE, NTriplesScan

    nt = tmp_path / "fact.nt"
    nt.write_bytes(
        Graph()
        .parse(data=PREFIX + GOOD_FACT, format="turtle")
        .serialize(format="nt", encoding="utf-8")
    )
    scan = NTriplesScan()
    scan.feed(nt.read_bytes().splitlines(keepends=True))
    assert scan.candidates()[FACT_SOURCE] == {"https://gongfu-graph.org/id/f9"}
    assert load_rdf_bulk(scratch_store, nt, name="fact") == 6


def test_scan_of_a_clean_synthetic_graph_leaves_nothing_to_recheck(tmp_path: Path) -> None:
    from bench.synth import generate
    from ontology.checks import CHECKS
    from ontology.stream_checks import NODE_CHECKS, NTriplesScan

    assert {check.message for check in CHECKS} >= NODE_CHECKS
    generate(20_000, tmp_path / "graph.nt", seed=3)
    scan = NTriplesScan()
    with (tmp_path / "graph.nt").open("rb") as handle:
        scan.feed(handle)
    found = scan.candidates()
    assert found is not None and set(found) == NODE_CHECKS
    assert all(not nodes for nodes in found.values()), found


@pytest.mark.parametrize(("broken", "named"), [((7,), 7), ((5, 8), 5), ((8, 2), 2)])
def test_syntax_error_names_the_line_of_the_whole_file(
    scratch_store: GraphStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    broken: tuple[int, ...],
    named: int,
) -> None:
    """Slices load side by side; the first broken line of the file is the one named."""
    import loaders.bulk
    from graph.errors import LoadError

    monkeypatch.setattr(loaders.bulk, "CHUNK_LINES", 3)
    lines = [f"<https://x.org/a{i}> <https://x.org/p> <https://x.org/b> .\n" for i in range(9)]
    for n in broken:
        lines[n - 1] = f"<https://x.org/a{n}> <https://x.org/p> broken .\n"
    bad = tmp_path / "broken.nt"
    bad.write_text("".join(lines), encoding="utf-8")
    before = (scratch_store.version, scratch_store.count())
    with pytest.raises(LoadError, match=rf"line {named}\b"):
        load_rdf_bulk(scratch_store, bad, name="broken")
    assert (scratch_store.version, scratch_store.count()) == before
