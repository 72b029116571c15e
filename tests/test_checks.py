"""The SPARQL twins of the shapes agree with pyshacl, and every path of a load runs them.

The reference is pyshacl on the store as it would be after the load (the seed, the
ontology and the load in one rdflib graph): the twins must flag exactly the nodes pyshacl
flags, whether the load's triples stand alone or meet curated ones (a second ``@zh``
label on a seed entity). Each case then goes through the loader three ways, with the same
verdict and the same messages: a small Turtle file (parsed), the same triples as
N-Triples through the bulk path (sliced ``bulk_load`` and the line scan, forced by a zero
threshold), and that N-Triples file written with tabs, where the scan gives up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, Namespace, URIRef

import loaders.bulk
from graph.errors import LoadError, ValidationError
from graph.store import GraphStore
from loaders.load import load_file, load_rdf_bulk
from ontology.checks import CHECKS, run_checks
from ontology.schema import SHAPES_FILE, load_schema
from tests.conftest import ROOT

SH = Namespace("http://www.w3.org/ns/shacl#")
SEED = "https://gongfu-graph.org/graph/seed"
LOAD = "https://gongfu-graph.org/graph/load/case"
ID = "https://gongfu-graph.org/id/"

PREFIX = """@prefix gf: <https://gongfu-graph.org/ontology#> .
@prefix gfid: <https://gongfu-graph.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

SEED_FACT = "gfid:fact-4a726192774bad2c"
SEED_OBS = "gfid:obs-a8880913445c64d1"
FACT = (
    "gfid:f9 a gf:Fact ; rdf:subject gfid:jinan ; rdf:predicate gf:partOf ; "
    'rdf:object gfid:shandong ; gf:quote "济南市" ; prov:wasDerivedFrom gfid:doc-001'
)
OBS = (
    "gfid:o9 a gf:Observation ; gf:measures gfid:ind-5g-private-networks ; gf:scope gfid:jinan ; "
    'gf:year 2023 ; gf:value 12.5 ; gf:valueKind "target" ; prov:wasDerivedFrom gfid:doc-003 ; '
    'gf:quote "5G专网"'
)

