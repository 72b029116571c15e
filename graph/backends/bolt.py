"""A Bolt server (Neo4j; tested on FalkorDB) as the backend: every operation a bounded
Cypher query on the server.

The graph gets there with ``gongfu neo4j push`` (graph/neo4j_bolt.py): every node is a
``Resource`` with its class label, keyed by ``iri``, and carries ``search_keys`` (the
search keys of its names, space-separated), which search asks for with ``CONTAINS`` (on
Neo4j a text index on it answers that). Neighbourhoods, paths and details are asked hop
by hop as on a SPARQL server, and the named questions run their Cypher text. Nothing
uses ``shortestPath`` (FalkorDB's Bolt endpoint refuses it in ``MATCH``).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from graph.backends.base import (
    ID_PREFIX,
    NodeInfo,
    bounded_paths,
    check_known,
    ranked_neighbourhood,
    terms,
)
from graph.errors import GongfuError, NotFound
from graph.mapping import EDGE_PROPERTIES, Edge, Node, PropertyGraph
from graph.search import SearchHit, SearchIndex, normalise
from graph.traversal import Path, Subgraph

if TYPE_CHECKING:
    from graph.explore import EntityDetails
    from graph.query import QueryResult
    from graph.stats import GraphStats

__all__ = ["BoltBackend", "BoltStore"]

DETAILS_CAP = 300
SEARCH_CANDIDATES = 400
_NOT_PROPS = {"search_keys"}
_INLINE_BUDGET = 2500  # bytes of list parameters per statement on FalkorDB


class BoltStore:
    """A Bolt server standing where the store would: what ``graph.explore`` is given to
    answer from Neo4j or FalkorDB (read-only)."""

    root = None
    backend_kind = "bolt"

    def __init__(
        self,
        uri: str,
        *,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        version_ttl: float = 10,
    ) -> None:
        from graph.neo4j_bolt import _driver, _supports_constraints

        self.uri, self.auth, self.database = uri, auth, database
        self.driver = _driver(uri, auth)
        self.neo4j = _supports_constraints(self.driver, database)
        self.version_ttl = version_ttl
        self._version = ""
        self._checked = 0.0
        self._backend: Any = None
        self.refresh()

    def __repr__(self) -> str:
        return f"BoltStore({self.uri!r})"

    @property
    def version(self) -> str:
        return self._version

    def exists(self) -> bool:
        return True

    def refresh(self) -> bool:
        """The data version: node and relationship counts, looked at every few seconds."""
        if time.monotonic() - self._checked < self.version_ttl and self._version:
            return False
        self._checked = time.monotonic()
        old = self._version
        n = self.run("MATCH (n:Resource) RETURN count(n) AS n")[0]["n"]
        r = self.run("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS n")[0]["n"]
        self._version = f"{self.uri}#{n}-{r}"
        return old != self._version

    def run(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a read query the project wrote (values sent as parameters)."""
        return [record.data() for record in self.records(text, params)]

    def records(self, text: str, params: dict[str, Any], *, attempts: int = 3) -> list[Any]:
        """The records of a read query, asked again on a fresh connection when a pooled
        one has gone stale (FalkorDB drops idle connections; a read is safe to repeat)."""
        from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

        from graph.neo4j_bolt import _inline_safe

        sent = params if self.neo4j else _inline_safe(params)
        # servers that only speak Bolt (FalkorDB) answer READ sessions from an empty graph
        mode = "READ" if self.neo4j else "WRITE"
        for attempt in range(attempts):
            try:
                with self.driver.session(database=self.database, default_access_mode=mode) as s:
                    return list(s.run(text, **sent))
            except (ServiceUnavailable, SessionExpired) as exc:
                if attempt + 1 == attempts:
                    raise GongfuError(
                        f"cannot reach the Bolt server at {self.uri}: {exc}"
                    ) from None
            except Neo4jError as exc:
                raise GongfuError(f"the Bolt server refused a query: {exc.message}") from None
        return []

    def write(self, **_: object) -> object:
        raise GongfuError(
            "a Bolt server is read-only here: load into the embedded store, then "
            "'gongfu neo4j push --uri URI'"
        )


