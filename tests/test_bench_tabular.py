"""The tabular benchmark's table and measurement (figures themselves live in bench/results)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.table_synth import write_table
from bench.tabular import markdown, measure_tabular, summarise_tabular


def test_table_is_deterministic_unique_and_loadable_shape(tmp_path: Path) -> None:
    a = write_table(3000, tmp_path / "a", seed=3)
    b = write_table(3000, tmp_path / "b", seed=3)
    assert Path(a.table).read_bytes() == Path(b.table).read_bytes()
    with open(a.table, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert len(body) == 3000 and all(len(r) == len(header) for r in body)
    links = {(r[0], r[2]) for r in body}
    assert len(links) == 3000, "no duplicate platform–enterprise rows"
    assert a.enterprises == len({r[2] for r in body}) < 3000  # some enterprises recur
    assert any(r[0] == "浪潮云洲工业互联网平台" for r in body)


@pytest.mark.slow
def test_measure_tabular_loads_the_same_triples_both_ways(tmp_path: Path) -> None:
    raw = measure_tabular(None, tmp_path / "w", rows=60, rounds=2)
    entry = summarise_tabular(raw)
    assert "error" not in entry, entry
    assert entry["rows"] == 60 and entry["rounds"] == 2
    table, bulk = raw["runs"][0]["table"], raw["runs"][0]["ntriples"]
    assert table["triples"] == bulk["triples"] == entry["triples"] > 60 * 10
    assert entry["table_vs_ntriples"] > 0 and isinstance(entry["target_met"], bool)
    assert "| 60 |" in markdown([entry])
