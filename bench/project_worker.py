"""The project's side: open the store as the app does and time what analysts do.

``python -m bench.project_worker STORE_DIR PLAN_JSON``

Cold builds first (one sample each: they are what the first request of a new data
version pays): the networkx projection, the search index, the Cypher copy. Then, warm,
with ``Plan.sampling()``: search, 1-hop and 2-hop neighbourhoods as the explorer caps them
(``view_subgraph(limit=120)`` plus each node's name and class), the shortest path, every
named question in SPARQL and in Cypher, and a GraphML export of a 2-hop neighbourhood.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import HOOD_LIMIT, emit, fork_samples, peak_rss_mb, sample
from bench.plan import Plan, question_params

LIMIT = HOOD_LIMIT


def main(root: Path, plan: Plan) -> dict[str, Any]:
    from graph.explore import find, index_of, neighbour_rows, paths_between, view_subgraph
    from graph.project_cypher import cypher_connection
    from graph.project_nx import cached_property_graph, nx_graph
    from graph.questions import answering_engine, load_questions, run_question
    from graph.store import GraphStore

    shutil.rmtree(root / "cypher", ignore_errors=True)  # a cold Cypher copy
    store = GraphStore(root)
    probes = plan.probes
    out: dict[str, Any] = {"build": {}, "latency": {}, "questions": {}, "shape": {}}
    start = time.perf_counter()
    g = nx_graph(store)
    out["build"]["networkx_projection_s"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    index_of(store)
    out["build"]["search_index_s"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    cypher_connection(store)
    out["build"]["cypher_copy_s"] = round(time.perf_counter() - start, 3)
    pg = cached_property_graph(store)

    def hood(iri: str, hops: int) -> list[tuple[str, str, str]]:
        """What the baselines return: the capped neighbourhood's nodes, name and class."""
        return neighbour_rows(store, iri, hops=hops, limit=LIMIT)

    def view(iri: str, hops: int) -> list[tuple[str, str, str]]:
        """The explorer's whole view: the same nodes and every edge among them."""
        sub = view_subgraph(store, [iri], hops=hops, limit=LIMIT)
        return [(n, pg.nodes[n].name, pg.nodes[n].label) for n in sub.nodes]

    hub, ent = probes["hub"], probes["enterprise"]
    ops = {
        "search_pinyin": lambda: find(store, probes["search_pinyin"]),
        "search_zh": lambda: find(store, probes["search_zh"]),
        "one_hop_hub": lambda: hood(hub, 1),
        "one_hop_enterprise": lambda: hood(ent, 1),
        "two_hop_hub": lambda: hood(hub, 2),
        "two_hop_enterprise": lambda: hood(ent, 2),
        "one_hop_hub_view": lambda: view(hub, 1),
        "one_hop_enterprise_view": lambda: view(ent, 1),
        "shortest_path": lambda: paths_between(store, ent, probes["body"]),
    }
    for name, fn in ops.items():
        out["latency"][name] = sample(fn, **plan.sampling())
    out["shape"] = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "hub_degree": g.degree(hub),
        "enterprise_degree": g.degree(ent),
        "one_hop_hub_nodes": len(hood(hub, 1)),
        "two_hop_hub_nodes": len(hood(hub, 2)),
        "path_length": len(paths_between(store, ent, probes["body"])[0]),
    }
    child = _ChildStore(root)
    for q in load_questions().values():
        params = question_params(q, probes)

        def sparql(name: str = q.name, params: dict = params) -> int:
            return len(run_question(child.get(), name, params, engine="sparql").rows)

        def cypher(name: str = q.name, params: dict = params) -> Any:
            return run_question(store, name, params, engine="cypher")

        # SPARQL in a forked child that is killed at the time limit (a timed-out query's
        # thread would otherwise run on and slow everything after it); Cypher in-process
        # (LadybugDB interrupts a query at its time limit)
        entry = {
            "sparql": fork_samples(sparql, timeout_s=plan.question_timeout_s, **plan.sampling())
        }
        entry["cypher"] = sample(cypher, **plan.sampling())
        entry["answered_by"] = answering_engine(store, q)  # as `gongfu ask` and the app pick
        if "error" not in entry["cypher"]:
            entry["cypher"]["rows"] = len(cypher().rows)
        out["questions"][q.name] = entry
    out["latency"]["export_graphml_2hop"] = _export(store, hub, plan)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


class _ChildStore:
    """The store as a forked child opens it: its own read-only handle (the parent's
    projections, cached per version, are inherited and found again)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.store: Any = None

    def get(self) -> Any:
        if self.store is None:
            from graph.store import GraphStore

            self.store = GraphStore(self.root)
        return self.store


def _export(store: Any, hub: str, plan: Plan) -> dict[str, Any]:
    """A GraphML file of the hub's 2-hop neighbourhood, if graph/export has the exporter."""
    try:
        from graph.explore import view_subgraph
        from graph.export.write import export_subgraph
    except ImportError as exc:
        return {"n": 0, "median_ms": None, "p95_ms": None, "skipped": f"no exporter: {exc}"}
    sub = view_subgraph(store, [hub], hops=2, limit=LIMIT)
    with tempfile.TemporaryDirectory(prefix="gongfu-bench-") as tmp:
        target = Path(tmp) / "hood.graphml"
        return sample(lambda: export_subgraph(store, sub, "graphml", target), **plan.sampling())


if __name__ == "__main__":
    emit(main(Path(sys.argv[1]), Plan.load(sys.argv[2])))
