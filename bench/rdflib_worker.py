"""The rdflib baseline: ``Graph().parse(file, format="nt")``, then the same questions.

``python -m bench.rdflib_worker FILE PLAN_JSON``

First the load, with nothing but rdflib imported, so that its time and peak memory are
rdflib's own. Then, on that graph plus the ontology: neighbourhoods from ``triples``
lookups and labels (cut at 120 nodes, stopping as soon as there are enough), a
breadth-first shortest path, and every named question's SPARQL text with
``initBindings``. Each of these runs in a forked child with a time limit
(``Plan.rdflib_timeout``): rdflib takes minutes to hours on some questions, and a timeout
makes the ratio a lower bound.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from itertools import chain
from pathlib import Path
from typing import Any

from bench.common import HOOD_LIMIT, capped_walk, emit, fork_samples, peak_rss_mb
from bench.plan import Plan, question_params

LIMIT = HOOD_LIMIT
ROW_LIMIT = 10_000  # as graph.query.run_sparql


def load(file: Path) -> tuple[Any, dict[str, Any]]:
    import rdflib

    rss_before = peak_rss_mb()
    start = time.perf_counter()
    g = rdflib.Graph()
    g.parse(str(file), format="nt")
    seconds = time.perf_counter() - start
    triples = len(g)
    return g, {
        "how": 'rdflib.Graph().parse(file, format="nt")',
        "triples": triples,
        "seconds": round(seconds, 4),
        "triples_per_s": round(triples / seconds, 1),
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(file: Path, plan: Plan) -> dict[str, Any]:
    g, loaded = load(file)
    from rdflib import RDF, RDFS, Literal, URIRef

    from graph.query import PREFIXES
    from graph.questions import load_questions
    from ontology.schema import ONTOLOGY_FILE, load_schema

    g.parse(ONTOLOGY_FILE, format="turtle")
    # rdflib builds its SPARQL machinery on the first query: do that once here, so that the
    # forked children measure the queries, not the warm-up
    list(g.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", initNs=PREFIXES))
    rels = {p.iri for p in load_schema().object_properties.values() if p.traversable}

    def neighbours(n: URIRef) -> Any:
        out = (o for p, o in g.predicate_objects(n) if p in rels and isinstance(o, URIRef))
        return chain(out, (s for s, p in g.subject_predicates(n) if p in rels))

    def hood(focus: str, hops: int) -> list[tuple[Any, Any, Any]]:
        kept = capped_walk(URIRef(focus), neighbours, hops, LIMIT)
        rows = []
        for m in kept:
            name = next(
                (o for o in g.objects(m, RDFS.label) if getattr(o, "language", None) == "zh"), None
            )
            rows.append((m, name, g.value(m, RDF.type)))
        return rows

    def shortest(a: str, b: str) -> list[Any]:
        src, dst = URIRef(a), URIRef(b)
        parent: dict[Any, Any] = {src: None}
        todo = deque([src])
        while todo:
            u = todo.popleft()
            if u == dst:
                path = [u]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return path[::-1]
            for m in neighbours(u):
                if m not in parent:
                    parent[m] = u
                    todo.append(m)
        return []

    probes = plan.probes
    hub, ent = probes["hub"], probes["enterprise"]
    ops = {
        "one_hop_hub": lambda: hood(hub, 1),
        "one_hop_enterprise": lambda: hood(ent, 1),
        "two_hop_hub": lambda: hood(hub, 2),
        "two_hop_enterprise": lambda: hood(ent, 2),
        "shortest_path": lambda: shortest(ent, probes["body"]),
    }
    limit = plan.rdflib_timeout_max_s
    # no warm-up: rdflib caches nothing between runs, and a slow first run is all we get
    forked = {"samples": plan.samples, "warmup": 0, "budget_s": plan.budget_s}
    latency = {name: fork_samples(fn, timeout_s=limit, **forked) for name, fn in ops.items()}
    questions: dict[str, Any] = {}
    for q in load_questions().values():
        params = question_params(q, probes)
        bindings = {
            p.name: URIRef(params[p.name]) if p.kind == "entity" else Literal(int(params[p.name]))
            for p in q.params
        }

        def ask(text: str = q.sparql, bindings: dict = bindings) -> int:
            rows = 0
            for _row in g.query(text, initNs=PREFIXES, initBindings=bindings):
                rows += 1
                if rows >= ROW_LIMIT:
                    break
            return rows

        result = fork_samples(ask, timeout_s=plan.rdflib_timeout(q.name), **forked)
        questions[q.name] = {"sparql": result}
    return {"load": loaded, "latency": latency, "questions": questions}


if __name__ == "__main__":
    emit(main(Path(sys.argv[1]), Plan.load(sys.argv[2])))
