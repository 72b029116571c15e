"""What the CLI and the app ask of the graph, by name: search, details, neighbours, paths.

Each function takes the store, uses the cached projection of its current version, and
returns plain records, so that ``gongfu … --json`` and the app show the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.backends import Backend, backend_for, is_server
from graph.mapping import PropertyGraph
from graph.project_nx import projection
from graph.saved import saved_file
from graph.search import SearchHit, SearchIndex, search_index
from graph.store import GraphStore
from graph.traversal import (
    Path,
    Subgraph,
    all_paths,
    edges_among,
    neighbourhood,
    node_degrees,
    resolve,
    shortest_path,
)
from graph.view import COLLAPSED, DEFAULT_BUDGET, EdgeInfo, NodeInfo, View, fold

__all__ = [
    "EntityDetails",
    "Evidence",
    "Relation",
    "backend_of",
    "edge_evidence",
    "entity_details",
    "export_graph",
    "find",
    "index_of",
    "mentions",
    "neighbour_rows",
    "neighbours",
    "path_rows",
    "paths_between",
    "relation_counts",
    "resolve_entity",
    "strongest_first",
    "subgraph_rows",
    "view_of",
    "view_subgraph",
    "with_nodes",
]


def backend_of(store: GraphStore) -> Backend:
    """The engine behind a store: embedded, a SPARQL server or a Bolt server."""
    return backend_for(store)


def _server(store: GraphStore) -> Backend | None:
    """The backend of a store held by a server; None for the embedded store, which the
    functions below answer from its projection themselves."""
    return backend_for(store) if is_server(store) else None


def resolve_entity(store: GraphStore, name: str) -> str:
    """The IRI an analyst means by ``name`` (IRI, id, or best search hit), on any backend."""
    return backend_for(store).resolve(name)


def export_graph(store: GraphStore, sub: Subgraph) -> tuple[PropertyGraph, nx.MultiDiGraph]:
    """The property graph and projection an export of ``sub`` reads: the cached ones of
    the embedded store, or just the subgraph's entities fetched from a server."""
    server = _server(store)
    if server is None:
        pg, g, _index = index_of(store)
        return pg, g
    from graph.project_nx import to_networkx

    pg = server.subgraph(sub.nodes)
    return pg, to_networkx(pg)


def index_of(store: GraphStore) -> tuple[PropertyGraph, nx.MultiDiGraph, SearchIndex]:
    """The property graph, its networkx projection and its search index (all cached)."""
    pg, g = projection(store)
    # degrees and the file's path only when the index is loaded or built (a new version)
    index = search_index(pg, lambda: node_degrees(g), saved=lambda: saved_file(store, "search"))
    return pg, g, index


def view_graph(store: GraphStore, iris: Iterable[str]) -> tuple[PropertyGraph, nx.MultiDiGraph]:
    """What a view of these entities needs to draw them (their names, classes, properties
    and the edges among them): the cached projection of the embedded store, or on a
    server just these entities, asked for in one bounded query."""
    if server := _server(store):
        from graph.project_nx import to_networkx

        pg = server.subgraph(list(dict.fromkeys(iris)))
        return pg, to_networkx(pg)
    pg, g, _index = index_of(store)
    return pg, g


def find(
    store: GraphStore, text: str, *, limit: int = 20, classes: set[str] | None = None
) -> list[SearchHit]:
    """Search entities by zh / en name, alias or pinyin (empty when nothing matches well)."""
    if server := _server(store):
        return server.search(text, limit=limit, classes=classes)
    _pg, _g, index = index_of(store)
    return index.search(text, limit=limit, classes=classes)


@dataclass(frozen=True)
class Relation:
    """One edge seen from an entity: direction, type, the other end, and the evidence."""

    direction: str  # out | in
    type: str
    other: str
    other_name: str
    other_label: str
    inferred: bool
    quotes: list[str]
    sources: list[str]
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EntityDetails:
    iri: str
    label: str
    name: str
    name_en: str
    aliases: list[str]
    props: dict[str, Any]
    relations: list[Relation]
    #: links of a hub left out of ``relations`` by a server backend's cap
    omitted_relations: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_EDGE_META = {"type", "traversable", "quote", "quotes", "sources", "inferred"}


