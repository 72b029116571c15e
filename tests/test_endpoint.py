"""Endpoint mode against a real Oxigraph server started here on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.questions import load_questions, run_question
from graph.remote import RemoteStore, push_to_endpoint
from graph.store import GraphStore
from tests.conftest import run_gongfu


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server() -> Iterator[str]:
    """`oxigraph serve` from the oxigraph wheel, union default graph; stopped by PID."""
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
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("oxigraph server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, seed_store: GraphStore) -> str:
    push_to_endpoint(seed_store, f"{oxigraph_server}/update")
    return f"{oxigraph_server}/query"


def test_push_copies_every_graph_and_is_idempotent(
    pushed: str, seed_store: GraphStore, oxigraph_server: str
) -> None:
    remote = RemoteStore(pushed, version_ttl=0)
    assert remote.count() == seed_store.count()
    assert set(remote.graph_names()) == set(seed_store.graph_names())
    push_to_endpoint(seed_store, f"{oxigraph_server}/update")
    assert remote.count() == seed_store.count()


@pytest.mark.parametrize("name", list(load_questions()))
def test_named_questions_give_the_same_rows_remotely(
    pushed: str, seed_store: GraphStore, name: str
) -> None:
    remote = RemoteStore(pushed)
    assert run_question(remote, name).rows == run_question(seed_store, name).rows  # type: ignore[arg-type]


def test_projections_work_on_the_endpoint(pushed: str, seed_store: GraphStore) -> None:
    from graph.explore import find, neighbours

    remote = RemoteStore(pushed)
    hits = find(remote, "langchao")  # type: ignore[arg-type]
    assert any(h.name == "浪潮云洲工业互联网平台" for h in hits)
    assert set(neighbours(remote, "inspur-yunzhou").nodes) == set(
        neighbours(seed_store, "inspur-yunzhou").nodes
    )  # type: ignore[arg-type]
    assert (
        run_question(remote, "platform-serves", engine="cypher").rows
        == run_question(seed_store, "platform-serves", engine="sparql").rows
    )  # type: ignore[arg-type]


def test_cli_reads_from_the_endpoint(pushed: str, cli_store: Path) -> None:
    local = json.loads(
        run_gongfu("ask", "plan-tasks", "--format", "json", store=cli_store, check=True).stdout
    )
    remote = json.loads(
        run_gongfu(
            "--sparql-endpoint", pushed, "ask", "plan-tasks", "--format", "json", check=True
        ).stdout
    )
    assert remote == local
    stats = json.loads(
        run_gongfu("--sparql-endpoint", pushed, "stats", "--json", check=True).stdout
    )
    assert stats["classes"]["Platform"] >= 12
    refused = run_gongfu("--sparql-endpoint", pushed, "sparql", "INSERT DATA { <a:a> <a:b> <a:c> }")
    assert refused.returncode != 0 and "read-only" in refused.stderr
