"""Hostile SPARQL: every way to reach the network or change the store is refused on the
parsed form, through ``gongfu sparql`` as a subprocess, with a canary server counting requests.

The cases run with the query child's network left open (``GONGFU_TEST_NETWORK_OPEN``), so
that they prove the parser check alone holds; ``test_the_child_has_no_network`` proves the
second line alone holds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph.errors import QueryError, QuerySyntaxError
from graph.query import PREFIXES
from graph.sandbox import PARSER_ONLY_ENV
from graph.sparql_guard import RESERVED_GRAPHS, check_sparql
from tests.conftest import run_gongfu
from tests.hostile.conftest import Canary, assert_refused, dump_quads

SEED = "https://gongfu-graph.org/graph/seed"
ONTOLOGY = "https://gongfu-graph.org/graph/ontology"
META = "https://gongfu-graph.org/graph/meta"
SVC = "{canary}/sparql"  # filled in with the canary's URL

# (id, query text, what the one error line must say)
QUERIES: list[tuple[str, str, str]] = [
    (
        "issue-backslash-hash",
        "PREFIX ex: <http://e/> SELECT ?x WHERE { { ?s ex:a\\# ?o } UNION "
        "{ SERVICE <" + SVC + "> { ?x ?y ?z } } }",
        "line 1",
    ),
    (
        "issue-backslash-quote",
        "PREFIX ex: <http://e/> SELECT ?x WHERE { { ?s ex:a\\' ?o } UNION "
        "{ SERVICE <" + SVC + "> { ?x ?y ?z } } }",
        "SERVICE is refused",
    ),
    ("plain", "SELECT * WHERE { SERVICE <" + SVC + "> { ?s ?p ?o } }", "SERVICE is refused"),
    ("lower-case", "select * where { service <" + SVC + "> { ?s ?p ?o } }", "SERVICE"),
    ("mixed-case", "SeLeCt * WhErE { SeRvIcE <" + SVC + "> { ?s ?p ?o } }", "SERVICE"),
    ("silent", "SELECT * WHERE { SERVICE SILENT <" + SVC + "> { ?s ?p ?o } }", "SERVICE"),
    (
        "variable-endpoint",
        "SELECT * WHERE { VALUES ?e { <" + SVC + "> } SERVICE ?e { ?s ?p ?o } }",
        "SERVICE",
    ),
    (
        "unicode-escape-u",
        "SELECT * WHERE { \\u0053ERVICE <" + SVC + "> { ?s ?p ?o } }",
        "SERVICE",
    ),
    (
        "unicode-escape-U",
        "SELECT * WHERE { \\U00000053\\U00000045RVICE <" + SVC + "> { ?s ?p ?o } }",
        "SERVICE",
    ),
    (
        "unicode-escaped-iri",
        "SELECT * WHERE { SERVICE <\\u0068ttp://127.0.0.1:1/> { ?s ?p ?o } }",
        "SERVICE",
    ),
    (
        "in-optional",
        "SELECT * WHERE { ?s a gf:Platform OPTIONAL { SERVICE <" + SVC + "> { ?s ?p ?o } } }",
        "SERVICE",
    ),
    (
        "in-minus",
        "SELECT * WHERE { ?s a gf:Platform MINUS { SERVICE <" + SVC + "> { ?s ?p ?o } } }",
        "SERVICE",
    ),
    (
        "in-filter-exists",
        "SELECT * WHERE { ?s a gf:Platform FILTER EXISTS { SERVICE <" + SVC + "> { ?s ?p ?o } } }",
        "SERVICE",
    ),
    (
        "in-filter-not-exists",
        "SELECT * WHERE { ?s a gf:Platform FILTER NOT EXISTS { SERVICE <"
        + SVC
        + "> { ?s ?p ?o } } }",
        "SERVICE",
    ),
    (
        "in-bind-exists",
        "SELECT * WHERE { ?s a gf:Platform BIND(EXISTS { SERVICE <"
        + SVC
        + "> { ?s ?p ?o } } AS ?b) }",
        "SERVICE",
    ),
    (
        "in-subquery",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <" + SVC + "> { ?s ?p ?o } } } }",
        "SERVICE",
    ),
    (
        "in-subquery-of-subquery",
        "SELECT * WHERE { { SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o "
        "OPTIONAL { SERVICE <" + SVC + "> { ?s ?q ?r } } } } } } }",
        "SERVICE",
    ),
    (
        "in-graph",
        "SELECT * WHERE { GRAPH ?g { SERVICE <" + SVC + "> { ?s ?p ?o } } }",
        "SERVICE",
    ),
    (
        "deep-groups",
        "SELECT * WHERE " + "{ " * 12 + "SERVICE <" + SVC + "> { ?s ?p ?o }" + " }" * 12,
        "SERVICE",
    ),
    (
        "after-comment",
        "SELECT * WHERE { # a comment } SERVICE\n SERVICE <" + SVC + "> { ?s ?p ?o } }",
        "line 2",
    ),
    (
        "after-hash-in-string",
        "SELECT * WHERE { ?s ?p '#' . SERVICE <" + SVC + "> { ?s ?p ?o } }",
        "SERVICE",  # rdflib reads no SERVICE after a '#' in a string: a syntax error there
    ),
    (
        "after-escaped-quote",
        "SELECT * WHERE { ?s ?p 'a\\'' . SERVICE <" + SVC + "> { ?s ?p ?o } }",
        "SERVICE",
    ),
    (
        "after-long-string",
        "SELECT * WHERE { ?s ?p '''a ' '' b''' . SERVICE <" + SVC + "> { ?s ?p ?o } }",
        "SERVICE",
    ),
    ("in-ask", "ASK { SERVICE <" + SVC + "> { ?s ?p ?o } }", "SERVICE"),
    ("in-construct-where", "CONSTRUCT WHERE { SERVICE <" + SVC + "> { ?s ?p ?o } }", "SERVICE"),
    (
        "in-construct",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <" + SVC + "> { ?s ?p ?o } }",
        "SERVICE is refused",
    ),
    (
        "in-describe",
        "DESCRIBE ?s WHERE { SERVICE <" + SVC + "> { ?s ?p ?o } }",
        "SERVICE",
    ),
    (
        "second-statement",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 ; SELECT * WHERE { SERVICE <"
        + SVC
        + "> { ?s ?p ?o } }",
        "line 1",
    ),
    (
        "relative-to-base",
        "BASE <" + SVC + "/> SELECT * WHERE { SERVICE <x> { ?s ?p ?o } }",
        "SERVICE",
    ),
    (
        "prefixed-endpoint",
        "PREFIX c: <" + SVC + "/> SELECT * WHERE { SERVICE c:x { ?s ?p ?o } }",
        "SERVICE",
    ),
    ("load", "LOAD <" + SVC + ">", "LOAD is refused"),
    ("lower-case-load", "load <" + SVC + ">", "LOAD is refused"),
    ("escaped-load", "\\u004cOAD <" + SVC + ">", "LOAD is refused"),
    ("insert-data", "INSERT DATA { gfid:x a gf:Platform }", "read-only"),
    ("delete-where", "DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("clear-default", "CLEAR DEFAULT", "read-only"),
    ("create-graph", "CREATE GRAPH <http://e/g>", "read-only"),
    ("drop-all", "DROP ALL", "read-only"),
    ("empty", "   ", "empty"),
    ("comment-only", "# nothing here\n", "empty"),
    ("unterminated", "SELECT ?x WHERE {\n  ?x a gf:Platform", "line 2"),
    ("bad-token-line-3", "SELECT ?x\nWHERE {\n  ?x ?? gf:Platform }", "line 3"),
    ("invalid-code-point", "SELECT * WHERE { ?s ?p '\\U00110000' }", "Unicode"),
    ("unknown-prefix", "SELECT * WHERE { ?s nope:x ?o }", "nope"),
    ("nul-byte", "SELECT * WHERE { ?s ?p ?o \x01 }", "line 1"),
]

# updates run with --allow-update: still refused
UPDATES: list[tuple[str, str, str]] = [
    ("load", "LOAD <" + SVC + ">", "LOAD is refused"),
    ("load-into-graph", "LOAD <" + SVC + "> INTO GRAPH <http://e/g>", "LOAD is refused"),
    ("load-silent", "LOAD SILENT <" + SVC + ">", "LOAD is refused"),
    (
        "load-after-insert",
        "INSERT DATA { <http://e/a> <http://e/b> 'c' } ;\nLOAD <" + SVC + ">",
        "LOAD is refused",
    ),
    ("load-lower-case", "load <" + SVC + "> into graph <http://e/g>", "LOAD is refused"),
    ("load-escaped", "\\u004cOAD <" + SVC + ">", "LOAD is refused"),
    ("clear-all", "CLEAR ALL", "reserved"),
    ("clear-named", "CLEAR NAMED", "reserved"),
    ("drop-all", "DROP ALL", "reserved"),
    ("drop-seed", f"DROP GRAPH <{SEED}>", "reserved graph"),
    ("clear-ontology", f"CLEAR SILENT GRAPH <{ONTOLOGY}>", "reserved graph"),
    ("copy-into-seed", f"COPY DEFAULT TO <{SEED}>", "reserved graph"),
    ("move-out-of-ontology", f"MOVE <{ONTOLOGY}> TO <http://e/mine>", "reserved graph"),
    ("add-to-meta", f"ADD <http://e/mine> TO <{META}>", "reserved graph"),
    (
        "insert-into-seed",
        f"INSERT DATA {{ GRAPH <{SEED}> {{ gfid:inspur-yunzhou rdfs:label 'forged'@zh }} }}",
        "reserved graph",
    ),
    (
        "forged-load-record",
        f"INSERT DATA {{ GRAPH <{META}> {{ <http://e/load> a <http://e/Load> }} }}",
        "reserved graph",
    ),
    (
        "delete-from-ontology",
        f"DELETE WHERE {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}",
        "reserved graph",
    ),
    (
        "template-graph-variable",
        "INSERT { GRAPH ?g { ?s rdfs:comment 'x' } } WHERE { GRAPH ?g { ?s a gf:Platform } }",
        "GRAPH ?g",
    ),
    ("with-meta", f"WITH <{META}> INSERT {{ <http://e/a> <http://e/b> 1 }} WHERE {{}}", "reserved"),
    (
        "service-in-where",
        "INSERT { GRAPH <http://e/mine> { ?s ?p ?o } } WHERE { SERVICE <"
        + SVC
        + "> { ?s ?p ?o } }",
        "SERVICE is refused",
    ),
    (
        "second-op-into-seed",
        "INSERT DATA { GRAPH <http://e/mine> { <http://e/a> <http://e/b> 1 } } ;\n"
        f"DROP GRAPH <{SEED}>",
        "operation 2",
    ),
]


@pytest.fixture()
def parser_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The query child keeps its network: only the parser check stands between."""
    monkeypatch.setenv(PARSER_ONLY_ENV, "1")


