"""Hostile tables and mappings through ``gongfu load``: each refused in one line naming the
file, row, column or mapping key, with the store unchanged and nothing fetched; or, where
the input must load, loaded as the analyst meant it (asserted on what was stored).

Formats: CSV in UTF-8, UTF-8 with BOM, GBK and UTF-16; XLSX with several sheets, empty
sheets, formulas (with and without saved values), Excel errors and merged cells. Cells:
ragged rows, control characters, escape sequences, zero-width and bidirectional characters,
formula-looking text, enormous cells, duplicates. Mappings: wrong types, unknown keys,
classes and relations that do not exist, YAML tags, alias bombs, files and URLs named as
columns.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.conftest import ROOT, run_gongfu
from tests.hostile.conftest import CANARY_TEXT, Canary, assert_refused, dump_quads

pytestmark = pytest.mark.slow

HEADER = "subject,subject_class,relation,object,object_class,source,quote"
OK_ROW = "浪潮云洲,Platform,serves,示例甲公司,Enterprise,示例名单,示例甲公司使用浪潮云洲"
MAPPING = """name: hostile
subject: {column: 平台, class: Platform}
relation: serves
object: {column: 企业, class: Enterprise}
fact: {quote: 说明}
"""
TABLE = "平台,企业,说明\n浪潮云洲,示例甲公司,示例甲公司使用浪潮云洲\n"
ID = "https://gongfu-graph.org/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- tables refused ----------------------------------------------------------------------------

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{k}: &{k} [{','.join([f'*{p}'] * 9)}]\n"
        for p, k in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "name: x\nsubject: {column: 平台, class: Platform}\nrelation: serves\n"
    "object: {column: 企业, class: Enterprise}\nfact: *i\n"
)

TABLE_CASES: dict[str, tuple[str | bytes, list[str], tuple[str, ...]]] = {
    # name: (table content, extra args, what the one error line must say)
    "ragged-short": (
        _csv(OK_ROW, "浪潮云洲,Platform,serves,示例乙公司,Enterprise,示例名单"),
        [],
        ("row 3", "6 fields where the header has 7"),
    ),
    "ragged-long": (
        _csv(OK_ROW + ",多余"),
        [],
        ("row 2", "8 fields where the header has 7"),
    ),
    "ragged-after-blank-lines": (
        _csv(OK_ROW, "", "", "浪潮云洲,Platform,serves,示例乙公司"),
        [],
        ("row 5", "4 fields where the header has 7"),
    ),
    "nul-in-name": (
        _csv("浪潮云洲,Platform,serves,示例\x00公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'object'", "control character U+0000"),
    ),
    "terminal-escape-in-name": (
        _csv("浪潮云洲,Platform,serves,\x1b]0;pwned\x07示例公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'object'", "U+001B"),
    ),
    "bidi-override-in-name": (
        _csv("浪潮云洲,Platform,serves,示例\u202e司公,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'object'", "bidirectional control U+202E"),
    ),
    "bidi-isolate-in-quote": (
        _csv("浪潮云洲,Platform,serves,示例甲公司,Enterprise,示例名单,示例\u2066引文\u2069"),
        [],
        ("row 2", "column 'quote'", "U+2066"),
    ),
    "delete-char-in-class": (
        _csv("浪潮云洲,Plat\x7fform,serves,示例甲公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'subject_class'", "U+007F"),
    ),
    "tag-characters-in-source": (
        _csv("浪潮云洲,Platform,serves,示例甲公司,Enterprise,示例\U000e0041名单,示例引文"),
        [],
        ("row 2", "column 'source'", "U+E0041"),
    ),
    "unknown-class": (
        _csv(OK_ROW, "浪潮云洲,Platfrom,serves,示例乙公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 3", "column 'subject_class'", "unknown class 'Platfrom'"),
    ),
    "unknown-relation": (
        _csv("浪潮云洲,Platform,servs,示例甲公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'relation'", "unknown relation 'servs'"),
    ),
    "loader-only-relation": (
        _csv("浪潮云洲,Platform,mentions,示例甲公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "unknown relation 'mentions'"),
    ),
    "duplicate-rows": (
        _csv(OK_ROW, OK_ROW.replace("使用", "采用")),
        [],
        ("row 3", "duplicate row", "row 2"),
    ),
    "duplicate-once-invisible-characters-go": (
        _csv(
            OK_ROW, "\u200b浪潮云洲\u200b,Platform,serves,示例甲公司 ,Enterprise,示例名单,另一引文"
        ),
        [],
        ("row 3", "duplicate row"),
    ),
    "same-fact-twice-under-two-names": (
        _csv(OK_ROW, OK_ROW.replace("浪潮云洲,", "浪潮云洲工业互联网平台,", 1)),
        [],
        ("row 3", "the same link, source and quote as row 2"),
    ),
    "enormous-quote": (
        _csv(f"浪潮云洲,Platform,serves,示例甲公司,Enterprise,示例名单,{'长' * 40_000}"),
        [],
        ("row 2", "column 'quote'", "40,000 characters"),
    ),
    "enormous-name": (
        _csv(f"浪潮云洲,Platform,serves,{'名' * 300},Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'object'", "300 characters"),
    ),
    "cell-beyond-the-csv-limit": (
        _csv(f'浪潮云洲,Platform,serves,示例甲公司,Enterprise,示例名单,"{"长" * 200_000}"'),
        [],
        ("row 2", "longer than"),
    ),
    "stray-quote": (
        _csv('浪潮云洲,Platform,serves,示例"甲"公司,Enterprise,"示例"名单,示例引文'),
        [],
        ("row 2", "not a readable CSV"),
    ),
    "empty-subject": (
        _csv(",Platform,serves,示例甲公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'subject'", "empty subject"),
    ),
    "invisible-only-subject": (
        _csv("\u200b\ufeff,Platform,serves,示例甲公司,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "column 'subject'", "empty subject"),
    ),
    "duplicate-column": (
        _csv(OK_ROW, header=HEADER.replace("source", "quote")),
        [],
        ("row 1", "column 'quote' appears twice"),
    ),
    "wrong-header-no-mapping": (
        _csv(OK_ROW, header=HEADER.replace("quote", "citation")),
        [],
        ("header is not",),
    ),
    "header-only": (_csv(), [], ("no rows below the header",)),
    "empty-file": ("", [], ("empty",)),
    "not-utf8-nor-gbk": (
        HEADER.encode() + b"\n\xff\xfe\xfa,\x80\x80\n",
        [],
        ("row 2", "neither UTF-8 nor GBK"),
    ),
    "one-character-quote": (
        _csv("浪潮云洲,Platform,serves,示例甲公司,Enterprise,示例名单,引"),
        [],
        ("row 2", "a fact needs the exact quote"),
    ),
    "responsible-enterprise": (
        _csv("示例甲公司,Enterprise,responsibleFor,示例任务,PolicyTask,示例名单,示例引文"),
        [],
        ("row 2", "only a government body can be a responsible unit"),
    ),
    "selected-as-an-enterprise": (
        _csv("浪潮云洲,Platform,selectedAs,临工重机,Enterprise,示例名单,示例引文"),
        [],
        ("row 2", "selectedAs must point to a designation"),
    ),
    "sheet-option-on-a-csv": (_csv(OK_ROW), ["--sheet", "Sheet1"], ("--sheet",)),
}


@pytest.mark.parametrize("case", list(TABLE_CASES))
def test_hostile_table_is_refused(
    case: str, hostile_store: Path, tmp_path: Path, canary: Canary
) -> None:
    content, extra, mentions = TABLE_CASES[case]
    table = _write(tmp_path, f"{case}.csv", content)
    assert_refused(
        ["load", str(table), *extra],
        hostile_store,
        canary=canary,
        mentions=(f"{case}.csv", *mentions),
    )


def test_bad_option_value_is_refused(hostile_store: Path, tmp_path: Path) -> None:
    table = _write(tmp_path, "t.csv", _csv(OK_ROW))
    assert_refused(
        ["load", str(table), "--on-uncertain", "guess"],
        hostile_store,
        mentions=("--on-uncertain must be skip, create or link", "'guess'"),
    )


MAPPED_CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # name: (table, mapping, what the error must say)
    "amount-not-a-number": (
        "平台,企业,说明,金额\n浪潮云洲,示例甲公司,示例引文,一百万\n",
        MAPPING.replace("fact: {quote: 说明}", "fact: {quote: 说明, amount: 金额}"),
        ("row 2", "column '金额'", "'一百万' is not a number"),
    ),
    "amount-nan": (
        "平台,企业,说明,金额\n浪潮云洲,示例甲公司,示例引文,NaN\n",
        MAPPING.replace("fact: {quote: 说明}", "fact: {quote: 说明, amount: 金额}"),
        ("row 2", "column '金额'", "not a number"),
    ),
    "share-above-one": (
        "平台,企业,说明,占比\n浪潮云洲,示例甲公司,示例引文,0.5\n浪潮云洲,示例乙公司,示例引文二,1.5\n",
        MAPPING.replace("fact: {quote: 说明}", "fact: {quote: 说明, share: 占比}"),
        ("row 3", "column '占比'", "between 0 and 1"),
    ),
    "inferred-not-yes-or-no": (
        "平台,企业,说明,推断\n浪潮云洲,示例甲公司,示例引文,也许\n",
        MAPPING.replace("fact: {quote: 说明}", "fact: {quote: 说明, inferred: 推断}"),
        ("row 2", "column '推断'", "not true/false"),
    ),
    "mapping-column-is-a-list": (
        TABLE,
        MAPPING.replace("{column: 平台,", "{column: [平台, 企业],"),
        ("key 'subject.column'", "expected a column name (text), found a list"),
    ),
    "mapping-relation-is-a-mapping": (
        TABLE,
        MAPPING.replace("relation: serves", "relation: {name: serves}"),
        ("key 'relation'", "found a mapping"),
    ),
    "mapping-class-is-a-number": (
        TABLE,
        MAPPING.replace("class: Platform", "class: 3.5"),
        ("key 'subject.class'", "found a number"),
    ),
    "mapping-fact-is-a-list": (
        TABLE,
        MAPPING.replace("fact: {quote: 说明}", "fact: [说明]"),
        ("key 'fact'", "expected a mapping"),
    ),
    "mapping-unknown-top-key": (
        TABLE,
        MAPPING + "colour: red\n",
        ("key 'colour'", "unknown key"),
    ),
    "mapping-unknown-end-key": (
        TABLE,
        MAPPING.replace("class: Enterprise}", "class: Enterprise, color: 企业}"),
        ("key 'object.color'", "unknown key"),
    ),
    "mapping-unknown-fact-key": (
        TABLE,
        MAPPING.replace("fact: {quote: 说明}", "fact: {quote: 说明, sourceRow: 说明}"),
        ("key 'fact.sourceRow'", "unknown key"),
    ),
    "mapping-provenance-as-a-prop": (
        TABLE,
        MAPPING.replace("class: Enterprise}", "class: Enterprise, props: {sourceFile: 说明}}"),
        ("key 'object.props.sourceFile'", "unknown key"),
    ),
    "mapping-class-does-not-exist": (
        TABLE,
        MAPPING.replace("class: Platform", "class: Spaceship"),
        ("key 'subject.class'", "unknown class 'Spaceship'"),
    ),
    "mapping-relation-does-not-exist": (
        TABLE,
        MAPPING.replace("relation: serves", "relation: owns"),
        ("key 'relation'", "unknown relation 'owns'"),
    ),
    "mapping-relation-twice": (
        TABLE,
        MAPPING + "relation_column: 平台\n",
        ("exactly one of 'relation'",),
    ),
    "mapping-class-and-class-column": (
        TABLE,
        MAPPING.replace("class: Platform}", "class: Platform, class_column: 企业}"),
        ("key 'subject'", "exactly one of 'class'"),
    ),
    "mapping-without-object": (
        TABLE,
        MAPPING.replace("object: {column: 企业, class: Enterprise}\n", ""),
        ("key 'object'", "missing"),
    ),
    "mapping-is-a-list": (TABLE, "- subject\n- object\n", ("found a list",)),
    "mapping-is-empty": (TABLE, "", ("found nothing",)),
    "mapping-yaml-syntax": (TABLE, MAPPING + "fact: [说明\n", ("line 7", "not valid YAML")),
    "mapping-python-tag": (
        TABLE,
        "!!python/object/apply:os.system ['echo pwned']\n",
        ("not valid YAML",),
    ),
    "mapping-alias-bomb": (TABLE, BOMB, ()),
    "mapping-missing-column": (
        TABLE,
        MAPPING.replace("{quote: 说明}", "{quote: 引文}"),
        ("missing column(s): 引文",),
    ),
    "mapping-control-character-in-a-key-value": (
        TABLE,
        MAPPING.replace("column: 企业", 'column: "企\\x1b业"'),
        ("key 'object.column'", "U+001B"),
    ),
}


@pytest.mark.parametrize("case", list(MAPPED_CASES))
def test_hostile_mapping_is_refused(
    case: str, hostile_store: Path, tmp_path: Path, canary: Canary
) -> None:
    table_text, mapping_text, mentions = MAPPED_CASES[case]
    table = _write(tmp_path, "table.csv", table_text)
    mapping = _write(tmp_path, f"{case}.yaml", mapping_text)
    about_table = mentions and ("row" in mentions[0] or "missing column" in mentions[0])
    where = "table.csv" if about_table else mapping.name
    assert_refused(
        ["load", str(table), "--mapping", str(mapping)],
        hostile_store,
        canary=canary,
        mentions=(where, *mentions),
    )


def test_mapping_naming_files_and_urls_reads_and_fetches_nothing(
    hostile_store: Path, tmp_path: Path, canary: Canary
) -> None:
    """Column names are only looked up in the table's header: a path or URL is never opened."""
    table = _write(tmp_path, "table.csv", TABLE)
    for column in (str(canary.file), f"file://{canary.file}", f"{canary.url}/mapping"):
        mapping = _write(
            tmp_path, "m.yaml", MAPPING.replace("{quote: 说明}", f"{{quote: '{column}'}}")
        )
        assert_refused(
            ["load", str(table), "--mapping", str(mapping)],
            hostile_store,
            canary=canary,
            mentions=("table.csv", "missing column(s)"),
        )
    named = _write(tmp_path, "n.yaml", MAPPING.replace("name: hostile", f"name: {canary.url}"))
    proc = run_gongfu("load", str(table), "--mapping", str(named), "--dry-run", store=hostile_store)
    assert proc.returncode == 0, proc.stderr
    assert canary.requests == [] and CANARY_TEXT not in proc.stdout + proc.stderr


