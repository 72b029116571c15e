"""A real app server and a real browser: `streamlit run` on 127.0.0.1, Debian's chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_server(cli_store: Path) -> Iterator[str]:
    """The app on a free port, on the store built by the CLI; stopped by PID."""
    with running_app({"GONGFU_STORE": str(cli_store)}) as base:
        yield base


@contextlib.contextmanager
def running_app(extra_env: dict[str, str], log_name: str = "streamlit.log") -> Iterator[str]:
    """``streamlit run app.py`` on a free port with these settings; its base URL."""
    port = _free_port()
    env = {**os.environ, **extra_env}
    log = ARTIFACTS / log_name
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    handle = log.open("w")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("streamlit")),
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited:\n{log.read_text()[-3000:]}")
        else:
            raise RuntimeError(f"streamlit did not answer:\n{log.read_text()[-3000:]}")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        handle.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser, app_server: str) -> Iterator[object]:
    """A page that records every request and fails the test on one that leaves 127.0.0.1,
    and on any error or traceback text shown."""
    with checked_page(browser, app_server) as pg:
        yield pg


@contextlib.contextmanager
def checked_page(browser, base: str) -> Iterator[object]:
    """A browser page on the app at ``base`` (``page.base``); on leaving, fails on a request
    that left 127.0.0.1 and on any error or traceback text shown."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.base = base  # type: ignore[attr-defined]
    yield pg
    text = pg.inner_text("body")
    context.close()
    outside = [
        u
        for u in requests
        if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:"))
    ]
    assert not outside, f"requests left 127.0.0.1: {outside[:5]}"
    for bad in ("Traceback", "出错了", "Something went wrong"):
        at = text.find(bad)
        assert at < 0, f"the page shows {bad!r}: {text[at : at + 400]!r}"
