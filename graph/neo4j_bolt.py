"""Neo4j (or any Bolt server) as a projection: push the graph, run read-only Cypher there.

The push goes through the same mapping as every other projection: each node gets the
label ``Resource`` (keyed by ``iri``) plus its class label; each relationship its type;
properties are the mapping's. Statements are batched ``UNWIND … MERGE``, so a second push
of the same data changes nothing. Uniqueness constraints are created only where the
server supports them (Neo4j); elsewhere an index on ``iri`` is tried.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.errors import GongfuError, QueryError, QueryTimeout
from graph.mapping import PropertyGraph
from graph.query import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, QueryResult

__all__ = ["PushReport", "neo4j_credentials", "push_graph", "run_neo4j", "search_keys"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def neo4j_credentials(*, prompt: bool = False) -> tuple[str, str] | None:
    """User and password from NEO4J_USER / NEO4J_PASSWORD, a prompt, or None (no auth)."""
    user = os.environ.get("NEO4J_USER")
    password = os.environ.get("NEO4J_PASSWORD")
    if user is not None and password is not None:
        return (user, password)
    if prompt:
        import getpass

        user = user or input("Neo4j user: ")
        password = password or getpass.getpass("Neo4j password: ")
        return (user, password)
    return None


_drivers: dict[tuple[str, tuple[str, str] | None], Any] = {}


def _driver(uri: str, auth: tuple[str, str] | None) -> Any:
    """One verified driver per server and user for the process (connections are reused)."""
    key = (uri, auth)
    driver = _drivers.get(key)
    if driver is None:
        driver = _drivers[key] = _new_driver(uri, auth)
    return driver


def _new_driver(uri: str, auth: tuple[str, str] | None) -> Any:
    """A driver whose first connection is verified, retried a few times.

    Some Bolt servers (FalkorDB) notice a closed connection only when the next one
    arrives, so every other fresh connection times out; a short timeout and a retry
    make the CLI dependable there without slowing down a real Neo4j.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import ServiceUnavailable

    if not uri.startswith(
        ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
    ):
        raise GongfuError(f"not a Bolt URI: {uri!r} (expected bolt://host:port or neo4j://…)")
    last: Exception | None = None
    for _attempt in range(4):
        driver = GraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=3,
            connection_acquisition_timeout=4,
            max_connection_pool_size=1,
        )
        try:
            driver.verify_connectivity()
            return driver
        except ServiceUnavailable as exc:
            last = exc
            driver.close()
    raise GongfuError(f"cannot reach the Bolt server at {uri}: {last}")


def _check(name: str) -> str:
    if not _IDENT.match(name):
        raise GongfuError(f"not a safe label or type name: {name!r}")
    return name


_INLINE_BUDGET = 3000  # bytes of parameters per statement on servers that inline them


class _Writer:
    """Runs ``UNWIND $rows AS r <match> SET v += r.props`` in batches.

    Real Neo4j takes batches of ``batch`` rows. A server that splices parameters into the
    query text (FalkorDB) fails on statements of more than a few kilobytes, so there rows
    are batched by size, and a row too large alone is written one property at a time
    (a long list one element at a time).
    """

    def __init__(self, driver: Any, database: str | None, neo4j: bool, batch: int) -> None:
        self.driver, self.database, self.neo4j, self.batch = driver, database, neo4j, batch

    def _run(self, query: str, **params: Any) -> None:
        if not self.neo4j:
            params = _inline_safe(params)
        with self.driver.session(database=self.database) as session:
            session.run(query, **params).consume()

    def write(self, match: str, var: str, rows: list[dict[str, Any]]) -> None:
        query = f"UNWIND $rows AS r {match} SET {var} += r.props"
        if self.neo4j:
            for i in range(0, len(rows), self.batch):
                self._run(query, rows=rows[i : i + self.batch])
            return
        chunk: list[dict[str, Any]] = []
        size = 0
        for row in rows:
            row_size = _size(row)
            if row_size > _INLINE_BUDGET:
                self._write_large(match, var, row)
                continue
            if chunk and (size + row_size > _INLINE_BUDGET or len(chunk) >= self.batch):
                self._run(query, rows=chunk)
                chunk, size = [], 0
            chunk.append(row)
            size += row_size
        if chunk:
            self._run(query, rows=chunk)

    def _write_large(self, match: str, var: str, row: dict[str, Any]) -> None:
        keys = {k: v for k, v in row.items() if k != "props"}
        self._run(f"UNWIND $rows AS r {match}", rows=[keys])
        for name, value in row["props"].items():
            prop = _check(name)
            if isinstance(value, list) and _size(value) > _INLINE_BUDGET:
                self._run(f"UNWIND $rows AS r {match} SET {var}.{prop} = []", rows=[keys])
                for item in value:
                    self._run(
                        f"UNWIND $rows AS r {match} SET {var}.{prop} = {var}.{prop} + [r.v]",
                        rows=[{**keys, "v": item}],
                    )
            else:
                self._run(
                    f"UNWIND $rows AS r {match} SET {var}.{prop} = r.v", rows=[{**keys, "v": value}]
                )