@pytest.mark.parametrize(
    ("text", "mentions"), [q[1:] for q in QUERIES], ids=[q[0] for q in QUERIES]
)
def test_query_refused(
    text: str, mentions: str, hostile_store: Path, canary: Canary, parser_only: None
) -> None:
    assert_refused(
        ["sparql", text.replace(SVC, canary.url + "/sparql")],
        hostile_store,
        canary=canary,
        mentions=mentions,
    )


@pytest.mark.parametrize(
    ("text", "mentions"), [u[1:] for u in UPDATES], ids=[u[0] for u in UPDATES]
)
def test_update_refused_even_when_allowed(
    text: str, mentions: str, hostile_store: Path, canary: Canary, parser_only: None
) -> None:
    assert_refused(
        ["sparql", "--allow-update", text.replace(SVC, canary.url + "/sparql")],
        hostile_store,
        canary=canary,
        mentions=mentions,
    )


def test_a_string_closed_by_an_escape_runs_as_rdflib_read_it(
    hostile_store: Path, canary: Canary, parser_only: None
) -> None:
    """Oxigraph alone reads \\u0027 inside a string as a quote character, rdflib (and SPARQL
    1.1 §19.2) as the end of the string: the text below holds a SERVICE for Oxigraph only.
    The engine is handed the text with the escapes expanded, so both read it rdflib's way."""
    import json

    text = (
        "SELECT * WHERE { ?s ?p '\\u0027 . ?x ?y ' . SERVICE <"
        + canary.url
        + "/sparql> { ?a ?b ?c } . ?m ?n ',\\u0027' }"
    )
    proc = run_gongfu("sparql", text, "--format", "json", store=hostile_store)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [] and canary.requests == []