# Data that breaks a shape: in the load alone, or only together with the seed.
BAD = {
    "no English label": 'gfid:t1 a gf:Enterprise ; rdfs:label "甲"@zh .',
    "two Chinese labels": 'gfid:t2 a gf:Enterprise ; rdfs:label "甲"@zh , "乙"@zh , "A"@en .',
    "a zh and a zh-CN label": 'gfid:t3 a gf:Enterprise ; rdfs:label "甲"@zh , "乙"@zh-CN , "A"@en .',
    "an entity as a blank node": '[] a gf:Enterprise ; rdfs:label "甲"@zh , "A"@en .',
    "a plain-string alias": 'gfid:t4 a gf:Enterprise ; rdfs:label "甲"@zh , "A"@en ; skos:altLabel "甲公司" .',
    "fact without source": "gfid:f1 a gf:Fact ; rdf:subject gfid:jinan ; rdf:predicate gf:partOf ; "
    'rdf:object gfid:shandong ; gf:quote "济南是省会" .',
    "fact citing a region as its source": FACT + " , gfid:jinan .",
    "fact without quote": "gfid:f2 a gf:Fact ; rdf:subject gfid:jinan ; rdf:predicate gf:partOf ; "
    "rdf:object gfid:shandong ; prov:wasDerivedFrom gfid:doc-001 .",
    "fact with a one-character quote": FACT.replace('"济南市"', '"济"') + " .",
    "fact with a language-tagged quote": FACT.replace('"济南市"', '"济南市"@zh') + " .",
    "fact with two objects": FACT + " ; rdf:object gfid:jinan .",
    "fact with a literal object": FACT.replace("rdf:object gfid:shandong", 'rdf:object "山东"')
    + " .",
    "inferred maybe": FACT + ' ; gf:inferred "maybe"^^xsd:boolean .',
    "inferred twice": FACT + " ; gf:inferred true , false .",
    "amount not a number": FACT + ' ; gf:amount "一百万"^^xsd:decimal .',
    "two amounts": FACT + " ; gf:amount 1.5 , 2.5 .",
    "share above one": FACT + " ; gf:share 1.5 .",
    "responsible region": "gfid:jinan gf:responsibleFor gfid:task-gfqc-1-1 .",
    "responsible for a region": "gfid:jinan-miit-bureau gf:responsibleFor gfid:jinan .",
    "selected as a region": "gfid:inspur-yunzhou gf:selectedAs gfid:jinan .",
    "located in a platform": "gfid:lingong-heavy gf:locatedIn gfid:inspur-yunzhou .",
    "observation without value": OBS.replace("gf:value 12.5 ; ", "") + " .",
    "observation in 1900": OBS.replace("gf:year 2023", "gf:year 1900") + " .",
    "observation with a decimal year": OBS.replace("gf:year 2023", "gf:year 2023.0") + " .",
    "observation of kind 'guess'": OBS.replace('"target"', '"guess"') + " .",
    "observation with two comparators": OBS + ' ; gf:comparator ">" , "<" .',
    "observation of a region": OBS.replace("gfid:ind-5g-private-networks", "gfid:jinan") + " .",
    "observation without source": OBS.replace("prov:wasDerivedFrom gfid:doc-003 ; ", "") + " .",
    "region serves": "gfid:jinan gf:serves gfid:lingong-heavy .",
    # across graphs: the load alone conforms, the store after it would not
    "second @zh label on a seed entity": 'gfid:inspur-yunzhou rdfs:label "第二个名字"@zh .',
    "second @en label on a seed entity": 'gfid:jinan rdfs:label "Quancheng"@en .',
    "zh-CN label on a seed entity": 'gfid:jinan rdfs:label "济南"@zh-CN .',
    "seed entity re-typed and relabelled": 'gfid:jinan a gf:Region ; rdfs:label "泉城"@zh , "Jinan"@en .',
    "plain alias on a seed entity": 'gfid:jinan skos:altLabel "泉城市" .',
    "seed entity typed as a fact": "gfid:jinan a gf:Fact .",
    "second subject on a seed fact": f"{SEED_FACT} rdf:subject gfid:jinan .",
    "second indicator on a seed observation": f"{SEED_OBS} gf:measures gfid:ind-5g-private-networks .",
    "second year on a seed observation": f"{SEED_OBS} gf:year 2031 .",
}

# Data that conforms, alone and beside the seed.
GOOD = {
    "a fact citing a seed document": FACT + " .",
    "an observation of a seed indicator": OBS + " .",
    "a zh-CN label only": 'gfid:t5 a gf:Enterprise ; rdfs:label "甲"@zh-CN , "A"@en .',
    "an alias on a seed entity": 'gfid:jinan skos:altLabel "泉城府"@zh .',
    "the seed's own label restated": 'gfid:jinan a gf:Region ; rdfs:label "济南市"@zh , "Jinan"@en .',
    "a link to a seed entity": 'gfid:t6 a gf:Enterprise ; rdfs:label "丙"@zh , "C"@en ; gf:locatedIn gfid:jinan .',
    "a bare note on a seed fact": f'{SEED_FACT} gf:note "复核过" .',
}


@dataclass
class Reference:
    """pyshacl's side of every comparison: the seed and the ontology in one rdflib graph
    (a load's triples are added for one validation and taken out again), and the shapes."""

    data: Graph
    shapes: Graph


@pytest.fixture(scope="module")
def reference(seed_store: GraphStore) -> Reference:
    quads = seed_store.ox.quads_for_pattern(None, None, None, ox.NamedNode(SEED))
    data = ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES
    )
    graph = Graph().parse(data=data, format="nt")
    graph += load_schema().graph
    return Reference(graph, Graph().parse(SHAPES_FILE, format="turtle"))


def _load_quads(text: str) -> list[ox.Quad]:
    triples = ox.parse(PREFIX + text, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
    return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(LOAD)) for t in triples]


