"""The RDF store: the one source of truth, and the only module that names the backend.

A store on disk is a folder of immutable Oxigraph snapshots and a ``current`` link.
Readers open the current snapshot read-only (``Store.read_only``) and never see a write
in progress; a writer copies the current snapshot (Oxigraph's ``backup``, which hard-links
RocksDB files), changes the copy, and swaps the link in one atomic rename. A failed or
interrupted write therefore leaves the store exactly as it was, and the snapshot name is
the data version that caches key on.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from graph.errors import StoreBusy, StoreMissing

__all__ = ["GraphStore", "default_store_path", "open_store"]

_CURRENT = "current"
_SNAPSHOTS = "snapshots"
_LOCK = "write.lock"
_KEEP_SNAPSHOTS = 3
# How long a reader trusts the version it last saw before it looks at the link again: the
# app asks on every lookup (thousands a second), another process's write shows within this.
RECHECK_S = 0.05
_commits = 0  # writes committed by this process: its own writes show at once


def default_store_path() -> Path:
    """``$GONGFU_STORE``, else a per-user data directory."""
    env = os.environ.get("GONGFU_STORE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gongfu" / "store"


class GraphStore:
    """A handle on the RDF store: read-only by default, in memory when ``root`` is None.

    Example:
        >>> store = GraphStore(None)
        >>> with store.write() as ox_store:
        ...     ox_store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"),
        ...                          ox.Literal("x"), ox.NamedNode("http://e/g")))
        >>> store.count()
        1
    """

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root is not None else None
        self._link = str(self.root / _CURRENT) if self.root is not None else ""
        self._ox: ox.Store | None = ox.Store() if root is None else None
        self._version = uuid.uuid4().hex if root is None else ""
        self._recheck_at = 0.0
        self._commits_seen = _commits
        if root is not None:
            self._open_current()

    # -- reading -----------------------------------------------------------------------------
    @property
    def ox(self) -> ox.Store:
        """The pyoxigraph store of the current snapshot."""
        assert self._ox is not None
        return self._ox

    @property
    def version(self) -> str:
        """The data version: changes on every committed write."""
        return self._version

    @property
    def snapshot_path(self) -> Path | None:
        """The folder of the current snapshot (None in memory or before the first build)."""
        if self.root is None or not self._version:
            return None
        return self.root / _SNAPSHOTS / self._version

    @property
    def dataset(self) -> Dataset:
        """rdflib's API over the same Oxigraph store; the default graph is the union."""
        from oxrdflib import OxigraphStore

        ds = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        return ds

    def exists(self) -> bool:
        return self.root is None or (self.root / _CURRENT).exists()

    def refresh(self) -> bool:
        """Reopen if another process committed a write; True when the data changed.

        Every lookup of the app and the CLI passes here, so the link is read at most once
        per ``RECHECK_S`` (a write by this process is seen at once)."""
        if self.root is None:
            return False
        now = time.monotonic()
        if now < self._recheck_at and self._commits_seen == _commits:
            return False
        self._recheck_at = now + RECHECK_S
        self._commits_seen = _commits
        try:
            name = os.readlink(self._link).rsplit("/", 1)[-1]
        except OSError:
            return False
        if name != self._version:
            self._open_current()
            return True
        return False

    def query(self, sparql: str, **substitutions: ox.Term) -> object:
        """Run SPARQL over the union of all named graphs (no network access)."""
        return self.ox.query(
            sparql,
            use_default_graph_as_union=True,
            substitutions={ox.Variable(k): v for k, v in substitutions.items()} or None,
        )

    def count(self) -> int:
        """Number of quads (statements in all graphs)."""
        return len(self.ox)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs())

    # -- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def write(self, *, fresh: bool = False) -> Iterator[ox.Store]:
        """Yield a writable store; commit on success, leave everything unchanged on error.

        Args:
            fresh: start from an empty store instead of a copy of the current one.

        Raises:
            StoreBusy: another process holds the write lock.
        """
        if self.root is None:
            if fresh:
                staged = ox.Store()
                yield staged
                self._ox = staged
            else:
                yield self.ox
            self._version = uuid.uuid4().hex
            return
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / _SNAPSHOTS).mkdir(exist_ok=True)
        with _exclusive_lock(self.root / _LOCK):
            version = f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}"
            path = self.root / _SNAPSHOTS / version
            current = self._current_target()
            try:
                if current is not None and not fresh:
                    ox.Store.read_only(str(current)).backup(str(path))
                handle = _Writable(ox.Store(str(path)), str(path))
                yield handle  # type: ignore[misc]
                handle.close()  # RocksDB must be closed before readers open the snapshot
                self._swap_current(path)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            self._collect_old_snapshots()
        self._open_current()

    # -- internals ---------------------------------------------------------------------------
    def _current_target(self) -> Path | None:
        assert self.root is not None
        link = self.root / _CURRENT
        if not link.exists():
            return None
        return (self.root / _SNAPSHOTS / os.readlink(link).split("/")[-1]).resolve()

    def _open_current(self) -> None:
        target = self._current_target()
        if target is None:
            self._ox = None
            self._version = ""
            return
        self._ox = ox.Store.read_only(str(target))
        self._version = target.name

    def _swap_current(self, path: Path) -> None:
        global _commits
        assert self.root is not None
        tmp = self.root / f".current-{uuid.uuid4().hex}"
        os.symlink(f"{_SNAPSHOTS}/{path.name}", tmp)
        os.replace(tmp, self.root / _CURRENT)
        _commits += 1

    def _collect_old_snapshots(self) -> None:
        assert self.root is not None
        current = self._current_target()
        snaps = sorted(
            (p for p in (self.root / _SNAPSHOTS).iterdir() if p.is_dir()),
            key=lambda p: p.stat().st_mtime_ns,
        )
        for old in snaps[:-_KEEP_SNAPSHOTS]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)


class _Writable:
    """The writable store of a write, handed out as a proxy so that it can be closed for
    sure when the write ends (a caller's ``as`` variable would otherwise keep it open)."""

    def __init__(self, store: ox.Store, path: str) -> None:
        self._store: ox.Store | None = store
        self._path = path

    def __getattr__(self, name: str) -> object:
        if self._store is None:
            raise RuntimeError("the write has ended; this store handle is closed")
        return getattr(self._store, name)

    def __iter__(self):
        assert self._store is not None
        return iter(self._store)

    def __len__(self) -> int:
        assert self._store is not None
        return len(self._store)

    def close(self) -> None:
        if self._store is not None:
            path = self._path
            self._store.flush()
            self._store = None
            gc.collect()
            # RocksDB drops the write-ahead log of a flushed store only when it next opens
            # it; opening once here keeps each snapshot a third of the size on disk.
            ox.Store(path)
            gc.collect()


@contextlib.contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(
                f"the store at {path.parent} is being written by another process; "
                "try again when it has finished"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_store(path: Path | str | None = None, *, must_exist: bool = True) -> GraphStore:
    """Open the store at ``path`` (default: ``$GONGFU_STORE`` or the user data folder).

    Raises:
        StoreMissing: the store has not been built and ``must_exist`` is true.
    """
    root = Path(path) if path is not None else default_store_path()
    store = GraphStore(root)
    if must_exist and not store.exists():
        raise StoreMissing(f"no store at {root}: run 'gongfu build' first")
    return store
