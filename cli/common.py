"""What every command shares: the global options, the store they name, small parsers."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graph.errors import GongfuError

__all__ = [
    "JsonOpt",
    "LimitOpt",
    "RowFormat",
    "StoreOpt",
    "TimeoutOpt",
    "params",
    "read_text_arg",
    "state",
    "target_store",
]

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


def _positive_seconds(value: float) -> float:
    if not value > 0:  # also refuses nan
        raise typer.BadParameter(f"{value:g} is not a time limit: give more than 0 seconds")
    return value


TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        callback=_positive_seconds,
        help="Time limit in seconds (more than 0); the query is stopped when it is reached.",
    ),
]


def _row_limit(value: int) -> int:
    if value < 1:
        raise typer.BadParameter(f"{value} is not a row limit: give 1 or more")
    return value


LimitOpt = Annotated[
    int,
    typer.Option(
        "--limit", callback=_row_limit, help="Row limit (at least 1); more rows are cut off."
    ),
]


def target_store(*, must_exist: bool = True, local: bool = False):
    """The embedded store, or the server given with --sparql-endpoint or --bolt."""
    from graph.store import open_store

    if state.get("bolt") and not local:
        from graph.backends.bolt import BoltStore
        from graph.neo4j_bolt import neo4j_credentials

        return BoltStore(str(state["bolt"]), auth=neo4j_credentials(prompt=False))
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
        except UnicodeDecodeError as exc:
            raise GongfuError(f"cannot read {path}: not UTF-8 text (byte {exc.start})") from None
        except OSError as exc:
            raise GongfuError(f"cannot read {path}: {exc.strerror or exc}") from None
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
