"""Which part of the graph an export covers: one selection shared by the CLI and the app.

A selection is the focus entities' neighbourhood (as the explorer draws it), the entities a
named question's result names, the path(s) between two entities, or the union of these.
Each becomes a :class:`~graph.traversal.Subgraph` whose ``title`` says, in words, what was
selected, so that a briefing can state its question.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from graph.errors import GongfuError, NotFound
from graph.explore import index_of, paths_between, view_subgraph
from graph.mapping import PropertyGraph, rel_type
from graph.store import GraphStore
from graph.traversal import Subgraph, resolve, subgraph_of
from ontology.schema import load_schema

__all__ = ["induced_subgraph", "merge_subgraphs", "question_iris", "select_subgraph"]


def induced_subgraph(
    g: nx.MultiDiGraph, iris: Iterable[str], focus: Sequence[str] = (), *, title: str = ""
) -> Subgraph:
    """The given nodes and every traversable edge between them.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("a", "b", key="SERVES", traversable=True)
        'SERVES'
        >>> g.add_edge("c", "a", key="MENTIONS", traversable=False)
        'MENTIONS'
        >>> induced_subgraph(g, ["a", "b", "c", "zz"]).edges
        (('a', 'b', 'SERVES'),)
    """
    nodes = tuple(dict.fromkeys(i for i in iris if i in g))
    edges = tuple(
        sorted(
            (u, v, k)
            for u, v, k, d in g.subgraph(nodes).edges(keys=True, data=True)
            if d.get("traversable", True)
        )
    )
    return Subgraph(nodes, edges, tuple(f for f in focus if f in nodes), title=title)


def merge_subgraphs(parts: Sequence[Subgraph]) -> Subgraph:
    """The union of several selections (nodes in first-seen order, titles joined)."""
    nodes: dict[str, None] = {}
    edges: set[tuple[str, str, str]] = set()
    focus: dict[str, None] = {}
    for part in parts:
        nodes.update(dict.fromkeys(part.nodes))
        edges.update(part.edges)
        focus.update(dict.fromkeys(part.focus))
    return Subgraph(
        tuple(nodes),
        tuple(sorted(edges)),
        tuple(focus),
        omitted_nodes=sum(p.omitted_nodes for p in parts),
        title="；".join(p.title for p in parts if p.title),
    )


def question_iris(pg: PropertyGraph, columns: dict[str, str], rows: list[dict]) -> list[str]:
    """The entities a question's rows name: its ``name`` columns hold zh labels."""
    by_name: dict[str, str] = {}
    for iri, node in pg.nodes.items():
        if node.label not in ("Observation", "SourceDocument"):
            by_name.setdefault(node.name, iri)
    found: dict[str, None] = {}
    for row in rows:
        for col, kind in columns.items():
            value = row.get(col)
            if kind == "name" and isinstance(value, str) and value in by_name:
                found[by_name[value]] = None
    return list(found)


def _classes(names: Iterable[str] | None) -> set[str] | None:
    if not names:
        return None
    schema = load_schema()
    out = set()
    for name in names:
        info = schema.class_named(name)
        if info is None:
            raise GongfuError(f"no class named {name!r} (see 'gongfu stats')")
        out.add(info.name)
    return out


def _relations(names: Iterable[str] | None) -> set[str] | None:
    if not names:
        return None
    schema = load_schema()
    known = {rel_type(p) for p in schema.object_properties}
    out = set()
    for name in names:
        if name in known:
            out.add(name)
            continue
        info = schema.relation_named(name)
        if info is None:
            raise GongfuError(f"no relation named {name!r} (see 'gongfu stats')")
        out.add(rel_type(info.name))
    return out


def _name(pg: PropertyGraph, iri: str, lang: str) -> str:
    node = pg.nodes[iri]
    return str(node.props.get("name_en") or node.name) if lang == "en" else node.name


def select_subgraph(
    store: GraphStore,
    *,
    focus: Sequence[str] = (),
    hops: int = 1,
    limit: int = 200,
    classes: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    removed: Iterable[str] | None = None,
    question: str | None = None,
    params: dict[str, str] | None = None,
    path: tuple[str, str] | None = None,
    every_path: bool = False,
    max_hops: int = 6,
    lang: str = "zh",
) -> Subgraph:
    """The subgraph an export covers; several selections give their union.

    Names may be zh / en names, aliases, pinyin, ids or IRIs; classes and relations may be
    local names, relationship types or labels. Filters apply to the focus neighbourhood.

    Raises:
        GongfuError: nothing selected, an unknown class or relation, or no path found.
        NotFound: a name matches no entity, or no such question.
    """
    pg, g, index = index_of(store)
    zh = lang != "en"
    parts: list[Subgraph] = []
    if focus:
        iris = [resolve(g, index, f) for f in focus]
        sub = view_subgraph(
            store,
            iris,
            hops=hops,
            limit=limit,
            classes=_classes(classes),
            relations=_relations(relations),
            removed={resolve(g, index, r) for r in removed or ()},
        )
        names = ("、" if zh else ", ").join(_name(pg, i, lang) for i in iris)
        words = f"焦点：{names}（{hops} 跳）" if zh else f"Focus: {names} ({hops} hops)"
        parts.append(Subgraph(sub.nodes, sub.edges, sub.focus, sub.omitted_nodes, title=words))
    if question:
        parts.append(_question_part(store, pg, g, question, params or {}, limit, zh))
    if path:
        a, b = (resolve(g, index, x) for x in path)
        found = paths_between(store, a, b, max_hops=max_hops, every=every_path)
        if not found:
            raise GongfuError(
                f"no path of at most {max_hops} steps between {path[0]} and {path[1]}"
            )
        sub = subgraph_of(found)
        arrow = f"{_name(pg, a, lang)} → {_name(pg, b, lang)}"
        parts.append(
            Subgraph(
                sub.nodes, sub.edges, (a, b), title=f"路径：{arrow}" if zh else f"Path: {arrow}"
            )
        )
    if not parts:
        raise GongfuError("nothing selected: give focus entities, a question or a path")
    return merge_subgraphs(parts)


def _question_part(
    store: GraphStore,
    pg: PropertyGraph,
    g: nx.MultiDiGraph,
    name: str,
    params: dict[str, str],
    limit: int,
    zh: bool,
) -> Subgraph:
    from graph.questions import load_questions, run_question

    questions = load_questions()
    if name not in questions:
        raise NotFound(f"no question named {name!r}; 'gongfu ask' lists them")
    q = questions[name]
    result = run_question(store, name, params)
    iris = question_iris(pg, q.columns, result.rows)
    given = ", ".join(f"{k}={v}" for k, v in params.items())
    text = q.title_zh if zh else q.title_en
    words = (f"问题：{text}" if zh else f"Question: {text}") + (f" ({given})" if given else "")
    sub = induced_subgraph(g, iris[:limit], title=words)
    return Subgraph(
        sub.nodes, sub.edges, sub.focus, omitted_nodes=max(len(iris) - limit, 0), title=words
    )
