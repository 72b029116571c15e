"""Query: SPARQL and Cypher editors with the named questions as examples (read-only).

The editor (streamlit-code-editor: Ace, bundled in the package, no CDN) highlights the
syntax, numbers the lines and runs the query on Ctrl+Enter; the last queries of the
session can be reopened. Results show IRIs by their prefixed names with the entities'
labels beside them, and the graph draws exactly the entities and links the result holds.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import streamlit as st
from code_editor import code_editor

from graph.errors import QueryError, QuerySyntaxError
from graph.project_cypher import plain_rows, run_cypher
from graph.query import PREFIXES, run_sparql
from graph.questions import example_text, load_questions
from graph.traversal import Subgraph
from ui.components import draw_subgraph, rows_table
from ui.i18n import column, lang, t
from ui.state import guard, labels_of, on_server, store, view

_ID = PREFIXES["gfid"]
HISTORY = 10  # queries kept per editor in the session
#: Ace has no Cypher mode; SQL's highlights its keywords, strings, numbers and comments
_ACE_MODE = {"sparql": "sparql", "cypher": "sql"}


def _neo4j_uri() -> str:
    """The Neo4j the app may query instead of the embedded engine (GONGFU_NEO4J_URI)."""
    return os.environ.get("GONGFU_NEO4J_URI", "")


def prefixed(value: str) -> str:
    """An IRI by its prefixed name (``gfid:inspur-yunzhou``, ``gf:serves``) where a
    predefined prefix covers it; anything else as it is."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if value.startswith(namespace):
            local = value[len(namespace) :]
            if local and all(ch.isalnum() or ch in "-_." for ch in local):
                return f"{prefix}:{local}"
    return value


def readable(columns: list[str], rows: list[dict[str, Any]]) -> tuple[list[str], list[dict]]:
    """Rows with IRIs as prefixed names and, after each column that holds entities, a
    column of their labels in the session's language."""

    def iris(part: list[dict[str, Any]], cols: Any) -> set[str]:
        return {
            v for r in part for c in cols if isinstance(v := r.get(c), str) and v.startswith("http")
        }

    seen = labels_of(iris(rows[:500], columns))
    entity_columns = {
        c for c in columns if any(isinstance(r.get(c), str) and r[c] in seen for r in rows[:500])
    }
    names = {**seen, **labels_of(iris(rows[500:], entity_columns) - set(seen))}
    english = lang() == "en"

    def _label(iri: str) -> str:
        if iri not in names:
            return ""
        zh, en, _cls = names[iri]
        return en or zh if english else zh

    out_columns: list[str] = []
    for c in columns:
        out_columns.append(c)
        if c in entity_columns:
            out_columns.append(f"{c} · {column('name')}")
    out_rows = []
    for r in rows:
        row: dict[str, Any] = {}
        for c in columns:
            v = r.get(c)
            row[c] = prefixed(v) if isinstance(v, str) and v.startswith("http") else v
            if c in entity_columns:
                row[f"{c} · {column('name')}"] = _label(v) if isinstance(v, str) else None
        out_rows.append(row)
    return out_columns, out_rows


def returned_subgraph(rows: list[dict[str, Any]]) -> Subgraph:
    """Exactly what a result holds: its entities, and the links it returned — a row's
    relation (SPARQL) between that row's entities, or a relationship (Cypher) between
    nodes the result returned. Nothing the query did not return is drawn."""
    from graph.mapping import rel_type

    nodes: dict[str, None] = {}
    edges: dict[tuple[str, str, str], None] = {}
    ids: dict[str, str] = {}  # a Cypher node's internal id → its IRI
    rels: list[dict] = []

    def walk(value: Any, found: list[str], relations: list[str]) -> None:
        if isinstance(value, dict):
            if "_SRC" in value and "_DST" in value:
                rels.append(value)
            elif isinstance(value.get("iri"), str):
                if "_ID" in value:
                    ids[str(value["_ID"])] = value["iri"]
                found.append(value["iri"])
            for v in value.values():
                if isinstance(v, list | dict):
                    walk(v, found, relations)
        elif isinstance(value, list):
            for v in value:
                walk(v, found, relations)
        elif isinstance(value, str) and value.startswith("http"):
            local = value.rsplit("#", 1)[-1]
            if value.startswith(PREFIXES["gf"]) and local[:1].islower():
                relations.append(rel_type(local))
            else:
                found.append(value)

    walked = []
    for row in rows:
        found: list[str] = []
        relations: list[str] = []
        walk(list(row.values()), found, relations)
        walked.append((found, relations))
    # what the result names, looked up once: bounded by the result, on any backend
    pg, g = view({n for found, _r in walked for n in found})
    for found, relations in walked:
        found = [n for n in found if n in pg.nodes]
        nodes.update(dict.fromkeys(found))
        for a in found:
            for b in found:
                for r in relations:
                    if a != b and g.has_edge(a, b, r):
                        edges[(a, b, r)] = None
    for rel in rels:
        a, b = ids.get(str(rel["_SRC"])), ids.get(str(rel["_DST"]))
        k = str(rel.get("_LABEL"))
        if a and b and g.has_edge(a, b, k):
            edges[(a, b, k)] = None
    return Subgraph(tuple(nodes), tuple(edges), ())


