"""Building, counting and validating the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import target_store

app = typer.Typer()


@app.command()
def build(
    data: Annotated[
        Path | None, typer.Option(help="The data folder (default: the project's data/).")
    ] = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Only when no store exists yet.")
    ] = False,
) -> None:
    """(Re)build the store from data/: the ontology and the curated facts, validated."""
    from loaders.build import build_store

    store = target_store(must_exist=False, local=True)
    if if_missing and store.exists():
        typer.echo(f"store at {store.root} exists (version {store.version}); not rebuilt")
        return
    report = build_store(store, data)
    typer.echo(
        f"built {store.root}: {report.entities} entities, {report.facts} facts, "
        f"{report.values} values from {report.documents} documents ({report.quads} quads)"
    )


@app.command()
def stats(
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Counts per class and per relation."""
    from graph.output import render_rows, to_json
    from graph.stats import graph_stats

    result = graph_stats(target_store())
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

    report = validate_store(target_store())
    if report.conforms:
        typer.echo("conforms: the graph satisfies every shape in ontology/shapes.ttl")
        return
    typer.echo(
        f"does not conform: {len(report.violations)} violation(s)\n{report.text()}", err=True
    )
    raise typer.Exit(1)
