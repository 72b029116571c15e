"""A briefing as a Word document (python-docx): headings, the picture, tables, citations.

Word picks the font for Chinese from the East Asian slot of a run's fonts, which
python-docx does not set; it is set on every style used, so Chinese does not fall back
to a font without the glyphs.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table

from graph.export.briefing import Briefing

__all__ = ["write_docx"]

_EAST_ASIAN = "Microsoft YaHei"
_FLAG = RGBColor(0xB0, 0x30, 0x20)


def _east_asian(style: BaseStyle) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), _EAST_ASIAN)


def _table(
    doc: DocxDocument, header: list[str], rows: list[list[str]], widths: list[float] | None = None
) -> Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    if widths:
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)
    doc.add_paragraph()
    return table


def write_docx(b: Briefing, path: Path, picture: Path | None = None) -> Path:
    """Write the briefing; ``picture`` is a PNG to embed at full text width."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        _east_asian(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(b.title, level=0)
    doc.add_paragraph(f"{b.w('date')}: {b.date}")
    doc.add_paragraph(f"{b.w('selection')}: {b.selection}")
    if picture is not None and picture.exists():
        doc.add_picture(str(picture), width=Cm(17))
    doc.add_heading(b.w("summary"), level=1)
    doc.add_paragraph(b.summary)
    _table(doc, [b.w("by_class"), b.w("count")], [[k, str(v)] for k, v in b.by_class])
    if b.by_relation:
        _table(doc, [b.w("by_relation"), b.w("count")], [[k, str(v)] for k, v in b.by_relation])
    if b.conflicts:
        doc.add_heading(b.w("conflicts"), level=1)
        _table(
            doc,
            [b.w("indicator"), b.w("scope"), b.w("year"), b.w("kind"), b.w("values")],
            [[c.indicator, c.scope, c.year, c.kind, "\n".join(c.values)] for c in b.conflicts],
        )
    doc.add_heading(b.w("entities"), level=1)
    table = _table(
        doc,
        [b.w("name"), b.w("name_en"), b.w("class"), b.w("figures")],
        [[r.name, r.name_en, r.cls, r.figures] for r in b.entities],
        [4.5, 4.5, 2.5, 5.5],
    )
    for row, r in zip(table.rows[1:], b.entities, strict=True):
        para = row.cells[0].paragraphs[0]
        if r.focus:
            for run in para.runs:
                run.bold = True
        if r.conflict:
            flag = para.add_run(" " + b.w("conflict_flag"))
            flag.font.color.rgb = _FLAG
    if b.facts:
        doc.add_heading(b.w("facts"), level=1)
        _table(
            doc,
            ["#", b.w("source"), b.w("relation"), b.w("target"), b.w("inferred"), b.w("evidence")],
            [
                [
                    str(i),
                    f.source,
                    f.relation,
                    f.target,
                    b.w("yes") if f.inferred else "",
                    b.cite_marks(f.cites),
                ]
                for i, f in enumerate(b.facts, 1)
            ],
            [1.0, 4.5, 2.2, 4.5, 1.6, 3.2],
        )
    if b.inferred:
        doc.add_heading(b.w("inferred_links"), level=1)
        for f in b.inferred:
            text = f"{f.source} → {f.relation} → {f.target}" + (f": {f.note}" if f.note else "")
            doc.add_paragraph(text, style="List Bullet")
    if b.citations:
        doc.add_heading(b.w("citations"), level=1)
        for c in b.citations:
            para = doc.add_paragraph()
            para.add_run(f"[{c.number}] ").bold = True
            para.add_run(c.source_file + ": ").italic = True
            para.add_run(f"“{c.quote}”")
    if b.documents:
        doc.add_heading(b.w("documents"), level=1)
        for file, title in b.documents:
            doc.add_paragraph(f"{file}: {title}", style="List Bullet")
    doc.add_paragraph(f"{b.w('generated')} · {b.date}")
    doc.core_properties.title = b.title
    doc.core_properties.subject = b.selection
    doc.save(str(path))
    return path
