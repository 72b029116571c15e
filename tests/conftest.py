"""Shared fixtures: one seed store built from data/ per session, scratch stores, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders.build import build_store, default_data_dir

ROOT = Path(__file__).resolve().parent.parent
GONGFU = str(Path(sys.executable).with_name("gongfu"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return default_data_dir()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The store built from the project's data/ (never written by tests)."""
    root = tmp_path_factory.mktemp("seed") / "store"
    store = GraphStore(root)
    build_store(store)
    return store


@pytest.fixture()
def scratch_data(tmp_path: Path, data_dir: Path) -> Path:
    """A copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


@pytest.fixture()
def scratch_store(tmp_path: Path, seed_store: GraphStore) -> GraphStore:
    """A store a test may write to: a copy of the seed store (same data, own folder)."""
    assert seed_store.root is not None
    root = tmp_path / "store"
    shutil.copytree(
        seed_store.root, root, symlinks=True, ignore=shutil.ignore_patterns("cypher", "write.lock")
    )
    return GraphStore(root)


def run_gongfu(
    *args: str, store: Path | None = None, check: bool = False, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``gongfu`` as a user would."""
    env = dict(os.environ)
    if store is not None:
        env["GONGFU_STORE"] = str(store)
    proc = subprocess.run(
        [GONGFU, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"gongfu {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by ``gongfu build`` run as a subprocess."""
    root = tmp_path_factory.mktemp("cli") / "store"
    run_gongfu("build", store=root, check=True)
    return root
