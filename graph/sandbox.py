"""Run a query typed by a user in a child process that is killed at its time limit and, where
the operating system allows it, can neither reach the network nor read files it was not given.

The query guards (``sparql_guard``, ``cypher_guard``) decide from the parsed query what may run;
this module is the second line, in case a parser and an engine ever read a text differently:

- a child process per query (``multiprocessing`` forkserver, the query modules preloaded):
  at the time limit it is killed, so its CPU use stops, which no thread can promise;
- a new network namespace (Linux ``unshare``, also unprivileged through a user namespace): the
  child has no interface up, not even loopback, so no TCP, UDP or DNS leaves it;
- Landlock (Linux 5.13 and later, unprivileged): the child may read only the folders it is
  given plus Python's own, write only where it is given, and (Landlock ABI 4) open no TCP
  connection;
- :func:`forbid_new_files` (any POSIX system): the open-file limit lowered to the descriptors
  already open, so that no later ``open``, ``socket`` or ``dlopen`` succeeds.

Each layer that the system refuses is skipped; :func:`isolation` says which ones hold.
"""

from __future__ import annotations

import ctypes
import io
import multiprocessing
import os
import resource
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerProcess, set_spawning_popen
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import GongfuError, QueryError, QueryTimeout

__all__ = [
    "ALL_MODULES",
    "CYPHER_MODULES",
    "SPARQL_MODULES",
    "Isolation",
    "forbid_new_files",
    "isolation",
    "last_child_pid",
    "lock_in",
    "run_isolated",
    "warm_up",
]

T = TypeVar("T")

#: modules the forkserver imports once, so that each child starts ready; the first caller
#: names them (a command line runs one kind of query and need not import both engines; the
#: app, which runs both, takes them all)
SPARQL_MODULES = ("graph.query", "graph.sparql_guard", "rdflib.plugins.sparql.algebra")
CYPHER_MODULES = ("graph.project_cypher", "graph.cypher_guard", "ladybug")
ALL_MODULES = SPARQL_MODULES + CYPHER_MODULES


@dataclass(frozen=True)
class Isolation:
    """Which layers hold in a child (see the module docstring)."""

    network_namespace: bool
    landlock_files: bool
    landlock_tcp: bool

    @property
    def network_closed(self) -> bool:
        return self.network_namespace or self.landlock_tcp


# ---------------------------------------------------------------------------------------------
# Running a job in a child
# ---------------------------------------------------------------------------------------------

_context: Any = None


def _ctx(preload: Sequence[str] = ALL_MODULES) -> Any:
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["graph.sandbox", *preload])
        _context = ctx
    return _context


def warm_up(preload: Sequence[str] = ALL_MODULES) -> None:
    """Start the process that forks the children now, while the caller does other work
    (it imports the query modules once: about half a second)."""
    _ctx(preload)
    forkserver.ensure_running()


def run_isolated(
    job: Callable[..., T],
    *args: Any,
    timeout: float,
    read: Sequence[Path | str] = (),
    write: Sequence[Path | str] = (),
    preload: Sequence[str] = ALL_MODULES,
) -> T:
    """Run ``job(*args)`` in a confined child process; kill it at ``timeout`` seconds.

    Args:
        job: a module-level function (it is pickled); its result must pickle too.
        read: folders (or files) the child may read besides Python's own.
        write: folders the child may also write.
        preload: modules to import once in the forkserver (when this call starts it).

    Raises:
        QueryTimeout: the child was still working at the time limit (it has been killed).
        QueryError: the child ended without an answer, or ``job`` raised (its message kept).
    """
    ctx = _ctx(preload)
    reader, writer = ctx.Pipe(duplex=False)
    spec = ([str(p) for p in read], [str(p) for p in write])
    proc = _Process(target=_child, args=(writer, spec, job, args), daemon=True)
    proc.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            raise QueryTimeout(f"the time limit of {timeout:g} s was reached")
        try:
            ok, value = reader.recv()
        except EOFError:
            proc.join(5)
            raise QueryError(
                f"the query stopped without an answer (its process ended with code {proc.exitcode})"
            ) from None
    finally:
        reader.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        _last_pid[0] = proc.pid
    if not ok:
        raise value
    return value


