"""Documents uploaded in the app: where their review files and texts live, and reading an
upload into a review file (shared by the Load and Review pages)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from graph.store import default_store_path
from loaders.documents.extract import SUFFIXES
from loaders.documents.ingest import ingest_file
from ui.state import store

__all__ = ["DOCUMENT_TYPES", "ingest_upload", "is_document", "review_dir"]

DOCUMENT_TYPES = [s.lstrip(".") for s in SUFFIXES]


def review_dir() -> Path:
    """Where the app keeps review files and the documents' texts (beside the store)."""
    return default_store_path() / "reviews"


def is_document(name: str) -> bool:
    """A policy text or article (ingested and reviewed), not a table or RDF (loaded)."""
    return Path(name).suffix.lower() in SUFFIXES


def ingest_upload(upload: Any) -> Path:
    """Read an uploaded document into ``<review dir>/<stem>.review.yaml``; its path.

    Raises:
        LoadError: the file cannot be read, named by its own name (never the temporary
            folder it was saved in).
    """
    folder = review_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongfu-doc-") as tmp:
        path = Path(tmp) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            done = ingest_file(store(), path, review_out=folder / f"{path.stem}.review.yaml")
        except LoadError as exc:
            detail = str(exc).replace(tmp + "/", "").replace(tmp, "")
            raise LoadError(detail) from None
    return Path(done.review)