def test_the_child_has_no_network(canary: Canary) -> None:
    """The second line alone: a SERVICE that no parser checked leaves no request."""
    from graph.sandbox import isolation, run_isolated

    held = isolation()
    if not held.network_closed:
        pytest.skip("this system lets no unprivileged process leave the network")
    with pytest.raises(QueryError):
        run_isolated(_unchecked_service, canary.url + "/sparql", timeout=30)
    assert canary.requests == []


def _unchecked_service(url: str) -> int:
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/b"), ox.Literal("c")))
    return len(list(store.query(f"SELECT * WHERE {{ ?a ?b ?c SERVICE <{url}> {{ ?s ?p ?o }} }}")))


def test_the_child_reads_only_its_snapshot(canary: Canary, hostile_store: Path) -> None:
    from graph.sandbox import isolation, run_isolated

    if not isolation().landlock_files:
        pytest.skip("no Landlock on this system")
    with pytest.raises(QueryError, match=r"Permission denied|PermissionError"):
        run_isolated(Path.read_text, canary.file, timeout=30, read=[hostile_store])


# ---------------------------------------------------------------------------------------------
# What is allowed still works
# ---------------------------------------------------------------------------------------------


def test_allowed_update_lands_in_its_own_graph(hostile_store: Path) -> None:
    before = dump_quads(hostile_store)
    proc = run_gongfu(
        "sparql",
        "--allow-update",
        "INSERT DATA { GRAPH <http://e/mine> { <http://e/a> <http://e/b> 'c' } }",
        store=hostile_store,
    )
    assert proc.returncode == 0, proc.stderr
    after = dump_quads(hostile_store)
    assert sorted(set(after) - set(before)) == ['<http://e/a> <http://e/b> "c" <http://e/mine> .']


