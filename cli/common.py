"""What every command shares: the global options, the store they name, small parsers."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graph.errors import GongfuError

__all__ = ["JsonOpt", "RowFormat", "StoreOpt", "params", "read_text_arg", "state", "target_store"]

state: dict[str, object] = {"store": None, "debug": False, "endpoint": None}


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", envvar="GONGFU_STORE", help="Store folder (default: user data dir)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]


def target_store(*, must_exist: bool = True, local: bool = False):
    """The embedded store, or the SPARQL endpoint given with --sparql-endpoint."""
    from graph.store import open_store

    if state.get("endpoint") and not local:
        from graph.remote import RemoteStore

        return RemoteStore(str(state["endpoint"]))
    return open_store(state["store"], must_exist=must_exist)  # type: ignore[arg-type]


def read_text_arg(text: str) -> str:
    """A query given inline, or ``@file`` for a file's text."""
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise GongfuError(f"cannot read {path}: {exc.strerror}") from None
    return text


def params(items: list[str] | None) -> dict[str, str]:
    """``k=v`` options as a dict."""
    given = {}
    for item in items or []:
        if "=" not in item:
            raise GongfuError(f"--param takes k=v, got {item!r}")
        key, value = item.split("=", 1)
        given[key.strip()] = value.strip()
    return given
