"""Writing a table's load: its N-Triples bulk-loaded into a new snapshot and checked there.

The same path as a large N-Triples file (loaders/bulk.py): the triples go into the load's
own named graph with Oxigraph's ``bulk_load``, two slices at once while the next is
written, and the shapes' SPARQL twins (ontology/checks.py) then look at that graph only,
with the rest of the store as context. A violation discards the snapshot, so the store
stays byte for byte as it was. A dry run does the same in a scratch copy of the current
snapshot (hard links, no write lock), so that it refuses exactly what the load would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox

from graph.errors import ValidationError
from graph.search import missing_search_keys
from graph.store import GraphStore
from loaders.base import _drop, _meta_quads
from loaders.tabular import LoadPlan
from ontology.namespace import GRAPH

__all__ = ["write_table_load"]

LOAD_THREADS = max(1, min(2, os.cpu_count() or 1))


def write_table_load(store: GraphStore, plan: LoadPlan, *, dry_run: bool = False) -> int:
    """Check the plan's triples against the shapes in the store and, unless ``dry_run``,
    commit them as the named graph ``load/<plan.name>``; returns the triples.

    Raises:
        ValidationError: one line: the row and node of the first violation, and how many.
        StoreBusy: another process is writing (not for a dry run).
    """
    graph_name = f"load/{plan.name}"
    target = ox.NamedNode(str(GRAPH[graph_name]))
    if store.root is None:  # in memory: checked in a copy that then becomes the store
        scratch = ox.Store()
        scratch.extend(store.ox.quads_for_pattern(None, None, None, None))
        _stage(scratch, plan, graph_name, target)
        if not dry_run:
            with store.write(fresh=True) as writable:
                writable.extend(scratch.quads_for_pattern(None, None, None, None))
                writable.extend(missing_search_keys(writable, target))
                writable.extend(_meta_quads(graph_name, plan.file, plan.triples))
        return plan.triples
    store.refresh()
    if dry_run:
        with _scratch(store) as scratch:
            _stage(scratch, plan, graph_name, target)
        return plan.triples
    with store.write() as writable:
        _stage(writable._store, plan, graph_name, target)
        writable.extend(missing_search_keys(writable, target))
        writable.extend(_meta_quads(graph_name, plan.file, plan.triples))
    return plan.triples


def _stage(writable: Any, plan: LoadPlan, graph_name: str, target: ox.NamedNode) -> None:
    """Write the plan into the load's graph of ``writable`` and check it there."""
    from ontology.checks import run_checks

    _drop(writable, graph_name)
    _bulk_load(writable, plan, target)
    violations = run_checks(writable, target, limit=5, focus=plan.check_focus())
    if violations:
        focus, message = violations[0]
        more = len(violations) - 1
        raise ValidationError(
            f"{plan.file}, row {plan.row_of(focus)}: {focus.rsplit('/', 1)[-1]}: {message}"
            + (f" (and {more}{'+' if len(violations) >= 5 else ''} more)" if more else "")
        )


def _bulk_load(writable: Any, plan: LoadPlan, target: ox.NamedNode) -> None:
    """Bulk-load the plan's N-Triples slices, ``LOAD_THREADS`` at once (Oxigraph parses
    outside the GIL, so the next slice is written meanwhile)."""
    pending: deque[Future[None]] = deque()
    with ThreadPoolExecutor(max_workers=LOAD_THREADS) as pool:
        try:
            for data in plan.slices():
                pending.append(
                    pool.submit(writable.bulk_load, data, ox.RdfFormat.N_TRIPLES, to_graph=target)
                )
                while len(pending) >= LOAD_THREADS:
                    pending.popleft().result()
        finally:
            while pending:
                pending.popleft().result()


@contextlib.contextmanager
def _scratch(store: GraphStore) -> Iterator[ox.Store]:
    """A writable copy of the store's current snapshot (hard links), removed afterwards."""
    assert store.root is not None
    current = store.snapshot_path
    folder = store.root / f".dry-run-{uuid.uuid4().hex}"
    try:
        if current is not None:
            ox.Store.read_only(str(current)).backup(str(folder))
        yield ox.Store(str(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