def test_from_is_honoured(hostile_store: Path) -> None:
    """FROM names the default graph: the count is the ontology's, not the union's."""
    import json

    def count(text: str) -> int:
        proc = run_gongfu("sparql", text, "--format", "json", store=hostile_store)
        assert proc.returncode == 0, proc.stderr
        return int(json.loads(proc.stdout)[0]["n"])

    union = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    ontology = count(f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}")
    named = count(
        f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ONTOLOGY}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    nothing = count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}")
    assert 0 < ontology == named < union and nothing == 0


def test_time_limit_stops_the_work(hostile_store: Path) -> None:
    """Past the limit the query's process is killed: its CPU use stops at once."""
    from graph.errors import QueryTimeout
    from graph.query import run_sparql
    from graph.sandbox import last_child_pid
    from graph.store import GraphStore

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="OPTIONAL or a UNION") as caught:
        run_sparql(GraphStore(hostile_store), slow, timeout=1.5)
    assert time.monotonic() - started < 20
    assert "Fast SPARQL" in str(caught.value)
    pid = last_child_pid()
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone: no process is left computing the answer


def test_time_limit_through_the_command_line(hostile_store: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    err = assert_refused(["sparql", slow, "--timeout", "1"], hostile_store, mentions="1 s")
    assert "was stopped" in err


# ---------------------------------------------------------------------------------------------
# The classifier on the parsed form (in process, fast)
# ---------------------------------------------------------------------------------------------

URL = "http://127.0.0.1:9/sparql"


@pytest.mark.parametrize(
    "text",
    [q[1].replace(SVC, URL) for q in QUERIES if "SERVICE" in q[2] or q[2] == "SERVICE"],
)
def test_classifier_refuses_every_service(text: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        check_sparql(text, prefixes=PREFIXES)


@pytest.mark.parametrize(
    ("text", "form", "dataset"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select", False),
        ("ask { ?s a gf:Platform }", "ask", False),
        ("CONSTRUCT WHERE { ?s a gf:Platform }", "construct", False),
        ("DESCRIBE gfid:inspur-yunzhou", "describe", False),
        (f"SELECT * FROM <{SEED}> WHERE {{ ?s ?p ?o }}", "select", True),
        (f"SELECT * FROM NAMED <{SEED}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "select", True),
        ("SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }", "select", False),
        ("SELECT * WHERE { ?s <http://e/SERVICE> ?o } # SERVICE <http://x/>", "select", False),
    ],
)
def test_classifier_allows_reading(text: str, form: str, dataset: bool) -> None:
    plan = check_sparql(text, prefixes=PREFIXES)
    assert (plan.form, plan.dataset) == (form, dataset)


def test_classifier_hands_the_engine_the_text_it_read() -> None:
    plan = check_sparql('SELECT * WHERE { ?s ?p "\\u0027" }', prefixes=PREFIXES)
    assert plan.text == """SELECT * WHERE { ?s ?p "'" }"""


def test_classifier_allows_updates_outside_the_reserved_graphs() -> None:
    plan = check_sparql(
        "INSERT DATA { GRAPH <http://e/mine> { <http://e/a> <http://e/b> 1 } } ;"
        " DROP SILENT GRAPH <http://e/old> ; CLEAR DEFAULT",
        prefixes=PREFIXES,
        allow_update=True,
    )
    assert plan.is_update and plan.operations == ("INSERT DATA", "DROP", "CLEAR")
    assert {SEED, ONTOLOGY, META} == RESERVED_GRAPHS


def test_classifier_syntax_error_has_position_and_caret() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        check_sparql("SELECT ?x WHERE {\n  ?x ?? gf:Platform }", prefixes=PREFIXES)
    error = caught.value
    assert (error.line, error.column) == (2, 3)
    assert "\n" not in str(error) and error.caret == "  ?x ?? gf:Platform }\n  ^"


def test_named_questions_pass_the_classifier() -> None:
    from graph.questions import example_text, load_questions

    for name in load_questions():
        assert check_sparql(example_text(name, "sparql"), prefixes=PREFIXES).form == "select"
