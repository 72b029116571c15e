"""Decide what a Cypher text may do from LadybugDB's own parser and planner.

Three questions go to the engine, never to a regular expression over the text:

1. ``Connection.prepare`` parses the text: more than one statement is refused (an ``EXPLAIN``
   of ``RETURN 1; LOAD FROM …`` would explain the first statement and run the second);
2. ``EXPLAIN`` plans the one statement without running it;
3. every operator of that plan must be a reading operator of :data:`READING_OPERATORS`, and
   every table function it calls one of :data:`READING_FUNCTIONS`.

So ``LOAD FROM`` (a ``READ_CSV…`` table function), ``COPY``, ``EXPORT``/``IMPORT DATABASE``,
``ATTACH``, ``INSTALL``/``LOAD`` extension, ``USE``, transactions, ``CALL`` of any other table
function, and every write are refused whatever their spelling (case, comments, backticks,
escapes), because the planner has already read the spelling. Binding a statement may look
at a file it names (``LOAD FROM`` reads a file's first line to learn its columns): that is
why user queries are checked inside the confined child of :mod:`graph.sandbox`, which can
open no file at all by then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graph.errors import QueryError

__all__ = ["READING_FUNCTIONS", "READING_OPERATORS", "check_cypher", "plan_operators"]

#: physical operators that only read the graph (seen in the plans of reading queries)
READING_OPERATORS = frozenset(
    {
        "AGGREGATE",
        "AGGREGATE_FINALIZE",
        "AGGREGATE_SCAN",
        "CROSS_PRODUCT",
        "DUMMY_SCAN",
        "DUMMY_SINK",
        "EMPTY_RESULT",
        "FILTER",
        "FLATTEN",
        "HASH_JOIN_BUILD",
        "HASH_JOIN_PROBE",
        "INTERSECT",
        "INTERSECT_BUILD",
        "LIMIT",
        "MULTIPLICITY_REDUCER",
        "ORDER_BY",
        "ORDER_BY_MERGE",
        "ORDER_BY_SCAN",
        "PATH_PROPERTY_PROBE",
        "PRIMARY_KEY_SCAN_NODE_TABLE",
        "PROJECTION",
        "QUERY_PRIMARY_KEY_LOOKUP",
        "RECURSIVE_EXTEND",
        "RESULT_COLLECTOR",
        "SCAN_NODE_TABLE",
        "SCAN_REL_TABLE",
        "SEMI_MASKER",
        "SKIP",
        "TABLE_FUNCTION_CALL",  # only with a function of READING_FUNCTIONS
        "TOP_K",
        "TOP_K_SCAN",
        "UNION_ALL_SCAN",
        "UNWIND",
    }
)
#: table functions a reading plan may call: the engine's own intermediate results, and the
#: catalog (which tables exist, their columns)
READING_FUNCTIONS = frozenset({"READ_FTABLE", "SHOW_TABLES", "TABLE_INFO", "SHOW_CONNECTION"})

# the plan is a drawing of boxes, several side by side; each operator's box has a line
# "│  NAME[id]  │" (ids 0 … n-1), and a table function call a line "│  Function: NAME  │"
_OPERATOR = re.compile(r"│\s*([A-Z][A-Z0-9_]*)\[(\d+)\]\s*│")
_FUNCTION = re.compile(r"│\s*Function: ([A-Za-z0-9_]+)\s*│")


def plan_operators(plan: str) -> tuple[set[str], set[str]]:
    """The operator names and table-function names in an ``EXPLAIN`` drawing.

    Text from the query (an alias, a string) can add lines to the drawing but cannot remove
    the engine's own operator lines, so checking that *every* name found is allowed holds;
    and every operator id from 0 up must be found, or the drawing was not understood.

    Raises:
        QueryError: the drawing names no operator, or misses one of its ids.
    """
    found = _OPERATOR.findall(plan)
    ids = {int(number) for _name, number in found}
    if not ids or ids != set(range(max(ids) + 1)):
        raise QueryError("the query could not be checked: its plan was not understood")
    return {name for name, _number in found}, {f.upper() for f in _FUNCTION.findall(plan)}


def check_cypher(conn: Any, text: str, params: Mapping[str, Any] | None = None) -> None:
    """Refuse ``text`` unless the engine plans it as one statement that only reads.

    Raises:
        QueryError: more than one statement, a syntax or binding error (the engine's words,
            with its line and offset), or the first operator or function that is not reading.
    """
    if not text.strip():
        raise QueryError("the query is empty")
    _one_statement(conn, text)
    try:
        result = conn.execute("EXPLAIN " + text, dict(params or {}))
    except RuntimeError as exc:
        raise QueryError(engine_message(str(exc))) from None
    drawings: list[str] = []
    for part in result if isinstance(result, list) else [result]:
        while part.has_next():
            drawings.append(str(part.get_next()[0]))
    if len(drawings) != 1:
        raise QueryError("only one statement may run at a time")
    operators, functions = plan_operators(drawings[0])
    refused = sorted(operators - READING_OPERATORS)
    if refused:
        raise QueryError(
            f"the query is refused: its plan uses {refused[0]}, which is not a reading "
            "operation (queries may only read the graph: no writes, files, extensions, "
            "databases or settings)"
        )
    refused = sorted(functions - READING_FUNCTIONS)
    if refused:
        raise QueryError(
            f"the query is refused: it calls the table function {refused[0]}, which may read "
            "files or the network (LOAD FROM, CALL …); queries may only read the graph"
        )


def _one_statement(conn: Any, text: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        prepared = conn.prepare(text)
    if not prepared.is_success():
        message = prepared.get_error_message()
        if "multiple statements" in message:
            raise QueryError(
                "only one statement may run at a time (the text has more than one, "
                "separated by ';')"
            )
        raise QueryError(engine_message(message))


def engine_message(message: str) -> str:
    """The engine's error on one line: its kind and words, and where a parser error is;
    a statement the read-only, file-less child could not even bind is named as refused."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return "the query failed"
    first = lines[0]
    if "read-only database" in first:
        return "the query is refused: it writes; queries may only read the graph"
    if first.startswith(
        (
            "Binder exception: No file found",
            "Binder exception: Directory",
            "Binder exception: Cannot open",
            "IO exception: Cannot open file",
        )
    ):
        return f"the query is refused: queries may not read files ({first})"
    if "extension" in first.lower() and first.startswith("Binder exception"):
        return "the query is refused: queries may not install or load extensions"
    if first.startswith("Parser exception:"):
        found = re.search(r"\(line: (\d+), offset: (\d+)\)", first)
        detail = re.sub(r"\s*\(line: \d+, offset: \d+\)", "", first.split(":", 1)[1]).strip()
        if found:
            return f"syntax error at line {found.group(1)}, offset {found.group(2)}: {detail}"
        return f"syntax error: {detail}"
    return first
