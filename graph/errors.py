"""One family of errors, each carrying what a user needs to fix the input."""

from __future__ import annotations

__all__ = [
    "GongfuError",
    "LoadError",
    "NotFound",
    "QueryError",
    "StoreBusy",
    "StoreMissing",
    "ValidationError",
]


class GongfuError(Exception):
    """Base class: the CLI prints the message on one line and exits non-zero."""


class LoadError(GongfuError):
    """Bad input data: the message names the file, the record or row, and the rule."""

    def __init__(self, message: str, *, file: str | None = None, record: str | None = None):
        where = ", ".join(x for x in (file, record) if x)
        super().__init__(f"{where}: {message}" if where else message)
        self.file = file
        self.record = record


class ValidationError(LoadError):
    """The data breaks the ontology's SHACL shapes; the message lists the violations."""


class QueryError(GongfuError):
    """A query could not run: syntax error (with line and column), refused, or too slow."""


class NotFound(GongfuError):
    """No entity matches the name or IRI."""


class StoreBusy(GongfuError):
    """Another process is writing the store."""


class StoreMissing(GongfuError):
    """The store has not been built yet."""