class _Popen(popen_forkserver.Popen):
    """multiprocessing's forkserver launch, less the caller's ``__main__``.

    multiprocessing would have each child (or the forkserver) run the caller's main script
    again to rebuild ``__main__``; under Streamlit that is the page being drawn. The job is
    a function of an importable module, so the child needs no ``__main__`` of the caller.
    """

    def _launch(self, process_obj: Any) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Process(ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:  # noqa: N802 - multiprocessing's name
        return _Popen(process_obj)


_last_pid: list[int | None] = [None]


def last_child_pid() -> int | None:
    """The process id of the last child (a test checks that it is gone after a time limit)."""
    return _last_pid[0]


def _child(
    conn: Connection, spec: tuple[list[str], list[str]], job: Callable[..., Any], args: tuple
) -> None:
    _quiet()
    try:
        _confine(spec[0], spec[1])
        result: tuple[bool, Any] = (True, job(*args))
    except QueryError as exc:
        result = (False, exc)
    except GongfuError as exc:
        result = (False, QueryError(str(exc)))
    except RecursionError:
        result = (False, QueryError("the query is nested or chained too deeply to check"))
    except MemoryError:
        result = (False, QueryError("the query needed more memory than is available"))
    except Exception as exc:  # an engine error: its message, never a traceback
        result = (False, QueryError(f"{type(exc).__name__}: {exc}"))
    try:
        conn.send(result)
    except Exception as exc:  # a value that does not pickle
        conn.send((False, QueryError(f"the answer could not be returned: {exc}")))
    conn.close()


#: tests set this to check that the query guards refuse on their own, with the child's
#: network open (the file rules stay)
PARSER_ONLY_ENV = "GONGFU_TEST_NETWORK_OPEN"


def _quiet() -> None:
    """The child's own output goes nowhere: what it has to say comes back as its answer
    (a library's warning must not add a line to the command's one error line)."""
    if os.environ.get("GONGFU_DEBUG") == "1":
        return
    sink = os.open(os.devnull, os.O_WRONLY)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    os.close(sink)


def _confine(read: list[str], write: list[str]) -> None:
    network = os.environ.get(PARSER_ONLY_ENV) != "1"
    if network:
        _leave_network()
    _landlock(read, write, network=network)


def isolation() -> Isolation:
    """Which layers hold in a child on this machine (run in a child, like a query)."""
    return run_isolated(_report, timeout=60)


def _report() -> Isolation:
    return Isolation(_state["netns"], _state["landlock_fs"], _state["landlock_tcp"])


_state = {"netns": False, "landlock_fs": False, "landlock_tcp": False, "chroot": False}


# ---------------------------------------------------------------------------------------------
# Network: a namespace of its own
# ---------------------------------------------------------------------------------------------

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _leave_network() -> None:
    if not sys.platform.startswith("linux"):
        return
    libc = _libc()
    # a mount namespace too, so that lock_in may chroot (a user namespace grants that right
    # to an unprivileged user inside it); unshare must happen while the child has one thread
    for flags in (
        _CLONE_NEWNET | _CLONE_NEWNS,
        _CLONE_NEWUSER | _CLONE_NEWNET | _CLONE_NEWNS,
        _CLONE_NEWNET,
        _CLONE_NEWUSER | _CLONE_NEWNET,
    ):
        if libc.unshare(ctypes.c_int(flags)) == 0:
            _state["netns"] = True
            return


# ---------------------------------------------------------------------------------------------
# Files and TCP: Landlock
# ---------------------------------------------------------------------------------------------

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_PR_SET_NO_NEW_PRIVS = 38
_RULE_PATH_BENEATH = 1
_FS_EXECUTE, _FS_READ_FILE, _FS_READ_DIR = 1 << 0, 1 << 2, 1 << 3
_FS_ALL_V1 = (1 << 13) - 1
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    )


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


def _fs_rights(abi: int) -> int:
    rights = _FS_ALL_V1
    if abi >= 2:
        rights |= 1 << 13  # REFER
    if abi >= 3:
        rights |= 1 << 14  # TRUNCATE
    if abi >= 5:
        rights |= 1 << 15  # IOCTL_DEV
    return rights


def _readable_for_python() -> list[str]:
    """Where Python, the libraries and the shared objects live (modules load lazily)."""
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    places.update(p for p in sys.path if p and Path(p).is_absolute())
    for name in ("graph", "ontology"):
        module = sys.modules.get(name)
        for folder in getattr(module, "__path__", []) or []:
            places.add(str(folder))
    places.update(
        ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib", "/dev/null",
         "/dev/urandom", "/sys/devices/system/cpu", "/sys/fs/cgroup", f"/proc/{os.getpid()}")
    )  # fmt: skip
    return sorted(places)


def _landlock(read: list[str], write: list[str], *, network: bool = True) -> None:
    if not sys.platform.startswith("linux"):
        return
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return
    fs_all = _fs_rights(abi)
    net = _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 and network else 0
    attr = _RulesetAttr(fs_all, net, 0)
    ruleset = libc.syscall(
        _SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), 0
    )
    if ruleset < 0:
        return
    try:
        reading = _FS_EXECUTE | _FS_READ_FILE | _FS_READ_DIR
        rules = [(p, reading) for p in [*_readable_for_python(), *read]]
        rules += [(p, fs_all) for p in write]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    rights &= _FS_EXECUTE | _FS_READ_FILE | (1 << 1) | (1 << 14)
                rule = _PathBeneath(rights, fd)
                libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
            finally:
                os.close(fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0) == 0:
            _state["landlock_fs"] = True
            _state["landlock_tcp"] = bool(net)
    finally:
        os.close(ruleset)


# ---------------------------------------------------------------------------------------------
# No new descriptors at all
# ---------------------------------------------------------------------------------------------


def lock_in(folder: Path | str) -> None:
    """Once a child has opened what it needs: make ``folder`` its root directory (where
    the system allows it), so that no other path even exists for it, and open no more files.

    A Cypher binder looks at the files a statement names before the plan can be refused;
    after this it finds none."""
    try:
        os.chroot(folder)
        os.chdir("/")
        _state["chroot"] = True
    except OSError:
        pass
    forbid_new_files()


def forbid_new_files() -> None:
    """Lower the open-file limit to the lowest free descriptor: no later open, socket or
    dlopen can succeed. Call it in a child once its own files are open."""
    lowest = 0
    while True:
        try:
            os.fstat(lowest)
        except OSError:
            break
        lowest += 1
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowest, lowest))
