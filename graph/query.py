"""Run SPARQL safely: read-only unless asked, no network, time-limited, row-capped.

Users type queries in the CLI and in the app, so nothing a query says may reach a file or
the network: ``SERVICE`` is refused before the engine sees the text (Oxigraph would fetch
the URL), and updates (which include ``LOAD``) need ``allow_update``.
"""

from __future__ import annotations

import queue
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError
from graph.store import GraphStore

__all__ = [
    "DEFAULT_ROW_LIMIT",
    "DEFAULT_TIMEOUT_S",
    "PREFIXES",
    "QueryResult",
    "run_sparql",
    "term_to_python",
]

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_ROW_LIMIT = 10_000

PREFIXES = {
    "gf": "https://gongfu-graph.org/ontology#",
    "gfid": "https://gongfu-graph.org/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
}

_XSD = PREFIXES["xsd"]
# IRIs, strings and comments, so that keywords are looked for only in the query's own words
_NOT_KEYWORDS = re.compile(
    r"""<[^<>"{}|^`\\\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\#[^\n]*""",
    re.DOTALL,
)
_UPDATE_WORDS = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query as plain Python values, keyed by column name."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    kind: str = "select"  # select | ask | graph | update
    message: str = ""
    engine: str = ""  # which engine answered: sparql | cypher (named questions)


def term_to_python(term: ox.Term | None) -> Any:
    """A pyoxigraph term as JSON-ready Python: IRIs and strings as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in (_XSD + "integer", _XSD + "int", _XSD + "long", _XSD + "short"):
                return int(term.value)
            if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
                number = Decimal(term.value)
                if number == number.to_integral_value() and "e" not in term.value.lower():
                    return int(number)
                return float(number)
        except ArithmeticError:
            return term.value
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.Triple):
        return f"<< {term.subject} {term.predicate} {term.object} >>"
    return term.value


def _keywords_only(text: str) -> str:
    return _NOT_KEYWORDS.sub(" ", text)


def _check_safe(text: str) -> None:
    words = _keywords_only(text)
    match = re.search(r"\bSERVICE\b", words, re.IGNORECASE)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise QueryError(
            f"SERVICE is refused (line {line}): queries may not reach other endpoints "
            "or the network"
        )


def _position_hint(text: str, message: str) -> str:
    match = re.search(r"error at (\d+):(\d+)", message)
    if not match:
        return message
    line, col = int(match.group(1)), int(match.group(2))
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"syntax error at line {line}, column {col}: {message}\n  {shown}\n  {' ' * (col - 1)}^"


def _run_with_timeout(fn: Any, timeout: float) -> Any:
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def work() -> None:
        try:
            box.put((True, fn()))
        except BaseException as exc:  # handed to the caller's thread
            box.put((False, exc))

    threading.Thread(target=work, daemon=True, name="gongfu-query").start()
    try:
        ok, value = box.get(timeout=timeout)
    except queue.Empty:
        raise QueryError(f"the query ran longer than the time limit of {timeout:g} s") from None
    if not ok:
        raise value
    return value


def run_sparql(
    store: GraphStore,
    text: str,
    *,
    allow_update: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
    row_limit: int = DEFAULT_ROW_LIMIT,
    bindings: dict[str, ox.Term] | None = None,
) -> QueryResult:
    """Run a SPARQL query over the union of all graphs, with the project's prefixes.

    Raises:
        QueryError: syntax error (line and column), a refused update or SERVICE, time limit.
    """
    _check_safe(text)

    def select() -> QueryResult:
        result = store.ox.query(
            text,
            use_default_graph_as_union=True,
            prefixes=PREFIXES,
            substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()} or None,
        )
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(["result"], [{"result": bool(result)}], kind="ask")
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            rows: list[dict[str, Any]] = []
            truncated = False
            for solution in result:
                if len(rows) >= row_limit:
                    truncated = True
                    break
                rows.append({c: term_to_python(solution[c]) for c in columns})
            return QueryResult(columns, rows, truncated, "select")
        rows = []
        truncated = False
        for triple in result:
            if len(rows) >= row_limit:
                truncated = True
                break
            rows.append(
                {
                    "subject": term_to_python(triple.subject),
                    "predicate": term_to_python(triple.predicate),
                    "object": term_to_python(triple.object),
                }
            )
        return QueryResult(["subject", "predicate", "object"], rows, truncated, "graph")

    try:
        result = _run_with_timeout(select, timeout)
    except SyntaxError as exc:
        if _looks_like_update(text):
            if not allow_update:
                raise QueryError(
                    "this is a SPARQL update; queries are read-only (pass --allow-update to "
                    "change the store)"
                ) from None
            return _run_update(store, text)
        raise QueryError(_position_hint(text, str(exc))) from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if result.truncated:
        result = QueryResult(
            result.columns,
            result.rows,
            True,
            result.kind,
            f"only the first {row_limit} rows are shown (row limit)",
        )
    return result


def _looks_like_update(text: str) -> bool:
    return bool(_UPDATE_WORDS.search(_keywords_only(text)))


def _run_update(store: GraphStore, text: str) -> QueryResult:
    if re.search(r"\bLOAD\b", _keywords_only(text), re.IGNORECASE):
        raise QueryError("LOAD is refused: updates may not read files or URLs")
    try:
        with store.write() as writable:
            writable.update(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(_position_hint(text, str(exc))) from None
    return QueryResult([], [], kind="update", message="update applied")