def entity_details(store: GraphStore, name: str) -> EntityDetails:
    """Every property and relation of an entity, each relation with its quotes and sources."""
    if server := _server(store):
        return server.details(name)
    pg, g, index = index_of(store)
    iri = resolve(g, index, name)
    node = pg.nodes[iri]
    rels: list[Relation] = []
    for direction, edges in (
        ("out", g.out_edges(iri, keys=True, data=True)),
        ("in", g.in_edges(iri, keys=True, data=True)),
    ):
        for u, v, k, data in edges:
            other = v if direction == "out" else u
            on = pg.nodes[other]
            rels.append(
                Relation(
                    direction,
                    k,
                    other,
                    on.name,
                    on.label,
                    bool(data.get("inferred")),
                    list(data.get("quotes") or []),
                    list(data.get("sources") or []),
                    {
                        key: val
                        for key, val in data.items()
                        if key not in _EDGE_META and val is not None
                    },
                )
            )
    rels.sort(key=lambda r: (r.type, r.direction, r.other_name))
    props = {k: v for k, v in node.props.items() if k not in ("name", "name_en", "aliases")}
    return EntityDetails(
        iri,
        node.label,
        node.name,
        str(node.props.get("name_en") or ""),
        list(node.props.get("aliases") or []),
        props,
        rels,
    )


def neighbours(
    store: GraphStore,
    name: str,
    *,
    hops: int = 1,
    limit: int = 200,
    classes: set[str] | None = None,
    relations: set[str] | None = None,
    with_edges: bool = True,
    focus_edges_only: bool = False,
) -> Subgraph:
    """The k-hop neighbourhood of the entity ``name`` (capped; see traversal.neighbourhood).

    ``focus_edges_only`` keeps just the edges that touch the focus (what ``neighbors``
    shows at one hop: the focus's own links, not those among its neighbours).
    """
    if server := _server(store):
        sub = server.neighbourhood(
            server.resolve(name),
            hops=hops,
            limit=limit,
            classes=classes,
            relations=relations,
            with_edges=with_edges,
        )
    else:
        _pg, g = projection(store)
        sub = neighbourhood(
            g,
            _iri_of(store, g, name),
            hops=hops,
            limit=limit,
            classes=classes,
            relations=relations,
            with_edges=with_edges,
        )
    if not focus_edges_only:
        return sub
    focus = set(sub.focus)
    edges = tuple(e for e in sub.edges if e[0] in focus or e[1] in focus)
    return Subgraph(sub.nodes, edges, sub.focus, sub.omitted_nodes, sub.title)


def neighbour_rows(
    store: GraphStore, name: str, *, hops: int = 1, limit: int = 200
) -> list[tuple[str, str, str]]:
    """The capped neighbourhood as (IRI, name, class) rows, nearest and best connected
    first: what a lookup needs before any edge is drawn."""
    if server := _server(store):
        sub = server.neighbourhood(server.resolve(name), hops=hops, limit=limit, with_edges=False)
        info = server.nodes(sub.nodes, degrees=False)
        return [(n, info[n].name, info[n].label) for n in sub.nodes]
    _pg, g = projection(store)
    attrs = g.nodes
    # Node.name's rule written out: a call per node costs a tenth of a hub's lookup
    return [
        (n, attrs[n].get("name") or attrs[n].get("name_en") or n, attrs[n]["label"])
        for n in neighbourhood(
            g, _iri_of(store, g, name), hops=hops, limit=limit, with_edges=False
        ).nodes
    ]


def _iri_of(store: GraphStore, g: nx.MultiDiGraph, name: str) -> str:
    """An IRI as it is; any other name through the search index (built only then)."""
    return name if name in g else resolve(g, index_of(store)[2], name)


def paths_between(
    store: GraphStore, a: str, b: str, *, max_hops: int = 6, every: bool = False, limit: int = 50
) -> list[Path]:
    """The shortest path between two entities, or every simple path up to ``max_hops``."""
    if server := _server(store):
        src, dst = server.resolve(a), server.resolve(b)
        if every:
            return server.all_paths(src, dst, max_hops=max_hops, limit=limit)
        found = server.shortest_path(src, dst, max_hops=max_hops)
        return [found] if found else []
    _pg, g, index = index_of(store)
    src, dst = resolve(g, index, a), resolve(g, index, b)
    if every:
        return all_paths(g, src, dst, max_hops=max_hops, limit=limit)
    path = shortest_path(g, src, dst, max_hops=max_hops)
    return [path] if path else []


