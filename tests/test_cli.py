"""The gongfu command, run as a subprocess the way a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from tests.conftest import run_gongfu


def test_build_stats_validate(cli_store: Path) -> None:
    stats = json.loads(run_gongfu("stats", "--json", store=cli_store, check=True).stdout)
    assert stats["classes"]["Platform"] >= 12
    assert stats["classes"]["PolicyTask"] >= 27
    assert stats["relations"]["RESPONSIBLE_FOR"] >= 50
    assert stats["facts"] > 600 and stats["sources"] == 5
    proc = run_gongfu("validate", store=cli_store)
    assert proc.returncode == 0, proc.stderr
    assert "conforms" in proc.stdout


def test_sparql_json_rows_and_empty_result(cli_store: Path) -> None:
    proc = run_gongfu(
        "sparql",
        "--format",
        "json",
        'SELECT ?n WHERE { gfid:inspur-yunzhou rdfs:label ?n FILTER(lang(?n)="zh") }',
        store=cli_store,
        check=True,
    )
    assert json.loads(proc.stdout) == [{"n": "浪潮云洲工业互联网平台"}]
    empty = run_gongfu(
        "sparql",
        "--format",
        "json",
        "SELECT ?x WHERE { ?x a gf:Nothing }",
        store=cli_store,
        check=True,
    )
    assert json.loads(empty.stdout) == []


def test_sparql_from_file_and_csv(cli_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a gf:Platform }", encoding="utf-8")
    proc = run_gongfu("sparql", f"@{query}", "--format", "csv", store=cli_store, check=True)
    header, value = proc.stdout.strip().splitlines()
    assert header == "n" and int(value) >= 12


def test_sparql_syntax_error_names_line_and_column(cli_store: Path) -> None:
    proc = run_gongfu("sparql", "SELECT ?x WHERE {\n  ?x a gf:Platform", store=cli_store)
    assert proc.returncode != 0
    assert "line 2" in proc.stderr and "column" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_sparql_update_refused_without_flag(cli_store: Path) -> None:
    before = run_gongfu("stats", "--json", store=cli_store, check=True).stdout
    proc = run_gongfu("sparql", "INSERT DATA { gfid:x a gf:Platform }", store=cli_store)
    assert proc.returncode != 0 and "read-only" in proc.stderr
    assert run_gongfu("stats", "--json", store=cli_store, check=True).stdout == before


def test_sparql_service_refused(cli_store: Path) -> None:
    proc = run_gongfu(
        "sparql",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        store=cli_store,
    )
    assert proc.returncode != 0 and "SERVICE is refused" in proc.stderr


def test_export_ttl_parses_and_holds_provenance(cli_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.ttl"
    run_gongfu("export", "--format", "ttl", "-o", str(out), store=cli_store, check=True)
    g = Graph().parse(out, format="turtle")
    assert len(g) > 10_000
    quotes = list(
        g.query("""PREFIX gf: <https://gongfu-graph.org/ontology#>
        SELECT ?q WHERE { ?f a gf:Fact ; gf:quote ?q } LIMIT 5""")
    )
    assert quotes
    trig = tmp_path / "all.trig"
    run_gongfu("export", "--format", "trig", "-o", str(trig), store=cli_store, check=True)
    ds = Dataset().parse(trig, format="trig")
    assert len(list(ds.graphs())) >= 3


def test_missing_store_gives_a_clear_error(tmp_path: Path) -> None:
    proc = run_gongfu("stats", store=tmp_path / "nothing")
    assert proc.returncode != 0
    assert "gongfu build" in proc.stderr and "Traceback" not in proc.stderr


def test_search_neighbors_path_json(cli_store: Path) -> None:
    hits = json.loads(
        run_gongfu("search", "langchao", "--json", store=cli_store, check=True).stdout
    )
    names = [h["name"] for h in hits]
    assert "浪潮云洲工业互联网平台" in names and "浪潮集团" in names
    assert (
        json.loads(
            run_gongfu("search", "量子纠缠通信卫星", "--json", store=cli_store, check=True).stdout
        )
        == []
    )
    nb = json.loads(
        run_gongfu("neighbors", "浪潮云洲", "--json", store=cli_store, check=True).stdout
    )
    assert any(e["target"] == "浪潮服务器业务" and e["relation"] == "EMPOWERS" for e in nb["edges"])
    paths = json.loads(
        run_gongfu(
            "path", "临工重机", "济南市工业和信息化局", "--json", store=cli_store, check=True
        ).stdout
    )
    assert paths and paths[0]["nodes"][0] == "临工重机股份有限公司"


def test_ask_lists_and_answers_on_both_engines(cli_store: Path) -> None:
    listing = json.loads(run_gongfu("ask", "--json", store=cli_store, check=True).stdout)
    assert len(listing) >= 15
    assert {"name", "title_zh", "title_en", "params"} <= set(listing[0])
    a = json.loads(
        run_gongfu("ask", "platform-serves", "--format", "json", store=cli_store, check=True).stdout
    )
    b = json.loads(
        run_gongfu(
            "ask",
            "platform-serves",
            "--engine",
            "cypher",
            "--format",
            "json",
            store=cli_store,
            check=True,
        ).stdout
    )
    assert a == b and a
    bad = run_gongfu("ask", "no-such-question", store=cli_store)
    assert bad.returncode != 0 and "no question" in bad.stderr


def test_cypher_cli_and_refusals(cli_store: Path) -> None:
    rows = json.loads(
        run_gongfu(
            "cypher",
            "MATCH (p:Platform) RETURN count(p) AS n",
            "--format",
            "json",
            store=cli_store,
            check=True,
        ).stdout
    )
    assert rows[0]["n"] >= 12
    for text in (
        "MATCH (n) DETACH DELETE n",
        "LOAD FROM '/etc/passwd' RETURN *",
        "COPY Platform FROM '/tmp/x.csv'",
    ):
        proc = run_gongfu("cypher", text, store=cli_store)
        assert proc.returncode != 0 and "refused" in proc.stderr, text
    syntax = run_gongfu("cypher", "MATCH (n:Platform RETURN n", store=cli_store)
    assert syntax.returncode != 0 and "line 1" in syntax.stderr