def _label(labels: list[str]) -> str:
    rest = [x for x in labels if x != "Resource"]
    return terms().best_class(rest) if rest else "Resource"


class BoltBackend:
    """The backend operations over a ``BoltStore``."""

    kind = "bolt"

    def __init__(self, store: BoltStore) -> None:
        self.store = store
        self.t = terms()

    def _run(self, text: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.run(text, **params)

    def _batches(self, items: Iterable[Any]) -> Iterable[list[Any]]:
        """Lists of parameters small enough for the server: all at once on Neo4j; on a
        server that splices parameters into the query text (FalkorDB, which fails on
        statements of more than a few kilobytes) a few kilobytes at a time."""
        items = list(items)
        if items and isinstance(items[0], str):
            items = list(dict.fromkeys(items))
        if self.store.neo4j:
            yield items
            return
        batch: list[Any] = []
        size = 0
        for item in items:
            cost = len(json.dumps(item, ensure_ascii=False).encode("utf-8")) + 2
            if batch and size + cost > _INLINE_BUDGET:
                yield batch
                batch, size = [], 0
            batch.append(item)
            size += cost
        if batch:
            yield batch

    def _walk(self, relations: set[str] | None) -> list[str]:
        wanted = self.t.traversable if relations is None else self.t.traversable & relations
        return sorted(wanted)

    # -- nodes ---------------------------------------------------------------------------
    def known(self, iris: Iterable[str]) -> set[str]:
        return {
            r["iri"]
            for batch in self._batches(iris)
            for r in self._run(
                "UNWIND $iris AS i MATCH (n:Resource {iri: i}) RETURN n.iri AS iri", iris=batch
            )
        }

    def _node_rows(self, iris: Iterable[str], *, full: bool = False) -> dict[str, Node]:
        rows = [
            r
            for batch in self._batches(iris)
            for r in self._run(
                "UNWIND $iris AS i MATCH (n:Resource {iri: i}) "
                "RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props",
                iris=batch,
            )
        ]
        nodes = {}
        for r in rows:
            props = r["props"]
            keep = {"iri", "id", "name", "name_en", "aliases"}
            kept = {
                k: v
                for k, v in props.items()
                if k not in _NOT_PROPS and (full or k in keep) and v is not None
            }
            kept["aliases"] = sorted(kept.get("aliases") or [])
            nodes[r["iri"]] = Node(r["iri"], _label(r["labels"]), kept)
        return nodes

    def degrees(self, iris: Iterable[str]) -> dict[str, int]:
        rows = [
            r
            for batch in self._batches(iris)
            for r in self._run(
                "UNWIND $iris AS i MATCH (n:Resource {iri: i}) OPTIONAL MATCH (n)-[r]-(:Resource) "
                "RETURN i AS iri, count(r) AS d",
                iris=batch,
            )
        ]
        return {r["iri"]: int(r["d"]) for r in rows}

    def nodes(self, iris: Iterable[str], *, degrees: bool = True) -> dict[str, NodeInfo]:
        found = self._node_rows(iris)
        degree = self.degrees(found) if degrees else {}
        return {
            i: NodeInfo(i, n.name, str(n.props.get("name_en") or ""), n.label, degree.get(i, 0))
            for i, n in found.items()
        }

    # -- search --------------------------------------------------------------------------
    def search(
        self, text: str, *, limit: int = 20, classes: set[str] | None = None
    ) -> list[SearchHit]:
        q = normalise(text)
        if not q:
            return []
        rows = self._run(
            "MATCH (n:Resource) WHERE n.search_keys CONTAINS $q "
            f"RETURN n.iri AS iri LIMIT {SEARCH_CANDIDATES}",
            q=q,
        )
        nodes = {
            i: n
            for i, n in self._node_rows(r["iri"] for r in rows).items()
            if n.label != "Observation"
        }
        if not nodes:
            return []
        pg = PropertyGraph(self.store.version, nodes, [])
        return SearchIndex(pg, self.degrees(nodes)).search(text, limit=limit, classes=classes)

    def resolve(self, name: str) -> str:
        for iri in (name, ID_PREFIX + name):
            if iri.startswith(("http://", "https://")) and self.known([iri]):
                return iri
        hits = self.search(name, limit=1)
        if not hits:
            raise NotFound(f"no entity matches {name!r}")
        return hits[0].iri

    # -- neighbourhoods ------------------------------------------------------------------
    def _fresh(self, focus: tuple[str, ...], classes: set[str] | None, relations: set[str] | None):
        walk = self._walk(relations)
        kinds = sorted(classes) if classes else None
        kind_test = "any(l IN labels({v}) WHERE l IN $kinds)"

        def near(nodes: list[str]) -> set[str]:
            """Neighbours over the walked relations (both ends of the filter's classes)."""
            test = f"AND {kind_test.format(v='m')}" if kinds else ""  # the focus: any class
            return {
                r["iri"]
                for batch in self._batches(nodes)
                for r in self._run(
                    "UNWIND $nodes AS fi MATCH (f:Resource {iri: fi})-[r]-(m:Resource) "
                    f"WHERE type(r) IN $walk {test} RETURN DISTINCT m.iri AS iri",
                    nodes=batch,
                    walk=walk,
                    kinds=kinds or [],
                )
            }

        def fresh_in_batches(
            frontier: list[str], walked: list[str], room: int
        ) -> tuple[int, list[str]]:
            new = near(frontier) - (near(walked) if walked else set()) - set(focus)
            degree = self.degrees(new) if room > 0 else {}
            return len(new), sorted(new, key=lambda m: (-degree.get(m, 0), m))[: max(room, 0)]

        def fresh(frontier: list[str], walked: list[str], room: int) -> tuple[int, list[str]]:
            if not self.store.neo4j:
                return fresh_in_batches(frontier, walked, room)
            where = f"""UNWIND $frontier AS fi MATCH (f:Resource {{iri: fi}})-[r]-(m:Resource)
                WHERE type(r) IN $walk AND NOT m.iri IN $focus
                {"AND " + kind_test.format(v="m") if kinds else ""}
                WITH DISTINCT m
                OPTIONAL MATCH (m)-[r2]-(w:Resource) WHERE w.iri IN $walked AND type(r2) IN $walk
                WITH m, count(w) AS seen WHERE seen = 0"""
            params = {
                "frontier": frontier,
                "walk": walk,
                "focus": list(focus),
                "walked": walked,
                "kinds": kinds or [],
            }
            count = int(self._run(f"{where} RETURN count(m) AS n", **params)[0]["n"])
            if not count or room <= 0:
                return count, []
            rows = self._run(
                f"""{where} OPTIONAL MATCH (m)-[x]-(:Resource)
                WITH m, count(x) AS d RETURN m.iri AS iri, d
                ORDER BY d DESC, iri LIMIT {int(room)}""",
                **params,
            )
            return count, [r["iri"] for r in rows]

        return fresh

    def neighbourhood(
        self,
        focus: str | Iterable[str],
        *,
        hops: int = 1,
        limit: int = 200,
        classes: set[str] | None = None,
        relations: set[str] | None = None,
        with_edges: bool = True,
    ) -> Subgraph:
        focus = (focus,) if isinstance(focus, str) else tuple(focus)
        check_known(self.known(focus), *focus)
        nodes, omitted = ranked_neighbourhood(
            focus, hops=hops, limit=limit, fresh=self._fresh(focus, classes, relations)
        )
        edges = self.edges_among(nodes, relations=relations) if with_edges else ()
        return Subgraph(nodes, edges, focus, omitted_nodes=omitted)

    def edges_among(
        self, iris: Iterable[str], *, relations: set[str] | None = None
    ) -> tuple[tuple[str, str, str], ...]:
        return self._edges(iris, self._walk(relations))

    def by_names(self, names: Iterable[str]) -> dict[str, str]:
        """The entity each zh name labels (the first by IRI where several share it)."""
        found: dict[str, str] = {}
        for batch in self._batches(names):
            for r in self._run(
                "UNWIND $batch AS nm MATCH (n:Resource) WHERE n.name = nm "
                "RETURN nm AS name, n.iri AS iri ORDER BY iri",
                batch=batch,
            ):
                found.setdefault(r["name"], r["iri"])
        return found

    def relation_counts(self, iris: Iterable[str]) -> dict[str, list[tuple[str, str, int]]]:
        """Per entity, its neighbours counted per relation and direction, most first."""
        types = sorted({*self.t.traversable, "MENTIONS"})
        count: dict[str, list[tuple[str, str, int]]] = {}
        for batch in self._batches(iris):
            for direction, pattern in (("out", "(a)-[r]->(b)"), ("in", "(a)<-[r]-(b)")):
                for r in self._run(
                    f"UNWIND $batch AS i MATCH (a:Resource {{iri: i}}) MATCH {pattern} "
                    "WHERE type(r) IN $types "
                    "RETURN a.iri AS n, type(r) AS t, count(DISTINCT b) AS c",
                    batch=batch,
                    types=types,
                ):
                    count.setdefault(r["n"], []).append((r["t"], direction, int(r["c"])))
        return {n: sorted(rows, key=lambda t: (-t[2], t[0], t[1])) for n, rows in count.items()}

    def mentions(self, iris: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
        """The documents that mention these entities, as MENTIONS edges."""
        found = set()
        for batch in self._batches(iris):
            for r in self._run(
                "UNWIND $batch AS i MATCH (d:Resource)-[:MENTIONS]->(n:Resource {iri: i}) "
                "RETURN d.iri AS d, n.iri AS n",
                batch=batch,
            ):
                found.add((r["d"], r["n"], "MENTIONS"))
        return tuple(sorted(found))

    def _edges(self, iris: Iterable[str], types: list[str]) -> tuple[tuple[str, str, str], ...]:
        """Edges of these types among these nodes (on FalkorDB each batch's outgoing edges,
        kept here when they end inside)."""
        keep = set(iris)
        if not keep:
            return ()
        found = set()
        for batch in self._batches(sorted(keep)):
            inside = "AND b.iri IN $iris" if self.store.neo4j else ""
            for r in self._run(
                "UNWIND $batch AS i MATCH (a:Resource {iri: i})-[r]->(b:Resource) "
                f"WHERE type(r) IN $types {inside} RETURN a.iri AS s, type(r) AS t, b.iri AS o",
                batch=batch,
                iris=sorted(keep) if self.store.neo4j else [],
                types=types,
            ):
                if r["o"] in keep:
                    found.add((r["s"], r["o"], r["t"]))
        return tuple(sorted(found))

    def evidence(
        self, edges: Iterable[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        wanted = list(dict.fromkeys(edges))
        rows = [
            r
            for batch in self._batches({"s": s, "o": o, "t": t} for s, o, t in wanted)
            for r in self._run(
                "UNWIND $edges AS e MATCH (a:Resource {iri: e.s})-[r]->(b:Resource {iri: e.o}) "
                "WHERE type(r) = e.t RETURN e.s AS s, e.o AS o, e.t AS t, properties(r) AS p",
                edges=batch,
            )
        ]
        found = {(r["s"], r["o"], r["t"]): r["p"] for r in rows}
        out = {}
        for edge in wanted:
            props: dict[str, Any] = {k: None for k in EDGE_PROPERTIES}
            props.update({"quotes": [], "sources": [], "inferred": False})
            props.update({k: v for k, v in (found.get(edge) or {}).items() if k in props})
            out[edge] = props
        return out

    # -- paths ---------------------------------------------------------------------------
    def _expand(self, nodes: list[str]) -> list[tuple[str, str, str, str]]:
        walk = self._walk(None)
        out = []
        for arrow, ret in (
            ("(f:Resource {iri: i})-[r]->(x:Resource)", "i AS n, i AS s, x.iri AS o"),
            ("(x:Resource)-[r]->(f:Resource {iri: i})", "i AS n, x.iri AS s, i AS o"),
        ):
            for batch in self._batches(nodes):
                for r in self._run(
                    f"UNWIND $nodes AS i MATCH {arrow} WHERE type(r) IN $walk "
                    f"RETURN DISTINCT {ret}, type(r) AS t",
                    nodes=batch,
                    walk=walk,
                ):
                    out.append((r["n"], r["s"], r["t"], r["o"]))
        return out

    def shortest_path(self, a: str, b: str, *, max_hops: int = 6) -> Path | None:
        check_known(self.known([a, b]), a, b)
        found = bounded_paths(a, b, max_hops=max_hops, expand=self._expand, every=False)
        return found[0] if found else None

    def all_paths(self, a: str, b: str, *, max_hops: int = 4, limit: int = 50) -> list[Path]:
        check_known(self.known([a, b]), a, b)
        return bounded_paths(a, b, max_hops=max_hops, expand=self._expand, every=True, limit=limit)

    # -- details -------------------------------------------------------------------------
    def details(self, iri: str) -> EntityDetails:
        from graph.explore import EntityDetails, Relation

        iri = self.resolve(iri)
        node = self._node_rows([iri], full=True)[iri]
        rows: list[dict[str, Any]] = []
        for direction, arrow in (
            ("out", "(n:Resource {iri: $iri})-[r]->(m:Resource)"),
            ("in", "(n:Resource {iri: $iri})<-[r]-(m:Resource)"),
        ):
            rows += [
                {**r, "direction": direction}
                for r in self._run(
                    f"MATCH {arrow} RETURN type(r) AS t, m.iri AS other, "
                    f"labels(m) AS labels, m.name AS name, m.name_en AS name_en, "
                    f"properties(r) AS p ORDER BY t, other LIMIT {DETAILS_CAP + 1}",
                    iri=iri,
                )
            ]
        omitted = max(0, len(rows) - DETAILS_CAP)
        meta = {"type", "traversable", "quote", "quotes", "sources", "inferred"}
        relations = [
            Relation(
                r["direction"],
                r["t"],
                r["other"],
                str(r["name"] or r["name_en"] or r["other"]),
                _label(r["labels"]),
                bool(r["p"].get("inferred")),
                list(r["p"].get("quotes") or []),
                list(r["p"].get("sources") or []),
                {k: v for k, v in r["p"].items() if k not in meta and v is not None},
            )
            for r in rows[:DETAILS_CAP]
        ]
        relations.sort(key=lambda r: (r.type, r.direction, r.other_name))
        return EntityDetails(
            iri,
            node.label,
            node.name,
            str(node.props.get("name_en") or ""),
            list(node.props.get("aliases") or []),
            {k: v for k, v in node.props.items() if k not in ("name", "name_en", "aliases")},
            relations,
            omitted_relations=omitted,
        )

    # -- questions, subgraphs, counts ----------------------------------------------------
    def question(
        self, name: str, params: dict[str, str] | None = None, *, engine: str = "auto"
    ) -> QueryResult:
        """A named question's Cypher text, run on the server; rows in the normal form."""
        from graph.query import QueryResult
        from graph.questions import load_questions, normalise_rows

        questions = load_questions()
        if name not in questions:
            raise NotFound(f"no question named {name!r}; 'gongfu ask' lists them")
        if engine == "sparql":
            raise GongfuError("a Bolt server answers the named questions in Cypher")
        q = questions[name]
        given = params or {}
        values: dict[str, Any] = {}
        for p in q.params:
            raw = given.get(p.name, p.default)
            if p.kind == "entity":
                values[p.name] = self.resolve(str(raw))
            elif p.kind == "number":
                values[p.name] = float(raw) if "." in str(raw) else int(raw)
            else:
                values[p.name] = str(raw)
        rows = [
            {k: _plain(v) for k, v in row.items()}
            for row in self._run_records(neo4j_dialect(q.cypher_bolt or q.cypher), values)
        ]
        return QueryResult(list(q.columns), normalise_rows(q, rows), engine="cypher")

    def _run_records(self, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            dict(zip(r.keys(), r.values(), strict=True)) for r in self.store.records(text, params)
        ]

    def subgraph(self, iris: Iterable[str]) -> PropertyGraph:
        keep = list(dict.fromkeys(iris))
        nodes = self._node_rows(keep, full=True)
        edges = self._edges(nodes, sorted(set(self.t.relations.values())))
        props = self.evidence(edges)
        out = [Edge(s, t, o, props[(s, o, t)]) for s, o, t in edges]
        out.sort(key=lambda e: (e.source, e.type, e.target))
        return PropertyGraph(self.store.version, {i: nodes[i] for i in keep if i in nodes}, out)

    def counts(self) -> GraphStats:
        from graph.stats import GraphStats

        classes: dict[str, int] = {}
        for r in self._run("MATCH (n:Resource) RETURN labels(n) AS l, count(*) AS n"):
            label = _label(r["l"])
            classes[label] = classes.get(label, 0) + int(r["n"])
        relations = {
            r["t"]: int(r["n"])
            for r in self._run(
                "MATCH (:Resource)-[r]->(:Resource) RETURN type(r) AS t, count(*) AS n"
            )
        }
        inferred = self._run(
            "MATCH (:Resource)-[r]->(:Resource) WHERE r.inferred = true RETURN count(r) AS n"
        )[0]["n"]
        return GraphStats(
            quads=0,
            classes=dict(sorted(classes.items())),
            relations=dict(sorted(relations.items())),
            facts=sum(relations.values()),
            inferred_facts=int(inferred),
            observations=classes.get("Observation", 0),
            sources=classes.get("SourceDocument", 0),
            version=self.store.version,
        )


_REL_VAR = re.compile(r"\[\s*([A-Za-z_]\w*)")
_LABEL_OF = re.compile(r"\blabel\(\s*([A-Za-z_]\w*)\s*\)")
_EXISTS_MATCH = re.compile(r"EXISTS\s*\{\s*MATCH\s+([^{}]*?)\s*\}", re.IGNORECASE)
_NULL_CAST = re.compile(r"cast\(\s*NULL\s*,\s*'[A-Z]+'\s*\)", re.IGNORECASE)


def neo4j_dialect(text: str) -> str:
    """A named question's Cypher (written for the embedded engine, LadybugDB) in Neo4j's
    dialect: ``label(r)`` of a relationship is ``type(r)``, of a node its class label
    (every node is also a ``Resource``), ``cast(NULL, 'STRING')`` is ``null``, and
    ``EXISTS { MATCH pattern }`` the pattern itself (FalkorDB has no such subqueries).

    Only the project's own question texts go through this; the variables bound to
    relationships are those written inside ``[...]`` in a pattern.

    Example:
        >>> neo4j_dialect("MATCH (a)-[r]->(b) RETURN label(r), label(b), cast(NULL, 'STRING')")
        "MATCH (a)-[r]->(b) RETURN type(r), head([x IN labels(b) WHERE x <> 'Resource']), null"
    """
    rels = set(_REL_VAR.findall(text))

    def label(m: re.Match[str]) -> str:
        var = m.group(1)
        if var in rels:
            return f"type({var})"
        return f"head([x IN labels({var}) WHERE x <> 'Resource'])"

    text = _EXISTS_MATCH.sub(lambda m: m.group(1), text)
    return _NULL_CAST.sub("null", _LABEL_OF.sub(label, text))


def _plain(value: Any) -> Any:
    """A Bolt value as the normal form expects it: nodes as their names, relationships as
    their types, paths as the names along them."""
    from neo4j.graph import Node as BoltNode
    from neo4j.graph import Path as BoltPath
    from neo4j.graph import Relationship

    if isinstance(value, BoltNode):
        return value.get("name") or value.get("iri")
    if isinstance(value, Relationship):
        return value.type
    if isinstance(value, BoltPath):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
