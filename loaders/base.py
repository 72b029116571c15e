"""Stage → validate → commit: how every loader writes, so that a load is all or nothing.

Each load lives in its own named graph and is recorded in the ``meta`` graph (VoID
dataset: name, file, time, triple count), so that it can be listed and removed again.
Every analysts' load (an RDF file of any size, a table, a Bolt pull) is written by
:func:`stage_load`: into its graph in a fresh snapshot, checked there against the shapes
(``ontology/checks.py``) with the rest of the store beside it, then recorded, or the
snapshot is discarded.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import LoadError, ValidationError
from graph.search import missing_search_keys, search_key_quads
from graph.store import GraphStore
from ontology.namespace import GRAPH

__all__ = [
    "LoadRecord",
    "checked_input",
    "commit_graph",
    "list_loads",
    "load_name_of",
    "one_line",
    "remove_load",
    "stage_load",
    "to_ox_quads",
]

VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
META = ox.NamedNode(str(GRAPH["meta"]))
#: the names that search keys are made from (graph/search.py)
_NAMES = frozenset({RDFS + "label", "http://www.w3.org/2004/02/skos/core#altLabel"})


@dataclass(frozen=True)
class LoadRecord:
    """One entry of ``gongfu sources``."""

    name: str
    graph: str
    file: str
    loaded_at: str
    triples: int


def one_line(text: str) -> str:
    """``text`` safe to print on one terminal line: line breaks, control and format
    characters (NUL, ESC, bidi overrides, zero-width marks) shown as escapes."""
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def checked_input(path: Path, what: str = "file") -> Path:
    """``path`` if it is a regular, readable file, else a one-line LoadError naming it.

    A symbolic link is refused rather than followed: a load records the path it read, and
    a link is how a file outside the folder a user meant gets read (give the real path).
    """
    shown = one_line(str(path))
    if path.is_symlink():
        raise LoadError(
            f"is a symbolic link; give the {what} it points to, not the link", file=shown
        )
    if not path.exists():
        raise LoadError(f"no such {what}", file=shown)
    if path.is_dir():
        raise LoadError(f"is a directory, not a {what}", file=shown)
    if not path.is_file():
        raise LoadError(f"is not a regular {what} (a device, pipe or socket)", file=shown)
    if not os.access(path, os.R_OK):
        raise LoadError("cannot be read (permission denied)", file=shown)
    return path


def load_name_of(name: str) -> str:
    clean = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-")
    if not clean:
        raise LoadError(f"not a usable load name: {name!r}")
    return clean


def to_ox_quads(g: Graph, graph_name: str) -> list[ox.Quad]:
    """Convert an rdflib graph into pyoxigraph quads of one named graph (via N-Triples)."""
    data = g.serialize(format="nt", encoding="utf-8")
    target = ox.NamedNode(str(GRAPH[graph_name]))
    return [
        ox.Quad(t.subject, t.predicate, t.object, target)
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    ]


def _meta_quads(name: str, file: str, count: int) -> list[ox.Quad]:
    g = ox.NamedNode(str(GRAPH[name]))
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return [
        ox.Quad(g, ox.NamedNode(RDFS + "label"), ox.Literal(name), META),
        ox.Quad(g, ox.NamedNode(DCT + "source"), ox.Literal(file), META),
        ox.Quad(
            g,
            ox.NamedNode(PROV + "generatedAtTime"),
            ox.Literal(now, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")),
            META,
        ),
        ox.Quad(
            g,
            ox.NamedNode(VOID + "triples"),
            ox.Literal(
                str(count), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
            META,
        ),
    ]


def _drop(writable: ox.Store, name: str) -> None:
    g = ox.NamedNode(str(GRAPH[name]))
    if writable.contains_named_graph(g):
        writable.remove_graph(g)
    for q in list(writable.quads_for_pattern(g, None, None, META)):
        writable.remove(q)


def commit_graph(
    writable: ox.Store, name: str, g: Graph, *, file: str, validate: bool = True
) -> int:
    """Validate ``g`` and write it as named graph ``name`` (replacing an earlier one).

    Raises:
        ValidationError: the graph breaks the SHACL shapes; nothing is written.
    """
    if validate:
        from ontology.validate import validate_graph  # pyshacl: imported when a load uses it

        report = validate_graph(g)
        if not report.conforms:
            if len(report.violations) == 1:  # one problem, one line
                raise ValidationError(f"{file}: violates the ontology's shapes: {report.text()}")
            raise ValidationError(
                f"{file}: {len(report.violations)} violation(s) of the ontology's shapes:\n"
                + report.text()
            )
    quads = to_ox_quads(g, name)
    keys = search_key_quads(q for q in quads if q.predicate.value in _NAMES)  # derived: not counted
    _drop(writable, name)
    writable.extend(quads + keys + _meta_quads(name, file, len(quads)))
    return len(quads)


class _DryRun(Exception):
    """Raised inside a staged write to discard it after the checks (``--dry-run``)."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def violations_error(file: str, violations: list[tuple[str, str]]) -> ValidationError:
    """One line: how many violations, and the first few with their nodes."""
    shown = "; ".join(
        f"{focus.rsplit('/', 1)[-1].rsplit('#', 1)[-1]}: {msg}" for focus, msg in violations[:3]
    )
    more = f"; … and {len(violations) - 3} more" if len(violations) > 3 else ""
    return ValidationError(
        one_line(f"{len(violations)} violation(s) of the ontology's shapes: {shown}{more}"),
        file=one_line(file),
    )