def test_mapping_too_large_is_refused_unread(hostile_store: Path, tmp_path: Path) -> None:
    table = _write(tmp_path, "table.csv", TABLE)
    mapping = _write(tmp_path, "big.yaml", MAPPING + "#" * 1_200_000 + "\n")
    assert_refused(
        ["load", str(table), "--mapping", str(mapping)],
        hostile_store,
        mentions=("big.yaml", "1,200,"),
    )


# -- workbooks ---------------------------------------------------------------------------------


def _book(path: Path, sheets: dict[str, list[list[object]]], edit: Callable | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        if edit is not None:
            edit(title, ws)
    book.save(path)
    return path


CUSTOMERS = [["平台", "企业", "说明"], ["浪潮云洲", "示例甲公司", "示例甲公司使用浪潮云洲"]]


def test_xlsx_with_two_sheets_is_refused_naming_them(hostile_store: Path, tmp_path: Path) -> None:
    book = _book(tmp_path / "two.xlsx", {"客户": CUSTOMERS, "说明": [["本表为示例"]]})
    mapping = _write(tmp_path, "m.yaml", MAPPING)
    assert_refused(
        ["load", str(book), "--mapping", str(mapping)],
        hostile_store,
        mentions=("two.xlsx", "2 sheets hold data (客户, 说明)", "--sheet"),
    )
    assert_refused(
        ["load", str(book), "--mapping", str(mapping), "--sheet", "客户表"],
        hostile_store,
        mentions=("two.xlsx", "no sheet named '客户表'", "客户, 说明"),
    )


def test_xlsx_formula_without_a_saved_value_is_refused(hostile_store: Path, tmp_path: Path) -> None:
    rows = [*CUSTOMERS, ["浪潮云洲", '=HYPERLINK("http://127.0.0.1:9/x","示例乙公司")', "示例引文"]]
    book = _book(tmp_path / "formula.xlsx", {"客户": rows})
    mapping = _write(tmp_path, "m.yaml", MAPPING)
    assert_refused(
        ["load", str(book), "--mapping", str(mapping)],
        hostile_store,
        mentions=("formula.xlsx", "row 3", "column '企业'", "holds a formula", "never saved"),
    )


def test_xlsx_error_value_and_damaged_workbook_are_refused(
    hostile_store: Path, tmp_path: Path
) -> None:
    def error_cell(_title: str, ws: object) -> None:
        ws["B2"].value = "#N/A"  # type: ignore[index]
        ws["B2"].data_type = "e"  # type: ignore[index]

    book = _book(tmp_path / "na.xlsx", {"客户": CUSTOMERS}, error_cell)
    mapping = _write(tmp_path, "m.yaml", MAPPING)
    assert_refused(
        ["load", str(book), "--mapping", str(mapping)],
        hostile_store,
        mentions=("na.xlsx", "row 2", "column '企业'", "Excel error #N/A"),
    )
    fake = _write(tmp_path, "fake.xlsx", b"PK\x03\x04 not really a workbook")
    assert_refused(
        ["load", str(fake), "--mapping", str(mapping)],
        hostile_store,
        mentions=("fake.xlsx", "not a readable Excel file"),
    )
    old = _write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0")
    assert_refused(
        ["load", str(old), "--mapping", str(mapping)],
        hostile_store,
        mentions=("old.xls", "unknown table format"),
    )


def test_xlsx_xml_bomb_is_refused(hostile_store: Path, tmp_path: Path) -> None:
    """A workbook whose sheet expands a billion times: openpyxl parses with
    defusedxml, which refuses entity declarations, so it is refused at once."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
    book = _book(tmp_path / "bomb.xlsx", {"客户": CUSTOMERS})
    lol = "".join(
        f'<!ENTITY l{k} "{("&l" + str(k - 1) + ";") * 10 if k else "lol"}">' for k in range(10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{lol}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>平台</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>企业</t></is></c><c r="C1" t="inlineStr"><is><t>说明</t>'
        '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>浪潮云洲</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>&l9;</t></is></c><c r="C2" t="inlineStr"><is><t>示例'
        "</t></is></c></row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(book) as src:
        items = {info: src.read(info.filename) for info in src.infolist()}
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items.items():
            dst.writestr(
                info, bomb.encode() if info.filename == "xl/worksheets/sheet1.xml" else data
            )
    mapping = _write(tmp_path, "m.yaml", MAPPING)
    assert_refused(
        ["load", str(book), "--mapping", str(mapping)],
        hostile_store,
        mentions=("bomb.xlsx", "not a readable Excel file"),
    )


# -- inputs that must load, as meant --------------------------------------------------------


def _labels(store: Path, lang: str = "zh") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in GraphStore(store).query(
        f'SELECT ?s ?l WHERE {{ ?s <{LABEL}> ?l FILTER(lang(?l) = "{lang}") }}'
    ):
        found.setdefault(row["l"].value, []).append(row["s"].value)
    return found


def _load(store: Path, *args: str) -> str:
    proc = run_gongfu("load", *args, store=store)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_zero_width_names_link_to_the_entity_they_show(hostile_store: Path, tmp_path: Path) -> None:
    before = _labels(hostile_store)
    assert before["浪潮云洲工业互联网平台"] == [ID + "inspur-yunzhou"]
    table = _write(
        tmp_path,
        "zw.csv",
        _csv(
            "\u200b浪潮云洲\u200b,Platform,serves,\ufeff示例\u2060甲公司\u200d,Enterprise,示例名单,示例引文甲",
            " 浪潮云洲 ,Platform,empowers,示例甲公司,Enterprise,示例名单,示例引文乙",
        ),
    )
    out = _load(hostile_store, str(table))
    assert "1 created" in out
    after = _labels(hostile_store)
    assert after["示例甲公司"] and len(after["示例甲公司"]) == 1
    assert not [name for name in after if any(c in name for c in "\u200b\u200d\u2060\ufeff")]
    serves = GraphStore(hostile_store).query(
        f"ASK {{ <{ID}inspur-yunzhou> <https://gongfu-graph.org/ontology#serves> "
        f"<{after['示例甲公司'][0]}> }}"
    )
    assert bool(serves)


def test_formula_looking_names_are_stored_as_text(hostile_store: Path, tmp_path: Path) -> None:
    name = '=HYPERLINK("http://127.0.0.1:9/x","点击")'
    cell = '"' + name.replace('"', '""') + '"'
    table = _write(
        tmp_path,
        "f.csv",
        _csv(f"浪潮云洲,Platform,serves,{cell},Enterprise,示例名单,+cmd|' /C calc'!A0"),
    )
    _load(hostile_store, str(table))
    labels = _labels(hostile_store)
    assert name in labels
    quotes = {
        row["q"].value
        for row in GraphStore(hostile_store).query(
            "SELECT ?q WHERE { ?f <https://gongfu-graph.org/ontology#quote> ?q }"
        )
    }
    assert "+cmd|' /C calc'!A0" in quotes


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_excel_encodings_load_like_utf8(hostile_store: Path, tmp_path: Path, encoding: str) -> None:
    text = _csv("浪潮云洲,Platform,serves,示例丙公司,Enterprise,示例名单,示例丙公司使用浪潮云洲")
    if encoding == "utf-16":
        text = text.replace(",", "\t")  # Excel's "Unicode text" is tab-separated
    table = _write(tmp_path, "enc.csv", text.encode(encoding))
    out = _load(hostile_store, str(table))
    assert "1 links, 1 created" in out
    assert "示例丙公司" in _labels(hostile_store)


def test_xlsx_sheet_choice_empty_sheets_merged_cells_and_saved_formulas(
    hostile_store: Path, tmp_path: Path
) -> None:
    mapping = _write(tmp_path, "m.yaml", MAPPING)
    rows = [
        ["平台", "企业", "说明"],
        ["紫菜云", "示例丁公司", "示例丁公司使用紫菜云"],
        [None, "示例戊公司", "示例戊公司使用紫菜云"],
        [None, "示例己公司", "示例己公司使用紫菜云"],
        ["浪潮云洲", "=A2", "示例庚公司使用浪潮云洲"],
    ]

    def merge(title: str, ws: object) -> None:
        if title == "客户":
            ws.merge_cells("A2:A4")  # type: ignore[attr-defined]

    book = _book(tmp_path / "book.xlsx", {"空表": [], "客户": rows, "备注": []}, merge)
    _save_formula_value(book, "客户", "B5", "示例庚公司")
    out = _load(hostile_store, str(book), "--mapping", str(mapping))
    assert "4 links, 4 created" in out
    labels = _labels(hostile_store)
    assert {"示例丁公司", "示例戊公司", "示例己公司", "示例庚公司"} <= set(labels)
    served = GraphStore(hostile_store).query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?p <https://gongfu-graph.org/ontology#serves> ?e . "
        '?p <http://www.w3.org/2000/01/rdf-schema#label> "紫菜云工业互联网平台"@zh . '
        '?e <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(STRSTARTS(?l, "示例")) }'
    )
    assert int(next(iter(served))["n"].value) == 3  # the merged cell names all three rows
    two = _book(tmp_path / "two.xlsx", {"客户": CUSTOMERS, "说明": [["本表为示例"]]})
    out = _load(hostile_store, str(two), "--mapping", str(mapping), "--sheet", "客户", "--dry-run")
    assert "1 links" in out


def _save_formula_value(book: Path, sheet: str, cell: str, value: str) -> None:
    """Give a formula cell the value Excel would have saved with it (openpyxl saves none)."""
    from openpyxl import load_workbook

    part = load_workbook(book, read_only=True)[sheet]._worksheet_path  # type: ignore[union-attr]
    with zipfile.ZipFile(book) as src:
        items = {info: src.read(info.filename) for info in src.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items.items():
            if info.filename == part:
                text = data.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start)
                formula = text[text.index("<f>", start) : text.index("</f>", start) + 4]
                text = text[:start] + f'<c r="{cell}" t="str">{formula}<v>{value}</v>' + text[end:]
                data = text.encode()
            dst.writestr(info, data)
    book.write_bytes(out.getvalue())


def test_nfc_and_whitespace_give_one_spelling(hostile_store: Path, tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 Industrial Co."
    table = _write(
        tmp_path,
        "nfc.csv",
        _csv(
            f"浪潮云洲,Platform,serves,{decomposed},Enterprise,示例名单,示例引文一",
            "浪潮云洲,Platform,empowers,\u3000Café  Industrial\tCo. ,Enterprise,示例名单,示例引文二",
        ),
    )
    out = _load(hostile_store, str(table))
    assert "2 links, 1 created" in out
    assert "Café Industrial Co." in _labels(hostile_store)


def test_refused_table_after_a_good_load_changes_nothing(
    hostile_store: Path, tmp_path: Path
) -> None:
    """A second, bad version of a load refuses whole: the first version stays as it was."""
    good = _write(tmp_path, "v.csv", _csv(OK_ROW))
    _load(hostile_store, str(good), "--name", "versioned")
    first = dump_quads(hostile_store)
    bad = _write(
        tmp_path, "v.csv", _csv(OK_ROW, "浪潮云洲,Platform,serves,示例\x00乙,Enterprise,s,q2")
    )
    assert_refused(["load", str(bad), "--name", "versioned"], hostile_store, mentions="row 3")
    assert dump_quads(hostile_store) == first


def test_example_files_still_load(hostile_store: Path) -> None:
    examples = ROOT / "data" / "examples"
    out = _load(
        hostile_store,
        str(examples / "platform_customers.csv"),
        "--mapping",
        str(examples / "platform_customers.mapping.yaml"),
    )
    assert "5 links, 3 created, 7 linked, 0 flagged" in out
