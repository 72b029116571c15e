"""What every hostile-input case asserts, in one place.

A case runs ``gongfu`` as a subprocess (as an attacker would) against a scratch store and
checks, through :func:`assert_refused`:

- a non-zero exit, with exactly one line on stderr (no traceback, no ``Error:`` box);
- the store byte-for-byte as it was (every quad of every graph, dumped as N-Quads before
  and after, compared as sorted lines);
- no request reached the canary HTTP server that the case may name as a URL;
- nothing outside the case's own inputs was opened (the ``strace``-free check: the canary
  file's access time is not trusted, so cases that try to read files point at a canary file
  whose content must not appear in the output).
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.conftest import run_gongfu

CANARY_TEXT = "gongfu-canary-7f3a9c"


def dump_quads(root: Path) -> list[str]:
    """Every quad of the store's current snapshot as sorted N-Quads lines."""
    store = GraphStore(root)
    lines = [
        f"{q.subject} {q.predicate} {q.object} {q.graph_name} ."
        for q in store.ox.quads_for_pattern(None, None, None, None)
    ]
    return sorted(lines)


@dataclass
class Canary:
    """A local HTTP server that counts every request, and a file no query may read."""

    url: str
    file: Path
    requests: list[str] = field(default_factory=list)


@pytest.fixture()
def canary(tmp_path: Path) -> Iterator[Canary]:
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _count(self) -> None:
            seen.append(f"{self.command} {self.path}")
            body = f"{CANARY_TEXT}\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = do_PUT = _count  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret = tmp_path / "canary-secret.csv"
    secret.write_text(f"a:b\n{CANARY_TEXT}:x\n", encoding="utf-8")
    try:
        yield Canary(f"http://127.0.0.1:{server.server_address[1]}", secret, seen)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def hostile_store(tmp_path: Path, seed_store: GraphStore) -> Path:
    """A copy of the seed store that a hostile case may try to damage."""
    assert seed_store.root is not None
    root = tmp_path / "store"
    shutil.copytree(
        seed_store.root, root, symlinks=True, ignore=shutil.ignore_patterns("write.lock")
    )
    return root


def assert_refused(
    args: list[str],
    store: Path,
    *,
    canary: Canary | None = None,
    mentions: str | tuple[str, ...] = (),
    timeout: float = 120,
) -> str:
    """Run ``gongfu ARGS``; assert a clean refusal that changed nothing. Returns stderr.

    ``mentions``: text the one error line must contain (a file name, row, column, position).
    """
    before = dump_quads(store)
    proc = run_gongfu(*args, store=store, timeout=timeout)
    err = proc.stderr.strip()
    shown = f"gongfu {' '.join(args)[:300]}\nexit {proc.returncode}\nstdout: {proc.stdout[:2000]}\nstderr: {err[:2000]}"
    assert proc.returncode != 0, shown
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, shown
    assert len(err.splitlines()) == 1, shown
    for text in (mentions,) if isinstance(mentions, str) else mentions:
        assert text in err, f"{text!r} not in the error line\n{shown}"
    assert dump_quads(store) == before, f"the store changed\n{shown}"
    if canary is not None:
        assert canary.requests == [], f"requests left the process: {canary.requests}\n{shown}"
        assert CANARY_TEXT not in proc.stdout + proc.stderr, f"a file was read\n{shown}"
    return err
