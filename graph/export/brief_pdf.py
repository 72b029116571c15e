"""A briefing as PDF (fpdf2), set in a CJK font so that Chinese prints.

fpdf2 embeds a subset of a TrueType/OpenType font; Noto Sans CJK ships as a collection
(``.ttc``), whose face fpdf2 takes by index. DejaVu Sans is the fallback for glyphs the
CJK font lacks (and the only font when no CJK font is installed). Tables wrap by
character, since Chinese has no spaces to break at.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from graph.export.briefing import Briefing
from graph.export.fonts import cjk_font

__all__ = ["write_pdf"]

_FONT = "body"


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FONT, size=7)
        self.set_text_color(120, 120, 120)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _fonts(pdf: FPDF) -> None:
    from matplotlib import font_manager

    font = cjk_font()
    pdf.add_font(_FONT, "", font.path, collection_font_number=font.index)
    bold = font.bold_path or font.path
    index = font.bold_index if font.bold_path else font.index
    pdf.add_font(_FONT, "B", bold, collection_font_number=index)
    dejavu = font_manager.findfont("DejaVu Sans")
    if dejavu.lower().endswith(".ttf") and font.cjk:
        pdf.add_font("fallback", "", dejavu)
        pdf.add_font("fallback", "B", dejavu)
        pdf.set_fallback_fonts(["fallback"])


def _para(pdf: FPDF, text: str, size: float = 10, *, bold: bool = False, gap: float = 1.5) -> None:
    pdf.set_font(_FONT, "B" if bold else "", size=size)
    pdf.multi_cell(0, size * 0.5, text, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def _table(
    pdf: FPDF,
    header: list[str],
    rows: list[list[str]],
    widths: tuple[float, ...],
    share: float = 1.0,
) -> None:
    pdf.set_font(_FONT, size=8)
    with pdf.table(
        col_widths=widths,
        wrapmode=WrapMode.CHAR,
        line_height=4.2,
        text_align="LEFT",
        width=pdf.epw * share,
        align="LEFT",
        padding=1,
    ) as table:
        head = table.row()
        for text in header:
            head.cell(text)
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(3)


def write_pdf(b: Briefing, path: Path, picture: Path | None = None) -> Path:
    """Write the briefing as an A4 PDF; ``picture`` is a PNG placed at full text width."""
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.footer_text = f"工赋图谱 Gongfu Graph · {b.date}"
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(15, 15, 15)
    _fonts(pdf)
    pdf.set_title(b.title)
    pdf.set_creator("Gongfu Graph")
    pdf.add_page()
    _para(pdf, b.title, 17, bold=True, gap=2)
    _para(pdf, f"{b.w('date')}: {b.date}", 9, gap=0.5)
    _para(pdf, f"{b.w('selection')}: {b.selection}", 9, gap=2)
    if picture is not None and picture.exists():
        pdf.image(str(picture), w=pdf.epw)
        pdf.ln(2)
    _para(pdf, b.w("summary"), 13, bold=True)
    _para(pdf, b.summary, 10, gap=2)
    counts = [[k, str(v)] for k, v in b.by_class]
    _table(pdf, [b.w("by_class"), b.w("count")], counts, (3, 1), 0.5)
    if b.by_relation:
        counts = [[k, str(v)] for k, v in b.by_relation]
        _table(pdf, [b.w("by_relation"), b.w("count")], counts, (3, 1), 0.5)
    if b.conflicts:
        _para(pdf, b.w("conflicts"), 13, bold=True)
        _table(
            pdf,
            [b.w("indicator"), b.w("scope"), b.w("year"), b.w("kind"), b.w("values")],
            [[c.indicator, c.scope, c.year, c.kind, "\n".join(c.values)] for c in b.conflicts],
            (3, 2, 1.2, 1.5, 5),
        )
    _para(pdf, b.w("entities"), 13, bold=True)
    _table(
        pdf,
        [b.w("name"), b.w("name_en"), b.w("class"), b.w("figures")],
        [
            [
                r.name + (" " + b.w("conflict_flag") if r.conflict else ""),
                r.name_en,
                r.cls,
                r.figures,
            ]
            for r in b.entities
        ],
        (3.2, 3.2, 1.6, 4),
    )
    if b.facts:
        _para(pdf, b.w("facts"), 13, bold=True)
        _table(
            pdf,
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
            (0.8, 4, 1.8, 4, 1.2, 2.2),
        )
    if b.inferred:
        _para(pdf, b.w("inferred_links"), 13, bold=True)
        for f in b.inferred:
            note = f": {f.note}" if f.note else ""
            _para(pdf, f"• {f.source} → {f.relation} → {f.target}{note}", 8.5, gap=0.8)
        pdf.ln(2)
    if b.citations:
        _para(pdf, b.w("citations"), 13, bold=True)
        for c in b.citations:
            _para(pdf, f"[{c.number}] {c.source_file}: “{c.quote}”", 8.5, gap=0.8)
        pdf.ln(2)
    if b.documents:
        _para(pdf, b.w("documents"), 13, bold=True)
        for file, title in b.documents:
            _para(pdf, f"• {file}: {title}", 8.5, gap=0.8)
    pdf.output(str(path))
    return path
