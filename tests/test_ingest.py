"""Documents in: every file type, each kind of candidate, the review round trip (edits and
merges), a refused review that leaves the store as it was, the CLI, and the genre rules'
independence from the curated data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from graph.errors import LoadError, NotFound
from graph.explore import entity_details
from graph.project_nx import cached_property_graph
from graph.store import GraphStore
from loaders.base import list_loads
from loaders.documents import accept_review, extract, ingest_file, propose
from loaders.documents.evaluate import quotes_of
from loaders.documents.review import bulk_accept, merge_entity, read_review, write_review
from loaders.load import load_file, unload
from loaders.quotes import quote_occurs, squash
from tests.conftest import ROOT, run_gongfu

FIXTURE = ROOT / "tests" / "fixtures" / "documents" / "plan.txt"
TEXT = FIXTURE.read_text(encoding="utf-8")
TITLE = "潍坊市工业互联网赋能制造业行动方案（2024-2026年）"
TABLE = [
    ["指标名称", "2024年", "2025年", "2026年"],
    ["5G基站数（万个）", "2.1", "2.6", "3"],
    ["省级平台数（个）", "10", "15", "20"],
]


def _body_lines() -> list[str]:
    return [line for line in TEXT.splitlines() if "\t" not in line and line.strip() != "主要指标"]


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in _body_lines():
        document.add_paragraph(line)
    document.add_paragraph("主要指标")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    document.save(str(path))
    return path


def write_pdf(path: Path) -> Path:
    from fpdf import FPDF

    from graph.export.fonts import cjk_font

    font = cjk_font()
    if not font.cjk:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", "", str(font.path), collection_font_number=font.index)
    pdf.set_font("cjk", size=10)
    for line in TEXT.splitlines():
        pdf.multi_cell(0, 6, line.replace("\t", "    ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_html(path: Path) -> Path:
    body = "".join(f"<p>{line}</p>" for line in _body_lines() if line.strip())
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE)
    path.write_text(
        "<html><head><meta charset='utf-8'><title>潍坊市人民政府网</title>"
        "<meta property='og:site_name' content='潍坊市人民政府'>"
        "<meta name='publishdate' content='2024-03-05'><script>var x='不要读我';</script></head>"
        f"<body><nav>首页 导航</nav><h1>{TITLE}</h1>{body}<p>主要指标</p><table>{rows}</table></body></html>",
        encoding="utf-8",
    )
    return path


def write_md(path: Path) -> Path:
    lines = _body_lines()
    md = [
        "# " + lines[0],
        *lines[1:],
        "",
        "| " + " | ".join(TABLE[0]) + " |",
        "| --- | --- | --- | --- |",
    ]
    md += ["| " + " | ".join(row) + " |" for row in TABLE[1:]]
    path.write_text("\n".join(md) + "\n", encoding="utf-8")
    return path


def write_txt(path: Path) -> Path:
    path.write_text(TEXT, encoding="utf-8")
    return path


WRITERS = {
    "txt": write_txt,
    "md": write_md,
    "docx": write_docx,
    "pdf": write_pdf,
    "html": write_html,
}


@pytest.fixture(scope="module")
def seed_graph(seed_store: GraphStore):
    return cached_property_graph(seed_store)


@pytest.mark.parametrize("kind", list(WRITERS))
def test_every_file_type_gives_text_title_and_candidates(
    kind: str, tmp_path: Path, seed_graph
) -> None:
    path = WRITERS[kind](tmp_path / f"plan.{kind}")
    doc = extract(path)
    assert doc.kind == kind
    assert squash(TITLE) in squash(doc.title), doc.title
    assert "浪潮云洲赋能潍柴动力股份有限公司" in squash(doc.text)
    if kind == "html":
        assert "不要读我" not in doc.text and "首页" not in doc.text
        assert doc.date == "2024-03-05" and doc.publisher == "潍坊市人民政府"
    cands = propose(doc, seed_graph)
    names = {c.zh for c in cands.entities.values()}
    assert "潍柴动力股份有限公司" in names
    rels = {(cands.entities[r.s].zh, r.p, cands.entities[r.o].zh) for r in cands.relations}
    assert ("潍坊市科技局", "responsibleFor", "培育特色专业型平台") in rels
    # every quote is verifiable in the text kept for the document
    kept = tmp_path / "kept.txt"
    kept.write_text(doc.text, encoding="utf-8")
    quotes = [c.quote for c in cands.entities.values()] + [r.quote for r in cands.relations]
    quotes += [f.quote for f in cands.figures]
    assert all(quote_occurs(q, kept) for q in quotes)
    if kind != "pdf":  # a PDF's text layer may break table rows differently
        targets = {(cands.entities[f.indicator].id, f.year, f.value) for f in cands.figures}
        assert ("ind-5g-base-stations", 2026, 3.0) in targets


def test_each_kind_of_candidate(seed_graph) -> None:
    cands = propose(extract(FIXTURE), seed_graph)
    by_name = {c.zh: c for c in cands.entities.values()}
    # known names resolve to the graph's nodes, relative names to the document's city
    assert by_name["浪潮云洲"].id == "inspur-yunzhou" and by_name["浪潮云洲"].existing
    assert by_name["潍坊市工业和信息化局"].id == "weifang-miit-bureau"
    assert by_name["国家级“双跨”平台"].id == "tier-cross-industry"
    # new names by suffix, 《title》, headings, the document's own title
    assert (
        by_name["潍坊市工业互联网创新中心"].cls == "Organization"
        and not by_name["潍坊市工业互联网创新中心"].existing
    )
    assert by_name["山东省工业互联网创新发展行动计划"].cls == "Policy"
    assert by_name["培育特色专业型平台"].cls == "PolicyTask"
    plan = by_name[TITLE]
    assert plan.cls == "Policy" and plan.rule == "document title"
    rels = {(cands.entities[r.s].zh, r.p, cands.entities[r.o].zh): r for r in cands.relations}
    assert ("浪潮云洲", "selectedAs", "国家级“双跨”平台") in rels
    assert ("海尔卡奥斯", "selectedAs", "国家级“双跨”平台") in rels
    assert ("浪潮云洲", "empowers", "潍柴动力股份有限公司") in rels
    assert (TITLE, "hasTask", "提升平台能级") in rels
    assert ("提升平台能级", "hasTask", "培育特色专业型平台") in rels
    # what a task's own paragraph names belongs to that task (data/README.md, the evidence rule)
    assert ("推动重点行业转型", "covers", "纺织服装") in rels
    assert (TITLE, "setsTarget", "5G基站数") in rels
    assert (TITLE, "implements", "山东省工业互联网创新发展行动计划") in rels
    located = rels[("潍坊市工业互联网创新中心", "locatedIn", "潍坊市")]
    assert located.inferred and located.note  # inferred from the name, and it says so
    assert not rels[("浪潮云洲", "empowers", "潍柴动力股份有限公司")].inferred
    figures = {(cands.entities[f.indicator].zh, f.year, f.value, f.kind) for f in cands.figures}
    assert ("省级平台数", 2025, 15.0, "target") in figures
    assert ("工业互联网平台数", 2026, 20.0, "target") in figures
    assert all(0 < c.confidence <= 1 for c in cands.entities.values())


GENRE_PLAN = """潍坊市工业互联网提质增效实施方案

