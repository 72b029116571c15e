"""Virtuoso 7 as the peer a team would pick instead: its own bulk loader on the same file,
then the app's operations answered from it by a client in its own process.

``python -m bench.virtuoso_worker GRAPH_NT PLAN_JSON``

Virtuoso (Debian's ``virtuoso-opensource``) is started in a folder of its own
(tests/servers/virtuoso.py) with buffers sized to the file; the N-Triples file is loaded
with ``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint`` (timed: Virtuoso's load throughput),
and ``bench.virtuoso_client`` then asks, over HTTP, what the app asks: search, the
capped 1-hop, the explorer's view and a hub's details, a path, every named question. The
client's peak RSS is what an app answering from Virtuoso needs.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import emit, run_worker

GRAPH = "https://gongfu-graph.org/graph/load/synth"


def buffers_for(path: Path) -> int:
    """``NumberOfBuffers`` (8 KiB pages) for a file: Virtuoso suggests about 2/3 of free
    memory for large loads; here a quarter of the machine, at least 160 MB."""
    try:
        with open("/proc/meminfo") as fh:
            kib = int(fh.readline().split()[1])
    except OSError:
        kib = 8 * 2**20
    ceiling = kib // 4 // 8
    wanted = max(20_000, path.stat().st_size // 8192 * 2)
    return min(ceiling, wanted)


def main(nt: Path, plan_file: Path) -> dict[str, Any]:
    from graph.errors import GongfuError
    from tests.servers.virtuoso import available, virtuoso_server

    if not available():
        return {"error": "virtuoso-opensource is not installed (make system-deps)"}
    triples = sum(1 for _ in nt.open("rb"))
    out: dict[str, Any] = {"triples": triples}
    with virtuoso_server(buffers=buffers_for(nt)) as server:
        link = server.data_dir / nt.name
        os.link(nt, link) if nt.stat().st_dev == link.parent.stat().st_dev else link.symlink_to(nt)
        start = time.perf_counter()
        try:
            server.bulk_load(server.data_dir, nt.name, GRAPH)
        except (RuntimeError, GongfuError) as exc:
            return {"error": f"bulk load failed: {exc}"}
        seconds = time.perf_counter() - start
        out["load"] = {
            "seconds": round(seconds, 3),
            "triples_per_s": round(triples / seconds, 1),
            "how": "ld_dir + rdf_loader_run() + checkpoint",
        }
        out["client"] = run_worker("virtuoso_client", server.sparql, plan_file, timeout_s=6 * 3600)
    return out


if __name__ == "__main__":
    emit(main(Path(sys.argv[1]), Path(sys.argv[2])))
