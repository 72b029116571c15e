"""The first page's bounded answers agree with the full projection and the named question."""

from __future__ import annotations

from graph.mapping import property_graph
from graph.overview import tier_platforms
from graph.project_nx import cached_property_graph
from graph.questions import run_question
from graph.store import GraphStore

TIER = "https://gongfu-graph.org/id/tier-cross-industry"


def test_tier_platforms_count_what_the_question_lists(seed_store: GraphStore) -> None:
    platforms = tier_platforms(seed_store, TIER, sample=3)
    by_name = {p.name: p for p in platforms}
    assert "浪潮云洲工业互联网平台" in by_name
    rows = run_question(seed_store, "platform-serves").rows
    for p in platforms:
        mine = [r for r in rows if r["platform"] == p.name]
        assert p.serves == sum(r["relation"] == "SERVES" for r in mine), p.name
        assert p.empowers == sum(r["relation"] == "EMPOWERS" for r in mine), p.name
        assert len(p.sample) == min(3, p.links)
    assert [p.links for p in platforms] == sorted((p.links for p in platforms), reverse=True)


def test_property_graph_of_a_few_nodes_is_the_full_one_cut_down(seed_store: GraphStore) -> None:
    full = cached_property_graph(seed_store)
    platforms = tier_platforms(seed_store, TIER, sample=4)
    iris = {TIER, *(p.iri for p in platforms), *(x for p in platforms for x in p.sample)}
    small = property_graph(seed_store, only=iris)
    assert set(small.nodes) == {i for i in iris if i in full.nodes}
    for iri, node in small.nodes.items():
        assert (node.label, node.props) == (full.nodes[iri].label, full.nodes[iri].props), iri
    expected = [
        (e.source, e.type, e.target, e.props)
        for e in full.edges
        if e.source in small.nodes and e.target in small.nodes
    ]
    assert [(e.source, e.type, e.target, e.props) for e in small.edges] == expected
    assert any(e.props["quotes"] for e in small.edges)
