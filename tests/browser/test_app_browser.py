"""The explorer in headless chromium: search, neighbourhood, expand, queries, every page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

# the graph canvas (ui/graph_view) names its nodes through a test hook; pyvis pages
# (the schema) through their global vis.js network
NETWORK_LABELS = """() => (window.__ggCanvas && Object.keys(window.__ggCanvas).length)
    ? Object.values(window.__ggCanvas).flatMap(c => c.names())
    : (typeof network !== 'undefined' && network.body)
    ? network.body.data.nodes.get().map(n => n.label) : null"""


def _network_labels(page, min_count: int = 1, timeout_s: float = 30) -> list[str]:
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                labels = frame.evaluate(NETWORK_LABELS)
            except Exception:  # a frame still loading
                labels = None
            if labels and len(labels) >= min_count:
                return labels
        page.wait_for_timeout(300)
    raise AssertionError("no vis.js network found in any iframe")


def _wait_idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)


def test_search_open_neighbourhood_and_expand(page) -> None:
    search_open_and_expand(page, "explore")


def search_open_and_expand(page, shot: str) -> None:
    """Search 浪潮云洲, open it, expand 济南市 from the node list: what an analyst does
    first on any backend."""
    page.goto(page.base + "/explore")
    box = page.get_by_label("搜索实体（中文名、别名、英文或拼音）")
    box.fill("浪潮云洲")
    box.press("Enter")
    page.get_by_text("浪潮云洲工业互联网平台 · 工业互联网平台").first.wait_for(timeout=60_000)
    page.get_by_role("button", name="打开").click()
    _wait_idle(page)
    labels = _network_labels(page, min_count=5)
    assert "浪潮云洲工业互联网平台" in labels
    assert "浪潮服务器业务" in labels and "济南市" in labels
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    before = len(labels)
    # expand 济南市 from the node list: its neighbours join the view
    page.locator("[data-testid='stSelectbox']").filter(has_text="视图中的节点").click()
    page.keyboard.type("济南市 · 地区")
    page.keyboard.press("Enter")
    _wait_idle(page)
    page.get_by_role("button", name="展开邻居").click()
    page.wait_for_url(re.compile(r".*focus=inspur-yunzhou(%2C|,)jinan.*"), timeout=60_000)
    _wait_idle(page)
    after = _network_labels(page, min_count=before + 1)
    assert len(after) > before
    page.screenshot(path=str(ARTIFACTS / f"{shot}-expanded.png"), full_page=True)


def test_shared_url_reopens_the_view(page) -> None:
    page.goto(page.base + "/explore?focus=lingong-heavy&hops=2")
    labels = _network_labels(page, min_count=3)
    assert "临工重机股份有限公司" in labels


def test_sparql_and_cypher_examples(page) -> None:
    page.goto(page.base + "/query")
    page.get_by_role("button", name="运行").first.click()
    _wait_idle(page)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    page.get_by_text("7 行").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Cypher").click()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "query-cypher-tab.png"), full_page=True)
    page.locator("[data-testid='stTabPanel']:visible button", has_text="运行").click()
    _wait_idle(page)
    page.locator("[data-testid='stTabPanel']:visible [data-testid='stDataFrame']").wait_for(
        timeout=60_000
    )
    page.locator("[data-testid='stTabPanel']:visible").get_by_text("7 行").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "query.png"), full_page=True)


@pytest.mark.parametrize("path", ["/", "/questions", "/paths", "/schema", "/sources"])
def test_every_page_renders_without_errors(page, path: str) -> None:
    render(page, path, drawn=("/", "/paths", "/schema"))


def render(page, path: str, *, drawn: tuple[str, ...], prefix: str = "") -> None:
    """Open a page, let it settle, keep a screenshot; the pages in ``drawn`` must draw a
    graph (the page fixture fails on any error shown)."""
    page.goto(page.base + path)
    _wait_idle(page)
    page.wait_for_timeout(1500)
    name = path.strip("/") or "overview"
    page.screenshot(path=str(ARTIFACTS / f"{prefix}{name}.png"), full_page=True)
    if path in drawn:
        assert _network_labels(page, min_count=2)


def test_upload_preview_confirm_see_and_remove(page) -> None:
    from tests.conftest import ROOT

    examples = ROOT / "data" / "examples"
    page.goto(page.base + "/load")
    inputs = page.locator("input[type='file']")
    chips = page.locator("[data-testid='stFileChip']")
    inputs.nth(0).set_input_files(str(examples / "platform_customers.csv"))
    chips.nth(0).wait_for(timeout=60_000)
    _wait_idle(page)
    inputs.nth(1).set_input_files(str(examples / "platform_customers.mapping.yaml"))
    # each upload reruns the page; click only once both files have reached the server
    chips.nth(1).wait_for(timeout=60_000)
    _wait_idle(page)
    page.get_by_role("button", name="预览").click()
    page.get_by_text("关联到已有实体 (7)").wait_for(timeout=60_000)
    assert page.get_by_text("新建 (3)").is_visible()
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已导入 platform-customers-example").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "load.png"), full_page=True)
    # the new "serves" link appears in the explorer, with its citation
    page.goto(page.base + "/explore?focus=lingong-heavy&sel=lingong-heavy")
    labels = _network_labels(page, min_count=2)
    assert "浪潮云洲工业互联网平台" in labels
    page.locator("summary", has_text="服务 (").first.click()
    page.get_by_text("涂装车间设备联网与生产监控（示例）").first.wait_for(timeout=60_000)
    # and it can be removed again
    page.goto(page.base + "/load")
    page.locator("[data-testid='stButton']").filter(has_text="移除").first.click()
    page.get_by_text("platform-customers-example").first.wait_for(state="detached", timeout=60_000)
    assert page.get_by_text("platform-customers-example").count() == 0


def search_quote_and_read(page, words: str) -> object:
    """Search the quotes for ``words`` on the Sources page and open the first hit's
    paragraph in the reader; the paragraph's locator."""
    page.goto(page.base + "/sources")
    box = page.get_by_label("搜索原文引语")
    box.fill(words)
    box.press("Enter")
    page.locator("mark", has_text=words).first.wait_for(timeout=60_000)
    page.get_by_role("button", name="阅读原文段落").first.click()
    _wait_idle(page)
    paragraph = page.locator("#quote")
    paragraph.wait_for(timeout=60_000)
    assert words in paragraph.inner_text()
    return paragraph


