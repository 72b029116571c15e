"""The embedded Cypher engine: a LadybugDB copy of the graph, built through the mapping.

Node tables come from the classes in use (columns: the mapping's node properties, which
the ontology's datatype properties drive), relationship tables from the relation types in
use with every (from label, to label) pair seen. The copy lives beside the RDF store,
under ``cypher/<data version>``, and is rebuilt only when the version changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import tempfile
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ladybug as lb
import pyarrow as pa
import pyarrow.parquet as pq

from graph.cypher_guard import check_cypher, engine_message
from graph.errors import QueryError, QueryTimeout
from graph.mapping import EDGE_PROPERTIES, PropertyGraph, node_columns
from graph.project_nx import cached_property_graph
from graph.query import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, QueryResult
from graph.store import GraphStore

__all__ = ["build_cypher_db", "cypher_connection", "plain_rows", "run_cypher"]

_ARROW = {
    "STRING": pa.string(),
    "STRING[]": pa.list_(pa.string()),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOL": pa.bool_(),
}


def _ident(name: str) -> str:
    return f"`{name}`"


def build_cypher_db(pg: PropertyGraph, path: Path | None) -> lb.Database:
    """Create node and relationship tables for ``pg`` and bulk-load them (COPY from Parquet)."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    db = lb.Database(str(path) if path is not None else None)
    conn = lb.Connection(db)
    columns = node_columns()
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in pg.nodes.values():
        by_label[node.label].append(node.props)
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for edge in pg.edges:
        pairs[edge.type].add((pg.nodes[edge.source].label, pg.nodes[edge.target].label))
    col_defs = ", ".join(
        f"{_ident(c)} {t}{' PRIMARY KEY' if c == 'iri' else ''}" for c, t in columns.items()
    )
    for label in sorted(by_label):
        conn.execute(f"CREATE NODE TABLE {_ident(label)}({col_defs})")
    rel_defs = ", ".join(f"{_ident(c)} {t}" for c, t in EDGE_PROPERTIES.items())
    for rel in sorted(pairs):
        ends = ", ".join(f"FROM {_ident(a)} TO {_ident(b)}" for a, b in sorted(pairs[rel]))
        conn.execute(f"CREATE REL TABLE {_ident(rel)}({ends}, {rel_defs})")
    # every other relation of the ontology gets an empty table, so that a query naming it
    # finds no rows instead of failing with "Table … does not exist"
    if by_label:
        anywhere = _ident(min(by_label))
        for rel in sorted(_ontology_rel_types() - set(pairs)):
            conn.execute(
                f"CREATE REL TABLE {_ident(rel)}(FROM {anywhere} TO {anywhere}, {rel_defs})"
            )
    with tempfile.TemporaryDirectory(prefix="gongfu-cypher-") as tmp:
        node_schema = pa.schema([(c, _ARROW[t]) for c, t in columns.items()])
        for label, rows in sorted(by_label.items()):
            file = Path(tmp) / f"n-{label}.parquet"
            table = pa.Table.from_pylist(
                [{c: _cast(r.get(c), t) for c, t in columns.items()} for r in rows],
                schema=node_schema,
            )
            pq.write_table(table, file)
            conn.execute(f"COPY {_ident(label)} FROM '{file}'")
        rel_schema = pa.schema(
            [("from", pa.string()), ("to", pa.string())]
            + [(c, _ARROW[t]) for c, t in EDGE_PROPERTIES.items()]
        )
        grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for edge in pg.edges:
            key = (edge.type, pg.nodes[edge.source].label, pg.nodes[edge.target].label)
            row = {"from": edge.source, "to": edge.target}
            row.update({c: _cast(edge.props.get(c), t) for c, t in EDGE_PROPERTIES.items()})
            grouped[key].append(row)
        for (rel, a, b), rows in sorted(grouped.items()):
            file = Path(tmp) / f"r-{rel}-{a}-{b}.parquet"
            pq.write_table(pa.Table.from_pylist(rows, schema=rel_schema), file)
            multi = len(pairs[rel]) > 1
            opts = f" (from='{a}', to='{b}')" if multi else ""
            conn.execute(f"COPY {_ident(rel)} FROM '{file}'{opts}")
    conn.close()
    return db


def _ontology_rel_types() -> set[str]:
    from graph.mapping import rel_type
    from ontology.schema import load_schema

    return {rel_type(name) for name in load_schema().object_properties}


def _cast(value: Any, typ: str) -> Any:
    if value is None:
        return [] if typ == "STRING[]" else None
    if typ == "STRING[]":
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
    if typ == "INT64":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if typ == "DOUBLE":
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if typ == "BOOL":
        return bool(value)
    return str(value)


# ---------------------------------------------------------------------------------------------
# The copy beside the store, per data version
# ---------------------------------------------------------------------------------------------

