"""The app's operations answered from a SPARQL server, as the app would ask them.

``python -m bench.virtuoso_client SPARQL_URL PLAN_JSON``

Every call goes through ``graph.explore`` and ``graph.questions`` with a
``graph.remote.RemoteStore``, exactly as the pages and the CLI make them: open (the data
version), the first page (counts, the tier's platforms and their drawing), search (zh and pinyin), the capped 1-hop of a
hub and of an enterprise, the explorer's view of the hub with its details panel, a
shortest path, and every named question. Each is timed cold (first call) and warm; the
process's peak RSS is the client's memory.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from bench.common import HOOD_LIMIT, emit, peak_rss_mb, sample
from bench.plan import Plan, question_params


def main(url: str, plan: Plan) -> dict[str, Any]:
    from graph.explore import (
        entity_details,
        find,
        neighbour_rows,
        paths_between,
        view_subgraph,
    )
    from graph.questions import load_questions, run_question
    from graph.remote import RemoteStore
    from graph.stats import graph_stats

    probes = plan.probes
    hub, ent = probes["hub"], probes["enterprise"]
    out: dict[str, Any] = {"steps": {}, "latency": {}, "questions": {}}
    start = time.perf_counter()
    store = RemoteStore(url, timeout=120)
    out["steps"]["open_s"] = round(time.perf_counter() - start, 3)

    def timed(name: str, fn: Any) -> Any:
        start = time.perf_counter()
        try:
            value = fn()
        except Exception as exc:
            out["steps"][name + "_error"] = f"{type(exc).__name__}: {exc}"
            value = None
        out["steps"][name + "_s"] = round(time.perf_counter() - start, 3)
        print(f"{name}: {out['steps'][name + '_s']} s", file=sys.stderr, flush=True)
        return value

    def overview() -> int:
        """The first page: the tier's platforms with a few links each, drawn."""
        from graph.mapping import property_graph
        from graph.overview import tier_platforms

        platforms = tier_platforms(store, probes["tier"], sample=6)  # type: ignore[arg-type]
        iris = {p.iri for p in platforms[:12]} | {i for p in platforms[:12] for i in p.sample}
        return len(property_graph(store, only=iris).nodes)  # type: ignore[arg-type]

    ops = {
        "counts": lambda: graph_stats(store),
        "overview": overview,
        "search_zh": lambda: find(store, probes["search_zh"]),
        "search_pinyin": lambda: find(store, probes["search_pinyin"]),
        "one_hop_hub": lambda: neighbour_rows(store, hub, hops=1, limit=HOOD_LIMIT),
        "one_hop_enterprise": lambda: neighbour_rows(store, ent, hops=1, limit=HOOD_LIMIT),
        "view_hub": lambda: view_subgraph(store, [hub], hops=1, limit=HOOD_LIMIT),
        "details_hub": lambda: entity_details(store, hub),
        "shortest_path": lambda: paths_between(store, ent, probes["body"]),
    }

    def warm(fn: Any) -> dict[str, Any]:
        """Repeated calls after the cold one (a step the server fails is not repeated)."""
        try:
            return sample(fn, **plan.sampling())
        except Exception as exc:
            return {"error": f"{type(exc).__name__}: {exc}"}

    for name, fn in ops.items():
        timed(name, fn)  # cold: the first call, as a new page makes it
        if name not in ("counts", "overview") and name + "_error" not in out["steps"]:
            out["latency"][name] = warm(fn)
    try:
        hits = find(store, probes["search_zh"])
        out["shape"] = {
            "search_zh_hits": len(hits),
            "one_hop_hub_nodes": len(neighbour_rows(store, hub, hops=1, limit=HOOD_LIMIT)),
            "view_hub_omitted": view_subgraph(store, [hub], hops=1, limit=HOOD_LIMIT).omitted_nodes,
            "path_length": len((paths_between(store, ent, probes["body"]) or [[]])[0]),
        }
    except Exception as exc:
        out["shape"] = {"error": f"{type(exc).__name__}: {exc}"}
    for q in load_questions().values():
        params = question_params(q, probes)

        def ask(name: str = q.name, params: dict = params) -> int:
            return len(run_question(store, name, params, engine="sparql").rows)

        rows = timed("question_" + q.name, ask)
        entry = warm(ask) if rows is not None else {}
        entry["rows"] = rows
        out["questions"][q.name] = entry
    out["peak_rss_mb"] = peak_rss_mb()
    return out


if __name__ == "__main__":
    emit(main(sys.argv[1], Plan.load(Path(sys.argv[2]))))
