"""The Neo4j projection over real Bolt: FalkorDB started here, or Neo4j via NEO4J_URI."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from graph.errors import QueryError
from graph.neo4j_bolt import push_graph, run_neo4j
from graph.project_cypher import run_cypher
from graph.project_nx import cached_property_graph
from graph.store import GraphStore
from tests.bolt_server import bolt_server
from tests.conftest import run_gongfu

pytestmark = pytest.mark.bolt


@pytest.fixture(scope="module")
def bolt() -> Iterator[tuple[str, tuple[str, str] | None]]:
    with bolt_server() as server:
        yield server


def _snapshot(uri: str, auth) -> tuple[int, int, list]:
    nodes = run_neo4j(uri, "MATCH (n:Resource) RETURN count(n) AS n", auth=auth, trusted=True).rows[
        0
    ]["n"]
    rels = run_neo4j(
        uri, "MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS n", auth=auth, trusted=True
    ).rows[0]["n"]
    sample = run_neo4j(
        uri,
        "MATCH (p:Platform)-[r:SELECTED_AS]->(t) RETURN p.iri AS p, t.iri AS t, r.quotes AS q "
        "ORDER BY p, t",
        auth=auth,
        trusted=True,
    ).rows
    return nodes, rels, sample


def test_push_is_complete_and_idempotent(seed_store: GraphStore, bolt) -> None:
    uri, auth = bolt
    pg = cached_property_graph(seed_store)
    report = push_graph(pg, uri, auth=auth)
    assert (report.nodes, report.relationships) == (len(pg.nodes), len(pg.edges))
    first = _snapshot(uri, auth)
    assert first[0] == len(pg.nodes) and first[1] == len(pg.edges)
    push_graph(pg, uri, auth=auth)
    assert _snapshot(uri, auth) == first


def test_values_survive_the_round_trip(seed_store: GraphStore, bolt) -> None:
    uri, auth = bolt
    pg = cached_property_graph(seed_store)
    push_graph(pg, uri, auth=auth)
    # strings with apostrophes, backslash-like text and long quote lists come back unchanged
    tricky = [n for n in pg.nodes.values() if "'" in str(n.props.get("note") or "")]
    assert tricky, "the seed graph has notes with apostrophes"
    for node in tricky[:5]:
        rows = run_neo4j(
            uri,
            "MATCH (n:Resource {iri: $iri}) RETURN n.note AS note, n.name AS name",
            auth=auth,
            params={"iri": node.iri},
            trusted=True,
        ).rows
        assert rows == [{"note": node.props["note"], "name": node.props["name"]}]
    longest = max(pg.edges, key=lambda e: len(e.props.get("quotes") or []))
    rows = run_neo4j(
        uri,
        f"MATCH (a {{iri: $s}})-[r:{longest.type}]->(b {{iri: $t}}) RETURN r.quotes AS q",
        auth=auth,
        params={"s": longest.source, "t": longest.target},
        trusted=True,
    ).rows
    assert sorted(rows[0]["q"]) == sorted(longest.props["quotes"])


def test_same_answer_as_the_embedded_engine(seed_store: GraphStore, bolt) -> None:
    uri, auth = bolt
    push_graph(cached_property_graph(seed_store), uri, auth=auth)
    query = (
        "MATCH (p:Platform)-[:SELECTED_AS]->(t {id: 'tier-cross-industry'}) "
        "RETURN p.name AS platform ORDER BY platform"
    )
    remote = run_neo4j(uri, query, auth=auth, trusted=True).rows
    local = run_cypher(seed_store, query).rows
    assert remote == local and len(local) >= 6


def test_writes_and_file_access_are_refused_before_the_server(bolt) -> None:
    uri, auth = bolt
    for text in (
        "MATCH (n) DETACH DELETE n",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "CREATE (n:X)",
    ):
        with pytest.raises(QueryError, match="refused"):
            run_neo4j(uri, text, auth=auth)


def test_cli_push_and_query(cli_store, bolt) -> None:
    uri, auth = bolt
    if auth is not None:
        os.environ.setdefault("NEO4J_USER", auth[0])
        os.environ.setdefault("NEO4J_PASSWORD", auth[1])
    proc = run_gongfu("neo4j", "push", "--uri", uri, store=cli_store, check=True)
    assert "pushed" in proc.stdout and "password" not in proc.stdout.lower()
    typed = run_gongfu(
        "cypher",
        "--neo4j",
        uri,
        "MATCH (n:Platform) RETURN count(n) AS n",
        "--format",
        "json",
        store=cli_store,
    )
    if os.environ.get("NEO4J_URI"):  # Neo4j plans the query (EXPLAIN) and runs it read-only
        assert typed.returncode == 0, typed.stderr
        assert json.loads(typed.stdout)[0]["n"] >= 12
    else:  # FalkorDB cannot say what a typed query does before it runs it: refused
        assert typed.returncode == 1 and "refused" in typed.stderr
        assert len(typed.stderr.strip().splitlines()) == 1
    bad = run_gongfu("cypher", "--neo4j", "http://127.0.0.1:1", "RETURN 1", store=cli_store)
    assert bad.returncode != 0 and "not a Bolt URI" in bad.stderr


def test_pull_reads_back_the_same_graph(seed_store: GraphStore, bolt, tmp_path) -> None:
    """push then pull through the same mapping gives back the same nodes, edges and evidence."""
    from graph.mapping import property_graph
    from loaders.base import commit_graph
    from loaders.neo4j_pull import pull_graph
    from ontology.schema import load_schema

    uri, auth = bolt
    pg = cached_property_graph(seed_store)
    push_graph(pg, uri, auth=auth)
    pulled = pull_graph(uri, auth=auth)
    fresh = GraphStore(tmp_path / "fresh")
    with fresh.write(fresh=True) as writable:
        commit_graph(writable, "ontology", load_schema().graph, file="ontology", validate=False)
        commit_graph(writable, "load/neo4j", pulled, file=uri)
    back = property_graph(fresh)
    assert set(back.nodes) == set(pg.nodes)
    assert {(e.source, e.type, e.target) for e in back.edges} == {
        (e.source, e.type, e.target) for e in pg.edges
    }
    before = {(e.source, e.type, e.target): sorted(e.props["quotes"]) for e in pg.edges}
    after = {(e.source, e.type, e.target): sorted(e.props["quotes"]) for e in back.edges}
    assert after == before
    assert {i: n.props.get("name") for i, n in back.nodes.items()} == {
        i: n.props.get("name") for i, n in pg.nodes.items()
    }


def test_cli_load_from_neo4j(cli_store, bolt) -> None:
    uri, _auth = bolt
    run_gongfu("neo4j", "push", "--uri", uri, store=cli_store, check=True)
    out = json.loads(
        run_gongfu(
            "load", "--from-neo4j", uri, "--dry-run", "--json", store=cli_store, check=True
        ).stdout
    )
    assert out["triples"] > 10_000 and out["dry_run"]


def test_app_cypher_editor_switches_to_neo4j(seed_store: GraphStore, bolt, monkeypatch) -> None:
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    uri, auth = bolt
    push_graph(cached_property_graph(seed_store), uri, auth=auth)
    monkeypatch.setenv("GONGFU_STORE", str(seed_store.root))
    monkeypatch.setenv("GONGFU_NEO4J_URI", uri)
    page = Path(__file__).resolve().parent.parent / "ui" / "pages" / "query.py"
    at = AppTest.from_file(str(page), default_timeout=120).run()
    at.radio(key="cypher_engine").set_value("neo4j").run()
    at.session_state["cypher_text"] = "MATCH (p:Platform) RETURN count(p) AS n"  # as typed
    at.button(key="cypher_run").click().run()
    assert not at.exception
    if not os.environ.get("NEO4J_URI"):  # FalkorDB: a typed query is refused, one clear message
        shown = [e.value for e in at.error]  # in the app's language: "refused" or 拒绝
        assert any("refused" in e or "拒绝" in e for e in shown), shown
        return
    frames = [d.value for d in at.dataframe if "n" in d.value.columns]
    assert frames and int(frames[0]["n"][0]) >= 12


def test_cli_explores_the_bolt_server_as_the_embedded_store(cli_store, bolt) -> None:
    """``gongfu --bolt URI``: search, neighbours and paths answered by the Bolt server, the
    same as the embedded store gives them."""
    uri, auth = bolt
    if auth is not None:
        os.environ.setdefault("NEO4J_USER", auth[0])
        os.environ.setdefault("NEO4J_PASSWORD", auth[1])
    run_gongfu("neo4j", "push", "--uri", uri, store=cli_store, check=True)
    for args in (
        ("search", "langchao", "--json"),
        ("neighbors", "浪潮云洲", "--json"),
        ("path", "临工重机", "济南市工业和信息化局", "--json"),
    ):
        local = json.loads(run_gongfu(*args, store=cli_store, check=True).stdout)
        remote = json.loads(run_gongfu("--bolt", uri, *args, check=True).stdout)
        if args[0] == "path":  # one of the shortest paths: the same length
            assert [p["length"] for p in remote] == [p["length"] for p in local]
        elif args[0] == "neighbors":  # the projection keeps an edge's quotes, not its facts
            for edge in (*remote["edges"], *local["edges"]):
                edge["evidence"] = sorted({e["quote"] for e in edge["evidence"]})
            assert remote == local
        else:
            assert remote == local
    both = run_gongfu("--bolt", uri, "--sparql-endpoint", "http://127.0.0.1:1/q", "stats")
    assert both.returncode != 0 and "not both" in both.stderr