_cache: dict[tuple[str, str], lb.Database] = {}
_lock = threading.Lock()


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _database(store: GraphStore) -> lb.Database:
    store.refresh()
    key = (str(store.root), store.version)
    with _lock:
        db = _cache.get(key)
        if db is not None:
            return db
        pg = cached_property_graph(store)
        if store.root is None:
            db = build_cypher_db(pg, None)
        else:
            folder = store.root / "cypher"
            final = folder / store.version
            with _build_lock(folder):
                if not (final / "db").exists():
                    tmp = folder / f".build-{uuid.uuid4().hex}"
                    built = build_cypher_db(pg, tmp / "db")
                    del built
                    tmp.rename(final)
                for old in folder.iterdir():
                    if old.is_dir() and old != final:
                        shutil.rmtree(old, ignore_errors=True)
            db = lb.Database(str(final / "db"), read_only=True)
        for old in [k for k in _cache if k[0] == key[0]]:
            del _cache[old]
        _cache[key] = db
        return db


def cypher_connection(store: GraphStore) -> lb.Connection:
    """A read-only connection to the Cypher copy of the store's current version."""
    return lb.Connection(_database(store))


# ---------------------------------------------------------------------------------------------
# Running queries
# ---------------------------------------------------------------------------------------------


def _value(v: Any) -> Any:
    if isinstance(v, dict) and "_LABEL" in v:
        if "_SRC" in v or "_src" in v:
            return v.get("_LABEL")
        return v.get("name") or v.get("iri")
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def plain_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows kept ``raw`` as they are shown: nodes by name, relationships by type."""
    return [{c: _value(v) for c, v in row.items()} for row in rows]


def _db_path(store: GraphStore) -> Path | None:
    if store.root is None:
        return None
    return store.root / "cypher" / store.version / "db"


def run_cypher(
    store: GraphStore,
    text: str,
    *,
    params: dict[str, Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    row_limit: int = DEFAULT_ROW_LIMIT,
    raw: bool = False,
    trusted: bool = False,
) -> QueryResult:
    """Run read-only Cypher on the embedded copy; nodes come back as their names.

    What the text may do is decided by LadybugDB's planner (:mod:`graph.cypher_guard`); on a
    store on disk the check and the query run in a confined child process
    (:mod:`graph.sandbox`) that is stopped at the time limit.

    Args:
        raw: keep nodes and relationships as the engine's dicts (for drawing graphs).
        trusted: a text written by the project (a named question): run it here, unchecked.

    Raises:
        QueryError: a refused statement, a syntax error (line and offset), or the time limit.
    """
    if timeout <= 0:
        raise QueryError(f"the time limit must be more than 0 seconds, not {timeout:g}")
    if row_limit < 0:
        raise QueryError(f"the row limit must be 0 or more, not {row_limit}")
    db = _database(store)
    path = _db_path(store)
    if trusted or path is None:
        conn = lb.Connection(db)
        if not trusted:
            check_cypher(conn, text, params)
        return _execute(conn, text, params, timeout, row_limit, raw)
    from graph.sandbox import CYPHER_MODULES, run_isolated

    try:
        return run_isolated(
            _cypher_job,
            str(path),
            text,
            params,
            timeout,
            row_limit,
            raw,
            timeout=timeout + 2,  # the engine stops itself at `timeout`; this is the backstop
            read=[path.parent],
            preload=CYPHER_MODULES,
        )
    except QueryTimeout:
        raise QueryTimeout(_too_slow(timeout)) from None


def _too_slow(timeout: float) -> str:
    return (
        f"the query ran past the time limit of {timeout:g} s and was stopped: variable-length "
        "paths ([*1..6]) from a hub, or a MATCH with no label, are the usual cause"
    )


def _cypher_job(
    path: str,
    text: str,
    params: dict[str, Any] | None,
    timeout: float,
    row_limit: int,
    raw: bool,
) -> QueryResult:
    """In the confined child: open the copy read-only, lock the child in, check, run."""
    from graph.sandbox import lock_in

    _import_value_modules()
    db = lb.Database(path, read_only=True)
    conn = lb.Connection(db)
    lock_in(Path(path).parent)
    check_cypher(conn, text, params)
    return _execute(conn, text, params, timeout, row_limit, raw)


def _import_value_modules() -> None:
    """Modules the engine's values may need, imported before the child can open no file."""
    import datetime
    import decimal
    import uuid

    del datetime, decimal, uuid


def _execute(
    conn: lb.Connection,
    text: str,
    params: dict[str, Any] | None,
    timeout: float,
    row_limit: int,
    raw: bool,
) -> QueryResult:
    conn.set_query_timeout(max(1, int(timeout * 1000)))
    try:
        result = conn.execute(text, params or {})
    except RuntimeError as exc:
        message = str(exc)
        if "interrupted" in message.lower() or "timeout" in message.lower():
            raise QueryTimeout(_too_slow(timeout)) from None
        if "read-only" in message.lower():
            raise QueryError("queries are read-only: " + engine_message(message)) from None
        raise QueryError(engine_message(message)) from None
    if isinstance(result, list):
        result = result[-1]
    columns = result.get_column_names()
    rows: list[dict[str, Any]] = []
    truncated = False
    while result.has_next():
        if len(rows) >= row_limit:
            truncated = True
            break
        values = result.get_next()
        rows.append({c: (v if raw else _value(v)) for c, v in zip(columns, values, strict=True)})
    message = f"only the first {row_limit} rows are shown (row limit)" if truncated else ""
    return QueryResult(columns, rows, truncated, "select", message)
