"""nodes.csv and edges.csv in one zip, UTF-8 with a BOM so that Excel reads Chinese right.

Every cell passes :func:`graph.output.csv_safe`: a name or quote that starts like a formula
(``=HYPERLINK(…)``) reaches the spreadsheet as text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from graph.export.records import SubgraphData, edge_records, node_records
from graph.output import csv_safe

__all__ = ["csv_text", "write_csv_zip"]


def csv_text(records: list[dict[str, Any]]) -> str:
    """Records as CSV text: one column per key seen, in first-seen order; None as empty."""
    columns: dict[str, None] = {}
    for rec in records:
        columns.update(dict.fromkeys(rec))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([csv_safe(c) for c in columns])
    for rec in records:
        writer.writerow([csv_safe("" if rec.get(c) is None else rec.get(c)) for c in columns])
    return buf.getvalue()


def write_csv_zip(data: SubgraphData, path: Path, lang: str = "zh") -> Path:
    """Write ``nodes.csv`` and ``edges.csv`` (every attribute; lists joined with `` | ``)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nodes.csv", csv_text(node_records(data, lang)).encode("utf-8-sig"))
        zf.writestr("edges.csv", csv_text(edge_records(data, lang)).encode("utf-8-sig"))
    return path