为推动全市工业互联网提质增效，结合全市实际，制定本方案。

一、重点任务

（一）推动区域协同

1.支持奎文区、寒亭区、昌乐县等区县建设工业互联网应用高地。

2.打造一批数字化车间、绿色供应链，深入实施数字赋能、质量提升两大工程，组织开展工业互联网进企业活动。

二、保障措施

由市工业和信息化局牵头，市财政局、市科技局配合。市工业和信息化局负责年度考核，市工业和信息化局定期通报进展。

2024年，全市规模以上工业增加值增长7.5%，累计建设智能车间35个。
"""


def test_genre_constructions_of_a_city_plan(seed_graph, tmp_path: Path) -> None:
    """Districts listed before 等区县, a city in its province, a city's bureaus in its
    government, titles after 打造一批, programmes sharing one closing word, indicators named
    without their scope, and the body the plan speaks for."""
    path = tmp_path / "genre.txt"
    path.write_text(GENRE_PLAN, encoding="utf-8")
    cands = propose(extract(path), seed_graph)
    by_name = {c.zh: c for c in cands.entities.values()}
    rels = {(cands.entities[r.s].zh, r.p, cands.entities[r.o].zh): r for r in cands.relations}
    plan = "潍坊市工业互联网提质增效实施方案"
    for district in ("奎文区", "寒亭区", "昌乐县"):
        assert by_name[district].cls == "Region"
        assert rels[(district, "partOf", "潍坊市")].inferred
        assert (plan, "supports", district) in rels
    assert rels[("潍坊市", "partOf", "山东省")].inferred  # the list of administrative divisions
    for bureau in ("潍坊市财政局", "潍坊市科技局", "潍坊市工业和信息化局"):
        assert rels[(bureau, "partOf", "潍坊市人民政府")].inferred
    for title in ("数字化车间", "绿色供应链"):
        assert by_name[title].cls == "Designation" and (plan, "supports", title) in rels
    for programme in ("数字赋能工程", "质量提升工程"):
        assert by_name[programme].cls == "Policy" and (plan, "implements", programme) in rels
    assert "工业互联网进企业活动" in by_name
    assert by_name["规模以上工业增加值增速"].cls == "Indicator"  # 全市 … 增长N% → X增速
    assert by_name["智能车间数"].cls == "Indicator"  # 建设N个X → X数
    issued = rels[(plan, "issuedBy", "潍坊市工业和信息化局")]
    assert issued.inferred and issued.note
    kept = tmp_path / "kept.txt"
    kept.write_text(extract(path).text, encoding="utf-8")
    quotes = [c.quote for c in cands.entities.values()] + [r.quote for r in cands.relations]
    assert all(quote_occurs(q, kept) for q in quotes)


GENRE_NEWS = """河南省工业和信息化工作会议在郑州召开