def subgraph_rows(
    store: GraphStore, sub: Subgraph, *, evidence: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A subgraph as node rows and edge rows (names, classes, evidence) for printing.

    With ``evidence``, each node row also carries its own datatype properties (``props``),
    each edge row every quote behind it (``evidence``, strongest first, see
    ``strongest_first``) with ``quote`` the strongest, and an edge of a figure its value,
    year, kind, unit, source and quote (``observation``).
    """
    if server := _server(store):
        return _server_subgraph_rows(store, server, sub, evidence=evidence)
    pg, g, _index = index_of(store)
    hop = dict.fromkeys(sub.focus, 0)
    nodes = [
        {
            "iri": n,
            "name": pg.nodes[n].name,
            "name_en": pg.nodes[n].props.get("name_en"),
            "class": pg.nodes[n].label,
            "focus": n in hop,
            "degree": g.degree(n),
        }
        for n in sub.nodes
    ]
    if evidence:
        for row in nodes:
            row["aliases"] = list(pg.nodes[row["iri"]].props.get("aliases") or [])
            row["props"] = entity_properties(pg.nodes[row["iri"]].props)
    found = edge_evidence(store, sub.edges) if evidence else {}
    edges = []
    for u, v, k in sub.edges:
        data = g.edges[u, v, k]
        row = {
            "source": pg.nodes[u].name,
            "relation": k,
            "target": pg.nodes[v].name,
            "inferred": bool(data.get("inferred")),
            "quote": data.get("quote"),
            "sources": list(data.get("sources") or []),
            "source_iri": u,
            "target_iri": v,
        }
        if evidence:
            items = found.get((u, v, k), [])
            obs = next((n for n in (u, v) if pg.nodes[n].label == "Observation"), None)
            if obs is not None:
                out = [(t, pg.nodes[w].name) for _o, w, t in g.out_edges(obs, keys=True)]
                _with_evidence(row, items, _figure(pg.nodes[obs].props, out))
            else:
                _with_evidence(row, items, None)
        edges.append(row)
    return nodes, edges


def _with_evidence(
    row: dict[str, Any], items: list[Evidence], figure: dict[str, Any] | None
) -> None:
    """An edge row's ``evidence`` (and ``observation`` on an edge of a figure, whose own
    quote is then its evidence); ``quote`` becomes the strongest."""
    if figure is not None:
        row["observation"] = figure
        if figure.get("quote"):
            items = [Evidence(figure["quote"], figure.get("source") or "", False, True)]
    row["evidence"] = [asdict(e) for e in items]
    if items:
        row["quote"] = items[0].quote


# ---------------------------------------------------------------------------------------------
# The evidence behind edges: every fact's quotes, the strongest first
# ---------------------------------------------------------------------------------------------

_NODE_BASE = {"iri", "id", "name", "name_en", "aliases"}


def entity_properties(props: dict[str, Any]) -> dict[str, Any]:
    """An entity's own datatype properties (a date, a kind, a code …), names left out."""
    return {k: v for k, v in props.items() if k not in _NODE_BASE and v not in (None, "", [])}


@dataclass(frozen=True)
class Evidence:
    """One quote behind an edge: its file, whether the fact is the curator's reading,
    whether the sentence names both ends, and the fact's note and figures."""

    quote: str
    source: str
    inferred: bool
    names_both: bool = False
    note_zh: str = ""
    note_en: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    fact: str = ""  # the Fact's IRI: quotes of one fact share its note and figures


def strongest_first(items: Iterable[Evidence]) -> list[Evidence]:
    """Stated before inferred, then a quote that names both ends, then the longer quote.

    Example:
        >>> [e.quote for e in strongest_first([Evidence("ab", "f", True), Evidence("a", "f", False)])]
        ['a', 'ab']
    """
    return sorted(items, key=lambda e: (e.inferred, not e.names_both, -len(e.quote), e.quote))


