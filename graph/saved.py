"""Structures built from one data version, kept on disk beside the store.

The networkx projection and the search index of a million-triple store take tens of
seconds to build and about a second to load, so each is pickled per data version under
``<store>/projection/`` (``<version>.graph.v1.pickle``, ``<version>.search.v1.pickle``);
a file of another version is removed when a new one is written. Bump ``FORMAT`` when
what is pickled changes shape.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from graph.store import GraphStore

__all__ = ["FORMAT", "load_saved", "paused_gc", "save", "saved_file"]

_FOLDER = "projection"
FORMAT = 1


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small objects: it
    would otherwise walk them all again and again (a third of the time, for nothing)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def saved_file(store: GraphStore, what: str) -> Path | None:
    """Where a structure built from the store's current version is kept on disk
    (``what``: ``graph`` or ``search``); None for a store in memory or on a server."""
    if store.root is None:
        return None
    return Path(store.root) / _FOLDER / f"{store.version}.{what}.v{FORMAT}.pickle"


def load_saved(path: Path | None, version: str) -> object | None:
    """What ``save`` wrote for ``version`` at ``path``, or None (missing, torn, foreign)."""
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as handle, paused_gc():
            found = pickle.load(handle)
    except Exception:  # a torn or foreign file: build again
        return None
    return found if getattr(found, "version", None) == version else None


def save(path: Path | None, built: object) -> None:
    """Write beside the store (temp file, then rename); drop other versions' files."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        version = path.name.split(".", 1)[0]
        for old in path.parent.iterdir():
            if not old.name.startswith((version + ".", ".")):
                old.unlink(missing_ok=True)
    except OSError:  # a read-only store folder: keep it in memory only
        return
