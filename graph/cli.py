"""The ``gongfu`` command: a thin skin that parses, calls the library and prints."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graph.errors import GongfuError

app = typer.Typer(
    name="gongfu",
    help="Gongfu Graph (工赋图谱): build, query and export the industrial-internet graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_state: dict[str, object] = {"store": None, "debug": False}


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", envvar="GONGFU_STORE", help="Store folder (default: user data dir)."),
]


@app.callback()
def _main(
    store: StoreOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    _state["store"] = store
    _state["debug"] = debug


def _store(*, must_exist: bool = True):
    from graph.store import open_store

    return open_store(_state["store"], must_exist=must_exist)  # type: ignore[arg-type]


def _read_text_arg(text: str) -> str:
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise GongfuError(f"cannot read {path}: {exc.strerror}") from None
    return text


@app.command()
def build(
    data: Annotated[Path | None, typer.Option(help="The data folder (default: the project's data/).")] = None,
) -> None:
    """(Re)build the store from data/: the ontology and the curated facts, validated."""
    from loaders.build import build_store

    store = _store(must_exist=False)
    report = build_store(store, data)
    typer.echo(
        f"built {store.root}: {report.entities} entities, {report.facts} facts, "
        f"{report.values} values from {report.documents} documents ({report.quads} quads)"
    )


@app.command()
def stats(json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False) -> None:
    """Counts per class and per relation."""
    from graph.output import render_rows, to_json
    from graph.stats import graph_stats

    result = graph_stats(_store())
    if json_out:
        typer.echo(to_json(result.as_dict()))
        return
    rows = [{"kind": "class", "name": k, "count": v} for k, v in result.classes.items()]
    rows += [{"kind": "relation", "name": k, "count": v} for k, v in result.relations.items()]
    typer.echo(render_rows(["kind", "name", "count"], rows, "table"))
    typer.echo(
        f"{result.quads} quads, {result.facts} facts ({result.inferred_facts} inferred), "
        f"{result.observations} observations, {result.sources} sources"
    )


@app.command()
def validate() -> None:
    """SHACL report for the store; exits 1 when the graph does not conform."""
    from graph.validation import validate_store

    report = validate_store(_store())
    if report.conforms:
        typer.echo("conforms: the graph satisfies every shape in ontology/shapes.ttl")
        return
    typer.echo(f"does not conform: {len(report.violations)} violation(s)\n{report.text()}", err=True)
    raise typer.Exit(1)


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="SPARQL text, or @file.rq")],
    fmt: Annotated[RowFormat, typer.Option("--format", help="table, csv or json")] = RowFormat.table,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Allow SPARQL Update.")] = False,
    timeout: Annotated[float, typer.Option(help="Time limit in seconds.")] = 30.0,
    limit: Annotated[int, typer.Option(help="Row limit.")] = 10_000,
) -> None:
    """Run a read-only SPARQL query over all graphs (prefixes gf:, gfid:, rdfs: … predefined)."""
    from graph.output import render_rows
    from graph.query import run_sparql

    result = run_sparql(
        _store(), _read_text_arg(query), allow_update=allow_update, timeout=timeout, row_limit=limit
    )
    if result.kind == "update":
        typer.echo(result.message)
        return
    typer.echo(render_rows(result.columns, result.rows, fmt.value), nl=fmt != RowFormat.json or True)
    if result.message:
        typer.echo(result.message, err=True)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="ttl, nt, jsonld, rdfxml, trig or nq")] = "ttl",
) -> None:
    """Export the whole graph (ontology, facts, provenance) as RDF."""
    from graph.export.rdf import RDF_FORMATS, export_store_rdf

    if fmt not in RDF_FORMATS:
        raise GongfuError(f"unknown format {fmt!r}: one of {', '.join(RDF_FORMATS)}")
    n = export_store_rdf(_store(), output, fmt)
    typer.echo(f"wrote {n} statements to {output}")


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
