"""The interface's words in Chinese and English: one language at a time.

Every string the pages show comes from ``STRINGS`` (``t``), column headers from the
``col.*`` keys (``column``), class and relation names from the ontology's labels
(``class_name``, ``relation_name``); values from the data stay as they are.
tests/test_i18n.py reads the ui code's calls of ``t`` and ``tn`` (its syntax tree) and fails
when a key is missing here or empty in either language.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import keys

__all__ = [
    "STRINGS",
    "class_name",
    "column",
    "lang",
    "note_of",
    "relation_name",
    "t",
    "tn",
    "yes_no",
]

STRINGS: dict[str, tuple[str, str]] = {
    # --- the frame and the navigation ------------------------------------------------------
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
    "load": ("导入", "Load"),
    "load_on_server": (
        "应用正在读取服务器上的图谱，此处不写入服务器：请将文件导入本地图谱，再推送到服务器。",
        "The app is reading the graph from a server and does not write to it here: load files "
        "into the local store, then push it to the server.",
    ),
    "language": ("语言", "Language"),
    "choose": ("请选择", "Choose"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # --- explore ------------------------------------------------------------------------
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
    # --- the details panel ----------------------------------------------------------------
    "inspect": ("详情", "Details"),
    "properties": ("属性", "Properties"),
    "aliases": ("别名", "Aliases"),
    "evidence": ("依据", "Evidence"),
    "source": ("来源", "Source"),
    "mentions": ("提及此实体的文档", "Documents that mention it"),
    "inferred": ("推断", "inferred"),
    "stated": ("原文陈述", "stated"),
    "read_source": ("查看原文", "Read the source"),
    "read_source_n": ("查看原文（第 {n} 条引语）", "Read the source (quote {n})"),
    "note": ("整理者说明", "Curator's note"),
    "note_zh_only": ("（说明仅有中文）", "(note in Chinese only)"),
    "note_en_only": ("（说明仅有英文）", "(note in English only)"),
    "figures": ("指标值", "Figures"),
    "conflict": ("不同来源的数字不一致", "Sources give different figures"),
    "from_table": (
        "此事实来自导入的表格 {file}（{row}），没有原文段落可读。",
        "This fact comes from the loaded table {file} ({row}); it has no text to read.",
    ),
    "table_row": ("第 {n} 行", "row {n}"),
    # --- questions and query --------------------------------------------------------------
    "run": ("运行", "Run"),
    "engine": ("引擎", "Engine"),
    "engine_auto": ("自动", "automatic"),
    "engine_embedded": ("LadybugDB（内置）", "LadybugDB (embedded)"),
    "answered_by": ("由 {engine} 回答", "answered by {engine}"),
    "example": ("示例（命名问题）", "Example (named question)"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "rows": ("{n} 行", "{n} rows"),
    "rows_one": ("{n} 行", "{n} row"),
    "question": ("问题", "Question"),
    "parameters": ("参数", "Parameters"),
    "param_pick": ("输入名称的一部分以筛选", "Type part of a name to narrow the list"),
    "indicator": ("指标", "Indicator"),
    "targets_vs_reported": ("目标值与报告值", "Targets and reported values"),
    "year": ("年份", "Year"),
    "value": ("数值", "Value"),
    "series": ("系列", "Series"),
    "view_graph": ("图", "Graph"),
    "table": ("表", "Table"),
    "running": ("查询中…", "Running…"),
    "editor_help": (
        "Ctrl+Enter 运行；行号与语法高亮；可在下方重新打开本次会话中运行过的查询。",
        "Ctrl+Enter runs the query; the queries run in this session can be reopened below.",
    ),
    "recent": ("最近运行的查询", "Recent queries"),
    "reopen": ("重新打开", "Reopen"),
    "graph_of_result": (
        "图中只画出结果中出现的实体和关系。",
        "The graph draws only the entities and links the result returned.",
    ),
    "truncated": (
        "只显示前 {n} 行（行数上限）。",
        "Only the first {n} rows are shown (row limit).",
    ),
    "update_applied": ("已执行更新。", "The update was applied."),
    # --- paths ----------------------------------------------------------------------------
    "from": ("起点", "From"),
    "to": ("终点", "To"),
    "max_hops": ("最大步数", "Max steps"),
    "all_paths": ("列出所有简单路径", "All simple paths"),
    "max_paths": ("最多列出路径数", "Most paths listed"),
    "no_path": ("在限定步数内没有路径。", "No path within that many steps."),
    "paths_found": ("{n} 条路径", "{n} paths"),
    "paths_found_one": ("{n} 条路径", "{n} path"),
    "paths_capped": (
        "已达上限：只列出前 {n} 条路径，可调高“最多列出路径数”。",
        "Stopped at {n} paths: raise “Most paths listed” to see more.",
    ),
    # --- sources and the evidence search --------------------------------------------------
    "document": ("文档", "Document"),
    "same_paragraph": ("同一段落中的其他事实", "Other facts from the same paragraph"),
    "whole_document": ("全文", "Whole document"),
    "quote_search": ("搜索原文引语", "Search the quotes"),
    "quote_search_help": (
        "在每条事实和指标值的原文引语中查找词语（如 五区叠加、算力龙头）。",
        "Finds words in the quote of every fact and figure (e.g. 五区叠加, 算力龙头).",
    ),
    "quote_hits": ("{n} 条引语含有这些词", "{n} quotes hold these words"),
    "quote_hits_one": ("{n} 条引语含有这些词", "{n} quote holds these words"),
    "no_quote_hits": ("没有引语含有这些词。", "No quote holds these words."),
    "open_entity": ("在探索中打开", "Open in Explore"),
    "open_paragraph": ("阅读原文段落", "Read the paragraph"),
    "quote_not_found": (
        "在此文档中找不到这条引语。",
        "The quote cannot be found in this document.",
    ),
    # --- overview and schema --------------------------------------------------------------
    "schema_intro": (
        "本体中的类与关系，数字为图中的数量。",
        "The ontology's classes and relations, with counts in the graph.",
    ),
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
    "stats": ("图谱统计", "Graph statistics"),
    "entities": ("实体", "Entities"),
    "facts": ("事实", "Facts"),
    "inferred_facts": ("推断关系", "Inferred links"),
    "observations": ("指标值", "Figures"),
    # --- load -----------------------------------------------------------------------------
    "load_intro": (
        "上传表格（CSV/XLSX，附映射）或 RDF 文件；先预览将新建、关联、存疑的实体，再确认写入。"
        "文档（.txt .md .docx .pdf .html）先读出候选，在审核页审核后再导入。",
        "Upload a table (CSV/XLSX, with a mapping) or an RDF file; preview what will be "
        "created, linked and flagged, then confirm. A document (.txt .md .docx .pdf .html) "
        "is read into candidates that you review on the Review page before anything is loaded.",
    ),
    "load_document": (
        "这是一个文档：读取后，其候选实体、关系与指标值（各附引文）将在审核页打开，审核后再导入。",
        "This is a document: once read, its candidate entities, relations and figures (each "
        "with its quote) open on the Review page, to be reviewed before they are loaded.",
    ),
    "data_file": ("数据文件", "Data file"),
    "mapping_file": (
        "映射（YAML，表格必需，除非使用默认表头）",
        "Mapping (YAML; needed for tables unless they use the default header)",
    ),
    "load_name": ("导入名称", "Load name"),
    "uncertain": ("存疑匹配的处理", "Uncertain matches"),
    "uncertain_skip": ("跳过该行", "skip the row"),
    "uncertain_create": ("新建实体", "create a new entity"),
    "uncertain_link": ("关联到候选实体", "link to the candidate"),
    "preview": ("预览", "Preview"),
    "confirm": ("确认导入", "Confirm load"),
    "loaded": (
        "已导入 {name}：{links} 条关系，新建 {created}，关联 {linked}，存疑 {flagged}，跳过 {skipped}。",
        "Loaded {name}: {links} links, {created} created, {linked} linked, {flagged} "
        "flagged, {skipped} skipped.",
    ),
    "loads": ("已有导入", "Loads in the store"),
    "unload": ("移除", "Remove"),
    "created": ("新建", "Created"),
    "linked": ("关联到已有实体", "Linked to existing"),
    "flagged": ("存疑（未猜测）", "Flagged (not guessed)"),
    "skipped": ("跳过", "Skipped"),
    "triples": ("{n} 个三元组", "{n} triples"),
    # --- export ---------------------------------------------------------------------------
    "export_format": ("导出格式", "Export format"),
    "export": ("导出", "Export"),
    # --- errors: what the user did in the app, never a command line ------------------------
    "error": ("出错了", "Something went wrong"),
    "store_missing": (
        "尚未构建图谱：启动应用的 make app 会先构建它。",
        "The graph has not been built yet: make app builds it before opening the app.",
    ),
    "store_busy": (
        "图谱正在写入（另一次导入进行中），请稍后再试。",
        "The graph is being written (another load is running); try again in a moment.",
    ),
    "not_found": ("找不到：{what}", "Not found: {what}"),
    "query_error": ("查询未能运行：", "The query could not run:"),
    "query_timeout": (
        "查询超过时间上限（{s} 秒）。常见原因：对每一行求值的 OPTIONAL 或 UNION，或主语未绑定的模式；"
        "请先限定主语，或参考 README 中的快速写法。",
        "The query ran past the time limit ({s} s). Usual causes: an OPTIONAL or UNION "
        "evaluated for every row, or a pattern with an unbound subject; bind the subject "
        "first, or see the fast forms in the README.",
    ),
    "query_read_only": (
        "查询页只读：不能执行修改图谱的更新（INSERT、DELETE 等）。请用“导入”页添加数据。",
        "The Query page is read-only: updates that change the graph (INSERT, DELETE …) are "
        "not run. Add data on the Load page.",
    ),
    "query_refused": (
        "此查询被拒绝：查询不能读取文件、访问网络或修改图谱。",
        "This query is refused: queries may not read files, reach the network or change the graph.",
    ),
    "load_error": ("导入未完成，图谱保持原样：", "Nothing was loaded; the graph is as it was:"),
    "load_needs_mapping": (
        "这张表的表头不是默认表头，请同时上传映射文件（YAML）。",
        "This table does not use the default header: upload its mapping (YAML) as well.",
    ),
    "technical_detail": ("详细信息", "Details"),
    # --- table column headers ------------------------------------------------------------
    "col.platform": ("平台", "Platform"),
    "col.relation": ("关系", "Relation"),
    "col.target": ("对象", "Target"),
    "col.target_class": ("对象类别", "Target class"),
    "col.inferred": ("推断", "Inferred"),
    "col.quotes": ("原文引语", "Quotes"),
    "col.quote": ("原文引语", "Quote"),
    "col.sources": ("来源", "Sources"),
    "col.source": ("来源", "Source"),
    "col.tier": ("层级", "Tier"),
    "col.region": ("地区", "Region"),
    "col.operator": ("运营主体", "Operator"),
    "col.operator_class": ("运营主体类别", "Operator class"),
    "col.indicator": ("指标", "Indicator"),
    "col.category": ("类别", "Category"),
    "col.unit": ("单位", "Unit"),
    "col.year": ("年份", "Year"),
    "col.kind": ("类型", "Kind"),
    "col.value": ("数值", "Value"),
    "col.comparator": ("比较", "Comparator"),
    "col.scope": ("范围", "Scope"),
    "col.value_a": ("数值 A", "Value A"),
    "col.source_a": ("来源 A", "Source A"),
    "col.value_b": ("数值 B", "Value B"),
    "col.source_b": ("来源 B", "Source B"),
    "col.code": ("编号", "Code"),
    "col.task": ("任务", "Task"),
    "col.body": ("责任单位", "Responsible body"),
    "col.plan": ("计划", "Plan"),
    "col.direction": ("方向", "Direction"),
    "col.other": ("另一端", "Other end"),
    "col.other_class": ("另一端类别", "Other end's class"),
    "col.stated": ("原文陈述", "Stated"),
    "col.steps": ("步", "Steps"),
    "col.relation_a": ("关系 A", "Relation A"),
    "col.via": ("经由", "Via"),
    "col.via_class": ("经由类别", "Via class"),
    "col.relation_b": ("关系 B", "Relation B"),
    "col.funder": ("资助方", "Funder"),
    "col.recipient": ("受资助方", "Recipient"),
    "col.amount": ("金额", "Amount"),
    "col.cap": ("上限", "Cap"),
    "col.share": ("比例", "Share"),
    "col.person": ("人物", "Person"),
    "col.post": ("职务", "Post"),
    "col.organisation": ("机构", "Organisation"),
    "col.subject": ("主体", "Subject"),
    "col.subject_class": ("主体类别", "Subject class"),
    "col.sector": ("行业", "Sector"),
    "col.entity": ("实体", "Entity"),
    "col.class": ("类别", "Class"),
    "col.degree": ("关系数", "Links"),
    "col.path": ("路径", "Path"),
    "col.length": ("步数", "Length"),
    "col.nodes": ("途经", "Through"),
    "col.property": ("属性", "Property"),
    "col.name": ("名称", "Name"),
    "col.zh": ("中文名", "Chinese name"),
    "col.en": ("英文名", "English name"),
    "col.count": ("数量", "Count"),
    "col.comment": ("说明", "Description"),
    "col.row": ("行", "Row"),
    "col.column": ("列", "Column"),
    "col.iri": ("IRI", "IRI"),
    "col.how": ("匹配方式", "Matched by"),
    "col.score": ("相似度", "Score"),
    "col.candidate": ("候选实体", "Candidate"),
    "col.candidate_iri": ("候选 IRI", "Candidate IRI"),
    "col.reason": ("原因", "Reason"),
    "col.date": ("日期", "Date"),
    "col.title": ("标题", "Title"),
    # --- values that are the interface's words, not the data's ---------------------------
    "val.out": ("出", "out"),
    "val.in": ("入", "in"),
    "val.target": ("目标", "target"),
    "val.reported": ("报告", "reported"),
    # graph canvas
    "canvas_fit": ("适应画面", "Zoom to fit"),
    "canvas_fullscreen": ("全屏", "Full screen"),
    "canvas_undo": ("撤销（Ctrl+Z）", "Undo (Ctrl+Z)"),
    "canvas_redo": ("重做（Ctrl+Y）", "Redo (Ctrl+Y)"),
    "canvas_relayout": ("重新布局（固定的节点不动）", "Lay out again (pinned nodes stay)"),
    "canvas_find": ("在图中查找…", "Find in the graph…"),
    "canvas_expand": ("展开邻居", "Expand neighbours"),
    "canvas_expand_by": ("按关系展开", "Expand by relation"),
    "canvas_hide": ("隐藏", "Hide"),
    "canvas_pin": ("固定位置", "Pin"),
    "canvas_unpin": ("取消固定", "Unpin"),
    "canvas_path_from": ("从这里找路径", "Path from here"),
    "canvas_open_source": ("查看原文", "Open the source"),
    "canvas_open_cluster": ("展开这一组", "Open this group"),
    "cluster_members": ("{name}：{n} 个成员", "{name}: {n} members"),
    "cluster_member": ("成员", "Member"),
    "cluster_more": ("另有 {n} 个成员未列出。", "{n} more members not listed."),
    "show_on_canvas": ("在画布上显示", "Show on the canvas"),
    "canvas_open_explore": ("在“探索”中打开", "Open in Explore"),
    "canvas_inferred": (
        "虚线 = 推断关系；虚框 = 分组节点",
        "dashed = inferred link; dashed box = group",
    ),
    "canvas_budget": (
        "图中最多节点（超出时按类别分组）",
        "Nodes on a graph (more fold into groups)",
    ),
    "canvas_folded": (
        "另有 {n} 个节点收在分组节点中：双击分组节点即可展开。",
        "{n} more nodes are folded into group nodes: double-click a group to open it.",
    ),
    "canvas_help": (
        "单击选中，双击展开，右键更多操作，拖动即固定位置。",
        "Click to select, double-click to expand, right-click for more, drag to pin.",
    ),
    "canvas_selected": ("已选中：{name}", "Selected: {name}"),
    "canvas_no_source": ("这个节点没有可查看的原文。", "This node has no source to open."),
    "canvas_inferred_word": ("推断", "inferred"),
    "canvas_more": ("更多", "more"),
    "canvas_paths_limit": (
        "路径多于 {n} 条：只列出最短的 {n} 条（可减少最大步数）。",
        "More than {n} paths: the {n} shortest are listed (fewer steps narrow it down).",
    ),
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
        "尚无待审核的文档：请先上传一个文档。",
        "No document to review yet: upload one first.",
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
    "review_col_accept": ("接受", "accept"),
    "review_col_class": ("类别", "class"),
    "review_col_zh": ("中文名", "Chinese name"),
    "review_col_en": ("英文名", "English name"),
    "review_col_quote": ("引文", "quote"),
    "review_col_s": ("主体", "subject"),
    "review_col_p": ("关系", "relation"),
    "review_col_o": ("客体", "object"),
    "review_col_indicator": ("指标", "indicator"),
    "review_col_scope": ("范围", "scope"),
    "review_col_year": ("年份", "year"),
    "review_col_value": ("数值", "value"),
    "review_col_unit": ("单位", "unit"),
    "review_col_kind": ("类型", "kind"),
    "review_col_confidence": ("置信度", "confidence"),
    "review_col_rule": ("规则", "rule"),
    "review_col_match": ("匹配", "match"),
    "review_col_stated": ("原文陈述", "stated"),
    # end of review page
}


def lang() -> str:
    """The interface language of this session: ``zh`` (default) or ``en``."""
    return st.session_state.get(keys.LANG, "zh")


def t(key: str, **kw: object) -> str:
    """The interface string ``key`` in the session's language, formatted with ``kw``."""
    zh, en = STRINGS[key]
    text = zh if lang() == "zh" else en
    return text.format(**kw) if kw else text


