"""Measuring helpers shared by the benchmark's workers: samples, percentiles, memory, forks.

Every worker is its own process (``python -m bench.<worker> …``) and prints its result as
one line ``BENCH-RESULT {json}`` on stdout, so that each system's memory and garbage are
its own and library chatter on stdout does no harm.
"""

from __future__ import annotations

import gc
import json
import math
import os
import resource
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "HOOD_LIMIT",
    "ROOT",
    "capped_walk",
    "emit",
    "fork_samples",
    "peak_rss_mb",
    "run_worker",
    "sample",
    "summary",
]

ROOT = Path(__file__).resolve().parent.parent
TAG = "BENCH-RESULT "


HOOD_LIMIT = 120  # nodes, as the explorer draws them


def capped_walk(
    start: Any, neighbours: Callable[[Any], Iterable[Any]], hops: int, limit: int = HOOD_LIMIT
) -> dict[Any, int]:
    """The baselines' neighbourhood: breadth first, either direction, no ranking, stopped
    at ``limit`` nodes; each node with its hop."""
    kept = {start: 0}
    frontier = [start]
    for hop in range(1, hops + 1):
        nxt = []
        for u in frontier:
            for m in neighbours(u):
                if m not in kept:
                    kept[m] = hop
                    nxt.append(m)
                    if len(kept) >= limit:
                        break
            if len(kept) >= limit:
                break
        frontier = nxt
        if len(kept) >= limit or not frontier:
            break
    return kept


def emit(result: dict[str, Any]) -> None:
    """Hand a worker's result to the parent (one tagged JSON line on stdout)."""
    sys.stdout.write(TAG + json.dumps(result, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def summary(times_s: list[float]) -> dict[str, Any]:
    """Median and p95 (nearest rank) in milliseconds, and how many samples."""
    if not times_s:
        return {"n": 0, "median_ms": None, "p95_ms": None}
    ordered = sorted(times_s)
    n = len(ordered)
    mid = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    p95 = ordered[min(n - 1, math.ceil(0.95 * n) - 1)]
    return {"n": n, "median_ms": round(mid * 1000, 4), "p95_ms": round(p95 * 1000, 4)}


def sample(
    fn: Callable[[], object], *, samples: int = 20, warmup: int = 2, budget_s: float = 2.0
) -> dict[str, Any]:
    """Time ``fn``: ``warmup`` untimed calls, then up to ``samples`` timed calls, stopping
    early (after at least one) once ``budget_s`` is spent, warm-ups included: fast calls get
    all their samples, slow ones a few. Errors are reported, not raised."""
    try:
        begin = time.perf_counter()
        for _ in range(warmup):
            fn()
        times: list[float] = []
        while len(times) < samples and (not times or time.perf_counter() - begin < budget_s):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    except Exception as exc:
        return {"n": 0, "median_ms": None, "p95_ms": None, "error": f"{type(exc).__name__}: {exc}"}
    return summary(times)


def fork_samples(
    fn: Callable[[], object],
    *,
    samples: int,
    warmup: int,
    budget_s: float,
    timeout_s: float,
) -> dict[str, Any]:
    """Like :func:`sample`, in a forked child killed after ``timeout_s``: for baselines that
    may run for hours. With no complete run in time the result is ``timed_out`` and
    ``lower_bound_ms`` (the time waited), which makes any ratio a lower bound."""
    gc.collect()
    gc.freeze()  # the child need not copy the parent's heap to collect it
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: stream each run's seconds, one line each
        os.close(read_fd)
        try:
            done, begin = 0, time.perf_counter()
            while done < samples + warmup and (
                done <= warmup or time.perf_counter() - begin < budget_s
            ):
                start = time.perf_counter()
                value = fn()
                took = time.perf_counter() - start
                if isinstance(value, int) and done == 0:
                    os.write(write_fd, f"rows {value}\n".encode())
                os.write(write_fd, f"{took!r}\n".encode())
                done += 1
        except BaseException as exc:
            os.write(write_fd, f"error {type(exc).__name__}: {exc}\n".encode())
        os._exit(0)
    os.close(write_fd)
    started = time.perf_counter()
    deadline = started + timeout_s
    data = b""
    timed_out = False
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([read_fd], [], [], left)
        if ready:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            data += chunk
    os.close(read_fd)
    os.waitpid(pid, 0)
    gc.unfreeze()
    lines = data.decode().splitlines()
    errors = [line[6:] for line in lines if line.startswith("error ")]
    rows = [int(line[5:]) for line in lines if line.startswith("rows ")]
    runs = [float(line) for line in lines if line and line[0].isdigit()]
    timed = runs[warmup:] if len(runs) > warmup else runs
    result = summary(timed)
    if errors:
        result["error"] = errors[0]
    if rows:
        result["rows"] = rows[0]
    if timed_out:
        result["timed_out"] = not runs
        result["timeout_s"] = timeout_s
        if not runs:
            result["lower_bound_ms"] = round(timeout_s * 1000, 1)
    return result


def run_worker(module: str, *args: str | Path, timeout_s: float = 3600) -> dict[str, Any]:
    """Run ``python -m bench.<module> args…`` from the project root; its result, the
    process's wall time, or ``{"error": …}`` when it failed or overran."""
    cmd = [sys.executable, "-m", f"bench.{module}", *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired:
        return {"error": f"{module} ran longer than {timeout_s:g} s", "wall_s": timeout_s}
    wall = round(time.perf_counter() - start, 3)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(TAG):
            result = json.loads(line[len(TAG) :])
            result["wall_s"] = wall
            return result
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
    return {"error": f"{module} exited {proc.returncode}: " + " | ".join(tail), "wall_s": wall}