def _size(value: Any) -> int:
    import json

    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


@dataclass(frozen=True)
class PushReport:
    """What a push wrote and how the server was recognised."""

    nodes: int
    relationships: int
    server: str
    constraints: str


def _node_props(props: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in props.items():
        if value is None or (isinstance(value, list) and not value):
            continue
        out[key] = value
    return out


def search_keys(props: dict[str, Any]) -> str:
    """A node's search keys (graph/search.py), space-separated: what the Bolt backend's
    search looks in, so that a server answers search without the client's index."""
    from graph.search import name_keys

    names = [props.get("name"), props.get("name_en"), *(props.get("aliases") or [])]
    keys = dict.fromkeys(k for n in names if n for k, _how in name_keys(str(n)))
    return " ".join(keys)


def _supports_constraints(driver: Any, database: str | None) -> bool:
    """True on a real Neo4j. Bolt servers that merely speak the protocol (FalkorDB reports
    itself as "Neo4j/5.x" and never answers ``CREATE CONSTRAINT``) fail this probe fast."""
    from neo4j.exceptions import Neo4jError

    try:
        with driver.session(database=database) as session:
            rows = session.run("CALL dbms.components() YIELD name RETURN name").data()
    except Neo4jError:
        return False
    return any("neo4j" in str(r.get("name", "")).lower() for r in rows)


def _inline_safe(value: Any) -> Any:
    """Escape strings for Bolt servers that splice parameters into the query text.

    FalkorDB's Bolt endpoint does so without escaping: a ``'`` in a value ends the string
    (and can crash the server) and ``\b`` becomes a backspace. Escaping ``\\`` and ``'``
    makes the stored value equal the one sent. Real Neo4j gets values untouched.
    """
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [_inline_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _inline_safe(v) for k, v in value.items()}
    return value


def _ensure_keys(driver: Any, database: str | None, neo4j: bool) -> str:
    from neo4j.exceptions import Neo4jError

    with driver.session(database=database) as session:
        if neo4j:
            session.run(
                "CREATE CONSTRAINT gongfu_resource_iri IF NOT EXISTS "
                "FOR (n:Resource) REQUIRE n.iri IS UNIQUE"
            ).consume()
            # the search asks `search_keys CONTAINS $q`, which a text index answers
            session.run(
                "CREATE TEXT INDEX gongfu_resource_search IF NOT EXISTS "
                "FOR (n:Resource) ON (n.search_keys)"
            ).consume()
            return "uniqueness constraint on Resource.iri, text index on Resource.search_keys"
        try:
            session.run("CREATE INDEX FOR (n:Resource) ON (n.iri)").consume()
            return "index on Resource.iri (server has no uniqueness constraints)"
        except Neo4jError:
            return "index on Resource.iri already present (server has no uniqueness constraints)"


def push_graph(
    pg: PropertyGraph,
    uri: str,
    *,
    auth: tuple[str, str] | None = None,
    database: str | None = None,
    batch: int = 500,
) -> PushReport:
    """Write the property graph to a Bolt server with batched, idempotent MERGE statements.

    Raises:
        GongfuError: the server cannot be reached or refuses a statement.
    """
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    driver = _driver(uri, auth)
    try:
        server = driver.get_server_info().agent or "unknown"
        neo4j = _supports_constraints(driver, database)
        constraints = _ensure_keys(driver, database, neo4j)
        writer = _Writer(driver, database, neo4j, batch)
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node in pg.nodes.values():
            props = _node_props(node.props)
            keys = search_keys(node.props)
            if keys:
                props["search_keys"] = keys
            by_label[node.label].append({"iri": node.iri, "props": props})
        for label, rows in sorted(by_label.items()):
            match = f"MERGE (n:Resource:{_check(label)} {{iri: r.iri}})"
            writer.write(match, "n", rows)
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for edge in pg.edges:
            by_type[edge.type].append(
                {"s": edge.source, "t": edge.target, "props": _node_props(edge.props)}
            )
        for rel, rows in sorted(by_type.items()):
            match = (
                "MATCH (a:Resource {iri: r.s}) MATCH (b:Resource {iri: r.t}) "
                f"MERGE (a)-[x:{_check(rel)}]->(b)"
            )
            writer.write(match, "x", rows)
    except ServiceUnavailable as exc:
        raise GongfuError(f"cannot reach the Bolt server at {uri}: {exc}") from None
    except Neo4jError as exc:
        raise GongfuError(f"the server at {uri} refused a statement: {exc.message}") from None
    return PushReport(len(pg.nodes), len(pg.edges), server, constraints)


def _value(v: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(v, Node):
        return v.get("name") or v.get("iri")
    if isinstance(v, Relationship):
        return v.type
    if isinstance(v, Path):
        return [_value(n) for n in v.nodes]
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


#: procedures a checked query may call on Neo4j: the catalog, nothing that reads files or URLs
READING_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)
#: plan operators that read outside the graph even in a read-only query
_OUTSIDE_OPERATORS = ("LoadCSV", "ProcedureCall", "EagerProcedureCall", "SystemProcedureCall")


def _plan_names(plan: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(operator type without its ``@neo4j`` suffix, arguments) of every plan node."""
    stack = [plan] if plan else []
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield str(node.get("operatorType", "")).split("@", 1)[0], dict(node.get("args") or {})
        stack.extend(node.get("children") or [])


def _check_on_neo4j(session: Any, text: str, params: dict[str, Any], timeout: float) -> None:
    """Ask Neo4j's planner (EXPLAIN runs nothing): the query must be read-only (query type
    ``r``) and its plan may neither load CSV nor call a procedure outside the catalog."""
    from neo4j import Query

    summary = session.run(Query("EXPLAIN " + text, timeout=timeout), **params).consume()
    if summary.query_type != "r":
        kind = {"w": "writes", "rw": "reads and writes", "s": "changes the schema"}.get(
            str(summary.query_type), f"is of type {summary.query_type!r}"
        )
        raise QueryError(f"the query is refused: it {kind}; queries may only read the graph")
    for name, args in _plan_names(summary.plan):
        if name == "LoadCSV":
            raise QueryError("LOAD CSV is refused: queries may not read files or URLs")
        if name in _OUTSIDE_OPERATORS:
            called = str(args.get("Signature") or args.get("Details") or "")
            procedure = called.split("(", 1)[0].strip()
            if procedure not in READING_PROCEDURES:
                raise QueryError(
                    f"the procedure call {procedure or name} is refused: queries may call "
                    f"only {', '.join(sorted(READING_PROCEDURES))}"
                )


def run_neo4j(
    uri: str,
    text: str,
    *,
    auth: tuple[str, str] | None = None,
    database: str | None = None,
    params: dict[str, Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    row_limit: int = DEFAULT_ROW_LIMIT,
    raw: bool = False,
    trusted: bool = False,
) -> QueryResult:
    """Run read-only Cypher on a Bolt server; nodes come back as their names.

    On Neo4j the server's planner decides (``EXPLAIN``: read-only query type, no LOAD CSV,
    only catalog procedures) and the query runs in a READ transaction with the time limit.
    Other Bolt servers (FalkorDB) run ``EXPLAIN`` instead of planning it and do not enforce
    read-only sessions: nothing there can say what a typed query does before it runs, so
    only texts written by the project (``trusted=True``: pushes, pulls) are sent to them.

    Raises:
        QueryError: a refused query, the server's error message, or the time limit.
    """
    from neo4j import Query
    from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

    if timeout <= 0:
        raise QueryError(f"the time limit must be more than 0 seconds, not {timeout:g}")
    if row_limit < 0:
        raise QueryError(f"the row limit must be 0 or more, not {row_limit}")
    driver = _driver(uri, auth)
    try:
        neo4j = _supports_constraints(driver, database)
        if not neo4j and not trusted:
            server = driver.get_server_info().agent or "this server"
            raise QueryError(
                f"typed queries are refused on the Bolt server at {uri} ({server}, not Neo4j): "
                "it cannot plan a query without running it nor keep a session read-only; "
                "query the embedded copy instead (gongfu cypher without --neo4j)"
            )
        if params and not neo4j:
            params = _inline_safe(params)
        mode = "READ" if neo4j else "WRITE"
        with driver.session(database=database, default_access_mode=mode) as session:
            if neo4j and not trusted:
                _check_on_neo4j(session, text, params or {}, timeout)
            query = Query(text, timeout=timeout) if neo4j else text
            result = session.run(query, **(params or {}))
            columns = list(result.keys())
            rows: list[dict[str, Any]] = []
            truncated = False
            for record in result:
                if len(rows) >= row_limit:
                    truncated = True
                    break
                rows.append({c: (record[c] if raw else _value(record[c])) for c in columns})
    except ServiceUnavailable as exc:
        raise QueryError(f"cannot reach the Bolt server at {uri}: {exc}") from None
    except ClientError as exc:
        code = str(exc.code or "")
        if "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryTimeout(
                f"the query ran past the time limit of {timeout:g} s and was stopped by the server"
            ) from None
        if "Forbidden" in code or "AccessMode" in code:
            raise QueryError(f"the query is refused by the server: {exc.message}") from None
        raise QueryError(_one_line(exc.message or str(exc))) from None
    except Neo4jError as exc:
        raise QueryError(_one_line(exc.message or str(exc))) from None
    message = f"only the first {row_limit} rows are shown (row limit)" if truncated else ""
    return QueryResult(columns, rows, truncated, "select", message)


def _one_line(message: str) -> str:
    return " ".join(message.split())
