"""The interface's words in Chinese and English (labels of data come from the ontology)."""

from __future__ import annotations

import streamlit as st

from ui import keys

__all__ = ["lang", "t"]

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("工赋图谱", "Gongfu Graph"),
    "tagline": (
        "工业互联网生态知识图谱：每条事实都有出处",
        "The industrial-internet ecosystem as a graph: every fact with its source",
    ),
    "overview": ("概览", "Overview"),
    "explore": ("探索", "Explore"),
    "questions": ("分析问题", "Questions"),
    "paths": ("路径", "Paths"),
    "query": ("查询", "Query"),
    "schema": ("模式", "Schema"),
    "sources": ("原文", "Sources"),
    "language": ("语言", "Language"),
    "search": (
        "搜索实体（中文名、别名、英文或拼音）",
        "Search (Chinese name, alias, English or pinyin)",
    ),
    "no_hits": ("没有足够接近的实体。", "No entity matches well enough."),
    "open": ("打开", "Open"),
    "hops": ("跳数", "Hops"),
    "classes": ("类别", "Classes"),
    "relations": ("关系", "Relations"),
    "max_nodes": ("最多显示节点", "Most nodes drawn"),
    "expand": ("展开邻居", "Expand neighbours"),
    "remove": ("移除节点", "Remove node"),
    "reset": ("重置视图", "Reset view"),
    "node_in_view": ("视图中的节点", "Node in view"),
    "left_out": (
        "另有 {n} 个节点未画出（按距离与连接数保留前 {m} 个）。",
        "{n} more nodes left out (kept the {m} nearest and best connected).",
    ),
    "share": ("分享此视图的链接：", "Link to this view:"),
    "inspect": ("详情", "Details"),
    "properties": ("属性", "Properties"),
    "evidence": ("依据", "Evidence"),
    "source": ("来源", "Source"),
    "inferred": ("推断", "inferred"),
    "stated": ("原文陈述", "stated"),
    "read_source": ("查看原文", "Read the source"),
    "figures": ("指标值", "Figures"),
    "conflict": ("不同来源的数字不一致", "Sources give different figures"),
    "run": ("运行", "Run"),
    "engine": ("引擎", "Engine"),
    "engine_auto": ("自动", "automatic"),
    "answered_by": ("由 {engine} 回答", "answered by {engine}"),
    "example": ("示例（命名问题）", "Example (named question)"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "rows": ("{n} 行", "{n} rows"),
    "from": ("起点", "From"),
    "to": ("终点", "To"),
    "max_hops": ("最大步数", "Max steps"),
    "all_paths": ("列出所有简单路径", "All simple paths"),
    "no_path": ("在限定步数内没有路径。", "No path within that many steps."),
    "document": ("文档", "Document"),
    "same_paragraph": ("同一段落中的其他事实", "Other facts from the same paragraph"),
    "whole_document": ("全文", "Whole document"),
    "schema_intro": (
        "本体中的类与关系，数字为图中的数量。",
        "The ontology's classes and relations, with counts in the graph.",
    ),
    "question": ("问题", "Question"),
    "parameters": ("参数", "Parameters"),
    "targets_vs_reported": ("目标值与报告值", "Targets and reported values"),
    "store_missing": (
        "尚未构建图谱：请运行 make app 或 gongfu build。",
        "The graph has not been built: run make app or gongfu build.",
    ),
    "error": ("出错了", "Something went wrong"),
    "platform_tier": ("平台层级", "Platform tier"),
    "quick_answer": (
        "各双跨平台服务、赋能谁？依据是什么？",
        "Whom does each 双跨 platform serve or empower, and how do we know?",
    ),
    "overview_sample": (
        "图中每个平台最多画出 {k} 个服务或赋能对象；完整清单和原文依据见“分析问题”页。",
        "The picture draws up to {k} of each platform's links; the Questions page lists them "
        "all, with their evidence.",
    ),
    "platform": ("平台", "Platform"),
    "serves_n": ("服务", "Serves"),
    "empowers_n": ("赋能", "Empowers"),
    "running": ("查询中…", "Running…"),
    "stats": ("图谱统计", "Graph statistics"),
    "entities": ("实体", "Entities"),
    "facts": ("事实", "Facts"),
    "inferred_facts": ("推断关系", "Inferred links"),
    "observations": ("指标值", "Figures"),
    "view_graph": ("图", "Graph"),
    "load": ("导入", "Load"),
    "load_intro": (
        "上传表格（CSV/XLSX，附映射）或 RDF 文件；先预览将新建、关联、存疑的实体，再确认写入。",
        "Upload a table (CSV/XLSX, with a mapping) or an RDF file; preview what will be created, linked and flagged, then confirm.",
    ),
    "data_file": ("数据文件", "Data file"),
    "mapping_file": (
        "映射（YAML，表格必需，除非使用默认表头）",
        "Mapping (YAML; needed for tables unless they use the default header)",
    ),
    "load_name": ("导入名称", "Load name"),
    "uncertain": ("存疑匹配的处理", "Uncertain matches"),
    "preview": ("预览", "Preview"),
    "confirm": ("确认导入", "Confirm load"),
    "loaded": (
        "已导入 {name}：{links} 条关系，新建 {created}，关联 {linked}，存疑 {flagged}，跳过 {skipped}。",
        "Loaded {name}: {links} links, {created} created, {linked} linked, {flagged} flagged, {skipped} skipped.",
    ),
    "loads": ("已有导入", "Loads in the store"),
    "unload": ("移除", "Remove"),
    "created": ("新建", "Created"),
    "linked": ("关联到已有实体", "Linked to existing"),
    "flagged": ("存疑（未猜测）", "Flagged (not guessed)"),
    "skipped": ("跳过", "Skipped"),
    "table": ("表", "Table"),
    # review page
    "review": ("审核", "Review"),
    "review_intro": (
        "文档中的候选实体、关系与指标值，各附原文引文；先审核（接受、修改、拒绝、合并），再导入。",
        "Candidates from a document — entities, relations, figures — each with its quote: "
        "review them (accept, edit, reject, merge), then load.",
    ),
    "review_upload": (
        "上传文档（.txt .md .docx .pdf .html）",
        "Upload a document (.txt .md .docx .pdf .html)",
    ),
    "review_read": ("读取文档", "Read the document"),
    "review_none": (
        "尚无待审核的文档：上传一个文档，或运行 gongfu ingest。",
        "No document to review yet: upload one, or run gongfu ingest.",
    ),
    "review_threshold": ("置信度阈值", "Confidence threshold"),
    "review_bulk": ("接受阈值以上的全部候选", "Accept everything above it"),
    "review_bulk_done": ("已接受 {n} 个候选。", "{n} candidates accepted."),
    "review_show": ("查看候选及其句子", "Show a candidate in its sentence"),
    "review_confidence": ("置信度", "Confidence"),
    "review_merge": ("与已有实体合并", "Merge with an existing entity"),
    "review_merge_from": ("新实体", "New entity"),
    "review_merge_into": ("合并到（匹配分数）", "Merge into (match score)"),
    "review_merge_do": ("合并", "Merge"),
    "review_merged": ("已合并到 {name}。", "Merged into {name}."),
    "review_save": ("保存审核结果", "Save the review"),
    "review_saved": ("已保存。", "Saved."),
    "review_load": ("导入已接受的候选", "Load the accepted candidates"),
    "review_loaded": (
        "已导入 {name}：{entities} 个实体（新建 {new}），{facts} 条关系，{values} 个指标值。",
        "Loaded {name}: {entities} entities ({new} new), {facts} relations, {values} figures.",
    ),
    # end of review page
}


def lang() -> str:
    """The interface language of this session: ``zh`` (default) or ``en``."""
    return st.session_state.get(keys.LANG, "zh")


def t(key: str, **kw: object) -> str:
    zh, en = STRINGS[key]
    text = zh if lang() == "zh" else en
    return text.format(**kw) if kw else text
