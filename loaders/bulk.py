"""RDF files into the store at the store's own speed, each into its own graph, checked in
the store.

Every RDF file, small or large, enters here (:func:`load_rdf_bulk`), so every file is read,
refused and checked the same way (``loaders/rdf_files.py`` says what is refused): it is
written into its graph ``load/<name>`` in a fresh snapshot and checked there by the shapes'
SPARQL twins (``ontology/checks.py``), which see the rest of the store beside it. Large
N-Triples files stream in slices straight into Oxigraph's bulk loader while a line scan
narrows the node checks (``ontology/stream_checks.py``); every other file is parsed,
moved into the load's graph quad by quad and written in one go.

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

from graph.errors import LoadError
from graph.store import GraphStore
from loaders.base import Fill, checked_input, load_name_of, one_line, stage_load
from loaders.rdf_files import (
    BULK_BYTES,
    MAX_LITERAL,
    RDF_SUFFIXES,
    bad_literal,
    parsed_fill,
    refuse_deep_json,
    refuse_xml_declarations,
    syntax_error,
)
from ontology.stream_checks import NTriplesScan

__all__ = ["CHUNK_LINES", "LOAD_THREADS", "load_rdf_bulk"]

CHUNK_LINES = 200_000
LOAD_THREADS = max(1, min(2, os.cpu_count() or 1))  # slices loading at once

# Bytes that can only stand in an N-Triples file inside a literal, and that a literal may
# not hold (the same as rdf_files.bad_literal): C0 controls but tab and line breaks, DEL,
# and C1 controls (UTF-8 \xc2\x80-\xc2\x9f).
_PLAIN = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def _check_slice(lines: list[bytes], data: bytes, first: int, path: Path) -> None:
    """Refuse a slice whose literals ``bad_literal`` would refuse, without parsing it:
    raw control bytes are found in C (``translate`` drops the plain ASCII first); the rare
    lines that could hide one (an escape) or be too long are parsed one by one."""
    if _RAW_CONTROL.search(data.translate(None, _PLAIN)):
        hit = _RAW_CONTROL.search(data)
        assert hit is not None
        before = data[: hit.start()]
        line = first + before.count(b"\n")
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        code = ord(hit.group().decode("utf-8", "replace"))
        raise LoadError(
            f"line {line}, column {column}: a literal with the control character U+{code:04X}",
            file=one_line(str(path)),
        )
    if b"\\" not in data and max(map(len, lines)) <= MAX_LITERAL:
        return
    for number, line in enumerate(lines, first):
        if b"\\" not in line and len(line) <= MAX_LITERAL:
            continue
        try:
            triples = list(ox.parse(line, ox.RdfFormat.N_TRIPLES))
        except SyntaxError:
            continue  # the bulk loader reports it, with its position
        for quad in triples:
            if isinstance(quad.object, ox.Literal):
                why = bad_literal(quad.object.value)
                if why:
                    raise LoadError(f"line {number}: {why}", file=one_line(str(path)))


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
            data = b"".join(lines)
            pending.append(
                (
                    pool.submit(writable.bulk_load, data, ox.RdfFormat.N_TRIPLES, to_graph=target),
                    first,
                )
            )
            _check_slice(lines, data, first, path)
            scan.feed(lines, first, data)
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
        raise syntax_error(path, ox.RdfFormat.N_TRIPLES, exc, first - 1) from None


def _ntriples_fill(path: Path) -> Fill:
    def fill(writable: ox.Store, target: ox.NamedNode) -> dict[str, set[str]] | None:
        return _bulk_load_ntriples(writable, path, target).candidates()

    return fill


def load_rdf_bulk(store: GraphStore, path: Path, *, name: str, dry_run: bool = False) -> int:
    """Load an RDF file as the load ``name``, validated in the store; returns its triples.

    Every quad goes to the graph ``load/<name>`` of a fresh snapshot (the named graphs of
    N-Quads, TriG and JSON-LD are merged into it; a file naming the store's own graphs is
    refused), the shapes are checked there as SPARQL, and a violation, a refusal, a syntax
    error or an interruption discards the snapshot, so the store stays as it was.

    Raises:
        LoadError: a missing or unreadable file, an unknown format, a syntax error or a
            refused construct, in one line with the position where there is one.
        ValidationError: the SPARQL twins of the shapes found violations.
    """
    path = checked_input(Path(path))
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(
            one_line(f"unknown RDF format '{path.suffix}' (known: {', '.join(RDF_SUFFIXES)})"),
            file=one_line(str(path)),
        )
    if fmt == ox.RdfFormat.RDF_XML:
        refuse_xml_declarations(path)
    elif fmt == ox.RdfFormat.JSON_LD:
        refuse_deep_json(path)
    big = path.stat().st_size > BULK_BYTES
    if fmt == ox.RdfFormat.N_TRIPLES and big:
        fill = _ntriples_fill(path)
    else:
        fill = parsed_fill(path, fmt, bulk=big)
    return stage_load(store, load_name_of(name), str(path), fill, dry_run=dry_run, empty_ok=False)