def _is_update(text: str) -> bool:
    """Whether the text parses as a SPARQL update and not as a query (rdflib's parser)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    try:
        parseQuery(prologue + text)
        return False
    except Exception:
        pass
    try:
        parseUpdate(prologue + text)
        return True
    except Exception:
        return False


def _remember(engine: str, text: str) -> None:
    history = [q for q in st.session_state.get(f"{engine}_history", []) if q != text]
    st.session_state[f"{engine}_history"] = [text, *history][:HISTORY]


def _set_text(engine: str, text: str) -> None:
    """Put a text in the editor (a new editor instance, so that it shows it)."""
    st.session_state[f"{engine}_text"] = text
    st.session_state[f"{engine}_editor_n"] = st.session_state.get(f"{engine}_editor_n", 0) + 1


def _editor(engine: str) -> None:
    questions = load_questions()
    names = list(questions)
    language = lang()
    example = st.selectbox(
        t("example"),
        names,
        key=f"{engine}_example",
        format_func=lambda n: questions[n].title_zh if language == "zh" else questions[n].title_en,
    )
    if st.session_state.get(f"{engine}_loaded") != example:
        _set_text(engine, example_text(example, engine, server=on_server()))
        st.session_state[f"{engine}_loaded"] = example
    history = st.session_state.get(f"{engine}_history", [])
    if history:
        cols = st.columns([5, 1], vertical_alignment="bottom")
        again = cols[0].selectbox(
            t("recent"),
            range(len(history)),
            format_func=lambda i: " ".join(history[i].split())[:120],
            key=f"{engine}_recent",
        )
        if cols[1].button(t("reopen"), key=f"{engine}_reopen"):
            _set_text(engine, history[again])
    if engine == "cypher" and _neo4j_uri():
        engines = {"embedded": t("engine_embedded"), "neo4j": f"Neo4j · {_neo4j_uri()}"}
        st.radio(
            t("engine"),
            list(engines),
            horizontal=True,
            key="cypher_engine",
            format_func=engines.__getitem__,
        )
    text = st.session_state[f"{engine}_text"]
    response = code_editor(
        text,
        lang=_ACE_MODE[engine],
        height=[10, 30],
        response_mode=["blur"],  # and Ctrl+Enter, which submits
        options={"showLineNumbers": True, "wrap": False, "tabSize": 2},
        # the package's own themes import a web font from a CDN: a bundled Ace theme instead
        props={"theme": "github"},
        buttons=[
            {
                "name": t("run"),
                "feather": "Play",
                "primary": True,
                "hasText": True,
                "showWithIcon": True,
                "commands": ["submit"],
                "style": {"bottom": "0.44rem", "right": "0.4rem"},
            }
        ],
        key=f"{engine}_editor_{st.session_state.get(f'{engine}_editor_n', 0)}",
    )
    st.caption(t("editor_help"))
    run = st.button(t("run"), key=f"{engine}_run", type="primary")
    if response and response.get("id") and response["id"] != st.session_state.get(f"{engine}_seen"):
        st.session_state[f"{engine}_seen"] = response["id"]
        if response.get("text"):
            st.session_state[f"{engine}_text"] = text = response["text"]
        run = run or response.get("type") == "submit"
    if run:
        st.session_state[f"{engine}_ran"] = text
        _remember(engine, text)
    ran = st.session_state.get(f"{engine}_ran")
    if ran:
        _results(engine, ran)


def _results(engine: str, ran: str) -> None:
    if engine == "sparql" and _is_update(ran):
        st.error(t("query_read_only"))
        return
    try:
        if engine == "sparql":
            result = run_sparql(store(), ran, timeout=20, row_limit=5000)
            raw_rows = result.rows
        elif _neo4j_uri() and st.session_state.get("cypher_engine") == "neo4j":
            from graph.neo4j_bolt import neo4j_credentials, run_neo4j

            auth = neo4j_credentials()
            result = run_neo4j(_neo4j_uri(), ran, auth=auth, timeout=20, row_limit=5000)
            raw_rows = run_neo4j(
                _neo4j_uri(), ran, auth=auth, timeout=20, row_limit=5000, raw=True
            ).rows
            raw_rows = [
                {k: (dict(v) if hasattr(v, "items") else v) for k, v in r.items()} for r in raw_rows
            ]
        else:
            raw = run_cypher(store(), ran, timeout=20, row_limit=5000, raw=True)
            raw_rows = raw.rows  # run once: the table shows them plain
            result = dataclasses.replace(raw, rows=plain_rows(raw.rows))
    except QueryError as exc:
        detail = str(exc)
        if "time limit" in detail:
            st.error(t("query_timeout", s=20))
        elif "refused" in detail:
            st.error(t("query_refused"))
            st.caption(f"{t('technical_detail')}: {detail}")
        else:
            st.error(t("query_error"))
            caret = exc.caret if isinstance(exc, QuerySyntaxError) else ""
            st.code(f"{detail}\n\n{caret}" if caret else detail, language=None)
        return
    if result.kind == "update":
        st.info(t("update_applied"))
        return
    if result.truncated:
        st.info(t("truncated", n=len(result.rows)))
    columns, rows = readable(result.columns, result.rows)
    rows_table(columns, rows, key=engine, file=f"{engine}.csv")
    sub = returned_subgraph(raw_rows)
    if len(sub.nodes) >= 2:
        st.caption(t("graph_of_result"))
        draw_subgraph(sub, title=engine.upper(), key=f"query-{engine}")


@st.cache_resource(show_spinner=False)
def _sandbox_ready() -> bool:
    """Start the process that forks the query sandboxes once, when the page first opens,
    so that the first query does not wait for its imports."""
    from graph.sandbox import warm_up

    warm_up()
    return True


def page() -> None:
    st.title(t("query"))
    if not on_server():
        _sandbox_ready()
    tab_sparql, tab_cypher = st.tabs(["SPARQL", "Cypher"])
    with tab_sparql:
        guard(lambda: _editor("sparql"))
    with tab_cypher:
        guard(lambda: _editor("cypher"))


guard(page)
