"""Every named question gives the same rows in SPARQL and in Cypher (after normalise_rows)."""

from __future__ import annotations

import pytest

from graph.questions import load_questions, run_question
from graph.store import GraphStore

QUESTIONS = list(load_questions())


def test_at_least_fifteen_questions_with_bilingual_titles() -> None:
    assert len(QUESTIONS) >= 15
    for q in load_questions().values():
        assert q.title_zh and q.title_en and q.description_zh and q.description_en


@pytest.mark.parametrize("name", QUESTIONS)
def test_sparql_and_cypher_agree(seed_store: GraphStore, name: str) -> None:
    sparql = run_question(seed_store, name, engine="sparql")
    cypher = run_question(seed_store, name, engine="cypher")
    assert sparql.columns == cypher.columns
    assert sparql.rows == cypher.rows
    assert sparql.rows, f"{name} should answer something on the seed graph"


@pytest.mark.parametrize("name", [n for n, q in load_questions().items() if q.sparql_server])
def test_a_server_form_gives_the_embedded_answer(seed_store: GraphStore, name: str) -> None:
    """A question's form for SPARQL servers, run on the embedded store, agrees with its
    own text (the parity suite then runs it on each server)."""
    from graph.query import run_sparql
    from graph.questions import _resolve_params, _terms, normalise_rows, with_values

    q = load_questions()[name]
    text = with_values(q.sparql_server, _terms(q, _resolve_params(seed_store, q, {})))
    rows = normalise_rows(q, run_sparql(seed_store, text, trusted=True).rows)
    assert rows == run_question(seed_store, name, engine="sparql").rows
    assert rows


def test_a_relation_absent_from_the_data_answers_no_rows_in_cypher() -> None:
    """The Cypher copy has a table for every relation of the ontology, used or not."""
    import ladybug as lb

    from graph.mapping import Node, PropertyGraph
    from graph.project_cypher import build_cypher_db

    iri = "https://gongfu-graph.org/id/x"
    pg = PropertyGraph("v", {iri: Node(iri, "Park", {"iri": iri, "name": "某园区"})}, [])
    conn = lb.Connection(build_cypher_db(pg, None))
    rows = conn.execute("MATCH (s)-[r:FUNDS]->(t) RETURN s.name, r.amount").get_all()
    assert rows == []
    assert conn.execute("MATCH (p:Park) RETURN p.name").get_all() == [["某园区"]]


def test_auto_answers_on_the_question_s_own_engine_on_a_big_store(
    scratch_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``engine: cypher`` questions go to the Cypher copy of a big store; on a small one,
    and for every other question, SPARQL answers."""
    import graph.questions as questions
    from graph.questions import answering_engine

    every = load_questions()
    preferring = {q.name for q in every.values() if q.engine == "cypher"}
    assert preferring >= {"best-connected", "platform-serves"}
    best = every["best-connected"]
    assert answering_engine(scratch_store, best) == "sparql"  # the seed is small
    assert run_question(scratch_store, "best-connected").engine == "sparql"
    monkeypatch.setattr(questions, "CYPHER_WORTHWHILE_BYTES", 1)  # as if it were big
    assert answering_engine(scratch_store, best) == "cypher"
    result = run_question(scratch_store, "best-connected")
    assert result.engine == "cypher"
    assert result.rows == run_question(scratch_store, "best-connected", engine="sparql").rows
    assert run_question(scratch_store, "plan-tasks").engine == "sparql"


#: the questions whose rows once came without their evidence, and the columns holding it
EVIDENCE = {
    "plan-tasks": ("quotes", "sources"),
    "platforms-in-region": ("quotes", "sources"),
    "platforms-by-tier-region": ("quotes", "sources"),
    "sector-coverage": ("quotes", "sources"),
    "entity-profile": ("quotes", "sources"),
    "plan-indicators": ("quote", "source"),
}


@pytest.mark.parametrize("name", sorted(EVIDENCE))
def test_every_answer_row_carries_its_quote_and_source(seed_store: GraphStore, name: str) -> None:
    quotes, sources = EVIDENCE[name]
    result = run_question(seed_store, name, engine="sparql")
    assert quotes in result.columns and sources in result.columns
    claims = [c for c, kind in load_questions()[name].columns.items() if kind == "name"]
    for row in result.rows:
        if name == "platforms-by-tier-region" and not (row["tier"] or row["region"]):
            continue  # a platform with neither tier nor place: nothing to cite
        assert row[quotes] and row[sources], (name, {c: row[c] for c in claims})


def test_plan_tasks_in_the_plan_s_order(seed_store: GraphStore) -> None:
    """Task groups 一 … 五, each followed by its actions in order; safeguards last."""
    from graph.questions import outline_key

    codes = [r["code"] for r in run_question(seed_store, "plan-tasks", engine="cypher").rows]
    seen = list(dict.fromkeys(codes))
    groups = [c for c in seen if c.startswith("（") and c.endswith("）")]
    assert groups == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    safeguards = [i for i, c in enumerate(seen) if c.startswith("三、")]
    assert safeguards and min(safeguards) > max(
        i for i, c in enumerate(seen) if not c.startswith("三、")
    )
    assert (
        seen.index("（一）")
        < seen.index("（一）1.")
        < seen.index("（一）4.")
        < seen.index("（二）")
    )
    assert seen == sorted(seen, key=outline_key)
    sparql = [r["code"] for r in run_question(seed_store, "plan-tasks", engine="sparql").rows]
    assert sparql == codes


def _inferred_in_an_optional(text: str) -> bool:
    """Whether a query reads gf:inferred into a variable inside an OPTIONAL, judged from
    the parsed algebra (rdflib's SPARQL parser), not from the text."""
    from rdflib import Variable
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    from graph.query import PREFIXES

    inferred = PREFIXES["gf"] + "inferred"
    algebra = prepareQuery(text, initNs=PREFIXES).algebra

    def binds_inferred(node: object) -> bool:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                return any(
                    str(p) == inferred and isinstance(o, Variable) for _s, p, o in node.triples
                )
            return any(binds_inferred(v) for k, v in node.items() if k != "expr")
        if isinstance(node, list | tuple):
            return any(binds_inferred(v) for v in node)
        return False

    def walk(node: object) -> bool:
        if isinstance(node, CompValue):
            if node.name == "LeftJoin" and binds_inferred(node.p2):
                return True
            return any(walk(v) for v in node.values())
        if isinstance(node, list | tuple):
            return any(walk(v) for v in node)
        return False

    return walk(algebra)


def _readme_sparql() -> list[str]:
    """The SPARQL examples of the README, one query each (blocks split at comment lines)."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    queries = []
    for block in re.findall(r"```sparql\n(.*?)```", readme, flags=re.DOTALL):
        queries += [q for q in re.split(r"\n\s*\n(?=#)", block) if "SELECT" in q]
    return queries


def test_no_named_question_or_readme_example_reads_inferred_in_an_optional() -> None:
    """Every fact states gf:inferred true or false: an OPTIONAL around it only slows a query
    (with an unbound subject, past the time limit)."""
    assert _inferred_in_an_optional(
        "SELECT ?f WHERE { ?f a gf:Fact OPTIONAL { ?f gf:inferred ?i } }"
    )
    assert not _inferred_in_an_optional("SELECT ?f WHERE { ?f a gf:Fact ; gf:inferred ?i }")
    offenders = [q.name for q in load_questions().values() if _inferred_in_an_optional(q.sparql)]
    examples = _readme_sparql()
    assert len(examples) >= 3
    offenders += [q[:60] for q in examples if _inferred_in_an_optional(q)]
    assert not offenders
