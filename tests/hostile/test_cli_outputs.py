"""Hostile outputs: text from data reaches a spreadsheet or a terminal inert, and every bad
command line gets a clear answer (usage and exit 2, or one line and exit 1)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from graph.output import csv_safe, printable, render_rows
from tests.conftest import run_gongfu
from tests.hostile.conftest import assert_refused

FORMULAS = [
    '=HYPERLINK(\\"http://evil.example/\\",\\"click\\")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\\tTAB",
    "\\r=1",
    "＝1+1",
]


def _values_query(values: list[str]) -> str:
    rows = " ".join(f'("{v}")' for v in values)
    return f"SELECT ?x WHERE {{ VALUES (?x) {{ {rows} }} }}"


@pytest.mark.parametrize("value", FORMULAS)
def test_sparql_csv_neutralises_formulas(cli_store: Path, value: str) -> None:
    proc = run_gongfu("sparql", _values_query([value]), "--format", "csv", store=cli_store)
    assert proc.returncode == 0, proc.stderr
    cells = list(csv.reader(io.StringIO(proc.stdout)))
    assert cells[0] == ["x"]
    assert cells[1][0].startswith("'"), cells


def test_numbers_stay_numbers_in_csv(cli_store: Path) -> None:
    proc = run_gongfu(
        "sparql",
        'SELECT ?n ?s WHERE { VALUES (?n ?s) { (-3 "-4.5") } }',
        "--format",
        "csv",
        store=cli_store,
    )
    assert proc.stdout.splitlines()[1] == "-3,-4.5"


@pytest.mark.parametrize("value", ["=1+1", "@x", "-1-1", "+x"])
def test_cypher_csv_neutralises_formulas(cli_store: Path, value: str) -> None:
    proc = run_gongfu("cypher", f"RETURN '{value}' AS x", "--format", "csv", store=cli_store)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1] == "'" + value


def test_csv_zip_export_neutralises_formulas(hostile_store: Path, tmp_path: Path) -> None:
    """A name loaded as ``=HYPERLINK(…)`` reaches nodes.csv as text."""
    name = '=HYPERLINK("http://evil.example/","x")'
    update = (
        "INSERT DATA { GRAPH <https://gongfu-graph.org/graph/hostile> { "
        f"gfid:evil-platform a gf:Platform ; rdfs:label '{name}'@zh , 'Evil'@en . "
        "gfid:evil-platform gf:locatedIn gfid:jinan } }"
    )
    run_gongfu("sparql", "--allow-update", update, store=hostile_store, check=True)
    out = tmp_path / "sel.zip"
    proc = run_gongfu("export", "-o", str(out), "--focus", "evil-platform", store=hostile_store)
    assert proc.returncode == 0, proc.stderr
    text = zipfile.ZipFile(out).read("nodes.csv").decode("utf-8-sig")
    names = [row["name"] for row in csv.DictReader(io.StringIO(text))]
    assert "'" + name in names
    assert not any(n.startswith(("=", "+", "@")) for n in names)


def test_terminal_table_escapes_controls(cli_store: Path) -> None:
    hostile = ["\\u001b]0;owned\\u0007title", "\\u202Egnp.exe", "[red]markup[/red]", "a\\u0000b"]
    proc = run_gongfu("sparql", _values_query(hostile), store=cli_store)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x00" not in out
    assert "\\x1b]0;owned\\x07title" in out and "\\u202egnp.exe" in out
    assert "[red]markup[/red]" in out  # data is never read as rich markup


def test_error_line_escapes_controls(cli_store: Path) -> None:
    err = assert_refused(["sparql", "SELECT \x1b[31mred WHERE {}"], cli_store, mentions="line 1")
    assert "\x1b" not in err and "\\x1b" in err


def test_json_output_keeps_the_text(cli_store: Path) -> None:
    proc = run_gongfu(
        "sparql", _values_query(["\\u001b[2J", "=1"]), "--format", "json", store=cli_store
    )
    assert [r["x"] for r in json.loads(proc.stdout)] == ["\x1b[2J", "=1"]
    assert "\x1b" not in proc.stdout  # json escapes it


def test_render_and_csv_safe_units() -> None:
    assert csv_safe("=1") == "'=1" and csv_safe("-1") == "-1" and csv_safe("-1e3") == "-1e3"
    assert csv_safe("-inf") == "'-inf" and csv_safe(3) == 3 and csv_safe("") == ""
    assert printable("a\nb\tc\u2066") == "a\\nb\\tc\\u2066"
    table = render_rows(["c"], [{"c": "\x1b[31m[b]x[/b]"}], "table")
    assert "\x1b" not in table and "[b]x[/b]" in table
    assert render_rows(["=h"], [{"=h": "@x"}], "csv") == "'=h\r\n'@x\r\n"


# ---------------------------------------------------------------------------------------------
# Command lines
# ---------------------------------------------------------------------------------------------


def test_bare_gongfu_prints_help_only(cli_store: Path) -> None:
    proc = run_gongfu(store=cli_store)
    assert proc.returncode == 2
    assert "Usage" in proc.stdout and "sparql" in proc.stdout
    assert "Error" not in proc.stderr and "NoArgsIsHelp" not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["frobnicate"], "No such command 'frobnicate'"),
        (["sparql", "--frob", "ASK {}"], "No such option: --frob"),
        (["sparql"], "Missing argument"),
        (["sparql", "ASK {}", "--timeout", "-1"], "-1 is not a time limit"),
        (["sparql", "ASK {}", "--timeout", "0"], "0 is not a time limit"),
        (["sparql", "ASK {}", "--timeout", "nan"], "nan is not a time limit"),
        (["sparql", "ASK {}", "--timeout", "soon"], "unable to parse string as a number"),
        (["cypher", "RETURN 1", "--timeout", "0"], "0 is not a time limit"),
        (["cypher", "RETURN 1", "--timeout", "-5"], "-5 is not a time limit"),
        (["sparql", "ASK {}", "--limit", "-1"], "-1 is not a row limit"),
        (["sparql", "ASK {}", "--limit", "0"], "0 is not a row limit"),
        (["cypher", "RETURN 1", "--limit", "-3"], "-3 is not a row limit"),
        (["search", "lang", "--limit", "-3"], "greater than or equal to 1"),
        (["neighbors", "浪潮云洲", "--limit", "0"], "greater than or equal to 1"),
        (["neo4j", "push", "--uri", "bolt://127.0.0.1:1", "--batch", "0"], "--batch"),
        (["sparql", "ASK {}", "--format", "xml"], "'xml' is not one of"),
        (["export", "--hops", "9", "-o", "x.ttl", "--focus", "x"], "--hops"),
    ],
)
def test_usage_errors_exit_2_with_usage(cli_store: Path, args: list[str], said: str) -> None:
    proc = run_gongfu(*args, store=cli_store)
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and said in errors[0], proc.stderr
    assert proc.stderr.startswith("Usage: gongfu") and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ("{tmp}/missing/graph.ttl", "folder {tmp}/missing does not exist"),
        ("/etc/passwd/graph.ttl", "/etc/passwd is not a folder"),
        ("{tmp}", "it is a folder"),
        ("{tmp}/missing/sel.zip", "does not exist"),
    ],
)
def test_export_to_a_bad_place_names_the_path(
    cli_store: Path, tmp_path: Path, output: str, said: str
) -> None:
    target = output.format(tmp=tmp_path)
    args = ["export", "-o", target]
    if target.endswith(".zip"):
        args += ["--focus", "浪潮云洲"]
    assert_refused(args, cli_store, mentions=said.format(tmp=tmp_path))


def test_query_file_that_does_not_exist(cli_store: Path, tmp_path: Path) -> None:
    assert_refused(
        ["sparql", f"@{tmp_path}/nope.rq"], cli_store, mentions=f"cannot read {tmp_path}/nope.rq"
    )


def test_query_file_that_is_not_text(cli_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_bytes(b"SELECT \xff\xfe")
    assert_refused(["sparql", f"@{query}"], cli_store, mentions="not UTF-8")


def test_validate_exits_1_when_the_graph_does_not_conform(hostile_store: Path) -> None:
    ok = run_gongfu("validate", store=hostile_store)
    assert ok.returncode == 0 and "conforms" in ok.stdout
    run_gongfu(
        "sparql",
        "--allow-update",
        "INSERT DATA { GRAPH <https://gongfu-graph.org/graph/hostile> { gfid:nameless a gf:Platform } }",
        store=hostile_store,
        check=True,
    )
    bad = run_gongfu("validate", store=hostile_store)
    assert bad.returncode == 1
    assert "does not conform" in bad.stderr and "nameless" in bad.stderr
