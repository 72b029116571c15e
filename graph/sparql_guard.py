"""Decide what a SPARQL text may do from its parsed form, before any engine runs it.

The text is read by rdflib's SPARQL parser and translated to its algebra; the decision walks
every node of both (nested groups, subqueries, OPTIONAL, UNION, MINUS, FILTER EXISTS …), so
no spelling matters: keywords in any case, comments, ``\\u`` escapes. What Oxigraph then runs is
the very text rdflib read: codepoint escapes are expanded first (SPARQL 1.1 §19.2 says they are
processed before parsing; Oxigraph alone would expand them only inside strings and IRIs, and a
string closed by ``\\u0027`` for one parser and open for the other could hide a ``SERVICE``).

Refused, always: ``SERVICE`` (Oxigraph would call the URL) and ``LOAD`` (it would fetch one).
Refused unless ``allow_update``: every update. Refused even then: updates that write the
reserved graphs (``…/graph/ontology``, ``…/graph/seed``, ``…/graph/meta``), which only
``gongfu build`` and the loaders write (so that ``sources``, ``unload`` and a rebuild stay
truthful), and templates with ``GRAPH ?g``, which could write any graph.
``FROM`` / ``FROM NAMED`` are honoured: the query then reads the dataset it names instead of
the union of all graphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from graph.errors import QueryError, QuerySyntaxError
from ontology.namespace import GRAPH

__all__ = ["RESERVED_GRAPHS", "SparqlPlan", "check_sparql"]

#: graphs that only the build and the loaders write
RESERVED_GRAPHS = frozenset(str(GRAPH[name]) for name in ("ontology", "seed", "meta"))

_FORMS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}
_UPDATE_NAMES = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}


@dataclass(frozen=True)
class SparqlPlan:
    """What a checked text is, and the text to hand to the engine.

    Attributes:
        text: the text rdflib read (codepoint escapes expanded); run exactly this.
        form: select, ask, construct, describe or update.
        dataset: the query names its dataset (FROM / FROM NAMED): do not read the union.
        operations: an update's operations in order (``INSERT DATA``, ``DROP`` …).
    """

    text: str
    form: str
    dataset: bool = False
    operations: tuple[str, ...] = ()

    @property
    def is_update(self) -> bool:
        return self.form == "update"


def check_sparql(
    text: str,
    *,
    prefixes: Mapping[str, str] | None = None,
    allow_update: bool = False,
    reserved: frozenset[str] = RESERVED_GRAPHS,
) -> SparqlPlan:
    """Parse ``text`` and refuse what it may not do; return what it is.

    Example:
        >>> check_sparql("select * { ?s ?p ?o }").form
        'select'
        >>> check_sparql("SELECT * { \\\\u0053ERVICE <http://e/> { ?s ?p ?o } }")
        Traceback (most recent call last):
        ...
        graph.errors.QueryError: SERVICE is refused (line 1, column 12): queries may not call other endpoints or reach the network

    Raises:
        QuerySyntaxError: the text does not parse (line and column).
        QueryError: SERVICE, LOAD, an update without ``allow_update``, a reserved graph.
    """
    normal = _expand_escapes(text)
    if not normal.strip():
        raise QueryError("the query is empty")
    parsed, is_update = _parse(normal)
    algebra = _translate(parsed, is_update, prefixes or {})
    names = set(_node_names(parsed)) | set(_node_names(algebra))
    if "ServiceGraphPattern" in names:
        where = _service_position(normal, parsed)
        raise QueryError(
            f"SERVICE is refused{where}: queries may not call other endpoints or reach the network"
        )
    if "Load" in names:
        raise QueryError("LOAD is refused: updates may not read files or URLs")
    if not is_update:
        query = algebra.algebra
        form = _FORMS.get(query.name)
        if form is None:  # pragma: no cover - rdflib knows only these four forms
            raise QueryError(f"unknown kind of query: {query.name}")
        return SparqlPlan(normal, form, dataset=bool(_field(query, "datasetClause")))
    operations = list(getattr(algebra, "algebra", algebra))  # rdflib gives [] for no operation
    if not operations:
        raise QueryError("the query is empty: it holds no query and no update operation")
    labels = tuple(_UPDATE_NAMES.get(op.name, op.name) for op in operations)
    if not allow_update:
        raise QueryError(
            f"this is a SPARQL update ({', '.join(dict.fromkeys(labels))}); queries are "
            "read-only (the command line's --allow-update lets an update change the store)"
        )
    for number, op in enumerate(operations, 1):
        _check_targets(op, number, labels[number - 1], reserved)
    return SparqlPlan(normal, "update", operations=labels)


# ---------------------------------------------------------------------------------------------
# Reading the text
# ---------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _expand_escapes(text: str) -> str:
    try:
        return expandUnicodeEscapes(text)
    except ValueError:
        for match in _ESCAPE.finditer(text):
            code = int(match.group(1) or match.group(2), 16)
            if code > 0x10FFFF:
                line, column = _line_col(text, match.start())
                raise QuerySyntaxError(
                    f"syntax error at line {line}, column {column}: {match.group(0)} is not "
                    "a Unicode code point",
                    line=line,
                    column=column,
                    caret=_caret(text, line, column),
                ) from None
        raise QueryError("the query has an escape that is not a Unicode code point") from None


def _parse(text: str) -> tuple[Any, bool]:
    """The parse tree of ``text`` as a query, else as an update; else the error that got
    further into the text."""
    try:
        return parseQuery(text), False
    except ParseBaseException as exc:
        as_query: ParseBaseException = exc
    except RecursionError:
        raise QueryError("the query is nested or chained too deeply to be checked") from None
    try:
        return parseUpdate(text), True
    except ParseBaseException as exc:
        error = exc if exc.loc > as_query.loc else as_query
    except RecursionError:
        raise QueryError("the query is nested or chained too deeply to be checked") from None
    raise _syntax_error(text, error.loc) from None


def _syntax_error(text: str, loc: int) -> QuerySyntaxError:
    line, column = _line_col(text, loc)
    rest = text[loc:].split()
    found = f"unexpected {rest[0][:40]!r}" if rest else "unexpected end of the query"
    return QuerySyntaxError(
        f"syntax error at line {line}, column {column}: {found}",
        line=line,
        column=column,
        caret=_caret(text, line, column),
    )


def _line_col(text: str, loc: int) -> tuple[int, int]:
    line = text.count("\n", 0, loc) + 1
    column = loc - (text.rfind("\n", 0, loc) + 1) + 1
    return line, column


def _caret(text: str, line: int, column: int) -> str:
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"{shown}\n{' ' * (column - 1)}^"


def _translate(parsed: Any, is_update: bool, prefixes: Mapping[str, str]) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate

    try:
        if is_update:
            return translateUpdate(parsed, initNs=dict(prefixes))
        return translateQuery(parsed, initNs=dict(prefixes))
    except RecursionError:
        raise QueryError("the query is nested or chained too deeply to be checked") from None
    except Exception as exc:  # rdflib's own words: an unknown prefix, a bad aggregate …
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"the query is not valid: {message}") from None


def _node_names(root: Any) -> Iterator[str]:
    """The name of every parse-tree and algebra node below ``root``, however deep."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults):
            stack.extend(node)
            stack.extend(node.as_dict().values())
        elif isinstance(node, Mapping):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset):
            stack.extend(node)
        elif hasattr(node, "algebra"):  # rdflib's Query and Update wrappers
            stack.append(node.algebra)


