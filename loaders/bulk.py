"""Large RDF files straight into the store: Oxigraph's bulk load, checked in the store.

Kept apart from ``loaders/load.py`` so that a bulk load imports only what it uses (no
pandas, pinyin or networkx: a hundred megabytes less before the first triple).
"""

from __future__ import annotations

import itertools
import os
import re
from collections import deque
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import LoadError, ValidationError
from graph.search import missing_search_keys
from graph.store import GraphStore
from loaders.base import _drop, _meta_quads, load_name_of
from loaders.rdf_files import RDF_SUFFIXES
from ontology.namespace import GRAPH
from ontology.stream_checks import NTriplesScan

__all__ = ["CHUNK_LINES", "LOAD_THREADS", "load_rdf_bulk"]

CHUNK_LINES = 200_000
LOAD_THREADS = max(1, min(2, os.cpu_count() or 1))  # slices loading at once


def _bulk_load_ntriples(writable: Any, path: Path, target: ox.NamedNode) -> NTriplesScan:
    """Bulk-load an N-Triples file in slices of ``CHUNK_LINES`` lines, up to
    ``LOAD_THREADS`` slices at once, scanning each slice for the node checks meanwhile.

    Oxigraph parses outside the GIL and one ``bulk_load`` keeps about one core busy, so two
    slices load side by side on two cores while the scan fills the gaps. Slices keep the
    loader's memory flat. A syntax error is reported for the first slice that has one.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    scan = NTriplesScan()
    first = 1
    pending: deque[tuple[Future[None], int]] = deque()
    with path.open("rb") as handle, ThreadPoolExecutor(max_workers=LOAD_THREADS) as pool:
        while lines := list(itertools.islice(handle, CHUNK_LINES)):
            pending.append(
                (
                    pool.submit(
                        writable.bulk_load,
                        b"".join(lines),
                        ox.RdfFormat.N_TRIPLES,
                        to_graph=target,
                    ),
                    first,
                )
            )
            scan.feed(lines, first)
            first += len(lines)
            while len(pending) >= LOAD_THREADS:
                _finish(*pending.popleft(), path)
        while pending:
            _finish(*pending.popleft(), path)
    return scan


def _finish(loading: Any, first: int, path: Path) -> None:
    """Wait for one slice; its syntax error with the line of the whole file."""
    try:
        loading.result()
    except SyntaxError as exc:
        raise LoadError(
            f"not valid N_TRIPLES: {_shift_lines(str(exc), first - 1)}", file=str(path)
        ) from None


def _shift_lines(message: str, offset: int) -> str:
    """Renumber the 'line N' positions of a parser message from a slice to the whole file."""
    return re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + offset}", message)


def load_rdf_bulk(store: GraphStore, path: Path, *, name: str) -> int:
    """Load a large RDF file at the store's own speed, validated in the store.

    The file goes straight into its named graph with Oxigraph's ``bulk_load`` inside a
    fresh snapshot; the shapes are then checked as SPARQL over that graph only
    (ontology/checks.py). N-Triples stream in slices while a line scan finds the few nodes
    that could break the per-node shapes (ontology/stream_checks.py), so the exact checks
    look at those alone. A violation, a syntax error or an interruption discards the
    snapshot, so the store stays as it was.

    Raises:
        LoadError: a syntax error (with position) or an unknown format.
        ValidationError: the SPARQL twins of the shapes found violations.
    """
    from ontology.checks import run_checks

    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(f"unknown RDF format '{path.suffix}'", file=str(path))
    load_name = load_name_of(name)
    graph_name = f"load/{load_name}"
    target = ox.NamedNode(str(GRAPH[graph_name]))
    with store.write() as writable:
        _drop(writable, graph_name)
        focus = None
        if fmt == ox.RdfFormat.N_TRIPLES:
            focus = _bulk_load_ntriples(writable, path, target).candidates()
        else:
            try:
                writable.bulk_load(path=str(path), format=fmt, to_graph=target)
            except SyntaxError as exc:
                raise LoadError(f"not valid {fmt.name}: {exc}", file=str(path)) from None
        violations = run_checks(writable._store, target, focus=focus)
        if violations:
            shown = "\n".join(
                f"{focus_iri.rsplit('/', 1)[-1]}: {msg}" for focus_iri, msg in violations[:50]
            )
            raise ValidationError(
                f"{path}: {len(violations)} violation(s) of the ontology's shapes:\n{shown}"
            )
        keys = missing_search_keys(writable, target)  # derived from the file: not counted
        count = next(
            iter(
                writable.query(
                    f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target.value}> {{ ?s ?p ?o }} }}"
                )
            )
        )["n"]
        writable.extend(keys + _meta_quads(graph_name, str(path), int(count.value)))
    return int(count.value)
