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

from graph.errors import GongfuError, StoreMissing
from graph.explore import index_of
from graph.mapping import PropertyGraph
from graph.remote import RemoteStore
from graph.search import SearchIndex
from graph.store import GraphStore, default_store_path, open_store
from ui.i18n import t

__all__ = ["graph", "guard", "name_of", "store"]


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


def guard(page: Callable[[], Any]) -> None:
    """Run a page; show errors as messages, never as a traceback."""
    try:
        page()
    except StoreMissing:
        st.warning(t("store_missing"))
    except GongfuError as exc:
        st.error(str(exc))
    except Exception as exc:  # the UI never shows a raw traceback
        st.error(f"{t('error')}: {type(exc).__name__}: {exc}")
        print(traceback.format_exc())  # to the server log, for the developer