3月2日，河南省工业和信息化工作会议在郑州召开。厅党组书记、厅长王某某出席会议并讲话。

会议指出，河南省工业和信息化厅制定了《河南省工业互联网发展行动计划》，明确了筑牢网络底座、壮大平台体系、深化融合应用4大任务。

全省工业投资增长9.2%，高于全国3.1个百分点。郑州工业互联网发展水平位居全国第九、全省首位。

河南积极开展工业互联网标识应用推广行动。

河南省工业和信息化厅相关处室负责同志参加会议。
"""


def test_genre_constructions_of_a_meeting_report(seed_graph, tmp_path: Path) -> None:
    """A meeting held somewhere and who attended it, a list of a plan's tasks, a place as a
    clause's subject, growth above the national rate, ranks; and another province's
    department or meeting is never taken for the one the graph knows."""
    path = tmp_path / "news.txt"
    path.write_text(GENRE_NEWS, encoding="utf-8")
    cands = propose(extract(path), seed_graph)
    by_name = {c.zh: c for c in cands.entities.values()}
    rels = {(cands.entities[r.s].zh, r.p, cands.entities[r.o].zh): r for r in cands.relations}
    meeting, body = "河南省工业和信息化工作会议", "河南省工业和信息化厅"
    assert not by_name[meeting].existing and not by_name[body].existing
    assert (meeting, "locatedIn", "郑州市") in rels
    assert ("郑州市", "partOf", "河南省") in rels
    assert ("王某某", "participatesIn", meeting) in rels
    assert (body, "participatesIn", meeting) in rels
    assert rels[(meeting, "organizedBy", body)].inferred
    plan = "河南省工业互联网发展行动计划"
    assert (plan, "issuedBy", body) in rels
    for task in ("筑牢网络底座", "壮大平台体系", "深化融合应用"):
        assert by_name[task].cls == "PolicyTask" and (plan, "hasTask", task) in rels
    assert ("工业互联网标识应用推广行动", "covers", "河南省") in rels
    for name in (
        "工业投资增速",
        "工业投资增速高于全国的百分点",
        "工业互联网发展水平全国排名",
        "工业互联网发展水平全省排名",
    ):
        assert by_name[name].cls == "Indicator", name


GENRE_ARTICLE = """# 推动工业互联网高质量发展

