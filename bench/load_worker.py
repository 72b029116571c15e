"""Load one N-Triples file in a fresh process and report time and peak memory.

``python -m bench.load_worker project FILE STORE_DIR``
    the project: a fresh GraphStore on disk holding the ontology, then
    ``loaders.bulk.load_rdf_bulk(store, FILE, name="synth")`` (bulk load into the named graph
    ``load/synth`` plus the SPARQL twins of the shapes, in a new snapshot). Only that call is
    timed. The store is kept for the latency worker.
``python -m bench.load_worker oxigraph FILE STORE_DIR``
    the limit: ``pyoxigraph.Store(dir).bulk_load(...)`` of the same file into a named graph.
``python -m bench.load_worker unchecked FILE STORE_DIR``
    the fallback when the project's load fails or overruns: the same snapshot and bulk load
    without the checks, so that the latency part still has the data.

A load that takes well under a second is repeated (up to three times, while the loads so
far took under two seconds, each into a new folder) and the median reported. (rdflib's
``Graph().parse`` is timed by ``bench.rdflib_worker``, which goes on to answer queries.)
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import emit, peak_rss_mb

GRAPH = "https://gongfu-graph.org/graph/load/synth"
REPEATS, REPEAT_UNDER_S = 3, 2.0


def _with_ontology(root: Path) -> Any:
    from graph.store import GraphStore
    from loaders.base import commit_graph
    from ontology.schema import ONTOLOGY_FILE, load_schema

    store = GraphStore(root)
    with store.write(fresh=True) as writable:  # what `gongfu build` starts with
        commit_graph(
            writable, "ontology", load_schema().graph, file=str(ONTOLOGY_FILE), validate=False
        )
    return store


def _project(file: Path, root: Path) -> tuple[float, int, int]:
    from loaders.bulk import load_rdf_bulk

    store = _with_ontology(root)
    start = time.perf_counter()
    triples = load_rdf_bulk(store, file, name="synth")
    return time.perf_counter() - start, triples, store.count()


def _unchecked(file: Path, root: Path) -> tuple[float, int, int]:
    import pyoxigraph as ox

    store = _with_ontology(root)
    start = time.perf_counter()
    with store.write() as writable:
        writable.bulk_load(
            path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH)
        )
    seconds = time.perf_counter() - start
    triples = next(
        iter(store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"))
    )
    return seconds, int(triples["n"].value), store.count()


def _oxigraph(file: Path, root: Path) -> tuple[float, int, int]:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(root))
    store.bulk_load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.flush()
    seconds = time.perf_counter() - start
    return seconds, len(store), len(store)


HOW: dict[str, tuple[str, Callable[[Path, Path], tuple[float, int, int]]]] = {
    "project": ("loaders.bulk.load_rdf_bulk", _project),
    "unchecked": ("store.write() + bulk_load, no checks (fallback)", _unchecked),
    "oxigraph": ("pyoxigraph.Store(path).bulk_load", _oxigraph),
}


def main(which: str, file: Path, root: Path) -> dict[str, Any]:
    how, load = HOW[which]
    if which == "project":
        import loaders.bulk  # noqa: F401  (imports are not the load's time)
    rss_before = peak_rss_mb()
    times: list[float] = []
    while len(times) < REPEATS and (not times or sum(times) < REPEAT_UNDER_S):
        target = root if not times else root.with_name(f"{root.name}-rep{len(times)}")
        seconds, triples, quads = load(file, target)
        times.append(seconds)
        if target != root:
            shutil.rmtree(target, ignore_errors=True)
    seconds = statistics.median(times)
    return {
        "how": how,
        "triples": triples,
        "seconds": round(seconds, 4),
        "runs_s": [round(t, 4) for t in times],
        "triples_per_s": round(triples / seconds, 1),
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        "quads_in_store": quads,
    }


if __name__ == "__main__":
    emit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])))
