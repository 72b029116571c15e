"""A Cypher script that recreates a subgraph in Neo4j: one idempotent statement per line.

The shape is the Bolt push's (graph/neo4j_bolt.py): every node ``MERGE (:Resource:<Class>
{iri})`` then ``SET += {properties}``; every relationship ``MERGE``-d by type between the
two ``Resource`` nodes. Values are written as literals, strings escaped for Cypher
(backslash, quote, line breaks), so the script runs as it is in cypher-shell or Browser.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from graph.export.records import SubgraphData

__all__ = ["cypher_literal", "cypher_script", "cypher_statements", "write_cypher"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _name(name: str) -> str:
    """A label, type or key as a Cypher identifier (backquoted when not plain)."""
    return name if _IDENT.match(name) else "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal.

    Example:
        >>> print(cypher_literal("it's a \\\\ path"))
        'it\\'s a \\\\ path'
        >>> cypher_literal([1, 2.5, True, "a"])
        "[1, 2.5, true, 'a']"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "null"
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    text = str(value)
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 32:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def _map(props: dict[str, Any]) -> str:
    items = [
        f"{_name(k)}: {cypher_literal(v)}"
        for k, v in sorted(props.items())
        if v is not None and not (isinstance(v, list) and not v)
    ]
    return "{" + ", ".join(items) + "}"


def cypher_statements(data: SubgraphData) -> list[str]:
    """The statements, nodes first, each ending in ``;`` and on one line."""
    out = []
    for iri in data.sub.nodes:
        node = data.pg.nodes[iri]
        props = {k: v for k, v in node.props.items() if k != "iri"}
        stmt = f"MERGE (n:Resource:{_name(node.label)} {{iri: {cypher_literal(iri)}}})"
        body = _map(props)
        out.append(stmt + (f" SET n += {body};" if body != "{}" else ";"))
    for u, v, k in data.sub.edges:
        props = {
            key: val
            for key, val in data.edge(u, v, k).items()
            if key not in ("type", "traversable")
        }
        stmt = (
            f"MATCH (a:Resource {{iri: {cypher_literal(u)}}}) "
            f"MATCH (b:Resource {{iri: {cypher_literal(v)}}}) MERGE (a)-[r:{_name(k)}]->(b)"
        )
        body = _map(props)
        out.append(stmt + (f" SET r += {body};" if body != "{}" else ";"))
    return out


def cypher_script(data: SubgraphData, title: str = "") -> str:
    """The whole script: a comment header, then the statements (no schema commands, whose
    syntax differs between Neo4j versions and other Bolt servers)."""
    head = [
        f"// Gongfu Graph · {title}".replace("\n", " ") if title else "// Gongfu Graph subgraph",
        f"// {len(data.sub.nodes)} nodes, {len(data.sub.edges)} relationships; "
        "idempotent (MERGE on iri): run with cypher-shell -f or paste into Neo4j Browser",
        "// for large imports create an index first: CREATE INDEX FOR (n:Resource) ON (n.iri)",
    ]
    return "\n".join(head + cypher_statements(data)) + "\n"


def write_cypher(data: SubgraphData, path: Path, title: str = "") -> Path:
    path.write_text(cypher_script(data, title), encoding="utf-8")
    return path
