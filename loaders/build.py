"""Build the store from data/: the ontology and the curated seed facts, each in its graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.store import GraphStore
from loaders.base import commit_graph
from loaders.curated import curated_graph, read_curated
from ontology.schema import ONTOLOGY_FILE, load_schema

__all__ = ["BuildReport", "build_store", "default_data_dir"]


def default_data_dir() -> Path:
    """The project's data/ folder (next to the packages)."""
    return Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class BuildReport:
    entities: int
    facts: int
    values: int
    documents: int
    quads: int


def build_store(store: GraphStore, data_dir: Path | None = None) -> BuildReport:
    """(Re)build ``store`` from ``data_dir``: check, validate, then swap in one step.

    Raises:
        LoadError: a curated file breaks a rule (file, line and record named).
        ValidationError: the graph breaks the SHACL shapes.
        StoreBusy: another process is writing.
    """
    data_dir = data_dir or default_data_dir()
    data = read_curated(data_dir / "curated", data_dir / "sources")
    seed = curated_graph(data)
    total = 0
    with store.write(fresh=True) as writable:
        total += commit_graph(
            writable, "ontology", load_schema().graph, file=str(ONTOLOGY_FILE), validate=False
        )
        total += commit_graph(writable, "seed", seed, file=str(data_dir / "curated"))
    return BuildReport(
        entities=len(data.entities),
        facts=len(data.facts),
        values=len(data.values),
        documents=len(data.documents),
        quads=total,
    )
