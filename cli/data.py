"""Getting data in and out: loads, unloads, the load list, pushes to servers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.common import JsonOpt, target_store
from graph.errors import GongfuError

app = typer.Typer()
SHOWN_ROWS = 50  # rows of each list (created, linked …) a load prints; --json gives all


neo4j_app = typer.Typer(
    help="Neo4j (or any Bolt server) as a projection of the graph.", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("push")
def neo4j_push(
    uri: Annotated[str, typer.Option("--uri", envvar="NEO4J_URI", help="bolt://host:7687")],
    database: Annotated[str | None, typer.Option(help="Database name (Neo4j 4+).")] = None,
    batch: Annotated[int, typer.Option(min=1, help="Rows per UNWIND batch.")] = 500,
) -> None:
    """Write the graph to Neo4j with batched, idempotent MERGE (credentials: NEO4J_USER / NEO4J_PASSWORD)."""
    from graph.neo4j_bolt import neo4j_credentials, push_graph
    from graph.project_nx import cached_property_graph

    auth = neo4j_credentials(prompt=sys.stdin.isatty())
    report = push_graph(
        cached_property_graph(target_store()), uri, auth=auth, database=database, batch=batch
    )
    typer.echo(
        f"pushed {report.nodes} nodes and {report.relationships} relationships to {uri} "
        f"({report.server}; {report.constraints})"
    )


@app.command()
def load(
    file: Annotated[Path | None, typer.Argument(help="A CSV/XLSX table or an RDF file.")] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Mapping YAML for a table (see data/examples/).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Name of the load (default: the mapping's or the file's).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be created, linked and flagged.")
    ] = False,
    on_uncertain: Annotated[
        str, typer.Option(help="Uncertain matches: skip (default), create or link.")
    ] = "skip",
    from_neo4j: Annotated[
        str | None, typer.Option("--from-neo4j", help="Pull from this Bolt URI instead.")
    ] = None,
    database: Annotated[
        str | None, typer.Option(help="Neo4j database (with --from-neo4j).")
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(help="The sheet of an .xlsx workbook to load (when several hold data)."),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Load analysts' data: a table, an RDF file, or a Neo4j graph; all or nothing."""
    from graph.output import render_rows, to_json
    from loaders.load import load_file, load_graph

    store = target_store()
    if from_neo4j:
        from graph.neo4j_bolt import neo4j_credentials
        from loaders.neo4j_pull import pull_graph

        g = pull_graph(
            from_neo4j, auth=neo4j_credentials(prompt=sys.stdin.isatty()), database=database
        )
        load_name = name or "neo4j"
        n = load_graph(store, g, name=load_name, file=from_neo4j, dry_run=dry_run)
        typer.echo(
            to_json({"name": load_name, "triples": n, "dry_run": dry_run})
            if json_out
            else f"{'would load' if dry_run else 'loaded'} {n} triples from {from_neo4j} as '{load_name}'"
        )
        return
    if file is None:
        raise GongfuError("give a FILE to load, or --from-neo4j URI")
    progress = None
    if (not json_out and sys.stderr.isatty()) or os.environ.get("GONGFU_PROGRESS") == "1":
        progress = _progress_bar(file)
    result = load_file(
        store,
        file,
        mapping=mapping,
        name=name,
        dry_run=dry_run,
        on_uncertain=on_uncertain,
        progress=progress,
        sheet=sheet,
    )
    if json_out:
        typer.echo(to_json(result.as_dict()))
        return
    for title, rows, cols in (
        ("created", result.created, ["row", "column", "name", "class"]),
        ("linked", result.linked, ["row", "column", "name", "how", "score"]),
        (
            "flagged (uncertain, not guessed)",
            result.flagged,
            ["row", "column", "name", "candidate", "score", "action"],
        ),
        ("skipped", result.skipped, ["row", "reason"]),
    ):
        if rows:
            typer.echo(f"{title}:")
            typer.echo(render_rows(cols, rows[:SHOWN_ROWS], "table"))
            if len(rows) > SHOWN_ROWS:
                typer.echo(f"… and {len(rows) - SHOWN_ROWS:,} more (--json lists them all)")
    verb = "would load" if dry_run else "loaded"
    s = result.summary
    typer.echo(
        f"{verb} '{result.name}' from {file}: {s.get('links', 0)} links, {s.get('created', 0)} created, "
        f"{s.get('linked', 0)} linked, {s.get('flagged', 0)} flagged, {s.get('skipped', 0)} skipped "
        f"({result.triples} triples)"
    )


def _progress_bar(file: Path):
    """A rich progress bar for loads of more than a few thousand rows."""
    from rich.progress import Progress

    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        if total < 2000:
            return
        if "bar" not in state:
            bar = Progress(transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(f"loading {file.name}", total=total)
        bar = state["bar"]
        bar.update(state["task"], completed=done)  # type: ignore[union-attr]
        if done >= total:
            bar.stop()  # type: ignore[union-attr]

    return update


@app.command()
def sources(json_out: JsonOpt = False) -> None:
    """Every load in the store: name, file, time, triple count."""
    from graph.output import render_rows, to_json
    from loaders.base import list_loads

    rows = [
        {
            "name": r.name.removeprefix("load/"),
            "graph": r.graph,
            "file": r.file,
            "loaded_at": r.loaded_at,
            "triples": r.triples,
        }
        for r in list_loads(target_store())
    ]
    if json_out:
        typer.echo(to_json(rows))
        return
    typer.echo(render_rows(["name", "file", "loaded_at", "triples"], rows, "table"))


@app.command()
def unload(
    name: Annotated[str, typer.Argument(help="The load's name (see gongfu sources).")],
) -> None:
    """Remove one load and everything it added."""
    from loaders.load import unload as unload_load

    n = unload_load(target_store(), name)
    typer.echo(f"removed '{name}' ({n} triples)")


@app.command()
def push(
    sparql_endpoint: Annotated[
        str, typer.Option("--sparql-endpoint", help="The server's SPARQL query URL.")
    ],
    update_endpoint: Annotated[
        str | None,
        typer.Option(
            help="Its SPARQL Update URL (default: found by asking the query URL and …/update)."
        ),
    ] = None,
    graph_store: Annotated[
        str | None,
        typer.Option(
            "--graph-store",
            help="Its Graph Store Protocol URL (default: …/store or …/data when it answers).",
        ),
    ] = None,
    batch: Annotated[
        int, typer.Option(min=1, help="Triples per INSERT DATA at first (halved until accepted).")
    ] = 5000,
    json_out: JsonOpt = False,
) -> None:
    """Copy the embedded store, graph by graph, to a SPARQL 1.1 server (Graph Store
    Protocol, or SPARQL Update in batches the server accepts)."""
    from graph.output import to_json
    from graph.remote import push_to_endpoint

    report = push_to_endpoint(
        target_store(local=True),
        sparql_endpoint,
        update_url=update_endpoint,
        graph_store=graph_store,
        batch=batch,
        log=lambda msg: typer.echo(msg, err=True),
    )
    if json_out:
        typer.echo(
            to_json(
                {
                    "endpoint": sparql_endpoint,
                    "quads": report.quads,
                    "graphs": report.graphs,
                    "how": report.how,
                    "url": report.url,
                    "found": report.found,
                    "batch": report.batch,
                }
            )
        )
        return
    typer.echo(
        f"pushed {report.quads} quads in {len(report.graphs)} graphs to {sparql_endpoint} "
        f"by {report.how} at {report.url} ({report.found}"
        + (f"; batches of {report.batch} triples" if report.how == "sparql update" else "")
        + ")"
    )
