"""Hostile Cypher: every file, extension, database, setting and write is refused by the plan
LadybugDB makes of the text, through ``gongfu cypher`` as a subprocess.

Each case names the canary file or the canary URL; the file's text must never be printed,
the URL never called, and the store and the folder around it never changed.
"""

from __future__ import annotations

from pathlib import Path

import ladybug as lb
import pytest

from graph.cypher_guard import READING_OPERATORS, check_cypher, plan_operators
from graph.errors import QueryError
from graph.project_cypher import cypher_connection
from graph.sandbox import PARSER_ONLY_ENV
from graph.store import GraphStore
from tests.conftest import run_gongfu
from tests.hostile.conftest import Canary, assert_refused

FILE = "{file}"  # the canary file
URL = "{url}"  # the canary server
OUT = "{out}"  # a file in the test's folder that no case may create

CASES: list[tuple[str, str, str]] = [
    (
        "issue-load-with-headers",
        "LOAD WITH HEADERS (a STRING, g STRING) FROM '" + FILE + "' "
        "(file_format='csv', delim=':', header=false) RETURN a LIMIT 3",
        "refused",
    ),
    (
        "issue-second-statement",
        "RETURN 1; LOAD FROM '" + FILE + "' (file_format='csv', delim=':', header=false) RETURN *",
        "one statement",
    ),
    ("load-from", "LOAD FROM '" + FILE + "' RETURN *", "refused"),
    ("load-from-lower-case", "load from '" + FILE + "' return *", "refused"),
    ("load-from-comment", "LOAD /* hidden */ FROM '" + FILE + "' RETURN *", "refused"),
    ("load-from-line-comment", "// LOAD\nLOAD FROM '" + FILE + "' RETURN *", "refused"),
    ("load-from-after-match", "MATCH (p:Platform) LOAD FROM '" + FILE + "' RETURN p", "refused"),
    ("load-from-after-unwind", "UNWIND [1] AS x LOAD FROM '" + FILE + "' RETURN x", "refused"),
    ("load-from-url", "LOAD FROM '" + URL + "/x.csv' RETURN *", "refused"),
    ("load-from-glob", "LOAD FROM '" + FILE + "*' RETURN *", "refused"),
    ("load-from-parquet", "LOAD FROM '" + FILE + "' (file_format='parquet') RETURN *", "refused"),
    ("second-statement-after-comment", "RETURN 1 /* ; */ ; RETURN 2", "one statement"),
    ("three-statements", "RETURN 1; RETURN 2; RETURN 3", "one statement"),
    ("load-extension-official", "LOAD httpfs", "refused"),
    ("load-extension-backticks", "LOAD `httpfs`", "refused"),
    ("load-extension-path", "LOAD EXTENSION '" + FILE + "'", "refused"),
    ("install-extension", "INSTALL httpfs", "refused"),
    ("install-extension-lower", "install json", "refused"),
    ("copy-from", "COPY Platform FROM '" + FILE + "'", "refused"),
    ("copy-to", "COPY (MATCH (p:Platform) RETURN p.name) TO '" + OUT + "'", "refused"),
    ("export-database", "EXPORT DATABASE '" + OUT + "'", "Export database"),
    ("import-database", "IMPORT DATABASE '" + OUT + "'", "refused"),
    ("attach", "ATTACH '" + FILE + "' AS other (dbtype lbug)", "refused"),
    ("use", "USE other", "refused"),
    ("create-node", "CREATE (:Platform {iri: 'x', name: 'x'})", "refused"),
    ("merge", "MERGE (p:Platform {iri: 'x'}) RETURN p", "refused"),
    ("set", "MATCH (p:Platform) SET p.name = 'x'", "refused"),
    ("delete", "MATCH (n) DETACH DELETE n", "refused"),
    ("remove", "MATCH (p:Platform) REMOVE p.name", "line 1"),
    ("drop-table", "DROP TABLE Platform", "refused"),
    ("alter-table", "ALTER TABLE Platform ADD x INT64", "refused"),
    ("create-table", "CREATE NODE TABLE X(id INT64 PRIMARY KEY)", "refused"),
    ("create-macro", "CREATE MACRO m(x) AS x + 1", "refused"),
    ("transaction", "BEGIN TRANSACTION", "refused"),
    ("checkpoint", "CHECKPOINT", "refused"),
    ("setting", "CALL threads = 1", "refused"),
    ("table-function", "CALL read_csv('" + FILE + "') RETURN *", "read_csv"),
    ("empty", "   ", "empty"),
    ("syntax-error", "MATCH (n:Platform RETURN n", "line 1"),
]


@pytest.fixture(scope="module", autouse=True)
def _cypher_copy_built(seed_store: GraphStore) -> None:
    """Build the Cypher copy beside the seed store once: each case's store copies it."""
    cypher_connection(seed_store)


