"""One entry for analysts' loads: plan, validate against the shapes, then commit or not.

Each load becomes the named graph ``load/<name>`` (and an entry of ``gongfu sources``), so
that it can be removed again with ``gongfu unload``. The write happens in a copy of the
store that replaces it in one step: an interrupted or refused load leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import LoadError
from graph.store import GraphStore
from loaders.base import checked_input, list_loads, load_name_of, remove_load, stage_load
from loaders.bulk import load_rdf_bulk
from loaders.rdf_files import BULK_BYTES, RDF_SUFFIXES, checked_quads
from ontology.namespace import GRAPH

__all__ = ["BULK_BYTES", "LoadResult", "load_file", "load_graph", "load_rdf_bulk", "unload"]


@dataclass
class LoadResult:
    """What a load did (or, with dry_run, would do)."""

    name: str
    file: str
    dry_run: bool
    triples: int
    summary: dict[str, int] = field(default_factory=dict)
    created: list[dict[str, Any]] = field(default_factory=list)
    linked: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.file,
            "dry_run": self.dry_run,
            "triples": self.triples,
            "summary": self.summary,
            "created": self.created,
            "linked": self.linked,
            "flagged": self.flagged,
            "skipped": self.skipped,
        }


def load_graph(store: GraphStore, g: Graph, *, name: str, file: str, dry_run: bool = False) -> int:
    """Validate ``g`` and write it as the load ``name``; returns the triples written.

    The same staged write and the same checks as an RDF file (``loaders/base.stage_load``):
    the shapes' SPARQL twins at the load's nodes and links, with the rest of the store
    beside it; its literals are held to the same rules as a file's.
    """

    def fill(writable: ox.Store, target: ox.NamedNode) -> None:
        data = g.serialize(format="nt", encoding="utf-8")
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)
        writable.extend(checked_quads(triples, target, Path(file)))

    return stage_load(store, load_name_of(name), file, fill, dry_run=dry_run)


def load_file(
    store: GraphStore,
    path: Path,
    *,
    mapping: Path | None = None,
    name: str | None = None,
    dry_run: bool = False,
    on_uncertain: str = "skip",
    progress: Callable[[int, int], None] | None = None,
    sheet: str | None = None,
) -> LoadResult:
    """Load a table (CSV/XLSX, with a mapping or the default header) or an RDF file.

    ``sheet`` names the sheet of a workbook to load (needed when several hold data).

    Raises:
        LoadError: the file, row and column of the first problem; nothing is written.
        ValidationError: the load breaks the ontology's shapes; nothing is written.
        StoreBusy: another process is writing.
    """
    path = checked_input(Path(path))
    mapping = checked_input(Path(mapping), "mapping file") if mapping is not None else None
    if sheet is not None and path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise LoadError("--sheet names a sheet of an .xlsx workbook", file=str(path))
    if path.suffix.lower() in (".yaml", ".yml") and mapping is None:  # a reviewed document
        from loaders.documents.accept import accept_review

        done = accept_review(store, path, name=name, dry_run=dry_run)
        summary = {
            "links": done.facts,
            "created": done.new_entities,
            "linked": done.entities - done.new_entities,
        }
        return LoadResult(done.name, done.file, dry_run, done.triples, summary)
    if on_uncertain not in ("skip", "create", "link"):
        raise LoadError(f"--on-uncertain must be skip, create or link, not {on_uncertain!r}")
    if path.suffix.lower() in RDF_SUFFIXES and mapping is None:
        load_name = load_name_of(name or path.stem)
        triples = load_rdf_bulk(store, path, name=load_name, dry_run=dry_run)
        return LoadResult(load_name, str(path), dry_run, triples, {"triples": triples})
    return _load_table(
        store,
        path,
        mapping=mapping,
        name=name,
        dry_run=dry_run,
        on_uncertain=on_uncertain,
        progress=progress,
        sheet=sheet,
    )


def _load_table(
    store: GraphStore,
    path: Path,
    *,
    mapping: Path | None,
    name: str | None,
    dry_run: bool,
    on_uncertain: str,
    progress: Callable[[int, int], None] | None,
    sheet: str | None,
) -> LoadResult:
    """The tabular branch: mapping, table, resolution once per distinct name, triples
    written as N-Triples into the load's graph and checked there (loaders/table_store.py)."""
    from loaders.resolve import Resolver
    from loaders.table_mapping import read_mapping
    from loaders.table_read import read_table
    from loaders.table_store import write_table_load
    from loaders.tabular import plan_table_load, read_any_mapping, source_documents

    spec = read_mapping(mapping) if mapping is not None else None
    table = read_table(path, sheet=sheet)
    spec = spec or read_any_mapping(None, table, path.stem)
    load_name = load_name_of(name or spec.name)
    store.refresh()
    own = {
        row["s"].value
        for row in store.query(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH <{GRAPH['load/' + load_name]}> {{ ?s a ?t }} }}"
        )
    }
    plan = plan_table_load(
        Resolver.from_store(store),
        path,
        spec,
        on_uncertain=on_uncertain,
        source_docs={k: v for k, v in source_documents(store).items() if v not in own},
        own=own,
        progress=progress,
        table=table,
        name=load_name,
    )
    triples = write_table_load(store, plan, dry_run=dry_run)
    return LoadResult(
        load_name,
        str(path),
        dry_run,
        triples,
        plan.summary(),
        plan.created,
        plan.linked,
        plan.flagged,
        plan.skipped,
    )


def unload(store: GraphStore, name: str) -> int:
    """Remove a load (the seed and the ontology are not loads and cannot be removed)."""
    if name in ("seed", "ontology", "meta"):
        raise LoadError(f"'{name}' is built from data/, not loaded; rebuild with 'gongfu build'")
    graph_name = name if name.startswith("load/") else f"load/{name}"
    return remove_load(store, graph_name)


_ = list_loads
