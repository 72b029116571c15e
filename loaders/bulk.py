"""Large RDF files straight into the store: Oxigraph's bulk load, checked in the store.

Kept apart from ``loaders/load.py`` so that a bulk load imports only what it uses (no
pandas, pinyin or networkx: a hundred megabytes less before the first triple).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import LoadError, ValidationError
from graph.store import GraphStore
from loaders.base import _drop, _meta_quads, load_name_of
from loaders.rdf_files import RDF_SUFFIXES
from ontology.namespace import GRAPH
from ontology.stream_checks import NTriplesScan

__all__ = ["CHUNK_LINES", "load_rdf_bulk"]

CHUNK_LINES = 250_000


def _bulk_load_ntriples(writable: Any, path: Path, target: ox.NamedNode) -> NTriplesScan:
    """Bulk-load an N-Triples file in slices of ``CHUNK_LINES`` lines, scanning each slice
    for the node checks meanwhile (Oxigraph parses outside the GIL, so the scan runs on
    the other core). Slices keep the loader's memory flat at the same speed."""
    from concurrent.futures import ThreadPoolExecutor

    scan = NTriplesScan()
    first = 1
    with path.open("rb") as handle, ThreadPoolExecutor(max_workers=1) as pool:
        while lines := list(itertools.islice(handle, CHUNK_LINES)):
            loading = pool.submit(
                writable.bulk_load, b"".join(lines), ox.RdfFormat.N_TRIPLES, to_graph=target
            )
            scan.feed(lines, first)
            try:
                loading.result()
            except SyntaxError as exc:
                raise LoadError(
                    f"not valid N_TRIPLES: {_shift_lines(str(exc), first - 1)}", file=str(path)
                ) from None
            first += len(lines)
    return scan


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
        count = next(
            iter(
                writable.query(
                    f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target.value}> {{ ?s ?p ?o }} }}"
                )
            )
        )["n"]
        writable.extend(_meta_quads(graph_name, str(path), int(count.value)))
    return int(count.value)