def test_a_search_for_words_of_a_quote_leads_to_its_paragraph(page) -> None:
    paragraph = search_quote_and_read(page, "五区叠加")
    assert paragraph.locator("mark").count() >= 1
    # the document is named by its title, not its file name
    assert ".txt" not in page.locator("[data-testid='stSelectbox']").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "quote-search.png"), full_page=True)


def test_a_parameter_is_chosen_by_typing_part_of_a_name(page) -> None:
    page.goto(page.base + "/questions?q=platforms-in-region")
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    _wait_idle(page)
    page.locator("[data-testid='stSelectbox']").filter(has_text="地区").click()
    page.keyboard.type("山东")
    page.get_by_role("option", name="山东省 · 地区").click()
    _wait_idle(page)
    # the data grid keeps its cells in an accessible table behind the canvas
    page.locator("[role='gridcell']", has_text="海尔卡奥斯工业互联网平台").first.wait_for(
        state="attached", timeout=60_000
    )
    page.screenshot(path=str(ARTIFACTS / "questions-param.png"), full_page=True)


def test_the_query_editor_runs_on_ctrl_enter(page) -> None:
    page.goto(page.base + "/query")
    editor = page.frame_locator("iframe[title*='code_editor']").first
    editor.locator(".ace_content").first.wait_for(timeout=60_000)
    editor.locator(".ace_gutter-cell").nth(2).wait_for(timeout=60_000)  # line numbers
    editor.locator(".ace_keyword").first.wait_for(timeout=60_000)  # highlighted syntax
    editor.locator(".ace_content").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT ?p WHERE { ?p a gf:Platform } LIMIT 2")
    page.keyboard.press("Control+Enter")
    page.get_by_text("2 行").first.wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "query-editor.png"), full_page=True)


def test_english_reads_english(page) -> None:
    page.goto(page.base + "/?lang=en")
    page.locator("h1").first.wait_for(timeout=60_000)
    _wait_idle(page)
    assert page.locator("h1").first.inner_text().strip() == "Gongfu Graph"
    page.wait_for_function("document.title.includes('Gongfu Graph')", timeout=30_000)
    assert "Gongfu Graph · Gongfu Graph" not in page.inner_text("body")
    page.get_by_text("Whom does each 双跨 platform serve or empower").first.wait_for(timeout=60_000)
