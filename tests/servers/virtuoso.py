"""Virtuoso 7 (Debian's ``virtuoso-opensource``) on a free port, in a folder of its own.

The packaged ``virtuoso.ini`` is copied with every path (database, log, lock) moved into
the folder, both ports changed and the folder allowed for the bulk loader; SPARQL updates
are granted to the anonymous ``SPARQL`` user, as an administrator would for a push. The
server is stopped by its PID.
"""

from __future__ import annotations

import configparser
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Virtuoso", "available", "virtuoso_server"]

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
BINARY = "virtuoso-t"
ISQL = "isql-vt"


def available() -> bool:
    """True when the Debian package is installed (``make test`` installs it)."""
    return bool(shutil.which(BINARY) and shutil.which(ISQL) and PACKAGED_INI.exists())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Virtuoso:
    """A running server: its SPARQL URL, its SQL port and its folder."""

    folder: Path
    sql_port: int
    http_port: int
    pid: int

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def data_dir(self) -> Path:
        """A folder the bulk loader may read (``DirsAllowed``)."""
        return self.folder / "import"

    def isql(self, sql: str, *, timeout: float = 3600) -> str:
        """Run SQL statements through ``isql-vt`` as dba; raise with its output on error."""
        proc = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise RuntimeError(f"isql failed: {(proc.stdout + proc.stderr).strip()[-800:]}")
        return proc.stdout

    def bulk_load(self, folder: Path, pattern: str, graph: str) -> None:
        """Virtuoso's own bulk loader: ``ld_dir`` then ``rdf_loader_run()``, then a checkpoint."""
        self.isql(f"ld_dir('{folder}', '{pattern}', '{graph}'); rdf_loader_run(); checkpoint;")


def _ini(folder: Path, sql_port: int, http_port: int, buffers: int) -> str:
    config = configparser.ConfigParser(
        strict=False, interpolation=None, inline_comment_prefixes=(";",)
    )
    config.optionxform = str  # keep the keys' case
    config.read(PACKAGED_INI)
    db = folder / "db"
    for key, name in (
        ("DatabaseFile", "virtuoso.db"),
        ("ErrorLogFile", "virtuoso.log"),
        ("LockFile", "virtuoso.lck"),
        ("TransactionFile", "virtuoso.trx"),
        ("xa_persistent_file", "virtuoso.pxa"),
    ):
        config["Database"][key] = str(db / name)
    config["TempDatabase"]["DatabaseFile"] = str(db / "virtuoso-temp.db")
    config["TempDatabase"]["TransactionFile"] = str(db / "virtuoso-temp.trx")
    params = config["Parameters"]
    params["ServerPort"] = f"127.0.0.1:{sql_port}"
    params["DirsAllowed"] = f"., {folder / 'import'}, /usr/share/virtuoso-opensource-7/vad"
    params["NumberOfBuffers"] = str(buffers)
    params["MaxDirtyBuffers"] = str(buffers * 3 // 4)
    params["CheckpointInterval"] = "0"  # checkpoints when asked (after loads)
    http = config["HTTPServer"]
    http["ServerPort"] = f"127.0.0.1:{http_port}"
    http["ServerRoot"] = str(folder / "vsp")
    config["URIQA"]["DefaultHost"] = f"127.0.0.1:{http_port}"
    if config.has_section("Plugins"):
        config.remove_section("Plugins")
    lines = []
    for section in config.sections():
        lines.append(f"[{section}]")
        lines.extend(f"{k} = {v}" for k, v in config[section].items())
        lines.append("")
    return "\n".join(lines)


@contextmanager
def virtuoso_server(*, buffers: int = 20000, folder: Path | None = None) -> Iterator[Virtuoso]:
    """Start Virtuoso, wait until its SPARQL endpoint answers, yield it, stop it by PID.

    Args:
        buffers: ``NumberOfBuffers`` (8 KiB pages in memory; 20,000 ≈ 160 MB; Virtuoso
            suggests 340,000 for 4 GB at 10^7 triples).
    """
    if not available():
        raise RuntimeError("virtuoso-opensource is not installed (make system-deps)")
    made = folder is None
    folder = Path(folder or tempfile.mkdtemp(prefix="gongfu-virtuoso-"))
    (folder / "db").mkdir(parents=True, exist_ok=True)
    (folder / "import").mkdir(exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(folder, sql_port, http_port, buffers), encoding="utf-8")
    log = (folder / "server.out").open("w")
    proc = subprocess.Popen(
        [BINARY, "+foreground", "+configfile", str(ini)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder / "db",
    )
    server = Virtuoso(folder, sql_port, http_port, proc.pid)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    "Virtuoso exited: " + (folder / "server.out").read_text()[-2000:]
                )
            try:
                urllib.request.urlopen(server.sparql + "?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("Virtuoso did not answer within 120 s") from None
                time.sleep(0.3)
        try:
            server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        except RuntimeError as exc:  # a folder used before keeps its grant
            if "already have role" not in str(exc):
                raise
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        if made and not os.environ.get("GONGFU_KEEP_VIRTUOSO"):
            shutil.rmtree(folder, ignore_errors=True)