_FACT_PROPS = ("amount", "cap", "share", "unit", "post", "role")
_GF = "https://gongfu-graph.org/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def edge_evidence(
    store: GraphStore,
    edges: Iterable[tuple[str, str, str]],
    pg: PropertyGraph | None = None,
) -> dict[tuple[str, str, str], list[Evidence]]:
    """Every quote of every fact behind the given edges ``(source IRI, target IRI, type)``
    (a Subgraph's edges), strongest first, keyed by the edge. One query for all the edges,
    bounded by them."""
    from graph.mapping import rel_type
    from ontology.schema import load_schema

    props = {rel_type(p.name): str(p.iri) for p in load_schema().object_properties.values()}
    wanted = sorted({e for e in edges if e[2] in props})
    if not wanted:
        return {}
    if pg is None:
        pg, _g, _index = index_of(store)
    rows = " ".join(f"(<{s}> <{props[k]}> <{o}>)" for s, o, k in wanted)
    extra = " ".join(f"OPTIONAL {{ ?f <{_GF}{name}> ?{name} }}" for name in _FACT_PROPS)
    query = f"""SELECT ?s ?p ?o ?f ?q ?src ?inf ?note {" ".join("?" + n for n in _FACT_PROPS)}
    WHERE {{ VALUES (?s ?p ?o) {{ {rows} }}
      ?f <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; a <{_GF}Fact> ;
         <{_GF}quote> ?q .
      OPTIONAL {{ ?f <{_GF}sourceFile> ?src }} OPTIONAL {{ ?f <{_GF}inferred> ?inf }}
      OPTIONAL {{ ?f <{_GF}note> ?note }} {extra} }}"""
    type_of = {v: k for k, v in props.items()}
    facts: dict[tuple[str, str], dict[str, Any]] = {}
    for row in store.query(query):
        key = (row["s"].value, row["o"].value, type_of[row["p"].value])
        fact = facts.setdefault(
            (row["f"].value, row["q"].value),
            {
                "edge": key,
                "iri": row["f"].value,
                "quote": row["q"].value,
                "source": row["src"].value if row["src"] is not None else "",
                "inferred": row["inf"] is not None and row["inf"].value in ("true", "1"),
                "notes": {},
                "props": {},
            },
        )
        note = row["note"]
        if isinstance(note, ox.Literal):
            fact["notes"].setdefault(note.language or "", note.value)
        for name in _FACT_PROPS:
            value = row[name]
            if value is not None:
                fact["props"][name] = _plain(value)
    found: dict[tuple[str, str, str], list[Evidence]] = {}
    for fact in facts.values():
        s, o, _k = fact["edge"]
        notes = fact["notes"]
        found.setdefault(fact["edge"], []).append(
            Evidence(
                fact["quote"],
                fact["source"],
                fact["inferred"],
                _names(pg.nodes[s].props, fact["quote"])
                and _names(pg.nodes[o].props, fact["quote"]),
                notes.get("zh", ""),
                notes.get("en", notes.get("", "")),
                fact["props"],
                fact["iri"],
            )
        )
    return {key: strongest_first(items) for key, items in found.items()}


def _plain(term: ox.Term) -> Any:
    if isinstance(term, ox.Literal) and term.datatype.value.endswith(("decimal", "integer")):
        number = float(term.value)
        return int(number) if number.is_integer() else number
    return term.value


def _names(props: dict[str, Any], quote: str) -> bool:
    """Whether the quote names the entity by its zh or en name or an alias."""
    text = "".join(quote.split()).casefold()
    names = [props.get("name"), props.get("name_en"), *(props.get("aliases") or [])]
    return any(n and "".join(str(n).split()).casefold() in text for n in names)