def _service_position(text: str, parsed: Any) -> str:
    """Where the first SERVICE starts, for the message (the decision is already made)."""
    stack = [parsed]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            found = text.find(str(_field(node, "service_string") or ""))
            if found >= 0:
                line, column = _line_col(text, found)
                return f" (line {line}, column {column})"
            return ""
        if isinstance(node, CompValue):
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
    return ""


def _field(node: Any, key: str) -> Any:
    """A field of a parse or algebra node, None when absent (``CompValue.get`` would return
    the key's own name instead)."""
    return dict.get(node, key) if isinstance(node, dict) else None


# ---------------------------------------------------------------------------------------------
# What an update writes
# ---------------------------------------------------------------------------------------------


def _written_graphs(op: CompValue) -> list[Any]:
    """The graphs an update operation changes: IRIs, ``DEFAULT``, ``ALL``/``NAMED``, or
    variables (a template's ``GRAPH ?g``)."""
    name = op.name
    if name in ("InsertData", "DeleteData", "DeleteWhere"):
        return [*(_field(op, "quads") or {}), *(["DEFAULT"] if _field(op, "triples") else [])]
    if name == "Modify":
        written: list[Any] = []
        for clause in (_field(op, "delete"), _field(op, "insert")):
            if clause is None:
                continue
            written.extend(_field(clause, "quads") or {})
            if _field(clause, "triples"):
                written.append(_field(op, "withClause") or "DEFAULT")
        return written
    if name in ("Clear", "Drop", "Create"):
        return [_field(op, "graphiri")]
    if name in ("Add", "Copy"):
        return [op.graph[1]]
    if name == "Move":
        return [op.graph[0], op.graph[1]]
    return []


def _check_targets(op: CompValue, number: int, label: str, reserved: frozenset[str]) -> None:
    for graph in _written_graphs(op):
        where = f"operation {number} ({label})"
        if isinstance(graph, Variable):
            raise QueryError(
                f"{where} writes GRAPH ?{graph}, which could be any graph, including the "
                "reserved ones: name the graph it writes"
            )
        if graph in ("ALL", "NAMED"):
            raise QueryError(
                f"{where} changes every named graph, including the reserved ones "
                f"({', '.join(sorted(reserved))}): name the graph instead"
            )
        if str(graph) in reserved:
            raise QueryError(
                f"{where} writes <{graph}>, a reserved graph that only 'gongfu build' and the "
                "loaders write"
            )