def _fill(text: str, canary: Canary, tmp_path: Path) -> str:
    return (
        text.replace(FILE, str(canary.file))
        .replace(URL, canary.url)
        .replace(OUT, str(tmp_path / "out.csv"))
    )


@pytest.mark.parametrize(("text", "mentions"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cypher_refused(
    text: str,
    mentions: str,
    hostile_store: Path,
    canary: Canary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PARSER_ONLY_ENV, "1")  # the plan check alone: the child keeps a network
    assert_refused(
        ["cypher", _fill(text, canary, tmp_path)], hostile_store, canary=canary, mentions=mentions
    )
    assert not (tmp_path / "out.csv").exists()


def test_reading_queries_still_run(hostile_store: Path) -> None:
    import json

    for text in (
        "MATCH (p:Platform)-[:LOCATED_IN]->(r:Region) RETURN p.name AS p, r.name AS r LIMIT 3",
        "MATCH (p:Platform) OPTIONAL MATCH (p)-[:SERVES]->(t) RETURN p.name, count(t) AS n",
        "MATCH (a:Platform)-[*1..2]-(b) RETURN count(*) AS n",
        "UNWIND [1, 2, 3] AS x RETURN sum(x) AS s",
        "CALL show_tables() RETURN name LIMIT 3",
        "MATCH (p:Platform) RETURN p.name UNION MATCH (r:Region) RETURN r.name",
    ):
        proc = run_gongfu("cypher", text, "--format", "json", store=hostile_store)
        assert proc.returncode == 0, f"{text}\n{proc.stderr}"
        assert json.loads(proc.stdout), text


def test_time_limit_stops_the_work(hostile_store: Path) -> None:
    err = assert_refused(
        ["cypher", "MATCH (a)-[*1..8]-(b) RETURN count(*)", "--timeout", "1"],
        hostile_store,
        mentions="time limit of 1 s",
    )
    assert "stopped" in err


# ---------------------------------------------------------------------------------------------
# The plan check in process (an in-memory copy: no child, the engine's plan alone)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def conn() -> lb.Connection:
    db = lb.Database(None)
    c = lb.Connection(db)
    c.execute("CREATE NODE TABLE Platform(iri STRING PRIMARY KEY, name STRING)")
    c.execute("CREATE REL TABLE SERVES(FROM Platform TO Platform)")
    c.execute("CREATE (:Platform {iri: 'a', name: 'A'})-[:SERVES]->(:Platform {iri: 'b'})")
    return c


@pytest.mark.parametrize(
    "text",
    [
        "CREATE (:Platform {iri: 'x'})",
        "MATCH (p:Platform) SET p.name = 'x'",
        "MATCH (p:Platform) DELETE p",
        "INSTALL httpfs",
        "COPY (MATCH (p:Platform) RETURN p.name) TO '/nonexistent/x.csv'",
        "BEGIN TRANSACTION",
        "CALL threads = 2",
        "RETURN 1; RETURN 2",
        "MATCH (p:Platform) RETURN p.name AS `│ RESULT_COLLECTOR[0] │`; CREATE (:Platform {iri: 'y'})",
    ],
)
def test_plan_check_refuses(conn: lb.Connection, text: str) -> None:
    with pytest.raises(QueryError):
        check_cypher(conn, text)
    assert conn.execute("MATCH (p:Platform) RETURN count(*)").get_next() == [2]


def test_plan_check_allows_reading(conn: lb.Connection) -> None:
    check_cypher(conn, "MATCH (a:Platform)-[:SERVES]->(b) RETURN a.name, b.iri ORDER BY a.name")
    check_cypher(conn, "MATCH (a:Platform) WHERE a.name = $n RETURN a", {"n": "A"})


def test_plan_drawing_is_read_whole() -> None:
    plan = "│ RESULT_COLLECTOR[0] │  │ PROJECTION[1] │\n│ COPY_TO[2] │\n│ Function: READ_CSV │"
    operators, functions = plan_operators(plan)
    assert operators == {"RESULT_COLLECTOR", "PROJECTION", "COPY_TO"} and functions == {"READ_CSV"}
    assert "COPY_TO" not in READING_OPERATORS
    with pytest.raises(QueryError, match="not understood"):
        plan_operators("│ RESULT_COLLECTOR[0] │\n│ PROJECTION[2] │")  # operator 1 unread


@pytest.mark.parametrize(("fake", "said"), [("1", "COPY_TO"), ("9", "not understood")])
def test_an_alias_cannot_hide_an_operator(conn: lb.Connection, fake: str, said: str) -> None:
    """Text from the query lands in the drawing, but can only add names, never remove one."""
    with pytest.raises(QueryError, match=said):
        check_cypher(
            conn,
            f"COPY (MATCH (p:Platform) RETURN p.name AS `│ PROJECTION[{fake}] │`) "
            "TO '/nonexistent/x.csv'",
        )
