"""Oxigraph server (``oxigraph serve`` from the ``oxigraph`` wheel) with the union of its
named graphs as the default graph, on a free port; stopped by its PID."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["oxigraph_server"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph_server() -> Iterator[str]:
    """Yield the server's base URL (``…/query``, ``…/update``, ``…/store`` beside it)."""
    port = _free_port()
    folder = tempfile.mkdtemp(prefix="gongfu-oxigraph-")
    binary = str(Path(sys.executable).with_name("oxigraph"))
    proc = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            folder,
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("oxigraph server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)
