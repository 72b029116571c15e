"""The SPARQL 1.1 Protocol as servers speak it, on real servers started here on 127.0.0.1:
Oxigraph server (Graph Store Protocol, ``/update``) and Virtuoso 7 (updates at ``/sparql``,
a compiler that refuses big ``INSERT DATA``, results capped at 10,000 rows)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import GongfuError
from graph.query import run_sparql
from graph.remote import RemoteStore, push_to_endpoint
from graph.store import GraphStore
from tests.conftest import run_gongfu
from tests.servers import virtuoso
from tests.servers.oxigraph import oxigraph_server

SEARCH_KEY = "https://gongfu-graph.org/ontology#searchKey"


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    with oxigraph_server() as base:
        yield base


@pytest.fixture(scope="module")
def pushed(oxigraph: str, cli_store: Path) -> str:
    """The CLI's store pushed by ``gongfu push`` (the Graph Store it finds at …/store)."""
    out = run_gongfu("push", "--sparql-endpoint", f"{oxigraph}/query", store=cli_store, check=True)
    assert "graph store protocol" in out.stdout and f"{oxigraph}/store" in out.stdout
    return f"{oxigraph}/query"


@pytest.fixture(scope="module")
def virtuoso_pushed(cli_store: Path) -> Iterator[tuple[virtuoso.Virtuoso, str]]:
    """Virtuoso in its own folder, loaded through ``gongfu push`` (it finds the update URL)."""
    if not virtuoso.available():
        pytest.fail("virtuoso-opensource is not installed: run 'make system-deps'")
    with virtuoso.virtuoso_server() as server:
        out = run_gongfu("push", "--sparql-endpoint", server.sparql, store=cli_store, check=True)
        yield server, out.stdout + out.stderr


def test_push_copies_every_graph_and_is_idempotent(
    pushed: str, seed_store: GraphStore, oxigraph: str
) -> None:
    remote = RemoteStore(pushed, version_ttl=0)
    keys = len(list(remote.query(f"SELECT ?e ?k WHERE {{ ?e <{SEARCH_KEY}> ?k }}")))
    assert keys > 1000  # the search keys travel with the graphs
    assert remote.count() == seed_store.count()
    assert set(remote.graph_names()) == set(seed_store.graph_names())
    report = push_to_endpoint(seed_store, pushed, update_url=f"{oxigraph}/update")
    assert report.how == "sparql update" and report.found == "given"
    assert remote.count() == seed_store.count()


