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
    bolt: Annotated[
        str | None,
        typer.Option(
            "--bolt",
            envvar="GONGFU_BOLT_URI",
            help="Read from this Bolt server (Neo4j, FalkorDB) holding a pushed graph "
            "(credentials: NEO4J_USER / NEO4J_PASSWORD).",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    if sparql_endpoint and bolt:
        raise GongfuError("give --sparql-endpoint or --bolt, not both")
    state["store"] = store
    state["endpoint"] = sparql_endpoint
    state["bolt"] = bolt
    state["debug"] = debug


def error_line(message: str) -> str:
    """An error as one line a terminal shows as it is: lines joined, controls escaped."""
    from graph.output import printable

    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return printable("; ".join(lines) or "failed")


def main() -> None:
    """Entry point: run the app; errors on one line (traceback only with --debug).

    Exit codes: 0 done; 1 the command failed (one ``error:`` line on stderr); 2 the command
    line itself is wrong (usage, then one ``Error:`` line, as click does; bare ``gongfu``
    prints the help); 130 interrupted.
    """
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    debug = "--debug" in sys.argv or os.environ.get("GONGFU_DEBUG") == "1"
    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError:  # typer has printed the help already
        sys.exit(2)
    except ClickException as exc:  # unknown command or option, a value out of range …
        exc.show()
        sys.exit(exc.exit_code)
    except GongfuError as exc:
        if debug:
            raise
        typer.echo(f"error: {error_line(str(exc))}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # anything unexpected: still one line
        if debug:
            raise
        line = error_line(f"{type(exc).__name__}: {exc}")
        typer.echo(f"error: {line} (run with --debug for details)", err=True)
        sys.exit(1)
    # without standalone mode, typer returns the code of a ``typer.Exit`` raised by a command
    # (``gongfu validate`` exits 1 that way) instead of exiting with it
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