def _pyshacl_focus(reference: Reference, text: str) -> set[str]:
    """The nodes pyshacl flags in the store after the load, at the load's subjects."""
    load = Graph().parse(data=PREFIX + text, format="turtle")
    added = [t for t in load if t not in reference.data]
    subjects = set(load.subjects())
    for t in added:
        reference.data.add(t)
    try:  # (pyshacl's focus_nodes option gives wrong answers with qualified shapes)
        _conforms, results, _text = pyshacl.validate(
            reference.data, shacl_graph=reference.shapes, inference="none"
        )
    finally:
        for t in added:
            reference.data.remove(t)
    flagged = set()
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        if focus in subjects:
            flagged.add(str(focus) if isinstance(focus, URIRef) else "_:")
    return flagged


def _twin_focus(seed_store: GraphStore, text: str) -> set[str]:
    store = ox.Store()
    store.extend(seed_store.ox)
    store.extend(_load_quads(text))
    return {
        focus if not focus.startswith("_:") else "_:"
        for focus, _msg in run_checks(store, ox.NamedNode(LOAD))
    }


@pytest.mark.parametrize("case", list(BAD) + list(GOOD))
def test_twins_flag_the_nodes_pyshacl_flags(
    seed_store: GraphStore, reference: Reference, case: str
) -> None:
    text = BAD.get(case) or GOOD[case]
    expected = _pyshacl_focus(reference, text)
    assert bool(expected) == (case in BAD), f"pyshacl: {expected}"
    assert _twin_focus(seed_store, text) == expected


def _ntriples(turtle: Path) -> bytes:
    """The file as N-Triples, written by Oxigraph (rdflib would rewrite ill-typed literals)."""
    return ox.serialize(ox.parse(path=str(turtle)), format=ox.RdfFormat.N_TRIPLES)


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value).split(": ", 1)[1]