def tn(key: str, n: int, **kw: object) -> str:
    """A string with a count: ``key_one`` for one (“1 row”), ``key`` otherwise (“2 rows”)."""
    return t(f"{key}_one" if n == 1 and f"{key}_one" in STRINGS else key, n=n, **kw)


def column(name: str) -> str:
    """A column header in the session's language (the name itself for a user's own query)."""
    return t(f"col.{name}") if f"col.{name}" in STRINGS else name


def class_name(name: str) -> str:
    """A class's label in the session's language: ``Platform`` → 工业互联网平台 / platform."""
    from graph.export.html import class_label

    return class_label(name, lang())


def relation_name(rel: str) -> str:
    """A relationship type's label in the session's language: ``SERVES`` → 服务 / serves."""
    from graph.export.html import relation_label

    return relation_label(rel, lang())


def yes_no(value: Any) -> str:
    return "" if value is None else t("yes") if value else t("no")


def note_of(props: dict[str, Any]) -> tuple[str, str]:
    """A curator's note in the session's language, and what to say when only the other
    language has one. The note may be one text (either language), a ``{zh, en}`` mapping,
    a list of texts in both languages, or ``note`` beside ``note_en``."""
    raw = props.get("note")
    texts = list(raw.values()) if isinstance(raw, dict) else raw if isinstance(raw, list) else [raw]
    texts += [props.get("note_zh"), props.get("note_en")]
    texts = [str(x).strip() for x in texts if x and str(x).strip()]
    zh = next((x for x in texts if _has_cjk(x)), "")
    en = next((x for x in texts if not _has_cjk(x)), "")
    if lang() == "en":
        return (en, "") if en else (zh, t("note_zh_only") if zh else "")
    return (zh, "") if zh else (en, t("note_en_only") if en else "")


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