def _figure(props: dict[str, Any], out: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A figure (Observation) as the value, year, kind, unit, source and quote it records
    (``props``), with the indicator it measures and the scope it is about (among ``out``,
    its outgoing edges as relationship type and the other end's name)."""
    shown: dict[str, Any] = {
        "value": props.get("value"),
        "year": props.get("year"),
        "kind": props.get("valueKind"),
        "unit": props.get("unit"),
        "comparator": props.get("comparator"),
        "source": props.get("sourceFile"),
        "quote": props.get("quote"),
        "table_category": props.get("tableCategory"),
    }
    for k, name in out:
        if k in ("MEASURES", "SCOPE"):
            shown["indicator" if k == "MEASURES" else "scope"] = name
    return {k: v for k, v in shown.items() if v is not None}


def path_rows(
    store: GraphStore, paths: list[Path], *, relation: Callable[[str], str] | None = None
) -> list[dict[str, Any]]:
    """Paths as rows: length, the names along the way, and each step with its relation,
    read from the start (``A -[SERVES]-> B``, or ``B <-[HOSTS]- C`` against an edge);
    ``relation`` names a relationship type (its label in a language) if given."""
    if server := _server(store):
        info = server.nodes({n for p in paths for n in p.nodes}, degrees=False)
        return _path_rows(paths, lambda n: info[n].name if n in info else n, relation)
    pg, _g, _index = index_of(store)
    rows = []
    for i, path in enumerate(paths, 1):
        steps = []
        for s in path.steps:
            a, b = pg.nodes[s.source].name, pg.nodes[s.target].name
            rel = relation(s.type) if relation else s.type
            steps.append(f"{a} -[{rel}]-> {b}" if s.forward else f"{b} <-[{rel}]- {a}")
        rows.append(
            {
                "path": i,
                "length": len(path),
                "nodes": [pg.nodes[n].name for n in path.nodes],
                "steps": steps,
                "iris": list(path.nodes),
            }
        )
    return rows


def view_subgraph(
    store: GraphStore,
    focus: list[str],
    *,
    hops: int = 1,
    limit: int = 150,
    classes: set[str] | None = None,
    relations: set[str] | None = None,
    removed: set[str] | None = None,
) -> Subgraph:
    """The explorer's view: the first focus's ``hops``-neighbourhood, one hop around each
    node expanded since, less the nodes removed; capped at ``limit`` nodes in all.

    The focus nodes themselves always stay, whatever the class filter says; the filter
    itself is not widened by their classes (choosing 企业 shows enterprises only).
    """
    if server := _server(store):
        return _server_view(server, focus, hops, limit, classes, relations, removed or set())
    _pg, g, _index = index_of(store)
    removed = removed or set()
    kept: dict[str, None] = {}
    omitted = 0
    for i, iri in enumerate(f for f in focus if f in g and f not in removed):
        room = max(limit - len(kept), 1)
        sub = neighbourhood(
            g,
            iri,
            hops=hops if i == 0 else 1,
            limit=room,
            classes=classes,
            relations=relations,
            with_edges=False,  # gathered once below, among all the nodes kept
        )
        omitted += sub.omitted_nodes
        kept.update(dict.fromkeys(n for n in sub.nodes if n not in removed))
    nodes = tuple(kept)
    edges = edges_among(g, nodes, relations=relations)
    return Subgraph(nodes, edges, tuple(f for f in focus if f in kept), omitted_nodes=omitted)


# -- what a canvas draws (graph/view.py folds and places it) ---------------------------------

_HINT_PROPS = ("kind", "status", "post", "category", "unit", "year", "value", "valueKind")


def view_of(
    pg: PropertyGraph,
    g: nx.MultiDiGraph,
    sub: Subgraph,
    *,
    lang: str = "zh",
    budget: int = DEFAULT_BUDGET,
    shown: Iterable[str] = (),
    refined: Iterable[str] = (),
    collapsed: Iterable[str] = COLLAPSED,
    roots: Iterable[str] | None = None,
    words: tuple[str, str] | None = None,
) -> View:
    """A subgraph as a canvas draws it: names, classes and relations in the language,
    evidence on hover, and clusters past the budget (see ``graph.view.fold``). ``words``
    are the interface's words for "inferred" and for a cluster of several classes."""
    from graph.export.html import class_label, relation_label

    info: dict[str, NodeInfo] = {}
    for n in sub.nodes:
        node = pg.nodes[n]
        zh, en = node.name, str(node.props.get("name_en") or "")
        name = en if lang == "en" and en else zh
        other = zh if name == en else en
        extra = [
            f"{k}: {node.props[k]}" for k in _HINT_PROPS if node.props.get(k) not in (None, "")
        ]
        info[n] = NodeInfo(
            name, node.label, class_label(node.label, lang), "\n".join([other, *extra]).strip()
        )
    # the interface's words for "inferred" and for a cluster of mixed classes
    inferred_word, more = words or (("推断", "更多") if lang == "zh" else ("inferred", "more"))

    def edge(u: str, v: str, k: str) -> EdgeInfo:
        data = g.edges[u, v, k]
        label = relation_label(k, lang)
        inferred = bool(data.get("inferred"))
        quotes = list(data.get("quotes") or [])
        hint = f"{label}{f' ({inferred_word})' if inferred else ''}"
        if quotes:
            hint += f"\n“{quotes[0]}”\n{', '.join(data.get('sources') or [])}"
        return EdgeInfo(label, inferred, hint)

    return fold(
        sub,
        info,
        edge,
        relation_label=lambda k: relation_label(k, lang),
        budget=budget,
        shown=shown,
        refined=refined,
        collapsed=collapsed,
        roots=None if roots is None else tuple(roots),
        more=more,
    )


def with_nodes(store: GraphStore, sub: Subgraph, extra: Iterable[str]) -> Subgraph:
    """``sub`` with more nodes, and every traversable edge among them all."""
    if server := _server(store):
        more = [n for n in dict.fromkeys(extra) if n not in set(sub.nodes)]
        found = server.nodes(more, degrees=False) if more else {}
        if not found:
            return sub
        nodes = (*sub.nodes, *(n for n in more if n in found))
        return Subgraph(nodes, server.edges_among(nodes), sub.focus, sub.omitted_nodes, sub.title)
    _pg, g, _index = index_of(store)
    nodes = tuple(dict.fromkeys([*sub.nodes, *(n for n in extra if n in g)]))
    if len(nodes) == len(sub.nodes):
        return sub
    return Subgraph(nodes, edges_among(g, nodes), sub.focus, sub.omitted_nodes, sub.title)


def relation_counts(
    store: GraphStore, iris: Iterable[str]
) -> dict[str, list[tuple[str, str, int]]]:
    """Per entity, how many neighbours it has over each relation and direction
    (``(type, "out" | "in", count)``, most first): what "expand by relation" offers,
    the documents that mention it included."""
    if server := _server(store):
        return server.relation_counts(iris)
    _pg, g, _index = index_of(store)
    found: dict[str, list[tuple[str, str, int]]] = {}
    for n in iris:
        if n not in g:
            continue
        count: dict[tuple[str, str], set[str]] = {}
        for direction, adjacency in (("out", g._succ[n]), ("in", g._pred[n])):
            for m, keyed in adjacency.items():
                for k, data in keyed.items():
                    if data.get("traversable", True) or k == "MENTIONS":
                        count.setdefault((k, direction), set()).add(m)
        found[n] = sorted(
            ((k, d, len(ms)) for (k, d), ms in count.items()), key=lambda t: (-t[2], t[0], t[1])
        )
    return found


def mentions(store: GraphStore, iris: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    """The provenance edges at the given entities (a source document mentions one), which
    neighbourhoods leave out: a canvas draws them when asked to."""
    if server := _server(store):
        return server.mentions(iris)
    _pg, g, _index = index_of(store)
    found: set[tuple[str, str, str]] = set()
    for n in iris:
        if n in g:
            found.update((u, n, k) for u, _v, k in g.in_edges(n, keys=True) if k == "MENTIONS")
            found.update((n, v, k) for _u, v, k in g.out_edges(n, keys=True) if k == "MENTIONS")
    return tuple(sorted(found))


# ---------------------------------------------------------------------------------------------
# The same answers from a server backend (graph/backends/): bounded queries, no projection
# ---------------------------------------------------------------------------------------------


def _server_subgraph_rows(
    store: GraphStore, server: Backend, sub: Subgraph, *, evidence: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    info = server.nodes(sub.nodes)
    hop = set(sub.focus)
    nodes = [
        {
            "iri": n,
            "name": info[n].name,
            "name_en": info[n].name_en or None,
            "class": info[n].label,
            "focus": n in hop,
            "degree": info[n].degree,
        }
        for n in sub.nodes
        if n in info
    ]
    summary = server.evidence(sub.edges)
    pg = server.subgraph(sub.nodes) if evidence else None
    if pg is not None:
        for row in nodes:
            props = pg.nodes[row["iri"]].props if row["iri"] in pg.nodes else {}
            row["aliases"] = list(props.get("aliases") or [])
            row["props"] = entity_properties(props)
    if pg is None:
        found: dict[tuple[str, str, str], list[Evidence]] = {}
    elif hasattr(store, "query"):  # an RDF server keeps every fact with its quotes
        found = edge_evidence(store, sub.edges, pg)
    else:  # a Bolt projection keeps an edge's quotes and sources, not its facts
        found = {e: _projected_evidence(pg, e, summary[e]) for e in sub.edges}
    outgoing: dict[str, list[tuple[str, str]]] = {}
    edges = []
    for u, v, k in sub.edges:
        data = summary[(u, v, k)]
        row = {
            "source": info[u].name,
            "relation": k,
            "target": info[v].name,
            "inferred": bool(data.get("inferred")),
            "quote": data.get("quote"),
            "sources": list(data.get("sources") or []),
            "source_iri": u,
            "target_iri": v,
        }
        if pg is not None:
            obs = next((n for n in (u, v) if info[n].label == "Observation"), None)
            figure = None
            if obs is not None:
                if obs not in outgoing:  # a figure's links, asked once however many edges
                    outgoing[obs] = [
                        (r.type, r.other_name)
                        for r in server.details(obs).relations
                        if r.direction == "out"
                    ]
                figure = _figure(pg.nodes[obs].props, outgoing[obs])
            _with_evidence(row, found.get((u, v, k), []), figure)
        edges.append(row)
    return nodes, edges


def _projected_evidence(
    pg: PropertyGraph, edge: tuple[str, str, str], data: dict[str, Any]
) -> list[Evidence]:
    """An edge's quotes as a property-graph projection keeps them (on the edge, without
    their facts): each with the edge's one source where it has one, strongest first."""
    s, o, _k = edge
    sources = list(data.get("sources") or [])
    return strongest_first(
        Evidence(
            str(q),
            sources[0] if len(sources) == 1 else "",
            bool(data.get("inferred")),
            s in pg.nodes
            and o in pg.nodes
            and _names(pg.nodes[s].props, str(q))
            and _names(pg.nodes[o].props, str(q)),
        )
        for q in data.get("quotes") or []
    )


def _path_rows(
    paths: list[Path], name: Any, relation: Callable[[str], str] | None = None
) -> list[dict[str, Any]]:
    rows = []
    for i, path in enumerate(paths, 1):
        steps = []
        for s in path.steps:
            a, b = name(s.source), name(s.target)
            rel = relation(s.type) if relation else s.type
            steps.append(f"{a} -[{rel}]-> {b}" if s.forward else f"{b} <-[{rel}]- {a}")
        rows.append(
            {
                "path": i,
                "length": len(path),
                "nodes": [name(n) for n in path.nodes],
                "steps": steps,
                "iris": list(path.nodes),
            }
        )
    return rows


def _server_view(
    server: Backend,
    focus: list[str],
    hops: int,
    limit: int,
    classes: set[str] | None,
    relations: set[str] | None,
    removed: set[str],
) -> Subgraph:
    """``view_subgraph``'s walk, each neighbourhood a bounded query on the server."""
    info = server.nodes([f for f in focus if f not in removed], degrees=False)
    kept: dict[str, None] = {}
    omitted = 0
    for i, iri in enumerate(f for f in focus if f in info and f not in removed):
        room = max(limit - len(kept), 1)
        sub = server.neighbourhood(
            iri,
            hops=hops if i == 0 else 1,
            limit=room,
            classes=classes,
            relations=relations,
            with_edges=False,
        )
        omitted += sub.omitted_nodes
        kept.update(dict.fromkeys(n for n in sub.nodes if n not in removed))
    nodes = tuple(kept)
    edges = server.edges_among(nodes, relations=relations)
    return Subgraph(nodes, edges, tuple(f for f in focus if f in kept), omitted_nodes=omitted)