河南省工业和信息化厅党组书记、厅长
**王某某**

河南坚持把工业互联网作为制造业数字化转型的关键路径。河南着力推进平台体系建设，支持甲云工业互联网平台、乙云工业互联网平台等3家国家级“双跨”平台做大做强。组建河南省工业互联网产业联盟，举办中原工业互联网大会。
"""


def test_genre_constructions_of_a_signed_article(seed_graph, tmp_path: Path) -> None:
    """An article signed by a department's head speaks for the department in paragraphs
    about its province: what it supports, sets up and holds; the province hosts the platforms
    the paragraph supports. Inferred, each with its note."""
    path = tmp_path / "article.md"
    path.write_text(GENRE_ARTICLE, encoding="utf-8")
    cands = propose(extract(path), seed_graph)
    rels = {(cands.entities[r.s].zh, r.p, cands.entities[r.o].zh): r for r in cands.relations}
    body = "河南省工业和信息化厅"
    assert ("王某某", "holdsPost", body) in rels
    for platform in ("甲云工业互联网平台", "乙云工业互联网平台"):
        assert rels[(body, "supports", platform)].inferred
        assert rels[("河南省", "hosts", platform)].inferred
        assert (platform, "selectedAs", "国家级“双跨”平台") in rels
    assert rels[(body, "supports", "河南省工业互联网产业联盟")].note
    assert rels[("中原工业互联网大会", "organizedBy", body)].inferred
    assert not any(c.cls == "Indicator" for c in cands.entities.values())


def _state(store: GraphStore) -> tuple[int, str]:
    quads = sorted(str(q) for q in store.ox.quads_for_pattern(None, None, None, None))
    return len(quads), str(hash("\n".join(quads)))


def test_review_round_trip_with_edits_and_merges(scratch_store: GraphStore, tmp_path: Path) -> None:
    before = _state(scratch_store)
    done = ingest_file(
        scratch_store, write_docx(tmp_path / "plan.docx"), review_out=tmp_path / "r" / "review.yaml"
    )
    review_path = Path(done.review)
    assert (review_path.parent / read_review(review_path)["source"]).is_file()
    review = read_review(review_path)
    # edit: a better English label; reject a candidate; merge a new entity into an existing one
    for rec in review["entities"]:
        if rec["zh"] == "潍柴动力股份有限公司":
            rec["en"] = "Weichai Power Co., Ltd."
        if rec["zh"] == "潍坊市工业互联网发展领导小组":
            rec["review"]["decision"] = "reject"
    plan = next(r for r in review["entities"] if r["zh"] == TITLE)
    merge_entity(
        review, plan["id"], "gongfu-shandong", cls="Policy", zh="“工赋山东”", en="Gongfu Shandong"
    )
    write_review(review, review_path)
    result = accept_review(scratch_store, review_path, accepted_out=tmp_path / "accepted.yaml")
    assert result.facts > 10 and any(
        "领导小组" in d or "lingdaoxiaozu" in d for d in result.dropped
    )
    assert f"load/{result.name}" in {r.name for r in list_loads(scratch_store)}
    details = entity_details(scratch_store, "inspur-yunzhou")
    empowers = [r for r in details.relations if r.type == "EMPOWERS" and "潍柴" in r.other_name]
    assert empowers and "浪潮云洲赋能潍柴动力股份有限公司" in squash(empowers[0].quotes[0])
    merged = entity_details(scratch_store, "gongfu-shandong")
    assert any(r.type == "HAS_TASK" for r in merged.relations)
    weichai = entity_details(scratch_store, "潍柴动力股份有限公司")
    assert weichai.name_en == "Weichai Power Co., Ltd."
    with pytest.raises(NotFound):  # rejected: never written
        entity_details(scratch_store, "潍坊市工业互联网发展领导小组")
    # the accepted part is a plain curated file
    accepted = yaml.safe_load((tmp_path / "accepted.yaml").read_text(encoding="utf-8"))
    assert "review" not in json.dumps(accepted, ensure_ascii=False).replace("review.yaml", "")
    unload(scratch_store, result.name)
    assert _state(scratch_store) == before


def test_a_changed_quote_is_refused_and_nothing_is_written(
    scratch_store: GraphStore, tmp_path: Path
) -> None:
    done = ingest_file(
        scratch_store, write_txt(tmp_path / "plan.txt"), review_out=tmp_path / "review.yaml"
    )
    review = read_review(Path(done.review))
    bulk_accept(review, 0.0)
    review["facts"][3]["quote"] = "这句话不在原文里"
    write_review(review, Path(done.review))
    before = _state(scratch_store)
    with pytest.raises(LoadError) as err:
        load_file(scratch_store, Path(done.review))
    message = str(err.value)
    assert "review.yaml" in message and "line " in message and "does not occur" in message
    assert "\n" not in message
    assert _state(scratch_store) == before


def test_cli_ingest_accept_unload(cli_store: Path, tmp_path: Path) -> None:
    html = write_html(tmp_path / "plan.html")
    out = tmp_path / "review.yaml"
    proc = run_gongfu(
        "ingest", str(html), "--review-out", str(out), "--json", store=cli_store, check=True
    )
    info = json.loads(proc.stdout)
    assert info["relations"] > 10 and Path(info["review"]) == out
    proc = run_gongfu("load", str(out), store=cli_store, check=True)
    name = re.search(r"loaded '([^']+)'", proc.stdout).group(1)
    proc = run_gongfu("neighbors", "潍柴动力股份有限公司", store=cli_store, check=True)
    assert "浪潮云洲" in proc.stdout
    run_gongfu("unload", name, store=cli_store, check=True)
    bad = run_gongfu("ingest", str(tmp_path / "missing.docx"), store=cli_store)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "missing.docx" in bad.stderr


def test_an_accepted_document_is_cited_in_a_briefing(cli_store: Path, tmp_path: Path) -> None:
    """The analyst's round: ingest, accept, then a briefing on a new entity quotes the
    document's sentence and names the document; after unload the entity is gone."""
    review = tmp_path / "plan.review.yaml"
    run_gongfu(
        "ingest", str(write_txt(tmp_path / "plan.txt")), "--review-out", str(review),
        store=cli_store, check=True,
    )  # fmt: skip
    proc = run_gongfu("ingest", "--accept", str(review), store=cli_store, check=True)
    name = re.search(r"loaded '([^']+)'", proc.stdout).group(1)
    try:
        brief = tmp_path / "brief.md"
        run_gongfu(
            "export", "--focus", "潍柴动力股份有限公司", "-o", str(brief),
            store=cli_store, check=True,
        )  # fmt: skip
        text = brief.read_text(encoding="utf-8")
        facts = text.split("## 事实", 1)[1].split("##", 1)[0]
        assert "浪潮云洲工业互联网平台 | 赋能 | 潍柴动力股份有限公司" in facts
        cited = text.split("## 出处", 1)[1]
        assert "“浪潮云洲赋能潍柴动力股份有限公司”" in cited
        assert squash("浪潮云洲赋能潍柴动力股份有限公司") in squash(TEXT)
        assert TITLE in cited.split("来源文档", 1)[1]
    finally:
        run_gongfu("unload", name, store=cli_store, check=True)
    gone = run_gongfu(
        "export", "--focus", "潍柴动力股份有限公司", "-o", str(brief), store=cli_store
    )
    assert gone.returncode == 1 and "潍柴动力股份有限公司" in gone.stderr


