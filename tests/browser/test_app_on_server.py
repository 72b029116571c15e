"""The app answered by a server: Virtuoso 7 loaded by ``gongfu push`` and started with
``GONGFU_SPARQL_ENDPOINT``, and FalkorDB loaded by the Bolt push and started with
``GONGFU_BOLT_URI``. Every page works from bounded queries: the app never pulls the whole
graph (``graph.project_nx`` refuses a server outright, so a page that tried would show an
error here); on the Bolt server it answers in Cypher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import checked_page, running_app
from tests.browser.test_app_browser import (
    _network_labels,
    _wait_idle,
    render,
    search_open_and_expand,
    search_quote_and_read,
)
from tests.conftest import run_gongfu
from tests.servers import virtuoso

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["virtuoso", "bolt"])
def server_app(request: pytest.FixtureRequest, cli_store: Path) -> Iterator[str]:
    """A server holding the CLI's store, and the app reading from it."""
    if request.param == "virtuoso":
        if not virtuoso.available():
            pytest.fail("virtuoso-opensource is not installed: run 'make system-deps'")
        with virtuoso.virtuoso_server() as server:
            run_gongfu("push", "--sparql-endpoint", server.sparql, store=cli_store, check=True)
            env = {"GONGFU_SPARQL_ENDPOINT": server.sparql, "GONGFU_STORE": "/nonexistent"}
            with running_app(env, log_name="streamlit-virtuoso.log") as base:
                yield base
        return
    from graph.neo4j_bolt import push_graph
    from graph.project_nx import cached_property_graph
    from graph.store import GraphStore
    from tests.bolt_server import bolt_server

    with bolt_server() as (uri, auth):
        push_graph(cached_property_graph(GraphStore(cli_store)), uri, auth=auth)
        env = {"GONGFU_BOLT_URI": uri, "GONGFU_STORE": "/nonexistent"}
        if auth:
            env |= {"NEO4J_USER": auth[0], "NEO4J_PASSWORD": auth[1]}
        with running_app(env, log_name="streamlit-bolt.log") as base:
            yield base


@pytest.fixture()
def spage(browser, server_app: str, request: pytest.FixtureRequest) -> Iterator[object]:
    with checked_page(browser, server_app) as pg:
        pg.server = request.node.callspec.params["server_app"]  # type: ignore[attr-defined]
        yield pg


@pytest.mark.parametrize(
    "path", ["/", "/questions", "/paths", "/schema", "/sources", "/query", "/load"]
)
def test_every_page_renders_from_the_server(spage, path: str) -> None:
    render(spage, path, drawn=("/", "/schema"), prefix=f"{spage.server}-")


def test_search_open_and_expand_on_the_server(spage) -> None:
    search_open_and_expand(spage, f"{spage.server}-explore")


def test_a_named_question_and_its_graph_on_the_server(spage) -> None:
    spage.goto(spage.base + "/questions")
    _wait_idle(spage)
    spage.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    language = "CYPHER" if spage.server == "bolt" else "SPARQL"
    assert spage.get_by_text(language).count() >= 1  # answered by the server, in its language
    spage.get_by_role("tab", name="图").first.click()
    assert _network_labels(spage, min_count=2)


def test_a_quote_found_and_read_on_the_server(spage) -> None:
    """Quote search and the source reader (on Bolt, from the quotes kept per link)."""
    search_quote_and_read(spage, "五区叠加")
