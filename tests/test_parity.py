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
