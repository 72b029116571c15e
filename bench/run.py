"""``gongfu bench``: generate graphs of growing size and measure the project against its
baselines on each, every system in its own process (see bench/README.md).

Per size: ``gongfu synth`` data → the project's load (``load_rdf_bulk``) → the project's
latencies → pyoxigraph's bulk load → rdflib (load, then the same questions) → networkx →
a table load against the N-Triples bulk load of the same content (bench/tabular.py) →
Virtuoso 7 (its bulk loader, then the app's operations over HTTP) → the app's first page.
Results go to ``bench/results/`` as JSON, Markdown and a plot.
"""

from __future__ import annotations

import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, run_worker
from bench.plan import Plan
from bench.report import summarise, write_results
from bench.tabular import measure_tabular

__all__ = ["FULL_SIZES", "QUICK_SIZES", "Mode", "parse_sizes", "run_bench"]

QUICK_SIZES = (10_000, 100_000)
FULL_SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
BASELINE_MAX = 1_000_000  # above this, the project alone (rdflib would need tens of GB)
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class Mode:
    """Sampling and time limits of a run."""

    name: str
    samples: int = 20
    warmup: int = 1
    budget_s: float = 0.2
    load_timeout_s: float = 60.0
    question_timeout_s: float = 1.0
    rdflib_timeout_min_s: float = 1.0
    rdflib_timeout_max_s: float = 1.5
    app_timeout_s: float = 10.0

    @classmethod
    def of(cls, quick: bool, samples: int | None = None) -> Mode:
        mode = (
            cls("quick")
            if quick
            else cls(
                "full",
                warmup=2,
                budget_s=3.0,
                load_timeout_s=3600.0,
                question_timeout_s=30.0,  # the app's own limit (graph.query)
                rdflib_timeout_min_s=5.0,
                rdflib_timeout_max_s=60.0,
                app_timeout_s=3600.0,
            )
        )
        if samples is not None:
            mode = Mode(
                **{**mode.__dict__, "samples": samples, "warmup": min(mode.warmup, samples)}
            )
        return mode


def parse_sizes(items: list[str] | None) -> list[int]:
    """``["1e4,1e5", "2000"]`` → ``[10000, 100000, 2000]``."""
    sizes: list[int] = []
    for item in items or []:
        for part in item.replace(" ", ",").split(","):
            if part:
                sizes.append(int(float(part)))
    return sizes


def machine() -> str:
    import os

    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kib = int(fh.readline().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} cores{mem}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def _bench_size(
    n: int,
    work: Path,
    mode: Mode,
    seed: int,
    baselines: bool,
    log: Callable[[str], None],
    peers: bool = True,
) -> dict[str, Any]:
    from bench.synth import write_synth

    work.mkdir(parents=True, exist_ok=True)
    log(f"n={n:,}: generating")
    synth = write_synth(n, work, seed=seed).as_dict()
    nt, store = work / "graph.nt", work / "store"
    plan = Plan(
        probes=synth["probes"],
        samples=mode.samples,
        warmup=mode.warmup,
        budget_s=mode.budget_s,
        load_timeout_s=mode.load_timeout_s,
        question_timeout_s=mode.question_timeout_s,
        rdflib_timeout_min_s=mode.rdflib_timeout_min_s,
        rdflib_timeout_max_s=mode.rdflib_timeout_max_s,
        scratch=str(work),
    )
    raw: dict[str, Any] = {}
    notes = []
    log(f"n={n:,}: project load (load_rdf_bulk)")
    raw["load_project"] = run_worker(
        "load_worker", "project", nt, store, timeout_s=mode.load_timeout_s
    )
    if raw["load_project"].get("error"):
        notes.append(
            f"the project's load did not finish: {raw['load_project']['error']}; the "
            "store for the other measurements was built by the same bulk load without "
            "the checks"
        )
        shutil.rmtree(store, ignore_errors=True)
        raw["load_fallback"] = run_worker("load_worker", "unchecked", nt, store)
    log(f"n={n:,}: project latencies")
    plan_file = plan.save(work / "plan.json")
    raw["project"] = run_worker("project_worker", store, plan_file, timeout_s=6 * 3600)
    plan.project_question_ms = {
        name: q["sparql"].get("median_ms") or 0.0
        for name, q in raw["project"].get("questions", {}).items()
    }
    plan.save(plan_file)
    if baselines:
        log(f"n={n:,}: pyoxigraph bulk load")
        raw["load_oxigraph"] = run_worker("load_worker", "oxigraph", nt, work / "ox")
        shutil.rmtree(work / "ox", ignore_errors=True)
        log(f"n={n:,}: rdflib (load and questions)")
        raw["rdflib"] = run_worker("rdflib_worker", nt, plan_file, timeout_s=6 * 3600)
        log(f"n={n:,}: networkx")
        raw["networkx"] = run_worker("nx_worker", nt, plan_file, timeout_s=3600)
        log(f"n={n:,}: table load and the N-Triples bulk load of the same content")
        raw["tabular"] = measure_tabular(
            n, work / "tabular", seed=seed, timeout_s=max(mode.load_timeout_s, 600)
        )
        shutil.rmtree(work / "tabular", ignore_errors=True)
    else:
        notes.append(f"baselines skipped above {BASELINE_MAX:,} triples (the project alone)")
    if peers:
        log(f"n={n:,}: Virtuoso (bulk loader, then the app's operations over HTTP)")
        raw["virtuoso"] = run_worker("virtuoso_worker", nt, plan_file, timeout_s=6 * 3600)
    log(f"n={n:,}: app first page")
    raw["app"] = run_worker("app_worker", store, timeout_s=mode.app_timeout_s)
    return summarise(n, synth, raw, baselines=baselines, note="; ".join(notes))


def run_bench(
    sizes: list[int] | None = None,
    *,
    quick: bool = False,
    seed: int = 0,
    samples: int | None = None,
    out_dir: Path | None = None,
    keep: bool = False,
    baseline_max: int = BASELINE_MAX,
    log: Callable[[str], None] | None = None,
    virtuoso: bool | None = None,
) -> dict[str, Any]:
    """Run the benchmark; write the results under ``out_dir`` and return them.

    ``virtuoso``: run Virtuoso 7 as a peer at each size (default: when it is installed).
    """
    if virtuoso is None:  # installed (its worker starts it from tests/servers/)
        virtuoso = bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))
    log = log or (lambda msg: print(f"[bench] {msg}", file=sys.stderr, flush=True))
    mode = Mode.of(quick, samples)
    sizes = sizes or list(QUICK_SIZES if quick else FULL_SIZES)
    work_root = Path(tempfile.mkdtemp(prefix="gongfu-bench-"))
    started = time.time()
    result: dict[str, Any] = {
        "mode": mode.name,
        "machine": machine(),
        "seed": seed,
        "settings": mode.__dict__,
        "sizes": [],
    }
    try:
        for n in sizes:
            entry = _bench_size(
                n, work_root / f"n{n}", mode, seed, n <= baseline_max, log, peers=virtuoso
            )
            result["sizes"].append(entry)
            if not keep:
                shutil.rmtree(work_root / f"n{n}", ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(work_root, ignore_errors=True)
        else:
            log(f"kept the data and stores in {work_root}")
    result["finished"] = time.strftime("%Y-%m-%d %H:%M")
    result["seconds"] = round(time.time() - started, 1)
    result["files"] = [str(p) for p in write_results(result, out_dir or RESULTS)]
    return result
