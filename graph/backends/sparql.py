"""Any SPARQL 1.1 server as the backend: every operation a bounded query on the server.

Nothing here pulls the graph: a search asks for the entities whose ``gf:searchKey`` holds
the text, a neighbourhood asks one question per hop (how many new neighbours, and the
best connected few), a path grows two balls from its ends, details fetch one entity's
links with their evidence up to a cap. So the client's memory follows the size of the
answer, not of the graph. Answers equal the embedded store's (tests/test_backend_parity.py).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.backends.base import (
    ID_PREFIX,
    NodeInfo,
    bounded_paths,
    check_known,
    ranked_neighbourhood,
    terms,
)
from graph.errors import GongfuError, NotFound
from graph.mapping import EDGE_PROPERTIES, Node, PropertyGraph, _order, _py, property_graph
from graph.search import SEARCH_KEY, SearchHit, SearchIndex, normalise
from graph.traversal import Path, Subgraph
from ontology.schema import load_schema

if TYPE_CHECKING:
    from graph.explore import EntityDetails
    from graph.query import QueryResult
    from graph.remote import RemoteStore
    from graph.stats import GraphStats

__all__ = ["DETAILS_CAP", "SparqlBackend"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_GF = "https://gongfu-graph.org/ontology#"
_BATCH = 400  # IRIs per VALUES block
#: relations shown with their evidence per entity (a hub's others are counted, not listed)
DETAILS_CAP = 300
#: search candidates fetched from the server before they are ranked here
SEARCH_CANDIDATES = 400
_FACT_PROPS = ("amount", "cap", "share", "unit", "post", "role", "note")


def _iri(value: str) -> str:
    """An IRI as a SPARQL term, checked by pyoxigraph (a stray ``>`` cannot get in)."""
    try:
        return str(ox.NamedNode(value))
    except ValueError:
        raise NotFound(f"not an entity IRI: {value!r}") from None


def _values(iris: Iterable[str]) -> str:
    return " ".join(_iri(i) for i in iris)


def _chunks(items: Iterable[str], size: int = _BATCH) -> Iterator[list[str]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _v(row: dict[str, ox.Term | None], key: str) -> str:
    term = row.get(key)
    return "" if term is None else term.value


class SparqlBackend:
    """The backend operations over a ``RemoteStore`` (a SPARQL 1.1 endpoint)."""

    kind = "sparql"

    def __init__(self, store: RemoteStore) -> None:
        self.store = store
        self.t = terms()
        self._classes = _values(self.t.node_classes)
        self._rels = _values(self.t.relations)
        #: object properties outside the project's namespace (PROV's wasDerivedFrom)
        self._foreign = [i for i in self.t.relations if not i.startswith(_GF)]
        self._searchable = _values(
            iri for iri, name in self.t.node_classes.items() if name != "Observation"
        )

    # -- small helpers -------------------------------------------------------------------
    def _rows(self, text: str, *, as_written: bool = False) -> list[dict[str, ox.Term | None]]:
        return self.store.select(text, as_written=as_written)

    def _walk(self, relations: set[str] | None) -> str:
        return _values(self.t.relation_iris(relations, walk=True))

    def _is_node(self, var: str) -> str:
        return (
            f"FILTER EXISTS {{ {var} a ?_c{var[1:]} . VALUES ?_c{var[1:]} {{ {self._classes} }} }}"
        )

    # -- nodes ---------------------------------------------------------------------------
    def known(self, iris: Iterable[str]) -> set[str]:
        """The IRIs among ``iris`` that name a node of the graph."""
        found: set[str] = set()
        for chunk in _chunks(dict.fromkeys(iris)):
            found.update(
                _v(r, "n")
                for r in self._rows(
                    f"SELECT DISTINCT ?n WHERE {{ VALUES ?n {{ {_values(chunk)} }} "
                    f"?n a ?c . VALUES ?c {{ {self._classes} }} }}"
                )
            )
        return found

    def _degree_query(self, nodes: str, *, order: int | None = None) -> str:
        """Each node's degree (links to and from other nodes), for the nodes the pattern
        ``nodes`` binds to ``?m``: outgoing links by the object properties' IRIs, incoming
        ones by their namespace (Virtuoso answers either way round at once, the other
        way in seconds), leaving out the facts' ``prov:wasDerivedFrom``. ``order``: only
        the best connected, highest degree then IRI first."""
        incoming = (
            f'FILTER((STRSTARTS(STR(?q), "{_GF}") && ?q != <{_GF}searchKey>) || '
            f"(?q IN ({', '.join(f'<{i}>' for i in self._foreign)}) "
            f"&& NOT EXISTS {{ ?x a <{_GF}Fact> }}))"
            if self._foreign
            else f'FILTER(STRSTARTS(STR(?q), "{_GF}"))'
        )
        # outgoing links filtered the same way: with the predicates as VALUES Virtuoso
        # scans each predicate's every triple (17 s for a hub's 25,000 neighbours at 10^7
        # triples), with a FILTER it reads each node's own triples (0.4 s)
        foreign = ", ".join(f"<{i}>" for i in self._foreign)
        own = f'STRSTARTS(STR(?q), "{_GF}")'
        outgoing = (
            f"FILTER(({own} || ?q IN ({foreign})) && isIRI(?x))"
            if self._foreign
            else f"FILTER({own} && isIRI(?x))"
        )
        tail = f"ORDER BY DESC(?d) ?m LIMIT {int(order)}" if order is not None else ""
        return f"""SELECT ?m (SUM(?c) AS ?d) WHERE {{
          {{ SELECT ?m (COUNT(*) AS ?c) WHERE {{ {nodes} ?x ?q ?m . {incoming} }} GROUP BY ?m }}
          UNION
          {{ SELECT ?m (COUNT(*) AS ?c) WHERE {{ {nodes} ?m ?q ?x . {outgoing} }} GROUP BY ?m }}
        }} GROUP BY ?m {tail}"""

    def degrees(self, iris: Iterable[str]) -> dict[str, int]:
        """Every link of each node to another node, either direction (the projection's degree)."""
        out: dict[str, int] = {}
        wanted = list(dict.fromkeys(iris))
        for chunk in _chunks(wanted, 200):
            for r in self._rows(
                self._degree_query(f"VALUES ?m {{ {_values(chunk)} }}"), as_written=True
            ):
                out[_v(r, "m")] = int(_v(r, "d") or 0)
        return {i: out.get(i, 0) for i in wanted}

    def _node_rows(self, iris: list[str]) -> dict[str, Node]:
        """Nodes with their class, names and aliases (no other properties)."""
        nodes: dict[str, Node] = {}
        classes: dict[str, list[str]] = defaultdict(list)
        for chunk in _chunks(dict.fromkeys(iris)):
            vals = _values(chunk)
            for r in self._rows(
                f"SELECT ?n ?c WHERE {{ VALUES ?n {{ {vals} }} ?n a ?c . "
                f"VALUES ?c {{ {self._classes} }} }}"
            ):
                classes[_v(r, "n")].append(self.t.node_classes[_v(r, "c")])
            for iri, names in classes.items():
                if iri not in nodes:
                    local = iri.rsplit("/", 1)[-1]
                    nodes[iri] = Node(
                        iri, self.t.best_class(names), {"iri": iri, "id": local, "aliases": []}
                    )
            labels = sorted(
                (
                    (_v(r, "n"), _v(r, "p"), _v(r, "l"), r["l"])
                    for r in self._rows(
                        # one branch per predicate: with the two in a VALUES Virtuoso
                        # takes a second for 120 nodes at 10^7 triples, this way 20 ms
                        f"SELECT ?n ?p ?l WHERE {{ VALUES ?n {{ {vals} }} "
                        f"{{ ?n <{_RDFS_LABEL}> ?l BIND(<{_RDFS_LABEL}> AS ?p) }} UNION "
                        f"{{ ?n <{_ALT}> ?l BIND(<{_ALT}> AS ?p) }} }}"
                    )
                    if r["l"] is not None
                ),
                key=lambda row: row[:3],
            )
            for iri, p, _text, lit in labels:
                node = nodes.get(iri)
                if node is None or not isinstance(lit, ox.Literal):
                    continue
                if p == _ALT:
                    node.props["aliases"].append(lit.value)
                    continue
                key = {"zh": "name", "en": "name_en"}.get(lit.language or "")
                if key and key not in node.props:
                    node.props[key] = lit.value
        return nodes

    def nodes(self, iris: Iterable[str], *, degrees: bool = True) -> dict[str, NodeInfo]:
        wanted = list(dict.fromkeys(iris))
        found = self._node_rows(wanted)
        degree = self.degrees(found) if degrees else {}
        return {
            i: NodeInfo(i, n.name, str(n.props.get("name_en") or ""), n.label, degree.get(i, 0))
            for i, n in found.items()
        }

    # -- search --------------------------------------------------------------------------
    def search(
        self, text: str, *, limit: int = 20, classes: set[str] | None = None
    ) -> list[SearchHit]:
        """The entities whose search keys hold the text, ranked here as the embedded search
        ranks them (exact, prefix, substring; then degree)."""
        q = normalise(text)
        if not q:
            return []
        lit = str(ox.Literal(q))
        kinds = (
            self._searchable
            if classes is None
            else _values(self.t.class_iris(c for c in classes if c != "Observation"))
        )
        if not kinds:
            return []
        rows = self._rows(
            f"""SELECT DISTINCT ?e WHERE {{
              {{ ?e <{SEARCH_KEY}> {lit} }} UNION
              {{ SELECT DISTINCT ?e WHERE {{ ?e <{SEARCH_KEY}> ?k . FILTER(CONTAINS(?k, {lit})) }}
                 LIMIT {SEARCH_CANDIDATES} }}
              ?e a ?c . VALUES ?c {{ {kinds} }} }}"""
        )
        candidates = [_v(r, "e") for r in rows]
        if not candidates:
            return []
        nodes = self._node_rows(candidates)
        pg = PropertyGraph(self.store.version, nodes, [])
        return SearchIndex(pg, self.degrees(nodes)).search(text, limit=limit, classes=classes)

    def resolve(self, name: str) -> str:
        for iri in (name, ID_PREFIX + name):
            if iri.startswith(("http://", "https://")):
                try:
                    if self.known([iri]):
                        return iri
                except NotFound:
                    pass
        hits = self.search(name, limit=1)
        if not hits:
            raise NotFound(f"no entity matches {name!r}")
        return hits[0].iri

    # -- neighbourhoods ------------------------------------------------------------------
    def _fresh(
        self,
        focus: tuple[str, ...],
        classes: set[str] | None,
        relations: set[str] | None,
    ):
        walk = self._walk(relations)
        kinds = _values(self.t.class_iris(classes)) if classes else self._classes
        not_focus = ", ".join(_iri(f) for f in focus)

        def pattern(frontier: list[str], walked: list[str]) -> str:
            front_kind = ""  # the frontier: the focus (any class) or nodes the filter kept
            before = (
                f"""FILTER NOT EXISTS {{ VALUES ?w {{ {_values(walked)} }}
                    VALUES ?p2 {{ {walk} }} {{ ?w ?p2 ?m }} UNION {{ ?m ?p2 ?w }} }}"""
                if walked
                else ""
            )
            return f"""VALUES ?f {{ {_values(frontier)} }} {front_kind}
                VALUES ?p {{ {walk} }} {{ ?f ?p ?m }} UNION {{ ?m ?p ?f }}
                FILTER(isIRI(?m) && ?m NOT IN ({not_focus}))
                ?m a ?cm . VALUES ?cm {{ {kinds} }}
                {before}"""  # a join, not FILTER EXISTS: Virtuoso drops that in a subquery

        def fresh(frontier: list[str], walked: list[str], room: int) -> tuple[int, list[str]]:
            where = pattern(frontier, walked)
            count = int(
                _v(self._rows(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ {where} }}")[0], "n")
                or 0
            )
            if not count or room <= 0:
                return count, []
            best = [
                _v(r, "m")
                for r in self._rows(
                    self._degree_query(f"{{ SELECT DISTINCT ?m WHERE {{ {where} }} }}", order=room),
                    as_written=True,
                )
            ]
            return count, best

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
        keep = list(dict.fromkeys(iris))
        if not keep:
            return ()
        walk = self._walk(relations)
        inside = ", ".join(_iri(i) for i in keep)
        found: set[tuple[str, str, str]] = set()
        for chunk in _chunks(keep, 200):
            for r in self._rows(
                f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(chunk)} }}
                    VALUES ?p {{ {walk} }} ?s ?p ?o . FILTER(?o IN ({inside})) }}"""
            ):
                found.add((_v(r, "s"), self.t.relations[_v(r, "p")], _v(r, "o")))
        return tuple(sorted((s, o, t) for s, t, o in found))

    def by_names(self, names: Iterable[str]) -> dict[str, str]:
        """The entity each zh name labels (the first by IRI where several share it)."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(names)), 200):
            vals = " ".join(str(ox.Literal(n, language="zh")) for n in chunk)
            for r in self._rows(
                f"""SELECT ?l ?e WHERE {{ VALUES ?l {{ {vals} }} ?e <{_RDFS_LABEL}> ?l .
                    ?e a ?c . VALUES ?c {{ {self._classes} }} }} ORDER BY ?e"""
            ):
                found.setdefault(_v(r, "l"), _v(r, "e"))
        return found

    def relation_counts(self, iris: Iterable[str]) -> dict[str, list[tuple[str, str, int]]]:
        """Per entity, its neighbours counted per relation and direction, most first (the
        walked relations and MENTIONS), one grouped query per batch."""
        keep = list(dict.fromkeys(iris))
        types = {*self.t.traversable, "MENTIONS"}
        rels = _values(self.t.relation_iris(types))
        count: dict[str, list[tuple[str, str, int]]] = {}
        for chunk in _chunks(keep, 200):
            for r in self._rows(
                f"""SELECT ?n ?p ?d (COUNT(DISTINCT ?m) AS ?c) WHERE {{
                    VALUES ?n {{ {_values(chunk)} }} VALUES ?p {{ {rels} }}
                    {{ ?n ?p ?m . BIND("out" AS ?d) }} UNION {{ ?m ?p ?n . BIND("in" AS ?d) }}
                    FILTER(isIRI(?m)) }} GROUP BY ?n ?p ?d"""
            ):
                count.setdefault(_v(r, "n"), []).append(
                    (self.t.relations[_v(r, "p")], _v(r, "d"), int(_v(r, "c")))
                )
        return {n: sorted(rows, key=lambda t: (-t[2], t[0], t[1])) for n, rows in count.items()}

    def mentions(self, iris: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
        """The documents that mention these entities, as MENTIONS edges (capped per entity
        at ``DETAILS_CAP``: a hub is mentioned by every document)."""
        rel = _values(self.t.relation_iris({"MENTIONS"}))
        found: set[tuple[str, str, str]] = set()
        for n in dict.fromkeys(iris):
            for r in self._rows(
                f"""SELECT DISTINCT ?d WHERE {{ VALUES ?p {{ {rel} }} ?d ?p {_iri(n)} }}
                    ORDER BY ?d LIMIT {DETAILS_CAP}"""
            ):
                found.add((_v(r, "d"), n, "MENTIONS"))
        return tuple(sorted(found))

    # -- paths ---------------------------------------------------------------------------
    def _expand(self, nodes: list[str]) -> list[tuple[str, str, str, str]]:
        walked = self.t.relation_iris(None, walk=True)
        keep = set(walked)
        # incoming links by namespace, the walked ones kept here: with the relations as a
        # VALUES list Virtuoso takes 3 s for 400 nodes at 10^7 triples, this way 0.15 s
        namespaces = {re.sub(r"[^#/]*$", "", i) for i in walked}
        incoming = " || ".join(f'STRSTARTS(STR(?p), "{ns}")' for ns in sorted(namespaces))
        incoming = f"FILTER({incoming or 'false'})"
        out: list[tuple[str, str, str, str]] = []
        for chunk in _chunks(nodes):
            for r in self._rows(
                f"""SELECT DISTINCT ?f ?s ?p ?o WHERE {{ VALUES ?f {{ {_values(chunk)} }}
                    {{ VALUES ?p {{ {_values(walked)} }} ?f ?p ?x . BIND(?f AS ?s) BIND(?x AS ?o) }}
                    UNION {{ ?x ?p ?f . {incoming} BIND(?x AS ?s) BIND(?f AS ?o) }}
                    FILTER(isIRI(?x)) }}"""  # the other end is a node: objects of the
                # walked relations always are (a FILTER EXISTS here costs Virtuoso seconds)
            ):
                if _v(r, "p") in keep:
                    out.append((_v(r, "f"), _v(r, "s"), self.t.relations[_v(r, "p")], _v(r, "o")))
        return out

    def shortest_path(self, a: str, b: str, *, max_hops: int = 6) -> Path | None:
        check_known(self.known([a, b]), a, b)
        found = bounded_paths(a, b, max_hops=max_hops, expand=self._expand, every=False)
        return found[0] if found else None

    def all_paths(self, a: str, b: str, *, max_hops: int = 4, limit: int = 50) -> list[Path]:
        check_known(self.known([a, b]), a, b)
        return bounded_paths(a, b, max_hops=max_hops, expand=self._expand, every=True, limit=limit)

    # -- details -------------------------------------------------------------------------
    def evidence(
        self, edges: Iterable[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Each edge's evidence as the mapping gives it: quotes and sources (ordered by
        source, then quote), the inferred flag, amounts and notes."""
        wanted = list(dict.fromkeys(edges))
        type_iri = {t: iri for iri, t in self.t.relations.items()}
        facts: list[tuple[str, str, str, str, str, bool]] = []
        amounts: list[tuple[str, str, str, str, Any, ox.Term]] = []
        prop_iri = {f"{_GF}{k}": k for k in _FACT_PROPS}
        # each edge's facts looked up from its rarer end among the edges asked for (a hub's
        # every edge shares it; from the other end Virtuoso reads a few facts, not the hub's
        # 25,000: 0.02 s instead of 0.4 s per 100 edges at 10^7 triples)
        ends = Counter([s for s, _o, _t in wanted] + [o for _s, o, _t in wanted])
        from_object = [e for e in wanted if ends[e[1]] <= ends[e[0]]]
        from_subject = [e for e in wanted if ends[e[1]] > ends[e[0]]]
        chunks = [
            (part[start : start + 200], first, second)
            for part, first, second in (
                (from_object, "object", "subject"),
                (from_subject, "subject", "object"),
            )
            for start in range(0, len(part), 200)
        ]
        for chunk, first, second in chunks:
            rows = " ".join(f"({_iri(s)} <{type_iri[t]}> {_iri(o)})" for s, o, t in chunk)
            head = f"""VALUES (?s ?p ?o) {{ {rows} }}
                ?f <{_RDF}{first}> ?{first[0]} . ?f <{_RDF}{second}> ?{second[0]} .
                ?f <{_RDF}predicate> ?p ; a <{_GF}Fact> ."""
            for r in self._rows(
                f"""SELECT ?f ?s ?p ?o ?q ?src ?inf WHERE {{ {head}
                    OPTIONAL {{ ?f <{_GF}quote> ?q }} OPTIONAL {{ ?f <{_GF}sourceFile> ?src }}
                    OPTIONAL {{ ?f <{_GF}inferred> ?inf }} }}""",
                as_written=True,
            ):
                facts.append(
                    (
                        "" if r["src"] is None else "1" + r["src"].value,
                        "" if r["q"] is None else "1" + r["q"].value,
                        _v(r, "s"),
                        self.t.relations[_v(r, "p")],
                        _v(r, "o"),
                        bool(_py(r["inf"])),
                    )
                )
            for r in self._rows(
                f"""SELECT ?s ?p ?o ?k ?v WHERE {{ {head}
                    VALUES ?k {{ {" ".join(f"<{k}>" for k in prop_iri)} }} ?f ?k ?v .
                    FILTER(isLiteral(?v)) }}""",
                as_written=True,
            ):
                v = r["v"]
                assert v is not None
                amounts.append(
                    (
                        _v(r, "s"),
                        self.t.relations[_v(r, "p")],
                        _v(r, "o"),
                        prop_iri[_v(r, "k")],
                        _order(v),
                        v,
                    )
                )
        found: dict[tuple[str, str, str], dict[str, Any]] = {}
        for src, quote, s, t, o, inferred in sorted(facts):
            ev = found.setdefault(
                (s, o, t), {"quotes": [], "sources": [], "stated": False, "any": False}
            )
            if quote and quote[1:] not in ev["quotes"]:
                ev["quotes"].append(quote[1:])
            if src and src[1:] not in ev["sources"]:
                ev["sources"].append(src[1:])
            ev["any"] = True
            if not inferred:
                ev["stated"] = True
        for s, t, o, k, _key, v in sorted(amounts, key=lambda a: a[:5]):
            found.setdefault(
                (s, o, t), {"quotes": [], "sources": [], "stated": False, "any": False}
            ).setdefault(k, _py(v))
        out: dict[tuple[str, str, str], dict[str, Any]] = {}
        for edge in wanted:
            props: dict[str, Any] = {k: None for k in EDGE_PROPERTIES}
            props.update({"quotes": [], "sources": [], "inferred": False})
            ev = found.get(edge)
            if ev is not None:
                props.update({k: v for k, v in ev.items() if k in EDGE_PROPERTIES})
                props["quote"] = ev["quotes"][0] if ev["quotes"] else None
                props["inferred"] = ev["any"] and not ev["stated"]
            out[edge] = props
        return out

    def details(self, iri: str) -> EntityDetails:
        from graph.explore import EntityDetails, Relation

        iri = self.resolve(iri)
        node = self._node_rows([iri])[iri]
        props = {
            str(p.iri): p.name
            for p in load_schema().datatype_properties.values()
            if p.name not in ("searchKey",)
        }
        for r in self._rows(f"SELECT ?p ?v WHERE {{ {_iri(iri)} ?p ?v . FILTER(isLiteral(?v)) }}"):
            name = props.get(_v(r, "p"))
            if name:
                node.props.setdefault(name, _py(r["v"]))
        rels = _values(self.t.relations)
        me = _iri(iri)
        rows = self._rows(
            f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {rels} }}
                {{ {me} ?p ?o . BIND({me} AS ?s) BIND(?o AS ?x) }}
                UNION {{ ?s ?p {me} . BIND({me} AS ?o) BIND(?s AS ?x)
                        FILTER(?p NOT IN ({", ".join(f"<{i}>" for i in self._foreign)})
                               || NOT EXISTS {{ ?s a <{_GF}Fact> }}) }}
                FILTER(isIRI(?x))
            }} ORDER BY ?p ?s ?o LIMIT {DETAILS_CAP + 1}"""
        )
        edges = [(_v(r, "s"), _v(r, "o"), self.t.relations[_v(r, "p")]) for r in rows]
        omitted = 0
        if len(edges) > DETAILS_CAP:
            edges = edges[:DETAILS_CAP]
            omitted = self.degrees([iri])[iri] - DETAILS_CAP
        others = self._node_rows([o if s == iri else s for s, o, _t in edges])
        evidence = self.evidence(edges)
        relations: list[Relation] = []
        meta = {"type", "traversable", "quote", "quotes", "sources", "inferred"}
        for s, o, t in edges:
            for direction, other in (("out", o), ("in", s)):
                if (direction == "out" and s != iri) or (direction == "in" and o != iri):
                    continue
                on = others.get(other)
                if on is None:
                    continue
                data = evidence[(s, o, t)]
                relations.append(
                    Relation(
                        direction,
                        t,
                        other,
                        on.name,
                        on.label,
                        bool(data.get("inferred")),
                        list(data.get("quotes") or []),
                        list(data.get("sources") or []),
                        {k: v for k, v in data.items() if k not in meta and v is not None},
                    )
                )
        relations.sort(key=lambda r: (r.type, r.direction, r.other_name))
        kept = {k: v for k, v in node.props.items() if k not in ("name", "name_en", "aliases")}
        return EntityDetails(
            iri,
            node.label,
            node.name,
            str(node.props.get("name_en") or ""),
            list(node.props.get("aliases") or []),
            kept,
            relations,
            omitted_relations=omitted,
        )

    # -- questions, subgraphs, counts ----------------------------------------------------
    def question(
        self, name: str, params: dict[str, str] | None = None, *, engine: str = "auto"
    ) -> QueryResult:
        from graph.questions import run_question

        if engine == "cypher":
            raise GongfuError(
                "the embedded Cypher copy needs the embedded store: on a SPARQL server "
                "the named questions are answered in SPARQL"
            )
        return run_question(self.store, name, params, engine="sparql")  # type: ignore[arg-type]

    def subgraph(self, iris: Iterable[str]) -> PropertyGraph:
        """The property graph of these entities and the edges among them (for exports)."""
        return property_graph(self.store, only=list(iris))  # type: ignore[arg-type]

    def counts(self) -> GraphStats:
        from graph.stats import graph_stats

        return graph_stats(self.store)  # type: ignore[arg-type]
