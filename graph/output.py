"""Print result rows the way every command does: a table, CSV, or one JSON array.

Values come from data anyone may have loaded, so what reaches a terminal or a spreadsheet is
made inert here: control characters and bidirectional overrides are shown as escapes
(:func:`printable`), and CSV cells that Excel would read as a formula get a leading
apostrophe (:func:`csv_safe`, the OWASP rule for CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["csv_rows", "csv_safe", "printable", "render_rows", "to_json"]


def to_json(data: Any) -> str:
    """JSON with Chinese kept readable (no \\u escapes); control characters escaped by json."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


# C0 and C1 controls (but not tab and newline, handled apart), DEL, and the bidirectional
# embeddings, overrides and isolates that can make a terminal show text in another order
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character and bidi override shown as an escape.

    Example:
        >>> printable("ok\\x1b]0;pwned\\x07 \\u202egnp.exe")
        'ok\\\\x1b]0;pwned\\\\x07 \\\\u202egnp.exe'
    """

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    text = _UNPRINTABLE.sub(escape, text)
    text = text.replace("\t", "\\t")
    if not keep_newlines:
        text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
    return text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# full-width forms that some spreadsheets fold to the ASCII ones
_FOLDED_START = ("＝", "＋", "－", "＠")


def csv_safe(value: Any) -> Any:
    """A cell that a spreadsheet shows as text, never runs: a string starting with
    ``= + - @``, a tab or a line break gets a leading ``'`` (numbers stay numbers).

    Example:
        >>> [csv_safe(v) for v in ("=HYPERLINK(\\"http://x\\")", "-3.5", -2, "@SUM(A1)", "浪潮")]
        ['\\'=HYPERLINK("http://x")', '-3.5', -2, "'@SUM(A1)", '浪潮']
    """
    if not isinstance(value, str) or not value:
        return value
    first = unicodedata.normalize("NFKC", value[:1]) if value[:1] in _FOLDED_START else value[:1]
    if first not in _FORMULA_START:
        return value
    if first in "+-" and _is_number(value):
        return value
    return "'" + value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in ("inf", "infinity", "nan")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text of ``rows`` under ``columns``, every cell made safe for a spreadsheet."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([csv_safe(c) for c in columns])
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return buf.getvalue()


def render_rows(columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: str) -> str:
    """Render rows as ``table``, ``csv`` or ``json`` (an array of objects keyed by column)."""
    if fmt == "json":
        return to_json([{c: r.get(c) for c in columns} for r in rows])
    if fmt == "csv":
        return csv_rows(columns, ([_cell(r.get(c)) for c in columns] for r in rows))
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(Text(printable(c)), overflow="fold")
    for r in rows:  # Text, not str: "[red]" in data is data, not rich markup
        table.add_row(*(Text(printable(_cell(r.get(c)))) for c in columns))
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    console.print(f"{len(rows)} row(s)")
    return console.export_text()
