"""Reading an analyst's table as the analyst sees it: header, rows, one string per cell.

CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16 as Excel's "Unicode text"), TSV and XLSX.
What a spreadsheet shows is what is read: merged cells give their value to every cell they
cover, a formula gives the value Excel saved for it. What cannot be read as the analyst
meant it is refused with file, row and column, never guessed: a row with more or fewer
fields than the header, a workbook with several sheets of data and no sheet named, a formula
whose value was never saved, an Excel error value, a cell longer than Excel allows.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from loaders.names import BadName, clean_name, shown

__all__ = ["MAX_CELL", "TABLE_SUFFIXES", "Table", "read_table", "table_error"]

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
#: the longest cell Excel itself allows; a longer one is not a name, quote or value
MAX_CELL = 32_767


class TableError(LoadError):
    """A table that cannot be read as meant (file, row and column in the message)."""

    def __init__(
        self, file: Path, message: str, *, row: int | None = None, column: str | None = None
    ):
        where = ", ".join(
            x for x in (f"row {row}" if row else "", f"column '{column}'" if column else "") if x
        )
        super().__init__(message, file=str(file), record=where or None)
        self.row = row
        self.column = column


def table_error(
    file: Path, message: str, row: int | None = None, column: str | None = None
) -> TableError:
    """The one-line error of a table: ``FILE, row R, column 'C': message``."""
    return TableError(file, message, row=row, column=column)


@dataclass
class Table:
    """A table as read: column names, the cells column by column, the row number of each
    record as a spreadsheet shows it (the header is row 1), and cells that must not be used
    (formulas without a value, Excel errors), by column: (row, why) of the first."""

    file: Path
    columns: list[str]
    cells: dict[str, list[str]]
    rows: list[int]
    sheet: str | None = None
    unusable: dict[str, tuple[int, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """Read a CSV/TSV or an XLSX sheet; every cell a string (empty when blank).

    Args:
        sheet: the sheet of a workbook to read; needed when more than one holds data.

    Raises:
        LoadError: the file, row and column of what cannot be read as meant.
    """
    path = Path(path)
    if not path.is_file():
        raise table_error(path, "no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, records = _read_xlsx(path, sheet)
    elif suffix in (".csv", ".tsv", ".txt"):
        if sheet is not None:
            raise table_error(path, f"a {shown(suffix)} file has no sheets (drop --sheet)")
        header, records = _read_csv(path, "\t" if suffix == ".tsv" else ",")
        sheet = None
    else:
        raise table_error(path, f"unknown table format '{shown(suffix)}' (use .csv, .tsv or .xlsx)")
    table = _columns(path, header, records)
    table.sheet = sheet
    return table


# -- CSV ---------------------------------------------------------------------------------------


def _decode(path: Path, raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    row = raw[: error.start].count(b"\n") + 1
    raise table_error(
        path,
        f"neither UTF-8 nor GBK/GB18030 (undecodable byte at offset {error.start})",
        row=row,
    )


def _read_csv(path: Path, sep: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    text = _decode(path, path.read_bytes())
    if "\t" in text.partition("\n")[0] and sep == "," and "," not in text.partition("\n")[0]:
        sep = "\t"  # Excel's "Unicode text" is tab-separated whatever its name
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)

    def records() -> Iterator[tuple[int, list[Any]]]:
        row = 0
        try:
            for record in reader:
                row += 1
                yield row, record
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = f"a cell longer than {csv.field_size_limit():,} characters"
            raise table_error(path, f"not a readable CSV ({message})", row=row + 1) from None

    found = records()
    first = next(found, None)
    if first is None:
        raise table_error(path, "the file is empty (no header row)")
    return first[1], found


# -- XLSX --------------------------------------------------------------------------------------


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors)
        raise table_error(path, f"not a readable Excel file ({type(exc).__name__})") from None
    try:
        chosen = _choose_sheet(path, book, sheet)
        ws = book[chosen]
        if not hasattr(ws, "iter_rows"):
            raise table_error(path, f"sheet '{shown(chosen)}' is a chart, not a table")
        grid, formulas = _sheet_cells(ws)
        if formulas:
            _saved_values(path, chosen, grid, formulas)
        _fill_merged(grid, _merged(book, ws))
    except LoadError:
        raise
    except Exception as exc:  # a damaged workbook: zip, XML or openpyxl errors
        raise table_error(path, f"not a readable Excel file ({type(exc).__name__})") from None
    finally:
        book.close()
    if not grid or 1 not in grid:
        raise table_error(path, f"sheet '{shown(chosen)}': row 1 (the header) is empty", row=1)
    width = max(grid[1]) if grid[1] else 0
    header = [grid[1].get(c, "") for c in range(1, width + 1)]

    def records() -> Iterator[tuple[int, list[Any]]]:
        for row in sorted(r for r in grid if r > 1):
            cells = grid[row]
            last = max(cells) if cells else 0
            yield row, [cells.get(c, "") for c in range(1, max(last, width) + 1)]

    return header, records()


def _choose_sheet(path: Path, book: Any, sheet: str | None) -> str:
    """The sheet named, or the only one holding data; several with data are refused."""
    names = list(book.sheetnames)
    if sheet is not None:
        if sheet not in names:
            raise table_error(path, f"no sheet named '{shown(sheet)}' (sheets: {_listed(names)})")
        return sheet
    with_data = [n for n in names if _has_data(book[n])]
    if not with_data:
        raise table_error(path, f"no sheet holds any data (sheets: {_listed(names)})")
    if len(with_data) > 1:
        raise table_error(
            path,
            f"{len(with_data)} sheets hold data ({_listed(with_data)}): "
            "choose one with --sheet NAME",
        )
    return with_data[0]


def _listed(names: list[str]) -> str:
    return ", ".join(shown(n, 40) for n in names[:20]) + (" …" if len(names) > 20 else "")


def _has_data(ws: Any) -> bool:
    if not hasattr(ws, "iter_rows"):
        return False  # a chart sheet
    for row in ws.iter_rows(values_only=True):
        if any(v is not None and str(v).strip() for v in row):
            return True
    return False


_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")


def _text(value: Any) -> str:
    """A cell's value as the spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _sheet_cells(
    ws: Any,
) -> tuple[dict[int, dict[int, str | tuple[int, str]]], set[tuple[int, int]]]:
    """Cells by row and column (1-based); formulas noted for their saved values."""
    grid: dict[int, dict[int, Any]] = {}
    formulas: set[tuple[int, int]] = set()
    for cells in ws.iter_rows():
        for cell in cells:
            if getattr(cell, "value", None) is None:
                continue
            row, col = cell.row, cell.column
            if cell.data_type == "f":
                formulas.add((row, col))
                grid.setdefault(row, {})[col] = (0, str(cell.value)[:40])
            elif cell.data_type == "e":
                grid.setdefault(row, {})[col] = (1, str(cell.value))
            else:
                grid.setdefault(row, {})[col] = _text(cell.value)
    return grid, formulas


