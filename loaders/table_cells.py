"""The cells of a table, checked column by column: each distinct value once.

A table of 300,000 rows names a few hundred platforms, a handful of classes and relations
and a few sources over and over. Cleaning a name (loaders/names.py), looking up a class or
relation, parsing a number or a yes/no: each is done once per distinct value of a column,
and an error names the first row that holds the bad value, with its column.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from loaders.names import BadName, clean_name, shown
from loaders.table_mapping import NOT_LOADABLE, EndSpec, TableMapping
from loaders.table_read import MAX_CELL, Table, table_error
from ontology.schema import Schema

__all__ = [
    "MAX_NAME",
    "Columns",
    "boolean",
    "end_classes",
    "lit",
    "literal_converter",
    "no_duplicate_rows",
    "relations",
    "typed_lit",
]

#: the longest name a cell may give (an entity, class, relation, English name or source)
MAX_NAME = 200
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TRUE = ("true", "1", "是", "yes", "y")
_FALSE = ("false", "0", "否", "no", "n", "")


def lit(text: str) -> str:
    """A plain N-Triples literal."""
    return (
        '"'
        + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        + '"'
    )


def typed_lit(lexical: str, datatype: str) -> str:
    """An N-Triples literal of an XSD datatype (the lexical form must need no escaping)."""
    return f'"{lexical}"^^<{_XSD}{datatype}>'


class Columns:
    """The used columns of a table, every cell cleaned once per distinct value."""

    def __init__(self, table: Table, mapping: TableMapping, names: set[str]) -> None:
        self.table = table
        self.file = table.file
        self.cells: dict[str, list[str]] = {}
        missing = [c for c in mapping.columns() if c not in table.cells]
        if missing:
            raise table_error(
                self.file,
                f"missing column(s): {', '.join(shown(c, 40) for c in missing)} "
                f"(columns: {', '.join(shown(c, 40) for c in table.columns)})",
            )
        first_bad: list[tuple[int, int, str, str]] = []
        for order, column in enumerate(mapping.columns()):
            if column in table.unusable:
                row, why = table.unusable[column]
                first_bad.append((row, order, column, why))
                continue
            limit = MAX_NAME if column in names else MAX_CELL
            cleaned: dict[str, str] = {}
            bad: str | None = None
            for value in dict.fromkeys(table.cells[column]):
                try:
                    text = clean_name(value)
                except BadName as exc:
                    bad, why = value, str(exc)
                    break
                if len(text) > limit:
                    bad, why = value, f"a cell of {len(text):,} characters (at most {limit:,})"
                    break
                cleaned[value] = text
            if bad is not None:
                row = table.rows[table.cells[column].index(bad)]
                first_bad.append((row, order, column, why))
                continue
            self.cells[column] = [cleaned[v] for v in table.cells[column]]
        if first_bad:
            row, _order, column, why = min(first_bad)
            raise table_error(self.file, why, row=row, column=column)

    def get(self, column: str | None) -> list[str] | None:
        return self.cells[column] if column else None

    def first_row(self, column: str, value: str) -> int:
        return self.table.rows[self.cells[column].index(value)]

    def per_value(
        self, column: str, convert: Callable[[str], Any], *, skip_empty: bool = True
    ) -> dict[str, Any]:
        """``convert`` applied to each distinct value; its ValueError names the first row."""
        out: dict[str, Any] = {}
        for value in dict.fromkeys(self.cells[column]):
            if skip_empty and not value:
                continue
            try:
                out[value] = convert(value)
            except ValueError as exc:
                raise table_error(
                    self.file, str(exc), row=self.first_row(column, value), column=column
                ) from None
        return out


def _number(prop: str, datatype: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        try:
            number = Decimal(value.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(f"'{shown(value, 40)}' is not a number ({prop})") from None
        if not number.is_finite():
            raise ValueError(f"'{shown(value, 40)}' is not a number ({prop})")
        if prop == "share" and not 0 <= number <= 1:
            raise ValueError(f"'{shown(value, 40)}': a share must be between 0 and 1")
        if datatype == "integer":
            if number != number.to_integral_value():
                raise ValueError(f"'{shown(value, 40)}' is not a whole number ({prop})")
            return typed_lit(str(int(number)), "integer")
        return typed_lit(format(number, "f"), "decimal")

    return convert


def boolean(value: str) -> str:
    """``true`` or ``false`` for the ways a table writes yes and no (是/否, yes/no, 1/0)."""
    folded = value.casefold()
    if folded in _TRUE:
        return "true"
    if folded in _FALSE:
        return "false"
    raise ValueError(f"'{shown(value, 40)}' is not true/false (是/否, yes/no, 1/0)")


def literal_converter(schema: Schema, prop: str) -> Callable[[str], str]:
    """Cell → N-Triples literal of the property's datatype (ValueError when it is not)."""
    rng = str(schema.datatype_properties[prop].range)
    if rng.endswith("#decimal") or rng.endswith("#integer"):
        return _number(prop, rng.rsplit("#", 1)[-1])
    if rng.endswith("#boolean"):
        return lambda v: typed_lit(boolean(v), "boolean")
    return lit


def relations(cols: Columns, mapping: TableMapping, schema: Schema, total: int) -> list[str]:
    """The relation of every row: the mapping's, or each distinct cell looked up once."""
    if mapping.relation:
        return [mapping.relation] * total
    column = mapping.relation_column or "relation"

    def lookup(value: str) -> str:
        info = schema.relation_named(value) if value else None
        if info is None or info.name in NOT_LOADABLE:
            raise ValueError(
                f"unknown relation '{shown(value, 40)}'" if value else "empty relation"
            )
        return info.name

    named = cols.per_value(column, lookup, skip_empty=False)
    return [named[v] for v in cols.cells[column]]


def end_classes(cols: Columns, end: EndSpec, schema: Schema, total: int) -> list[str]:
    """The class of one end on every row: the mapping's, or each distinct cell looked up once."""
    if end.cls:
        return [end.cls] * total
    column = end.class_column or end.column

    def lookup(value: str) -> str:
        info = schema.class_named(value) if value else None
        if info is None or info.name not in Schema.ENTITY_CLASSES:
            raise ValueError(f"unknown class '{shown(value, 40)}'" if value else "empty class")
        return info.name

    named = cols.per_value(column, lookup, skip_empty=False)
    return [named[v] for v in cols.cells[column]]


def no_duplicate_rows(
    path: Path, rows: list[int], subjects: list[str], relations: list[str], objects: list[str]
) -> None:
    """Refuse a second row with the same subject, relation and object names."""
    seen: dict[tuple[str, str, str], int] = {}
    for row, key in zip(rows, zip(subjects, relations, objects, strict=True), strict=True):
        first = seen.setdefault(key, row)
        if first != row:
            raise table_error(
                path,
                f"duplicate row: same {shown(key[0], 40)} — {key[1]} → {shown(key[2], 40)} "
                f"as row {first}",
                row=row,
            )