def test_every_method_of_the_protocol_answers(pushed: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://gongfu-graph.org/ontology#Platform> }"
    long = query.replace("WHERE {", "WHERE { " + "# padding\n" * 300)
    counts = {
        (method, len(text) > 2000): int(
            next(iter(RemoteStore(pushed, method=method).query(text)))["n"].value
        )
        for method in ("auto", "form", "direct")
        for text in (query, long)
    }
    assert len(set(counts.values())) == 1 and next(iter(counts.values())) >= 12


def test_cli_reads_from_the_endpoint(pushed: str, cli_store: Path) -> None:
    local = json.loads(
        run_gongfu("ask", "plan-tasks", "--format", "json", store=cli_store, check=True).stdout
    )
    remote = json.loads(
        run_gongfu(
            "--sparql-endpoint", pushed, "ask", "plan-tasks", "--format", "json", check=True
        ).stdout
    )
    assert remote == local
    stats = json.loads(
        run_gongfu("--sparql-endpoint", pushed, "stats", "--json", check=True).stdout
    )
    assert stats["classes"]["Platform"] >= 12
    refused = run_gongfu("--sparql-endpoint", pushed, "sparql", "INSERT DATA { <a:a> <a:b> <a:c> }")
    assert refused.returncode != 0 and "read-only" in refused.stderr


def test_push_without_a_way_to_write_says_so(oxigraph: str, cli_store: Path) -> None:
    out = run_gongfu("push", "--sparql-endpoint", f"{oxigraph}/nowhere/query", store=cli_store)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "--update-endpoint" in out.stderr


def test_virtuoso_push_finds_the_update_url_and_backs_off(
    virtuoso_pushed: tuple[virtuoso.Virtuoso, str], seed_store: GraphStore
) -> None:
    server, output = virtuoso_pushed
    assert f"by sparql update at {server.sparql} (discovered" in output
    assert "the server refused 5000 triples at once" in output  # its compiler's limit
    remote = RemoteStore(server.sparql, version_ttl=0)
    before = remote.count()
    assert set(remote.graph_names()) == set(seed_store.graph_names())
    assert before >= seed_store.count()
    push_to_endpoint(seed_store, server.sparql, update_url=server.sparql, batch=1000)
    assert remote.count() == before  # a second push leaves the server as the first


def test_virtuoso_results_are_paged_past_its_row_cap(
    virtuoso_pushed: tuple[virtuoso.Virtuoso, str], seed_store: GraphStore
) -> None:
    server, _ = virtuoso_pushed
    remote = RemoteStore(server.sparql, max_rows=100_000)
    text = "SELECT ?s ?p ?o WHERE { GRAPH <https://gongfu-graph.org/graph/seed> { ?s ?p ?o } }"
    rows = list(remote.query(text))
    assert remote.row_cap == 10_000 and len(rows) > 20_000
    assert len({(r["s"], r["p"], r["o"]) for r in rows}) == len(rows)
    local = len(
        list(
            seed_store.ox.quads_for_pattern(
                None,
                None,
                None,
                next(g for g in seed_store.ox.named_graphs() if g.value.endswith("/seed")),
            )
        )
    )
    assert len(rows) == local
    assert len(list(RemoteStore(server.sparql).query(text))) == 20_000  # paging's own cap
    # a caller keeping 10,000 rows is not made to wait for pages it drops (each page runs
    # the whole query again), and learns that the server holds more
    asked: list[str] = []
    fetch = remote._fetch
    remote._fetch = lambda q: asked.append(q) or fetch(q)  # type: ignore[method-assign]
    first = run_sparql(remote, text, trusted=True, row_limit=10_000)
    assert len(first.rows) == 10_000 and first.truncated and len(asked) == 1
    every = run_sparql(remote, text, trusted=True, row_limit=local + 1)
    assert len(every.rows) == local and not every.truncated


def test_virtuoso_errors_are_one_line_and_updates_are_refused(
    virtuoso_pushed: tuple[virtuoso.Virtuoso, str],
) -> None:
    server, _ = virtuoso_pushed
    bad = run_gongfu("--sparql-endpoint", server.sparql, "sparql", "SELECT ?x WHERE { ?x ?y }")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1
    sneaky = run_gongfu(
        "--sparql-endpoint", server.sparql, "sparql", "INSERT DATA { <a:a> <a:b> <a:c> }"
    )
    assert sneaky.returncode == 1 and "read-only" in sneaky.stderr
    remote = RemoteStore(server.sparql)
    assert not list(remote.query("SELECT ?o WHERE { <a:a> <a:b> ?o }"))
    with pytest.raises((GongfuError, SyntaxError)) as caught:
        remote.select("SELECT ?x WHERE { ?x ?y }")
    assert "\n" not in str(caught.value) and "Virtuoso 37000 Error SP030" in str(caught.value)
    # joins made as written: Virtuoso (named in its answers) is told so in its own words
    assert remote.product.startswith("Virtuoso/")
    ask = "SELECT ?s WHERE { ?s a <https://gongfu-graph.org/ontology#Platform> } ORDER BY ?s"
    assert remote.select(ask, as_written=True) == remote.select(ask) != []
    # a short query goes by GET: the line names the endpoint, not the whole encoded query
    assert f"the endpoint {server.sparql} answered 400" in str(caught.value)


def test_cli_explores_virtuoso_as_the_embedded_store(
    virtuoso_pushed: tuple[virtuoso.Virtuoso, str], cli_store: Path
) -> None:
    server, _ = virtuoso_pushed
    for args in (
        ("search", "langchao", "--json"),
        ("neighbors", "浪潮云洲", "--hops", "2", "--limit", "40", "--json"),
        ("path", "临工重机", "济南市工业和信息化局", "--json"),
    ):
        local = json.loads(run_gongfu(*args, store=cli_store, check=True).stdout)
        remote = json.loads(
            run_gongfu("--sparql-endpoint", server.sparql, *args, check=True).stdout
        )
        if args[0] == "path":  # one of the shortest paths: the same length
            assert [p["length"] for p in remote] == [p["length"] for p in local]
        else:
            assert remote == local


def test_a_hubs_details_are_capped_on_a_server(
    virtuoso_pushed: tuple[virtuoso.Virtuoso, str], seed_store: GraphStore
) -> None:
    from graph.backends.sparql import DETAILS_CAP
    from graph.explore import entity_details

    server, _ = virtuoso_pushed
    doc = "https://gongfu-graph.org/id/doc-004"  # the seed's best-linked entity
    whole = entity_details(seed_store, doc)
    capped = entity_details(RemoteStore(server.sparql), doc)  # type: ignore[arg-type]
    assert len(whole.relations) > DETAILS_CAP == len(capped.relations)
    assert capped.omitted_relations == len(whole.relations) - DETAILS_CAP
    mine = {(r.direction, r.type, r.other) for r in capped.relations}
    assert mine <= {(r.direction, r.type, r.other) for r in whole.relations}
