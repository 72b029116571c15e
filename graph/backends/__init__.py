"""The engine that holds the graph, behind one interface (``Backend``).

``backend_for(store)`` gives the embedded backend for a ``GraphStore``, the SPARQL one
for a ``graph.remote.RemoteStore`` and the Bolt one for a ``graph.backends.bolt.BoltStore``,
so that ``graph.explore`` (and through it the CLI, the app and the exports) reaches the
right engine without knowing which it is.
"""

from __future__ import annotations

from typing import Any

from graph.backends.base import Backend, NodeInfo

__all__ = ["Backend", "NodeInfo", "backend_for", "is_server"]


def is_server(store: Any) -> bool:
    """True for a store answered by a server (SPARQL or Bolt), not the embedded one."""
    from graph.store import GraphStore

    return not isinstance(store, GraphStore)


def backend_for(store: Any) -> Backend:
    """The backend of a store: one per store object, rebuilt when its data version changes."""
    from graph.store import GraphStore

    if isinstance(store, GraphStore):
        from graph.backends.embedded import EmbeddedBackend

        return EmbeddedBackend(store)
    found = getattr(store, "_backend", None)
    if found is None:
        kind = getattr(store, "backend_kind", "sparql")
        if kind == "bolt":
            from graph.backends.bolt import BoltBackend

            found = BoltBackend(store)
        else:
            from graph.backends.sparql import SparqlBackend

            found = SparqlBackend(store)
        store._backend = found
    return found
