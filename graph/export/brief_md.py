"""A briefing as Markdown, with its picture as a PNG file next to it.

Every text that comes from the data is escaped, so that a label such as ``<script>`` or
``a|b`` shows as written instead of becoming HTML or breaking a table.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.export.briefing import Briefing

__all__ = ["md_escape", "render_markdown", "write_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md_escape(text: object) -> str:
    """Text safe inside Markdown paragraphs and table cells.

    Example:
        >>> md_escape("<script>a|b*c_[d]`e`</script>")
        '&lt;script&gt;a\\\\|b\\\\*c\\\\_\\\\[d\\\\]\\\\`e\\\\`&lt;/script&gt;'
    """
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def render_markdown(b: Briefing, picture: str | None = None) -> str:
    """The briefing's Markdown text; ``picture`` is the PNG's path relative to the file."""
    e = md_escape
    lines = [f"# {e(b.title)}", ""]
    lines += [f"**{b.w('date')}:** {e(b.date)}  ", f"**{b.w('selection')}:** {e(b.selection)}", ""]
    if picture:
        lines += [f"![{e(b.title)}]({picture.replace(' ', '%20')})", ""]
    lines += [f"## {b.w('summary')}", "", e(b.summary), ""]
    lines += _table([b.w("by_class"), b.w("count")], [[e(k), str(v)] for k, v in b.by_class])
    if b.by_relation:
        lines += _table(
            [b.w("by_relation"), b.w("count")], [[e(k), str(v)] for k, v in b.by_relation]
        )
    if b.conflicts:
        lines += [f"## {b.w('conflicts')}", ""]
        lines += _table(
            [b.w("indicator"), b.w("scope"), b.w("year"), b.w("kind"), b.w("values")],
            [
                [
                    e(c.indicator),
                    e(c.scope),
                    e(c.year),
                    e(c.kind),
                    "<br>".join(e(v) for v in c.values),
                ]
                for c in b.conflicts
            ],
        )
    lines += [f"## {b.w('entities')}", ""]
    lines += _table(
        [b.w("name"), b.w("name_en"), b.w("class"), b.w("figures")],
        [
            [
                ("**" + e(r.name) + "**" if r.focus else e(r.name))
                + (" " + b.w("conflict_flag") if r.conflict else ""),
                e(r.name_en),
                e(r.cls),
                e(r.figures),
            ]
            for r in b.entities
        ],
    )
    if b.facts:
        lines += [f"## {b.w('facts')}", ""]
        lines += _table(
            ["#", b.w("source"), b.w("relation"), b.w("target"), b.w("inferred"), b.w("evidence")],
            [
                [
                    str(i),
                    e(f.source),
                    e(f.relation),
                    e(f.target),
                    b.w("yes") if f.inferred else "",
                    e(b.cite_marks(f.cites)),
                ]
                for i, f in enumerate(b.facts, 1)
            ],
        )
    if b.inferred:
        lines += [f"## {b.w('inferred_links')}", ""]
        lines += [
            f"- {e(f.source)} → {e(f.relation)} → {e(f.target)}"
            + (f": {e(f.note)}" if f.note else "")
            for f in b.inferred
        ]
        lines.append("")
    if b.citations:
        lines += [f"## {b.w('citations')}", ""]
        for c in b.citations:
            lines += [f"\\[{c.number}\\] {e(c.source_file)}: “{e(c.quote)}”", ""]
    if b.documents:
        lines += [f"## {b.w('documents')}", ""]
        lines += [f"- {e(f)}: {e(d)}" for f, d in b.documents]
        lines.append("")
    lines += ["---", f"*{b.w('generated')} · {e(b.date)}*", ""]
    return "\n".join(lines)


def write_markdown(b: Briefing, path: Path, picture: Path | None = None) -> Path:
    rel = picture.name if picture is not None else None
    path.write_text(render_markdown(b, rel), encoding="utf-8")
    return path
