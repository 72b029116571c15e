"""The tabular benchmark: a table load against the N-Triples bulk load of the same content.

Per size (triples' worth of rows): ``bench/table_synth.py`` writes a platform–customer
table of ``round(N / 14)`` rows and its mapping; ``bench.tabular_worker table`` loads it
into a copy of the built store (ontology and curated seed) with ``load_file``, timed, and
writes the load's graph as N-Triples; ``bench.tabular_worker ntriples`` loads those same
triples with the project's N-Triples bulk load (``load_rdf_bulk``) into another copy of the
same store, timed, right after, in the same run. The figure is the table load's rate in
triples/s (and rows/s) as a share of the bulk load's; the target is at least a third.

``python -m bench.tabular --sizes 1e5,1e6 [--rows 300000] [--rounds 2]`` runs it alone and
writes ``bench/results/tabular.{json,md}``; ``gongfu bench`` runs it at every size that
has baselines and puts it in its report (``bench/report.py``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, run_worker
from bench.table_synth import TRIPLES_PER_ROW, write_table

__all__ = ["TARGET", "markdown", "measure_tabular", "summarise_tabular"]

#: the table load's rate as a share of the N-Triples bulk load's (within 3×)
TARGET = 1 / 3
RESULTS = ROOT / "bench" / "results"


def measure_tabular(
    n: int | None,
    work: Path,
    *,
    rows: int | None = None,
    seed: int = 0,
    rounds: int = 1,
    timeout_s: float = 3600,
    base: Path | None = None,
) -> dict[str, Any]:
    """Both loads of one table (``rows`` rows, or ``n`` triples' worth), ``rounds`` times
    each, alternating which goes first; the raw worker results."""
    work.mkdir(parents=True, exist_ok=True)
    rows = rows or max(10, round((n or 0) / TRIPLES_PER_ROW))
    table = write_table(rows, work, seed=seed)
    if base is None:
        base = work / "base"
        built = run_worker("tabular_worker", "base", base, timeout_s=timeout_s)
        if built.get("error"):
            return {"requested": n, "rows": rows, "error": built["error"]}
    nt = work / "table.nt"
    raw: dict[str, Any] = {"requested": n, "rows": rows, "table": table.as_dict(), "runs": []}
    for k in range(rounds):
        run: dict[str, Any] = {}
        order = ("table", "ntriples") if k % 2 == 0 or not nt.exists() else ("ntriples", "table")
        for which in order:
            store = work / f"store-{which}"
            if which == "table":
                run["table"] = run_worker(
                    "tabular_worker",
                    "table",
                    table.table,
                    table.mapping,
                    base,
                    store,
                    nt,
                    timeout_s=timeout_s,
                )
            else:
                run["ntriples"] = run_worker(
                    "tabular_worker", "ntriples", nt, base, store, timeout_s=timeout_s
                )
            shutil.rmtree(store, ignore_errors=True)
        raw["runs"].append(run)
    return raw


def summarise_tabular(raw: dict[str, Any]) -> dict[str, Any]:
    """Rows/s and triples/s of both loads (medians over rounds) and their ratio."""
    out: dict[str, Any] = {"requested": raw.get("requested"), "rows": raw.get("rows")}
    if raw.get("error"):
        out["error"] = raw["error"]
        return out
    errors = [
        f"{which}: {run[which]['error']}"
        for run in raw["runs"]
        for which in ("table", "ntriples")
        if run.get(which, {}).get("error")
    ]
    if errors:
        out["error"] = "; ".join(errors)
        return out
    tables = [run["table"] for run in raw["runs"]]
    bulks = [run["ntriples"] for run in raw["runs"]]

    def med(items: list[dict[str, Any]], key: str) -> float:
        return round(statistics.median(item[key] for item in items), 3)

    out |= {
        "triples": tables[0]["triples"],
        "table_seconds": med(tables, "seconds"),
        "table_cpu_s": med(tables, "cpu_s"),
        "table_rows_per_s": round(out["rows"] / med(tables, "seconds"), 1),
        "table_triples_per_s": round(tables[0]["triples"] / med(tables, "seconds"), 1),
        "table_peak_rss_mb": max(t["peak_rss_mb"] for t in tables),
        "ntriples_seconds": med(bulks, "seconds"),
        "ntriples_cpu_s": med(bulks, "cpu_s"),
        "ntriples_triples_per_s": round(bulks[0]["triples"] / med(bulks, "seconds"), 1),
        "ntriples_peak_rss_mb": max(b["peak_rss_mb"] for b in bulks),
        "rounds": len(raw["runs"]),
        "summary": tables[0]["summary"],
    }
    out["table_vs_ntriples"] = round(out["table_triples_per_s"] / out["ntriples_triples_per_s"], 3)
    out["ratios_per_round"] = [
        round((t["triples"] / t["seconds"]) / (b["triples"] / b["seconds"]), 3)
        for t, b in zip(tables, bulks, strict=True)
    ]
    out["target_met"] = out["table_vs_ntriples"] >= TARGET
    return out


def markdown(entries: list[dict[str, Any]], *, title: str | None = None) -> str:
    """The tabular figures as one Markdown table."""
    out = [
        title or "## Table loads against the N-Triples bulk load of the same content",
        "",
        "| rows | triples | table load s | rows/s | triples/s | N-Triples bulk s | triples/s "
        "| table ÷ bulk (target ≥ 0.33) | CPU s (table / bulk) | peak RSS MB (table / bulk) |",
        "|" + "---|" * 10,
    ]
    for e in entries:
        if e.get("error"):
            out.append(f"| {e.get('rows') or '–'} | – | error: {e['error']} |" + " |" * 7)
            continue
        met = "met" if e["target_met"] else "missed"
        out.append(
            f"| {e['rows']:,} | {e['triples']:,} | {e['table_seconds']:.1f} "
            f"| {e['table_rows_per_s']:,.0f} | {e['table_triples_per_s']:,.0f} "
            f"| {e['ntriples_seconds']:.1f} | {e['ntriples_triples_per_s']:,.0f} "
            f"| {e['table_vs_ntriples']:.2f} ({met}) | {e['table_cpu_s']:.1f} / {e['ntriples_cpu_s']:.1f} "
            f"| {e['table_peak_rss_mb']:.0f} / {e['ntriples_peak_rss_mb']:.0f} |"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tabular", description=__doc__)
    parser.add_argument(
        "--sizes", default="1e5,1e6", help="triples' worth of rows, comma-separated"
    )
    parser.add_argument("--rows", default="", help="also these row counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    from bench.run import machine, parse_sizes

    work = Path(tempfile.mkdtemp(prefix="gongfu-bench-tabular-"))
    started = time.time()
    entries = []
    try:
        base = work / "base"
        built = run_worker("tabular_worker", "base", base)
        if built.get("error"):
            print(built["error"], file=sys.stderr)
            return 1
        jobs = [(n, None) for n in parse_sizes([args.sizes])]
        jobs += [(None, r) for r in parse_sizes([args.rows])]
        for n, rows in jobs:
            label = f"{n:,} triples" if n else f"{rows:,} rows"
            print(f"[bench] tabular: {label}", file=sys.stderr, flush=True)
            raw = measure_tabular(
                n,
                work / label.replace(",", "").replace(" ", "-"),
                rows=rows,
                seed=args.seed,
                rounds=args.rounds,
                base=base,
            )
            entries.append({**summarise_tabular(raw), "workers": raw})
            shutil.rmtree(work / label.replace(",", "").replace(" ", "-"), ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "mode": "tabular",
        "machine": machine(),
        "seed": args.seed,
        "finished": time.strftime("%Y-%m-%d %H:%M"),
        "seconds": round(time.time() - started, 1),
        "sizes": entries,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "tabular.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    md = markdown(
        entries,
        title=f"# Table loads against the N-Triples bulk load ({result['finished']})\n\n"
        f"Machine: {result['machine']}. Each size: {args.rounds} round(s) of both loads, "
        "alternating which goes first; medians. See bench/README.md.",
    )
    (args.out / "tabular.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
