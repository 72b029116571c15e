"""The app answered by a SPARQL server: Virtuoso 7 started here, loaded by ``gongfu push``,
and the app started with ``GONGFU_SPARQL_ENDPOINT``. Every page works from bounded queries:
the app never pulls the whole graph (``graph.project_nx`` refuses a server outright, so a
page that tried would show an error here)."""

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
)
from tests.conftest import run_gongfu
from tests.servers import virtuoso

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_app(cli_store: Path) -> Iterator[str]:
    """Virtuoso holding the CLI's store (pushed), and the app reading from it."""
    if not virtuoso.available():
        pytest.fail("virtuoso-opensource is not installed: run 'make system-deps'")
    with virtuoso.virtuoso_server() as server:
        run_gongfu("push", "--sparql-endpoint", server.sparql, store=cli_store, check=True)
        env = {"GONGFU_SPARQL_ENDPOINT": server.sparql, "GONGFU_STORE": "/nonexistent"}
        with running_app(env, log_name="streamlit-virtuoso.log") as base:
            yield base


@pytest.fixture()
def spage(browser, server_app: str) -> Iterator[object]:
    with checked_page(browser, server_app) as pg:
        yield pg


@pytest.mark.parametrize("path", ["/", "/questions", "/paths", "/schema", "/sources", "/query"])
def test_every_page_renders_from_the_server(spage, path: str) -> None:
    render(spage, path, drawn=("/", "/schema"), prefix="server-")


def test_search_open_and_expand_on_the_server(spage) -> None:
    search_open_and_expand(spage, "server-explore")


def test_a_named_question_and_its_graph_on_the_server(spage) -> None:
    spage.goto(spage.base + "/questions")
    _wait_idle(spage)
    spage.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    spage.get_by_role("tab", name="图").first.click()
    assert _network_labels(spage, min_count=2)