def test_rules_name_no_curated_entity_document_or_sentence(data_dir: Path) -> None:
    """Genre rules, never one document's: no curated name or quote appears in the rule files."""
    rule_files = [
        p for p in (ROOT / "loaders" / "documents").glob("*.py") if p.name != "evaluate.py"
    ]
    code = {p.name: p.read_text(encoding="utf-8") for p in rule_files}
    names: set[str] = set()
    for path in (data_dir / "curated").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for e in doc.get("entities") or []:
            names.update(str(n) for n in [e["zh"], *(e.get("aliases") or [])] if len(str(n)) >= 4)
        for key in ("facts", "values"):
            for rec in doc.get(key) or []:
                names.update(q for q in quotes_of(rec) if len(q) >= 8)
        if doc.get("document"):
            names.add(str(doc["document"]["zh"]))
    found = sorted({(file, n) for file, text in code.items() for n in names if n in text})
    assert not found, found


def test_review_page_bulk_accept_merge_and_load(
    scratch_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from ui import keys

    monkeypatch.setenv("GONGFU_STORE", str(scratch_store.root))
    done = ingest_file(
        scratch_store, write_txt(tmp_path / "plan.txt"), review_out=tmp_path / "review.yaml"
    )
    at = AppTest.from_file(str(ROOT / "ui" / "pages" / "review.py"), default_timeout=180)
    at.session_state[keys.REVIEW_FILE] = done.review
    at.run()
    assert not at.exception, at.exception
    assert any(TITLE in h.value for h in at.subheader)
    marked = " ".join(m.value for m in at.markdown)
    assert "<mark>" in marked  # the candidate's quote highlighted in its sentence
    at.slider(key="review_threshold").set_value(0.95).run()
    at.button(key="review_bulk").click().run()
    review = read_review(Path(done.review))
    decisions = {
        r["review"]["decision"] for r in review["facts"] if r["review"]["confidence"] < 0.95
    }
    assert decisions == {"reject"}
    at.slider(key="review_threshold").set_value(0.5).run()
    at.button(key="review_bulk").click().run()
    new = {
        r["id"]: r["zh"]
        for r in read_review(Path(done.review))["entities"]
        if not r["review"]["existing"]
    }
    plan_id = next(i for i, zh in new.items() if zh == TITLE)
    at.selectbox(key="review_merge_from").set_value(plan_id).run()
    at.text_input(key="review_merge_search").input("潍坊").run()
    assert at.selectbox(key="review_merge_into").options  # scored suggestions to merge into
    at.button(key="review_load").click().run()
    assert not at.exception, at.exception
    assert any("doc-" in s.value for s in at.success), [s.value for s in at.success]
    scratch_store.refresh()
    assert any(r.name.startswith("load/doc-") for r in list_loads(scratch_store))


def test_sources_page_lists_an_accepted_document_with_title_date_publisher(
    scratch_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from ui import keys

    monkeypatch.setenv("GONGFU_STORE", str(scratch_store.root))
    done = ingest_file(
        scratch_store, write_html(tmp_path / "plan.html"), review_out=tmp_path / "review.yaml"
    )
    loaded = accept_review(scratch_store, Path(done.review))
    kept = Path(done.source).name
    quote = "浪潮云洲赋能潍柴动力股份有限公司"

    def sources(**state: object) -> AppTest:
        from tests.test_pages import _run

        return _run("ui/pages/sources.py", **state)

    at = sources(**{keys.SOURCE_FILE: kept, keys.SOURCE_QUOTE: quote})
    picker = at.selectbox(key="source_doc")
    assert picker.value == kept
    assert f"{TITLE} (2024-03-05)" in picker.options  # by title and date, as the seed texts
    assert any(o.startswith("工业互联网让工业老城焕发新活力") for o in picker.options)
    assert "潍坊市人民政府 · 2024-03-05" in [c.value for c in at.caption]
    html = " ".join(m.value for m in at.markdown)
    assert f"<mark>{quote}</mark>" in html  # its paragraph, the quote marked
    assert not any(i.value and "表格" in i.value for i in at.info)  # not read as a table
    # the words of its quotes are found by the quote search too
    at.text_input(key="quote_search").input("赋能潍柴动力").run()
    assert any(b.label == "阅读原文段落" for b in at.button)
    # once unloaded, the document is no longer offered (its kept text is not a source)
    unload(scratch_store, loaded.name)
    at = sources()
    assert f"{TITLE} (2024-03-05)" not in at.selectbox(key="source_doc").options
