"""Cached resources shared by every page: the store handle and its projections.

The store is opened once per process (``st.cache_resource``); the property graph, the
networkx projection and the search index are cached per data version inside ``graph/``,
so a rerun never rebuilds them and a new load is picked up without a restart.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx
import streamlit as st

from graph.backends import backend_for, is_server
from graph.backends.base import terms
from graph.errors import GongfuError, LoadError, NotFound, QueryError, StoreBusy, StoreMissing
from graph.evidence_search import SourceDocument, source_documents
from graph.explore import index_of, view_graph
from graph.mapping import PropertyGraph
from graph.remote import RemoteStore
from graph.search import SearchIndex
from graph.store import GraphStore, default_store_path, open_store
from ui.i18n import lang, t

__all__ = [
    "class_names",
    "describe_error",
    "documents",
    "graph",
    "guard",
    "labels_of",
    "name_of",
    "on_server",
    "relation_types",
    "show_error",
    "source_title",
    "store",
    "view",
]


@st.cache_resource(show_spinner=False)
def _open(path: str) -> GraphStore:
    return open_store(path)


@st.cache_resource(show_spinner=False)
def _remote(endpoint: str) -> RemoteStore:
    return RemoteStore(endpoint)


@st.cache_resource(show_spinner=False)
def _bolt(uri: str) -> Any:
    from graph.backends.bolt import BoltStore
    from graph.neo4j_bolt import neo4j_credentials

    return BoltStore(uri, auth=neo4j_credentials(prompt=False))


def store() -> GraphStore:
    """The store (read-only), refreshed when another process has written a new version;
    a SPARQL endpoint instead when GONGFU_SPARQL_ENDPOINT is set, a Bolt server (Neo4j)
    when GONGFU_BOLT_URI is."""
    endpoint = os.environ.get("GONGFU_SPARQL_ENDPOINT")
    bolt = os.environ.get("GONGFU_BOLT_URI")
    if endpoint:
        s = _remote(endpoint)
    elif bolt:
        s = _bolt(bolt)
    else:
        s = _open(str(default_store_path()))
    s.refresh()
    return s  # type: ignore[return-value]


def graph() -> tuple[PropertyGraph, nx.MultiDiGraph, SearchIndex]:
    """The property graph, networkx projection and search index of the current version
    (the embedded store only: a page that may run on a server asks ``view`` instead)."""
    return index_of(store())


def on_server() -> bool:
    """Whether the app answers from a server (SPARQL or Bolt), not the embedded store."""
    return is_server(store())


def view(iris: Iterable[str]) -> tuple[PropertyGraph, nx.MultiDiGraph]:
    """The names, classes, properties and edges among these entities: the cached whole
    projection on the embedded store, one bounded query on a server."""
    return view_graph(store(), iris)


def class_names() -> list[str]:
    """The classes an analyst can filter by: those in the data (embedded), the ontology's
    on a server (which is never listed whole)."""
    if on_server():
        return sorted({*terms().node_classes.values()} - {"SourceDocument"})
    return graph()[0].labels()


def relation_types() -> list[str]:
    """The relationship types an analyst can filter by (as ``class_names``)."""
    if on_server():
        return sorted(set(terms().relations.values()))
    return graph()[0].rel_types()


def labels_of(iris: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """Each entity's zh name, en name and class (entities not found are left out)."""
    wanted = list(dict.fromkeys(iris))
    if on_server():
        info = backend_for(store()).nodes(wanted, degrees=False)
        return {i: (n.name, n.name_en, n.label) for i, n in info.items()}
    pg = graph()[0]
    return {
        i: (pg.nodes[i].name, str(pg.nodes[i].props.get("name_en") or ""), pg.nodes[i].label)
        for i in wanted
        if i in pg.nodes
    }


def name_of(iri: str, lang: str = "zh") -> str:
    found = labels_of([iri]).get(iri)
    if found is None:
        return iri
    zh, en, _label = found
    return en if lang == "en" and en else zh


@st.cache_data(show_spinner=False, max_entries=4)
def _documents(version: str) -> dict[str, SourceDocument]:
    return source_documents(store())


def documents() -> dict[str, SourceDocument]:
    """The source documents of the current version, by file name."""
    return _documents(store().version)


def source_title(file: str) -> str:
    """A source as readers name it: its title (and date) in the session's language; a
    loaded table's file name as it is."""
    doc = documents().get(file)
    return doc.title(lang()) if doc else file


def describe_error(exc: BaseException) -> tuple[str, str]:
    """What went wrong, in the interface's language and in terms of what the user did in
    the app, and the technical detail (the parser's own words) when there is one."""
    if isinstance(exc, StoreMissing):
        return t("store_missing"), ""
    if isinstance(exc, StoreBusy):
        return t("store_busy"), ""
    if isinstance(exc, NotFound):
        return t("not_found", what=str(exc)), ""
    if isinstance(exc, QueryError):
        return t("query_error"), str(exc)
    if isinstance(exc, LoadError):
        return t("load_error"), str(exc)
    if isinstance(exc, GongfuError):
        return t("error"), str(exc)
    return t("error"), f"{type(exc).__name__}"


def show_error(exc: BaseException) -> None:
    """An error as one translated line, with the technical detail below it."""
    headline, detail = describe_error(exc)
    if isinstance(exc, StoreMissing):
        st.warning(headline)
        return
    st.error(headline)
    if detail:
        st.caption(f"{t('technical_detail')}: {detail}")


def guard(page: Callable[[], Any]) -> None:
    """Run a page; show errors as messages, never as a traceback."""
    try:
        page()
    except GongfuError as exc:
        show_error(exc)
    except Exception as exc:  # the UI never shows a raw traceback
        show_error(exc)
        print(traceback.format_exc())  # to the server log, for the developer