Fill = Callable[[ox.Store, ox.NamedNode], "dict[str, set[str]] | None"]


def stage_load(
    store: GraphStore,
    name: str,
    file: str,
    fill: Fill,
    *,
    dry_run: bool = False,
    empty_ok: bool = True,
) -> int:
    """Write a load into its graph ``load/<name>`` in a fresh snapshot, check it there, and
    record it; returns its triple count.

    ``fill(writable, graph)`` adds the load's quads, all in ``graph``, and may return, per
    node check, the only nodes that can break it (``ontology/stream_checks.py``). The
    checks see the load beside the rest of the store (an earlier load of the same name is
    dropped first). A violation, an error raised by ``fill`` or an interruption discards
    the snapshot; so does ``dry_run``, after the checks. Unless ``empty_ok``, a load
    without a single triple is refused.

    Raises:
        LoadError: nothing to load (unless ``empty_ok``).
        ValidationError: the load breaks the shapes (one line, the first violations named).
    """
    from ontology.checks import run_checks

    graph_name = f"load/{name}"
    target = ox.NamedNode(str(GRAPH[graph_name]))
    in_memory = store.root is None
    try:
        # an in-memory store has no snapshot to discard: stage in a copy instead
        with store.write(fresh=in_memory) as writable:
            if in_memory:
                writable.extend(store.ox)
            _drop(writable, graph_name)
            focus = fill(writable, target)
            row = next(
                iter(
                    writable.query(
                        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target.value}> {{ ?s ?p ?o }} }}"
                    )
                )
            )
            count = int(row["n"].value)
            if not count and not empty_ok:
                raise LoadError("holds no triples", file=one_line(file))
            violations = run_checks(writable, target, focus=focus)
            if violations:
                raise violations_error(file, violations)
            if dry_run:
                raise _DryRun(count)
            # search keys derived from the load's names (not counted as its triples)
            writable.extend(missing_search_keys(writable, target))
            writable.extend(_meta_quads(graph_name, file, count))
    except _DryRun as done:
        return done.count
    return count


def list_loads(store: GraphStore) -> list[LoadRecord]:
    """Every load recorded in the meta graph, oldest first."""
    rows = store.ox.query(
        f"""SELECT ?g ?name ?file ?time ?n WHERE {{ GRAPH <{META.value}> {{
              ?g <{RDFS}label> ?name ; <{DCT}source> ?file ;
                 <{PROV}generatedAtTime> ?time ; <{VOID}triples> ?n }} }} ORDER BY ?time ?name"""
    )
    return [
        LoadRecord(
            r["name"].value, r["g"].value, r["file"].value, r["time"].value, int(r["n"].value)
        )
        for r in rows
    ]


def remove_load(store: GraphStore, name: str) -> int:
    """Remove a load's named graph and its record; returns the number of quads removed."""
    from graph.errors import NotFound

    loads = {r.name: r for r in list_loads(store)}
    if name not in loads:
        known = ", ".join(sorted(loads)) or "none"
        raise NotFound(one_line(f"no load named {name!r} (loads: {known})"))
    with store.write() as writable:
        _drop(writable, name)
    return loads[name].triples


def source_path(file: Path) -> str:
    return str(file)
