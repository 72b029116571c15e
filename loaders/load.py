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
from rdflib import RDF, Graph, Literal, URIRef

from graph.errors import LoadError, ValidationError
from graph.project_nx import cached_property_graph
from graph.store import GraphStore
from loaders.base import commit_graph, list_loads, load_name_of, remove_load
from loaders.bulk import load_rdf_bulk
from loaders.rdf_files import RDF_SUFFIXES, read_rdf_file
from loaders.tabular import (
    DEFAULT_HEADER,
    LoadPlan,
    default_mapping,
    plan_table_load,
    read_mapping,
    read_table,
    source_documents,
)
from ontology.namespace import GRAPH
from ontology.validate import validate_graph

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


_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def _with_context(store: GraphStore, g: Graph) -> Graph:
    """The load's triples plus the types and labels of the existing entities they point to,
    so that the shapes can check both ends of each link without reading the whole store."""
    data = Graph()
    data += g
    defined = set(g.subjects(RDF.type, None))
    referenced = {t for triple in g for t in triple if isinstance(t, URIRef)} - defined
    iris = [str(i) for i in referenced if str(i).startswith("https://gongfu-graph.org/id/")]
    for start in range(0, len(iris), 500):
        values = " ".join(f"<{i}>" for i in iris[start : start + 500])
        for row in store.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {_TYPE} {_LABEL} }} ?s ?p ?o }}"
        ):
            obj = row["o"]
            value = (
                Literal(obj.value, lang=obj.language)
                if isinstance(obj, ox.Literal)
                else URIRef(obj.value)
            )
            data.add((URIRef(row["s"].value), URIRef(row["p"].value), value))
    return data


SHACL_TRIPLES = 20_000


def _check_in_scratch(context: Graph, g: Graph, file: str) -> None:
    """Run the shapes' SPARQL twins on ``g`` in a scratch store holding its context."""
    from ontology.checks import run_checks
    from ontology.schema import load_schema

    scratch = ox.Store()
    target = ox.NamedNode("urn:gongfu:load-check")
    scratch.load(
        g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=target
    )
    background = Graph()
    background += context
    background += load_schema().graph
    scratch.load(
        background.serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.DefaultGraph(),
    )
    violations = run_checks(scratch, target)
    if violations:
        shown = "\n".join(f"{focus.rsplit('/', 1)[-1]}: {msg}" for focus, msg in violations[:50])
        raise ValidationError(
            f"{file}: {len(violations)} violation(s) of the ontology's shapes:\n{shown}"
        )


def load_graph(store: GraphStore, g: Graph, *, name: str, file: str, dry_run: bool = False) -> int:
    """Validate ``g`` and write it as the load ``name``; returns the triples written.

    Small loads are checked by pyshacl; large ones (more than ``SHACL_TRIPLES``) by the
    shapes' SPARQL twins in a scratch Oxigraph store, which is much faster.
    """
    context = _with_context(store, g)
    if len(g) <= SHACL_TRIPLES:
        report = validate_graph(context)
        if not report.conforms:
            raise ValidationError(
                f"{file}: {len(report.violations)} violation(s) of the ontology's shapes:\n"
                + report.text()
            )
    else:
        _check_in_scratch(context, g, file)
    if dry_run:
        return len(g)
    with store.write() as writable:
        return commit_graph(writable, f"load/{name}", g, file=file, validate=False)


def load_file(
    store: GraphStore,
    path: Path,
    *,
    mapping: Path | None = None,
    name: str | None = None,
    dry_run: bool = False,
    on_uncertain: str = "skip",
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    """Load a table (CSV/XLSX, with a mapping or the default header) or an RDF file.

    Raises:
        LoadError: the file, row and column of the first problem; nothing is written.
        ValidationError: the load breaks the ontology's shapes; nothing is written.
        StoreBusy: another process is writing.
    """
    path = Path(path)
    mapping = Path(mapping) if mapping is not None else None
    if path.suffix.lower() in (".yaml", ".yml") and mapping is None:  # a reviewed document
        from loaders.documents.accept import accept_review

        done = accept_review(store, path, name=name, dry_run=dry_run)
        summary = {"links": done.facts, "created": done.new_entities, "linked": done.entities - done.new_entities}
        return LoadResult(done.name, done.file, dry_run, done.triples, summary)
    if on_uncertain not in ("skip", "create", "link"):
        raise LoadError(f"on_uncertain must be skip, create or link, not {on_uncertain!r}")
    if path.suffix.lower() in RDF_SUFFIXES and mapping is None:
        load_name = load_name_of(name or path.stem)
        if path.stat().st_size > BULK_BYTES and not dry_run:
            triples = load_rdf_bulk(store, path, name=load_name)
            return LoadResult(load_name, str(path), dry_run, triples, {"triples": triples})
        g = read_rdf_file(path)
        triples = load_graph(store, g, name=load_name, file=str(path), dry_run=dry_run)
        return LoadResult(load_name, str(path), dry_run, triples, {"triples": triples})
    if mapping is not None:
        spec = read_mapping(mapping)
    else:
        header = list(read_table(path).columns)
        if header != DEFAULT_HEADER:
            raise LoadError(
                f"no --mapping given and the header is not {','.join(DEFAULT_HEADER)} "
                f"(found: {','.join(header)})",
                file=str(path),
            )
        spec = default_mapping(path.stem)
    load_name = load_name_of(name or spec.name)
    pg = cached_property_graph(store)
    own = {
        row["s"].value
        for row in store.query(
            f"SELECT DISTINCT ?s WHERE {{ GRAPH <{GRAPH['load/' + load_name]}> {{ ?s a ?t }} }}"
        )
    }
    plan: LoadPlan = plan_table_load(
        pg,
        path,
        spec,
        on_uncertain=on_uncertain,
        source_docs={k: v for k, v in source_documents(pg).items() if v not in own},
        own=own,
        progress=progress,
    )
    triples = load_graph(store, plan.graph, name=load_name, file=str(path), dry_run=dry_run)
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


BULK_BYTES = 5_000_000


def unload(store: GraphStore, name: str) -> int:
    """Remove a load (the seed and the ontology are not loads and cannot be removed)."""
    if name in ("seed", "ontology", "meta"):
        raise LoadError(f"'{name}' is built from data/, not loaded; rebuild with 'gongfu build'")
    graph_name = name if name.startswith("load/") else f"load/{name}"
    return remove_load(store, graph_name)


_ = list_loads
