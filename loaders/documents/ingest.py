"""From a file to a review file: extract, propose against the store's graph, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.project_nx import cached_property_graph
from graph.store import GraphStore
from loaders.documents.extract import Document, extract
from loaders.documents.lexicon import Lexicon
from loaders.documents.propose import propose
from loaders.documents.review import DEFAULT_THRESHOLD, review_document, write_review

__all__ = ["IngestResult", "default_review_path", "ingest_file"]


@dataclass(frozen=True)
class IngestResult:
    """One document read: where its review file is, and what it proposes."""

    file: str
    review: str
    source: str
    title: str
    date: str | None
    publisher: str | None
    entities: int
    new_entities: int
    relations: int
    figures: int
    accepted: int

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def default_review_path(path: Path) -> Path:
    """``plan.docx`` → ``plan.review.yaml`` in the current folder."""
    return Path.cwd() / f"{Path(path).stem}.review.yaml"


def ingest_file(
    store: GraphStore,
    path: Path,
    *,
    review_out: Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    lexicon: Lexicon | None = None,
) -> IngestResult:
    """Read ``path``, propose candidates against the store, write the review file and text.

    Raises:
        LoadError: the file cannot be read (one line naming it).
        StoreMissing: there is no graph to resolve names against yet.
    """
    doc: Document = extract(Path(path))
    pg = cached_property_graph(store)
    cands = propose(doc, pg, lexicon=lexicon)
    review = review_document(doc, cands, threshold=threshold)
    out = write_review(review, review_out or default_review_path(path), text=doc.text)
    accepted = sum(
        1
        for key in ("entities", "facts", "values")
        for rec in review[key]
        if rec["review"]["decision"] == "accept"
    )
    return IngestResult(
        file=str(path),
        review=str(out),
        source=str(out.parent / review["source"]),
        title=doc.title,
        date=doc.date,
        publisher=doc.publisher,
        entities=len(cands.entities),
        new_entities=sum(1 for c in cands.entities.values() if not c.existing),
        relations=len(cands.relations),
        figures=len(cands.figures),
        accepted=accepted,
    )
