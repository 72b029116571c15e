"""Cached resources shared by every page: the store handle and its projections.

The store is opened once per process (``st.cache_resource``); the property graph, the
networkx projection and the search index are cached per data version inside ``graph/``,
so a rerun never rebuilds them and a new load is picked up without a restart.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from typing import Any

import networkx as nx
import streamlit as st

from graph.errors import GongfuError, LoadError, NotFound, QueryError, StoreBusy, StoreMissing
from graph.evidence_search import SourceDocument, source_documents
from graph.explore import index_of
from graph.mapping import PropertyGraph
from graph.remote import RemoteStore
from graph.search import SearchIndex
from graph.store import GraphStore, default_store_path, open_store
from ui.i18n import lang, t

__all__ = [
    "describe_error",
    "documents",
    "graph",
    "guard",
    "name_of",
    "show_error",
    "source_title",
    "store",
]


@st.cache_resource(show_spinner=False)
def _open(path: str) -> GraphStore:
    return open_store(path)


@st.cache_resource(show_spinner=False)
def _remote(endpoint: str) -> RemoteStore:
    return RemoteStore(endpoint)


def store() -> GraphStore:
    """The store (read-only), refreshed when another process has written a new version;
    a SPARQL endpoint instead when GONGFU_SPARQL_ENDPOINT is set."""
    endpoint = os.environ.get("GONGFU_SPARQL_ENDPOINT")
    s = _remote(endpoint) if endpoint else _open(str(default_store_path()))
    s.refresh()
    return s  # type: ignore[return-value]


def graph() -> tuple[PropertyGraph, nx.MultiDiGraph, SearchIndex]:
    """The property graph, networkx projection and search index of the current version."""
    return index_of(store())


def name_of(iri: str, lang: str = "zh") -> str:
    pg, _g, _i = graph()
    node = pg.nodes.get(iri)
    if node is None:
        return iri
    if lang == "en" and node.props.get("name_en"):
        return str(node.props["name_en"])
    return node.name


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
