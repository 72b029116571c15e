"""The ``gongfu`` command: a thin skin over ``graph/`` and ``loaders/`` that parses, calls and prints.

One module per command group; each defines its commands on its own ``typer.Typer`` and this
module gathers them into one flat command line.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from cli import bench, build, data, explore, export, ingest, query
from cli.common import StoreOpt, state
from graph.errors import GongfuError

__all__ = ["app", "main"]

app = typer.Typer(
    name="gongfu",
    help="Gongfu Graph (工赋图谱): build, query and export the industrial-internet graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _group in (build, query, explore, export, data, bench, ingest):
    app.registered_commands.extend(_group.app.registered_commands)
    app.registered_groups.extend(_group.app.registered_groups)


@app.callback()
def _main(
    store: StoreOpt = None,
    sparql_endpoint: Annotated[
        str | None,
        typer.Option(
            "--sparql-endpoint",
            envvar="GONGFU_SPARQL_ENDPOINT",
            help="Read from this SPARQL 1.1 endpoint instead of the embedded store.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    state["store"] = store
    state["endpoint"] = sparql_endpoint
    state["debug"] = debug


def main() -> None:
    """Entry point: run the app; print errors on one line (traceback only with --debug)."""
    debug = "--debug" in sys.argv or os.environ.get("GONGFU_DEBUG") == "1"
    try:
        app(standalone_mode=False)
    except GongfuError as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if debug:
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
