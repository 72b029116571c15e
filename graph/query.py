"""Run SPARQL safely: read-only unless asked, no network, time-limited, row-capped.

Users type queries in the CLI and in the app, so what a query may do is decided on its parsed
form (:mod:`graph.sparql_guard`: no ``SERVICE``, no ``LOAD``, updates only when allowed and
never into the reserved graphs), and a query on a store on disk runs in a child process
(:mod:`graph.sandbox`) that reads the store's snapshot read-only, has no network where the
system allows it, and is killed at the time limit. The named questions, written by the
project, take the fast path in this process (``trusted=True``).
"""

from __future__ import annotations

import queue
import re
import sys
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError, QuerySyntaxError, QueryTimeout
from graph.store import GraphStore

__all__ = [
    "DEFAULT_ROW_LIMIT",
    "DEFAULT_TIMEOUT_S",
    "PREFIXES",
    "SLOW_QUERY_HINT",
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
#: what the time-limit error says about slow queries (README.md has the section it names)
SLOW_QUERY_HINT = (
    "slow queries usually evaluate an OPTIONAL or a UNION for every row, or start from an "
    "unbound subject (?s ?p ?o); README.md, 'Fast SPARQL', shows the fast forms"
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


def run_sparql(
    store: GraphStore,
    text: str,
    *,
    allow_update: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
    row_limit: int = DEFAULT_ROW_LIMIT,
    bindings: dict[str, ox.Term] | None = None,
    trusted: bool = False,
) -> QueryResult:
    """Run a SPARQL query over the union of all graphs (or the dataset its FROM clauses
    name), with the project's prefixes.

    Args:
        allow_update: let a SPARQL update change the store (never the reserved graphs).
        timeout: seconds; past it the query is stopped (its worker process killed).
        trusted: a text written by the project (a named question): skip the parser check
            and the worker process, as the benchmark's fast path.

    Example:
        >>> store = GraphStore(None)
        >>> run_sparql(store, "ASK { ?s ?p ?o }").rows
        [{'result': False}]

    Raises:
        QuerySyntaxError: the text does not parse (line and column).
        QueryError: a refused SERVICE, LOAD or update, or the time limit.
    """
    if timeout <= 0:
        raise QueryError(f"the time limit must be more than 0 seconds, not {timeout:g}")
    if row_limit < 0:
        raise QueryError(f"the row limit must be 0 or more, not {row_limit}")
    if trusted:
        return _noted(
            _in_thread(lambda: _evaluate(store.ox, text, False, bindings, row_limit), timeout),
            row_limit,
        )
    snapshot = store.snapshot_path if isinstance(store, GraphStore) else None
    if snapshot is not None and store.root is not None:
        from graph.sandbox import run_isolated

        request = (text, str(snapshot), str(store.root), allow_update, row_limit, bindings)
        try:
            result = run_isolated(
                _sparql_job,
                *request,
                timeout=timeout,
                read=[snapshot],
                write=[store.root] if allow_update else [],
            )
        except QueryTimeout:
            raise QueryTimeout(_too_slow(timeout, stopped=True)) from None
        if result.kind == "update":
            store.refresh()
        return _noted(result, row_limit)
    plan = _plan_elsewhere(store, text, allow_update, timeout)
    if plan.is_update:
        return _update_here(store, plan.text)
    return _noted(
        _in_thread(
            lambda: _evaluate(store.ox, plan.text, plan.dataset, bindings, row_limit), timeout
        ),
        row_limit,
    )


def _plan_elsewhere(store: GraphStore, text: str, allow_update: bool, timeout: float) -> Any:
    """The checked plan: in a child for a remote endpoint (rdflib's parser is slow on long
    texts, and a page must not hang on it), in this process for an in-memory store."""
    from graph.sparql_guard import check_sparql

    if isinstance(store, GraphStore):
        return check_sparql(text, prefixes=PREFIXES, allow_update=allow_update)
    from graph.sandbox import run_isolated

    try:
        return run_isolated(_check_job, text, allow_update, timeout=timeout)
    except QueryTimeout:
        raise QueryTimeout(_too_slow(timeout, stopped=True)) from None


def _too_slow(timeout: float, *, stopped: bool) -> str:
    what = "was stopped" if stopped else "was abandoned"
    return f"the query ran past the time limit of {timeout:g} s and {what}: {SLOW_QUERY_HINT}"


def _noted(result: QueryResult, row_limit: int) -> QueryResult:
    if not result.truncated or result.message:
        return result
    return QueryResult(
        result.columns,
        result.rows,
        True,
        result.kind,
        f"only the first {row_limit} rows are shown (row limit)",
        result.engine,
    )


def _in_thread(fn: Any, timeout: float) -> Any:
    """``fn()`` on a thread, waited for at most ``timeout`` s (the thread cannot be stopped:
    used for trusted texts, in-memory stores and remote endpoints, which time out there)."""
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
        raise QueryTimeout(_too_slow(timeout, stopped=False)) from None
    if not ok:
        raise value
    return value


def _evaluate(
    engine: Any,
    text: str,
    dataset: bool,
    bindings: dict[str, ox.Term] | None,
    row_limit: int,
) -> QueryResult:
    """Run a checked query text and collect at most ``row_limit`` rows as Python values.

    The engine's result object is let go on this thread before returning: pyoxigraph's
    solutions may only be dropped on the thread that made them, and a reference cycle
    (a caught exception's traceback) would otherwise leave it to the collector elsewhere."""
    result: Any = None
    try:
        paged = {"row_limit": row_limit} if hasattr(engine, "was_cut") else {}
        result = engine.query(
            text,
            use_default_graph_as_union=not dataset,
            prefixes=PREFIXES,
            substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()} or None,
            **paged,  # a server pages no further than the rows kept here
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
            if paged and engine.was_cut():  # the server's row cap ended the answer
                truncated = True
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
    except SyntaxError as exc:
        raise _engine_syntax_error(text, str(exc)) from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None
    finally:
        del result


def _engine_syntax_error(text: str, message: str) -> QueryError:
    """Oxigraph's ``error at L:C: …`` as one line naming the position."""
    match = re.search(r"error at (\d+):(\d+)(?::\s*)?(.*)", message)
    if not match:
        return QueryError(f"the query is not valid: {message}")
    line, column, rest = int(match.group(1)), int(match.group(2)), match.group(3).strip()
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return QuerySyntaxError(
        f"syntax error at line {line}, column {column}: {rest or message}",
        line=line,
        column=column,
        caret=f"{shown}\n{' ' * (column - 1)}^",
    )


def _update_here(store: GraphStore, text: str) -> QueryResult:
    """An allowed update on an in-memory store (a remote endpoint refuses writes)."""
    try:
        with store.write() as writable:
            writable.update(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise _engine_syntax_error(text, str(exc)) from None
    except OSError as exc:
        raise QueryError(f"the update failed: {exc}") from None
    return QueryResult([], [], kind="update", message="update applied")


# ---------------------------------------------------------------------------------------------
# What runs in the child process (graph.sandbox)
# ---------------------------------------------------------------------------------------------

#: rdflib's parser recurses once per triple pattern of a group; the child has the stack for it
_CHILD_RECURSION_LIMIT = 30_000


def _check_job(text: str, allow_update: bool) -> Any:
    from graph.sparql_guard import check_sparql

    sys.setrecursionlimit(_CHILD_RECURSION_LIMIT)
    return check_sparql(text, prefixes=PREFIXES, allow_update=allow_update)


def _sparql_job(
    text: str,
    snapshot: str,
    root: str,
    allow_update: bool,
    row_limit: int,
    bindings: dict[str, ox.Term] | None,
) -> QueryResult:
    plan = _check_job(text, allow_update)
    if plan.is_update:
        return _update_here(GraphStore(Path(root)), plan.text)
    return _evaluate(ox.Store.read_only(snapshot), plan.text, plan.dataset, bindings, row_limit)
