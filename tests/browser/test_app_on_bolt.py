"""The app answered by a Bolt server: FalkorDB started here, loaded by the Bolt push,
and the app started with ``GONGFU_BOLT_URI``. Every page answers from the server in Cypher
(the Load page says that loads go through the local store and a push)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.neo4j_bolt import push_graph
from graph.project_nx import cached_property_graph
from graph.store import GraphStore
from tests.bolt_server import bolt_server
from tests.browser.conftest import checked_page, running_app
from tests.browser.test_app_browser import (
    _network_labels,
    _wait_idle,
    render,
    search_open_and_expand,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bolt_app(cli_store: Path) -> Iterator[str]:
    """FalkorDB holding the CLI's store (pushed), and the app reading from it."""
    with bolt_server() as (uri, auth):
        env = {"GONGFU_BOLT_URI": uri, "GONGFU_STORE": "/nonexistent"}
        if auth:
            env |= {"NEO4J_USER": auth[0], "NEO4J_PASSWORD": auth[1]}
        push_graph(cached_property_graph(GraphStore(cli_store)), uri, auth=auth)
        with running_app(env, log_name="streamlit-bolt.log") as base:
            yield base


@pytest.fixture()
def bpage(browser, bolt_app: str) -> Iterator[object]:
    with checked_page(browser, bolt_app) as pg:
        yield pg


@pytest.mark.parametrize("path", ["/", "/questions", "/paths", "/schema", "/sources", "/load"])
def test_every_page_renders_from_the_bolt_server(bpage, path: str) -> None:
    render(bpage, path, drawn=("/", "/schema"), prefix="bolt-")


def test_search_open_and_expand_on_the_bolt_server(bpage) -> None:
    search_open_and_expand(bpage, "bolt-explore")


def test_a_named_question_and_its_graph_on_the_bolt_server(bpage) -> None:
    bpage.goto(bpage.base + "/questions")
    _wait_idle(bpage)
    bpage.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    assert bpage.get_by_text("CYPHER").count() >= 1  # answered by the server, in Cypher
    bpage.get_by_role("tab", name="图").first.click()
    assert _network_labels(bpage, min_count=2)


def test_a_quote_found_and_read_on_the_bolt_server(bpage) -> None:
    """Quote search and the source reader work from the quotes the server keeps per link."""
    bpage.goto(bpage.base + "/sources")
    box = bpage.get_by_label("搜索原文引语")
    box.fill("五区叠加")
    box.press("Enter")
    bpage.locator("mark", has_text="五区叠加").first.wait_for(timeout=60_000)
    bpage.get_by_role("button", name="阅读原文段落").first.click()
    _wait_idle(bpage)
    paragraph = bpage.locator("#quote")
    paragraph.wait_for(timeout=60_000)
    assert "五区叠加" in paragraph.inner_text()