def _saved_values(path: Path, sheet: str, grid: dict, formulas: set[tuple[int, int]]) -> None:
    """Replace each formula by the value Excel saved for it (a formula whose value was never
    saved, as in files written by scripts, stays unusable)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for cells in book[sheet].iter_rows():
            for cell in cells:
                key = (getattr(cell, "row", None), getattr(cell, "column", None))
                if key not in formulas or cell.value is None:
                    continue
                value = _text(cell.value)
                grid[key[0]][key[1]] = (1, value) if value in _ERRORS else value
    finally:
        book.close()


def _merged(book: Any, ws: Any) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (min_col, min_row, max_col, max_row).

    openpyxl's read-only mode (which keeps memory flat on big sheets) does not report
    merges, so the sheet's XML is scanned for them with openpyxl's own (defused) parser.
    """
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    part = getattr(ws, "_worksheet_path", None)
    archive = getattr(book, "_archive", None)
    if part is None or archive is None:
        return []
    ranges = []
    with archive.open(part) as source:
        for _event, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                with contextlib.suppress(TypeError, ValueError):
                    ranges.append(range_boundaries(element.get("ref", "")))
            element.clear()
    return ranges


def _fill_merged(grid: dict[int, dict[int, Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell (what Excel shows),
    within the rows and columns that hold data."""
    if not grid:
        return
    last_row = max(grid)
    last_col = max((max(cells) for cells in grid.values() if cells), default=0)
    for min_col, min_row, max_col, max_row in ranges:
        value = grid.get(min_row, {}).get(min_col)
        if value is None:
            continue
        for row in range(min_row, min(max_row, last_row) + 1):
            for col in range(min_col, min(max_col, last_col) + 1):
                grid.setdefault(row, {}).setdefault(col, value)


def _unusable(cell: tuple[int, str]) -> str:
    if cell[0] == 0:
        return (
            f"holds a formula ({shown(cell[1], 40)}) whose value was never saved: "
            "open and save the file in Excel, or paste the column as values"
        )
    return f"holds the Excel error {shown(cell[1], 20)}"


# -- columns -----------------------------------------------------------------------------------


def _columns(path: Path, header: list[Any], records: Iterator[tuple[int, list[Any]]]) -> Table:
    """Check the header and every record's width; gather the cells column by column."""
    names: list[str] = []
    for index, raw in enumerate(header, 1):
        if isinstance(raw, tuple):
            raise table_error(path, f"header cell {index} {_unusable(raw)}", row=1)
        text = raw if isinstance(raw, str) else ""
        try:
            name = clean_name(text)
        except BadName as exc:
            raise table_error(path, f"header cell {index}: {exc}", row=1) from None
        if len(name) > 200:
            raise table_error(path, f"header cell {index} is {len(name):,} characters long", row=1)
        if name and name in names:
            raise table_error(path, f"column '{name}' appears twice in the header", row=1)
        names.append(name)
    while names and not names[-1]:
        names.pop()  # trailing columns without a name (Excel's empty columns)
    if not any(names):
        raise table_error(path, "row 1 (the header) is empty", row=1)
    width = len(names)
    columns: list[list[Any]] = [[] for _ in range(width)]
    rows: list[int] = []
    unusable: dict[str, tuple[int, str]] = {}
    for row, record in records:
        if len(record) != width:
            if not any(isinstance(v, str) and v.strip() for v in record):
                continue  # a blank line
            if len(record) < width or any(
                not isinstance(v, str) or v.strip() for v in record[width:]
            ):
                raise table_error(
                    path,
                    f"{len(record)} fields where the header has {width} "
                    "(a missing or extra separator, or a cell with a separator not in quotes?)",
                    row=row,
                )
            record = record[:width]
        if not any(isinstance(v, str) and v.strip() for v in record) and all(
            isinstance(v, str) for v in record
        ):
            continue  # a row of empty cells
        rows.append(row)
        for col, value in enumerate(record):
            if isinstance(value, tuple):
                name = names[col]
                if name and name not in unusable:
                    unusable[name] = (row, _unusable(value))
                value = ""
            columns[col].append(value)
    cells = {name: columns[i] for i, name in enumerate(names) if name}
    return Table(path, [n for n in names if n], cells, rows, unusable=unusable)
