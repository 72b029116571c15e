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
