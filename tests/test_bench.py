"""The benchmark runs end to end on a tiny graph and reports the documented keys.

No timing is asserted: the numbers belong to the report, not to the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.common import fork_samples, sample, summary
from bench.plan import Plan
from bench.report import _check, _ratio
from bench.run import parse_sizes
from tests.conftest import run_gongfu

KEYS = {
    "triples",
    "load_triples_per_s",
    "load_vs_oxigraph_bulk",
    "load_vs_rdflib",
    "peak_rss_mb",
    "rss_vs_rdflib",
    "one_hop_ms_median",
    "one_hop_vs_networkx",
    "one_hop_vs_rdflib",
    "questions_speedup_vs_rdflib_min",
    "targets_met",
    "targets_missed",
}


@pytest.mark.slow
def test_bench_quick_json_on_a_tiny_graph(tmp_path: Path) -> None:
    proc = run_gongfu(
        "bench", "--quick", "--json", "--sizes", "2000", "--samples", "3",
        "--out", str(tmp_path / "results"), check=True, timeout=300,
    )  # fmt: skip
    result = json.loads(proc.stdout)  # one JSON object, nothing else on stdout
    assert [e["requested"] for e in result["sizes"]] == [2000]
    entry = result["sizes"][0]
    assert set(entry) >= KEYS
    assert entry["triples"] > 1000
    assert isinstance(entry["targets_met"], bool)
    assert isinstance(entry["targets_missed"], list)
    assert all(isinstance(m, str) for m in entry["targets_missed"])
    for key in ("load_triples_per_s", "peak_rss_mb", "one_hop_ms_median", "one_hop_vs_networkx"):
        assert isinstance(entry[key], int | float) and entry[key] > 0, key
    assert len(entry["questions"]) == 18
    # Virtuoso 7 (installed by `make test`) ran beside it on the same graph, as a peer
    peer = entry["virtuoso"]
    assert peer["client_error"] is None and peer["load_triples_per_s"] > 0
    assert peer["load_vs_virtuoso"] > 0 and peer["one_hop_hub_vs_virtuoso"] > 0
    assert len(peer["questions"]) == 18
    # both engines answer every question with the same number of rows
    assert all(q["cypher_error"] is None for q in entry["questions"])
    assert all(q["cypher_rows"] == q["sparql_rows"] for q in entry["questions"])
    for name in ("latest.json", "latest.md", "latest.png", "quick.json"):
        assert (tmp_path / "results" / name).is_file(), name
    assert "| triples |" in (tmp_path / "results" / "latest.md").read_text(encoding="utf-8")


def test_merge_draws_the_growth_over_separate_runs(tmp_path: Path) -> None:
    """The committed 10^4–10^6 run and the 10^7 pass, as one growth table and plot."""
    results = Path(__file__).resolve().parent.parent / "bench" / "results"
    proc = run_gongfu(
        "bench", "--merge", str(results / "full.json"), "--merge", str(results / "full-1e7.json"),
        "--out", str(tmp_path), check=True,
    )  # fmt: skip
    merged = json.loads((tmp_path / "growth.json").read_text(encoding="utf-8"))
    sizes = [e["triples"] for e in merged["sizes"]]
    assert sizes == sorted(sizes) and len(sizes) == 4 and sizes[-1] >= 10_000_000
    assert merged["sizes"][-1]["baselines"] is False and merged["sizes"][0]["baselines"] is True
    assert (tmp_path / "growth.png").stat().st_size > 10_000
    assert "10,000,002" in proc.stdout
    assert not (tmp_path / "latest.json").exists()  # a merge is not a run
    bad = run_gongfu("bench", "--merge", str(tmp_path / "nothing.json"))
    assert bad.returncode == 1 and "no such results file" in bad.stderr


def test_sizes_and_rdflib_time_limits() -> None:
    assert parse_sizes(["1e4,1e5", "2000"]) == [10_000, 100_000, 2000]
    plan = Plan(probes={}, project_question_ms={"fast": 1.0, "slow": 1000.0})
    plan.rdflib_timeout_min_s, plan.rdflib_timeout_max_s = 1.0, 5.0
    assert plan.rdflib_timeout("fast") == 1.0
    assert plan.rdflib_timeout("slow") == 5.0


def test_ratios_keep_their_bounds() -> None:
    assert _ratio((100.0, "="), (10.0, "=")) == (10.0, "=")
    assert _ratio((100.0, ">"), (10.0, "=")) == (10.0, ">")  # the baseline timed out
    assert _ratio((100.0, "="), (10.0, ">")) == (10.0, "<")  # the project timed out
    assert _ratio((100.0, ">"), (10.0, ">")) == (None, "")
    assert _check(12.0, ">", ">=", 10) is True
    assert _check(5.0, ">", ">=", 10) is None
    assert _check(5.0, "=", ">=", 10) is False
    assert _check(5.0, "<", ">=", 10) is False


def test_sampling_and_forked_time_limit() -> None:
    assert summary([0.003, 0.001, 0.002])["median_ms"] == 2.0
    assert sample(lambda: None, samples=5, warmup=1)["n"] == 5
    assert "error" in sample(lambda: 1 / 0)
    done = fork_samples(lambda: 3, samples=3, warmup=1, budget_s=1, timeout_s=30)
    assert done["n"] == 3 and done["rows"] == 3

    def forever() -> None:
        while True:
            pass

    cut = fork_samples(forever, samples=3, warmup=0, budget_s=1, timeout_s=0.5)
    assert cut["timed_out"] and cut["lower_bound_ms"] == 500.0
