"""The app answered by a SPARQL server: Virtuoso 7 started here, loaded by ``gongfu push``,
and the app started with ``GONGFU_SPARQL_ENDPOINT``. Every page works from bounded queries:
the app never pulls the whole graph (``graph.project_nx`` refuses a server outright, so a
page that tried would show an error here)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, checked_page, running_app
from tests.browser.test_app_browser import _network_labels, _wait_idle
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
    spage.goto(spage.base + path)
    _wait_idle(spage)
    spage.wait_for_timeout(1500)
    name = path.strip("/") or "overview"
    spage.screenshot(path=str(ARTIFACTS / f"server-{name}.png"), full_page=True)
    if path in ("/", "/schema"):
        assert _network_labels(spage, min_count=2)


def test_search_open_and_expand_on_the_server(spage) -> None:
    spage.goto(spage.base + "/explore")
    box = spage.get_by_label("搜索实体（中文名、别名、英文或拼音）")
    box.fill("浪潮云洲")
    box.press("Enter")
    spage.get_by_text("浪潮云洲工业互联网平台 · 工业互联网平台").first.wait_for(timeout=60_000)
    spage.get_by_role("button", name="打开").click()
    _wait_idle(spage)
    labels = _network_labels(spage, min_count=5)
    assert "浪潮云洲工业互联网平台" in labels and "济南市" in labels
    before = len(labels)
    spage.locator("[data-testid='stSelectbox']").filter(has_text="视图中的节点").click()
    spage.keyboard.type("济南市 · 地区")
    spage.keyboard.press("Enter")
    _wait_idle(spage)
    spage.get_by_role("button", name="展开邻居").click()
    spage.wait_for_url(re.compile(r".*focus=inspur-yunzhou(%2C|,)jinan.*"), timeout=60_000)
    _wait_idle(spage)
    assert len(_network_labels(spage, min_count=before + 1)) > before
    spage.screenshot(path=str(ARTIFACTS / "server-explore.png"), full_page=True)


def test_a_named_question_and_its_graph_on_the_server(spage) -> None:
    spage.goto(spage.base + "/questions")
    _wait_idle(spage)
    spage.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    spage.get_by_role("tab", name="图").first.click()
    assert _network_labels(spage, min_count=2)