@pytest.mark.parametrize("case", list(BAD))
def test_every_load_path_refuses_the_same(
    scratch_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """Parsed Turtle, the sliced N-Triples bulk load with its scan, and the same bulk load
    where the scan gives up: one verdict, one message; the store untouched."""
    before = (scratch_store.version, scratch_store.count())
    ttl, nt, tabbed = tmp_path / "bad.ttl", tmp_path / "bad.nt", tmp_path / "tabbed.nt"
    ttl.write_text(PREFIX + BAD[case], encoding="utf-8")
    lines = _ntriples(ttl)
    nt.write_bytes(lines)
    tabbed.write_bytes(lines.replace(b"> <", b">\t<"))
    with pytest.raises(ValidationError) as parsed:
        load_rdf_bulk(scratch_store, ttl, name="bad")
    monkeypatch.setattr(loaders.bulk, "BULK_BYTES", 0)
    with pytest.raises(ValidationError) as streamed:
        load_rdf_bulk(scratch_store, nt, name="bad")
    with pytest.raises(ValidationError) as unscanned:
        load_rdf_bulk(scratch_store, tabbed, name="bad")
    if "[]" not in BAD[case]:  # blank node names differ from file to file
        assert _messages(streamed) == _messages(parsed) == _messages(unscanned)
    assert (scratch_store.version, scratch_store.count()) == before


@pytest.mark.parametrize("case", list(GOOD))
def test_every_load_path_accepts_the_same(
    scratch_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    ttl, nt = tmp_path / "good.ttl", tmp_path / "good.nt"
    ttl.write_text(PREFIX + GOOD[case], encoding="utf-8")
    nt.write_bytes(_ntriples(ttl))
    small = load_rdf_bulk(scratch_store, ttl, name="good", dry_run=True)
    monkeypatch.setattr(loaders.bulk, "BULK_BYTES", 0)
    assert load_rdf_bulk(scratch_store, nt, name="good") == small


def test_the_scan_narrows_but_shared_nodes_are_still_checked(
    scratch_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file alone gives jinan one label per language, so the scan passes it; the seed
    gives it another, and the check of the nodes the load shares with the seed finds it."""
    from ontology.stream_checks import ZH_LABEL, NTriplesScan

    nt = tmp_path / "retyped.nt"
    nt.write_bytes(
        Graph()
        .parse(data=PREFIX + BAD["seed entity re-typed and relabelled"], format="turtle")
        .serialize(format="nt", encoding="utf-8")
    )
    scan = NTriplesScan()
    scan.feed(nt.read_bytes().splitlines(keepends=True))
    assert scan.candidates()[ZH_LABEL] == set()
    monkeypatch.setattr(loaders.bulk, "BULK_BYTES", 0)
    with pytest.raises(ValidationError, match=r"jinan: needs exactly one Chinese label"):
        load_rdf_bulk(scratch_store, nt, name="retyped")


def test_good_example_loads_on_every_path(scratch_store: GraphStore) -> None:
    path = ROOT / "data" / "examples" / "extra.ttl"
    assert load_rdf_bulk(scratch_store, path, name="extra") == 16
    assert load_file(scratch_store, path, name="extra", dry_run=True).triples == 16


def test_seed_graph_passes_the_sparql_checks(seed_store: GraphStore) -> None:
    assert run_checks(seed_store.ox, ox.NamedNode(SEED)) == []


def test_a_fact_citing_a_seed_document_passes(scratch_store: GraphStore, tmp_path: Path) -> None:
    """The scan cannot see the seed's documents; the exact check on its candidate can."""
    from ontology.stream_checks import FACT_SOURCE, NTriplesScan

    nt = tmp_path / "fact.nt"
    nt.write_bytes(
        Graph()
        .parse(data=PREFIX + FACT + " .", format="turtle")
        .serialize(format="nt", encoding="utf-8")
    )
    scan = NTriplesScan()
    scan.feed(nt.read_bytes().splitlines(keepends=True))
    assert scan.candidates()[FACT_SOURCE] == {ID + "f9"}
    assert load_rdf_bulk(scratch_store, nt, name="fact") == 6


def test_scan_of_a_clean_synthetic_graph_leaves_nothing_to_recheck(tmp_path: Path) -> None:
    from bench.synth import generate
    from ontology.stream_checks import NODE_CHECKS, NTriplesScan

    assert {check.message for check in CHECKS} >= NODE_CHECKS
    generate(20_000, tmp_path / "graph.nt", seed=3)
    scan = NTriplesScan()
    with (tmp_path / "graph.nt").open("rb") as handle:
        scan.feed(handle)
    found = scan.candidates()
    assert found is not None and set(found) == NODE_CHECKS
    assert all(not nodes for nodes in found.values()), found


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("gf:Region rdfs:subClassOf gf:Agent .", "describe the ontology's own terms"),
        ("gfid:my-class rdfs:subClassOf gf:Enterprise .", "extend the class or property"),
        ('gf:serves rdfs:label "提供服务"@zh .', "describe the ontology's own terms"),
    ],
)
def test_a_load_may_not_change_the_ontology(
    scratch_store: GraphStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    rule: str,
) -> None:
    """The checks read the class hierarchy from the store: a load may not bend it (with
    Region under Agent, a region could issue a policy)."""
    ttl, nt = tmp_path / "onto.ttl", tmp_path / "onto.nt"
    ttl.write_text(PREFIX + text, encoding="utf-8")
    nt.write_bytes(_ntriples(ttl))
    with pytest.raises(ValidationError, match=rule):
        load_rdf_bulk(scratch_store, ttl, name="onto")
    monkeypatch.setattr(loaders.bulk, "BULK_BYTES", 0)
    with pytest.raises(ValidationError, match=rule):
        load_rdf_bulk(scratch_store, nt, name="onto")


@pytest.mark.parametrize(("broken", "named"), [((7,), 7), ((5, 8), 5), ((8, 2), 2)])
def test_syntax_error_names_the_line_of_the_whole_file(
    scratch_store: GraphStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    broken: tuple[int, ...],
    named: int,
) -> None:
    """Slices load side by side; the first broken line of the file is the one named."""
    monkeypatch.setattr(loaders.bulk, "CHUNK_LINES", 3)
    monkeypatch.setattr(loaders.bulk, "BULK_BYTES", 0)
    lines = [f"<https://x.org/a{i}> <https://x.org/p> <https://x.org/b> .\n" for i in range(9)]
    for n in broken:
        lines[n - 1] = f"<https://x.org/a{n}> <https://x.org/p> broken .\n"
    bad = tmp_path / "broken.nt"
    bad.write_text("".join(lines), encoding="utf-8")
    before = (scratch_store.version, scratch_store.count())
    with pytest.raises(LoadError, match=rf"line {named}\b"):
        load_rdf_bulk(scratch_store, bad, name="broken")
    assert (scratch_store.version, scratch_store.count()) == before
