"""Every backend gives the embedded store's answer: the same suite on each real server.

Each server is started once for this file on 127.0.0.1 and loaded with the seed store
(``push_to_endpoint`` for the SPARQL servers, the Bolt push for FalkorDB); the public
functions of ``graph.explore`` and the named questions are then asked of it and of the
embedded store, and must agree.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest

from graph import explore
from graph.backends import backend_for
from graph.questions import load_questions, run_question
from graph.store import GraphStore
from tests.servers import virtuoso

ID = "https://gongfu-graph.org/id/"
SERVERS = ("oxigraph", "virtuoso", "falkordb")
HUB = ID + "inspur-yunzhou"
FOCI = [HUB, ID + "jinan", ID + "gongfu-quancheng-plan"]


def _start(name: str, stack: contextlib.ExitStack, seed: GraphStore) -> object:
    from graph.remote import RemoteStore, push_to_endpoint

    if name == "oxigraph":
        from tests.servers.oxigraph import oxigraph_server

        base = stack.enter_context(oxigraph_server())
        push_to_endpoint(seed, f"{base}/query")
        return RemoteStore(f"{base}/query")
    if name == "virtuoso":
        if not virtuoso.available():
            pytest.fail("virtuoso-opensource is not installed: run 'make system-deps'")
        server = stack.enter_context(virtuoso.virtuoso_server())
        push_to_endpoint(seed, server.sparql, update_url=server.sparql, batch=1000)
        return RemoteStore(server.sparql)
    if name == "falkordb":
        from graph.backends.bolt import BoltStore
        from graph.neo4j_bolt import push_graph
        from graph.project_nx import cached_property_graph
        from tests.bolt_server import bolt_server

        uri, auth = stack.enter_context(bolt_server())
        push_graph(cached_property_graph(seed), uri, auth=auth)
        return BoltStore(uri, auth=auth)
    raise ValueError(name)


@pytest.fixture(scope="module")
def servers(seed_store: GraphStore) -> Iterator[Callable[[str], object]]:
    """Start each server on first use, once for the module; stop them all at its end."""
    started: dict[str, object] = {}
    with contextlib.ExitStack() as stack:

        def get(name: str) -> object:
            if name not in started:
                started[name] = _start(name, stack, seed_store)
            return started[name]

        yield get


@pytest.fixture(params=SERVERS)
def remote(request: pytest.FixtureRequest, servers: Callable[[str], object]) -> object:
    return servers(request.param)


#: questions whose current text a server cannot answer as it is (strict: a fix shows here)
KNOWN: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("name", list(load_questions()))
def test_every_named_question(
    remote: object, seed_store: GraphStore, name: str, request: pytest.FixtureRequest
) -> None:
    server = request.node.callspec.params["remote"]
    if (server, name) in KNOWN:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN[(server, name)]))
    ours = backend_for(remote).question(name)
    assert ours.rows == run_question(seed_store, name).rows
    assert ours.rows or name in {"people"}  # a question that finds nothing proves little


@pytest.mark.parametrize(
    "text", ["langchao", "浪潮", "lcyz", "Inspur", "济南市", "工业互联网平台", "haier", "高新区"]
)
def test_search(remote: object, seed_store: GraphStore, text: str) -> None:
    def hits(store: object) -> list[tuple]:
        return [(h.iri, h.how, h.score, h.matched) for h in explore.find(store, text, limit=15)]  # type: ignore[arg-type]

    assert hits(remote) == hits(seed_store)
    assert hits(remote)
    platforms = explore.find(remote, text, classes={"Platform"})  # type: ignore[arg-type]
    assert [h.iri for h in platforms] == [
        h.iri for h in explore.find(seed_store, text, classes={"Platform"})
    ]


@pytest.mark.parametrize("focus", FOCI)
@pytest.mark.parametrize(("hops", "limit"), [(1, 8), (2, 40), (3, 120)])
def test_neighbourhood(
    remote: object, seed_store: GraphStore, focus: str, hops: int, limit: int
) -> None:
    ours = explore.neighbours(remote, focus, hops=hops, limit=limit)  # type: ignore[arg-type]
    theirs = explore.neighbours(seed_store, focus, hops=hops, limit=limit)
    assert ours == theirs
    assert explore.neighbour_rows(remote, focus, hops=hops, limit=limit) == (  # type: ignore[arg-type]
        explore.neighbour_rows(seed_store, focus, hops=hops, limit=limit)
    )
    assert explore.subgraph_rows(remote, ours) == explore.subgraph_rows(seed_store, theirs)  # type: ignore[arg-type]


def test_neighbourhood_with_filters_and_the_explorer_view(
    remote: object, seed_store: GraphStore
) -> None:
    for kwargs in (
        {"classes": {"Enterprise", "Platform"}},
        {"relations": {"SERVES", "EMPOWERS", "OPERATED_BY"}},
        {"classes": {"Region", "GovernmentBody"}, "relations": {"LOCATED_IN", "PART_OF"}},
    ):
        for focus in FOCI[:2]:
            assert explore.neighbours(remote, focus, hops=2, limit=60, **kwargs) == (  # type: ignore[arg-type]
                explore.neighbours(seed_store, focus, hops=2, limit=60, **kwargs)
            )
    view = {
        "focus": [HUB, ID + "jinan"],
        "hops": 2,
        "limit": 90,
        "removed": {ID + "inspur-group"},
    }
    assert explore.view_subgraph(remote, **view) == explore.view_subgraph(seed_store, **view)  # type: ignore[arg-type]
    assert explore.view_subgraph(remote, **view, classes={"Enterprise"}) == (  # type: ignore[arg-type]
        explore.view_subgraph(seed_store, **view, classes={"Enterprise"})
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("临工重机", "济南市工业和信息化局"),
        ("浪潮云洲", "海尔卡奥斯"),
        (ID + "jinan-hitech-zone", ID + "gongfu-quancheng-plan"),
    ],
)
def test_paths(remote: object, seed_store: GraphStore, a: str, b: str) -> None:
    ours = explore.paths_between(remote, a, b, max_hops=6)  # type: ignore[arg-type]
    theirs = explore.paths_between(seed_store, a, b, max_hops=6)
    assert [len(p) for p in ours] == [len(p) for p in theirs] and theirs
    path = ours[0]  # one of the shortest; every step an edge of the graph
    for step in path.steps:
        assert (step.source, step.target, step.type) in set(
            backend_for(seed_store).edges_among([step.source, step.target])
        )
    every = explore.paths_between(remote, a, b, max_hops=len(theirs[0]) + 1, every=True)  # type: ignore[arg-type]
    expected = explore.paths_between(seed_store, a, b, max_hops=len(theirs[0]) + 1, every=True)
    assert sorted(p.nodes for p in every) == sorted(p.nodes for p in expected)
    assert {s for p in every for s in p.steps} == {s for p in expected for s in p.steps}
    rows = explore.path_rows(remote, every)  # type: ignore[arg-type]
    assert sorted(map(str, rows)) == sorted(
        map(str, explore.path_rows(seed_store, every))  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "name", ["浪潮云洲", "jinan", "jinan-miit-bureau", "gongfu-quancheng-plan", "临工重机"]
)
def test_entity_details(remote: object, seed_store: GraphStore, name: str) -> None:
    ours = explore.entity_details(remote, name)  # type: ignore[arg-type]
    assert ours.as_dict() == explore.entity_details(seed_store, name).as_dict()
    assert ours.relations and any(r.quotes for r in ours.relations)


def test_subgraph_for_export(remote: object, seed_store: GraphStore) -> None:
    sub = explore.view_subgraph(seed_store, [HUB], hops=2, limit=80)
    ours, _g = explore.export_graph(remote, sub)  # type: ignore[arg-type]
    theirs = backend_for(seed_store).subgraph(sub.nodes)
    assert {i: (n.label, n.props) for i, n in ours.nodes.items()} == {
        i: (n.label, n.props) for i, n in theirs.nodes.items()
    }
    assert [(e.source, e.type, e.target, e.props) for e in ours.edges] == [
        (e.source, e.type, e.target, e.props) for e in theirs.edges
    ]
    assert len(ours.nodes) == len(sub.nodes) and ours.edges


def test_counts(remote: object, seed_store: GraphStore) -> None:
    ours, theirs = backend_for(remote).counts(), backend_for(seed_store).counts()
    if backend_for(remote).kind == "bolt":  # a property graph: one class per node, no facts
        from collections import Counter

        from graph.project_nx import cached_property_graph

        pg = cached_property_graph(seed_store)
        assert ours.relations == dict(sorted(Counter(e.type for e in pg.edges).items()))
        assert ours.classes == dict(sorted(Counter(n.label for n in pg.nodes.values()).items()))
        return
    assert ours.classes == theirs.classes and ours.relations == theirs.relations
    assert (ours.facts, ours.inferred_facts) == (theirs.facts, theirs.inferred_facts)
