"""Load one table, or the same content as N-Triples, in a fresh process; report the rates.

``python -m bench.tabular_worker base STORE_DIR``
    build the base store once: ``gongfu build`` of the project's data/ (ontology and the
    curated seed, which the table's names resolve against).
``python -m bench.tabular_worker table TABLE MAPPING BASE STORE_DIR NT_OUT``
    a copy of the base store, then ``loaders.load.load_file(store, TABLE, mapping=MAPPING)``:
    read, check every cell, resolve names, write the triples into the load's graph, check
    the shapes there, commit. Only that call is timed. The load's graph is then written to
    NT_OUT (N-Triples), the same content for the baseline.
``python -m bench.tabular_worker ntriples NT BASE STORE_DIR``
    a copy of the base store, then ``loaders.bulk.load_rdf_bulk(store, NT, name=…)``, the
    project's N-Triples bulk load (with its shape checks) of the same triples.

A load that takes well under a second is repeated (up to three times, while the loads so
far took under two seconds, each into a fresh copy) and the median reported.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import emit, peak_rss_mb

LOAD_NAME = "synth-table"
REPEATS, REPEAT_UNDER_S = 3, 2.0


def _base(root: Path) -> dict[str, Any]:
    from graph.store import GraphStore
    from loaders.build import build_store

    store = GraphStore(root)
    build_store(store)
    return {"quads": store.count()}


def _copy(base: Path, root: Path) -> Any:
    from graph.store import GraphStore

    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root, symlinks=True, ignore=shutil.ignore_patterns("write.lock"))
    return GraphStore(root)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _repeat(load: Callable[[Path], tuple[float, float, dict[str, Any]]], root: Path) -> dict:
    times, cpus, info = [], [], {}
    while len(times) < REPEATS and (not times or sum(times) < REPEAT_UNDER_S):
        target = root if not times else root.with_name(f"{root.name}-rep{len(times)}")
        seconds, cpu, info = load(target)
        times.append(seconds)
        cpus.append(cpu)
        if target != root:
            shutil.rmtree(target, ignore_errors=True)
    seconds = statistics.median(times)
    return {
        **info,
        "seconds": round(seconds, 4),
        "runs_s": [round(t, 4) for t in times],
        "cpu_s": round(statistics.median(cpus), 3),
        "triples_per_s": round(info["triples"] / seconds, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def table(table_file: Path, mapping: Path, base: Path, root: Path, nt_out: Path) -> dict:
    import pyoxigraph as ox

    import loaders.table_store  # noqa: F401  (imports are not the load's time)
    import loaders.tabular as tabular
    from loaders.load import load_file
    from ontology.namespace import GRAPH

    tabular._english("预热")  # pypinyin's dictionaries load on first use

    def load(target: Path) -> tuple[float, float, dict[str, Any]]:
        store = _copy(base, target)
        start, cpu = time.perf_counter(), _cpu()
        result = load_file(store, table_file, mapping=mapping)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        return seconds, cpu, {"triples": result.triples, "summary": result.summary}

    rss_before = peak_rss_mb()
    out = _repeat(load, root)
    out["rows"] = out["summary"]["rows"]
    out["rows_per_s"] = round(out["rows"] / out["seconds"], 1)
    out["how"] = "loaders.load.load_file(table, mapping)"
    out["rss_before_mb"] = rss_before
    from graph.search import SEARCH_KEY
    from graph.store import GraphStore

    # the load's own triples, without the search keys every load path derives from the
    # names (the bulk load derives them again, so both loads do the same work)
    graph = ox.NamedNode(str(GRAPH[f"load/{LOAD_NAME}"]))
    key = ox.NamedNode(str(SEARCH_KEY))
    own = (
        ox.Triple(q.subject, q.predicate, q.object)
        for q in GraphStore(root).ox.quads_for_pattern(None, None, None, graph)
        if q.predicate != key
    )
    ox.serialize(own, output=str(nt_out), format=ox.RdfFormat.N_TRIPLES)
    return out


def ntriples(nt: Path, base: Path, root: Path) -> dict:
    from loaders.bulk import load_rdf_bulk  # imports are not the load's time

    def load(target: Path) -> tuple[float, float, dict[str, Any]]:
        store = _copy(base, target)
        start, cpu = time.perf_counter(), _cpu()
        triples = load_rdf_bulk(store, nt, name=LOAD_NAME)
        return time.perf_counter() - start, _cpu() - cpu, {"triples": triples}

    rss_before = peak_rss_mb()
    out = _repeat(load, root)
    out["how"] = "loaders.bulk.load_rdf_bulk(N-Triples of the same content)"
    out["rss_before_mb"] = rss_before
    return out


if __name__ == "__main__":
    which, args = sys.argv[1], [Path(a) for a in sys.argv[2:]]
    if which == "base":
        emit(_base(*args))
    elif which == "table":
        emit(table(*args))
    else:
        emit(ntriples(*args))
