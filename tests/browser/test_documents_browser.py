"""A document dropped on the Load page, in headless chromium: read into candidates, reviewed
and accepted on the Review page, then its new entity found in Explore with its quote and its
document, the document read on the Sources page, and removed again."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

PLAN = ROOT / "tests" / "fixtures" / "documents" / "plan.txt"
TITLE = "潍坊市工业互联网赋能制造业行动方案（2024-2026年）"
NEW = "潍柴动力股份有限公司"
QUOTE = "浪潮云洲赋能潍柴动力股份有限公司"


def _wait_idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)


def _unload_documents(page) -> None:
    page.goto(page.base + "/load")
    rows = page.locator("[data-testid='stHorizontalBlock']").filter(has_text="doc-")
    rows.first.wait_for(timeout=60_000)
    rows.first.locator("[data-testid='stButton']").filter(has_text="移除").click()
    page.get_by_text(re.compile(r"^doc-")).first.wait_for(state="detached", timeout=60_000)


def test_a_document_from_load_to_review_to_explore(page, tmp_path) -> None:
    upload = tmp_path / "weifang-plan.txt"
    upload.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    page.goto(page.base + "/load")
    page.locator("input[type='file']").first.set_input_files(str(upload))
    page.locator("[data-testid='stFileChip']").first.wait_for(timeout=60_000)
    _wait_idle(page)
    # a document is not loaded as it is: it is read, and opens on the Review page
    assert page.get_by_role("button", name="预览").count() == 0
    page.get_by_role("button", name="读取文档").click()
    page.wait_for_url(re.compile(r".*/review$"), timeout=120_000)
    page.get_by_role("heading", name=TITLE).wait_for(timeout=120_000)
    page.locator("mark").first.wait_for(timeout=60_000)  # a quote marked in its sentence
    page.get_by_role("button", name="接受阈值以上的全部候选").click()
    page.get_by_text(re.compile(r"已接受 \d+ 个候选")).wait_for(timeout=60_000)
    page.get_by_role("button", name="导入已接受的候选").click()
    page.get_by_text(re.compile(r"已导入 \S*doc-")).wait_for(timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "review-loaded.png"), full_page=True)
    try:
        # the new entity is found by search, with the accepted fact, its quote and its document
        page.goto(page.base + "/explore")
        box = page.get_by_label("搜索实体（中文名、别名、英文或拼音）")
        box.fill("潍柴动力")
        box.press("Enter")
        page.get_by_text(f"{NEW} · 企业").first.wait_for(timeout=60_000)
        page.get_by_role("button", name="打开").click()
        _wait_idle(page)
        page.get_by_role("heading", name=f"{NEW} · 企业").wait_for(timeout=60_000)
        evidence = page.locator("[data-testid='stExpander']").filter(has_text="赋能 (")
        evidence.get_by_text("浪潮云洲工业互联网平台").first.wait_for(timeout=60_000)
        # the page streams element by element: wait for the quote and its source's title
        evidence.get_by_text(QUOTE).first.wait_for(timeout=60_000)
        evidence.get_by_text(TITLE).first.wait_for(timeout=60_000)  # named by its title
        page.screenshot(path=str(ARTIFACTS / "explore-ingested.png"), full_page=True)
        # and its source opens on the Sources page, at the quote, named by its title
        evidence.get_by_role("button", name="查看原文").first.click()
        page.wait_for_url(re.compile(r".*/sources$"), timeout=60_000)
        page.locator("mark", has_text=QUOTE).first.wait_for(timeout=60_000)
        picker = page.locator("[data-testid='stSelectbox']").filter(has_text="文档")
        assert picker.get_by_role("combobox").input_value() == TITLE
        page.screenshot(path=str(ARTIFACTS / "sources-ingested.png"), full_page=True)
    finally:
        _unload_documents(page)
    page.goto(page.base + "/explore")
    box = page.get_by_label("搜索实体（中文名、别名、英文或拼音）")
    box.fill(NEW)
    box.press("Enter")
    _wait_idle(page)
    page.wait_for_timeout(1000)
    assert page.get_by_text(f"{NEW} · 企业").count() == 0


def test_an_unreadable_document_is_one_line_naming_it(page, tmp_path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a docx at all")
    page.goto(page.base + "/load")
    page.locator("input[type='file']").first.set_input_files(str(broken))
    page.locator("[data-testid='stFileChip']").first.wait_for(timeout=60_000)
    _wait_idle(page)
    page.get_by_role("button", name="读取文档").click()
    page.get_by_text("导入未完成，图谱保持原样：").wait_for(timeout=60_000)
    detail = page.get_by_text(re.compile("^详细信息: ")).inner_text()
    assert "broken.docx" in detail and "gongfu-doc-" not in detail and "\n" not in detail.strip()
    assert page.url.endswith("/load")
