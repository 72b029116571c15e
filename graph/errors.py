"""One family of errors, each carrying what a user needs to fix the input."""

from __future__ import annotations

__all__ = [
    "GongfuError",
    "LoadError",
    "NotFound",
    "QueryError",
    "QuerySyntaxError",
    "QueryTimeout",
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


class QuerySyntaxError(QueryError):
    """A query the parser refuses: the message names line and column on one line; ``caret``
    shows the line with a caret under the position (for a page that has room for it)."""

    def __init__(self, message: str, *, line: int = 0, column: int = 0, caret: str = ""):
        super().__init__(message)
        self.line, self.column, self.caret = line, column, caret

    def __reduce__(self) -> tuple:  # keep the position when sent from a worker process
        return (_syntax_error, (str(self), self.line, self.column, self.caret))


def _syntax_error(message: str, line: int, column: int, caret: str) -> QuerySyntaxError:
    return QuerySyntaxError(message, line=line, column=column, caret=caret)


class QueryTimeout(QueryError):
    """A query ran past its time limit (and was stopped)."""


class NotFound(GongfuError):
    """No entity matches the name or IRI."""


class StoreBusy(GongfuError):
    """Another process is writing the store."""


class StoreMissing(GongfuError):
    """The store has not been built yet."""
