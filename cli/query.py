"""SPARQL, Cypher and the named questions."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import JsonOpt, LimitOpt, RowFormat, TimeoutOpt, params, read_text_arg, target_store

app = typer.Typer()


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="SPARQL text, or @file.rq")],
    fmt: Annotated[
        RowFormat, typer.Option("--format", help="table, csv or json")
    ] = RowFormat.table,
    allow_update: Annotated[
        bool, typer.Option("--allow-update", help="Allow SPARQL Update.")
    ] = False,
    timeout: TimeoutOpt = 30.0,
    limit: LimitOpt = 10_000,
) -> None:
    """Run a read-only SPARQL query over all graphs (prefixes gf:, gfid:, rdfs: … predefined)."""
    from graph.sandbox import SPARQL_MODULES, warm_up

    warm_up(SPARQL_MODULES)  # the query's process starts while this one opens the store
    from graph.output import render_rows
    from graph.query import run_sparql

    result = run_sparql(
        target_store(),
        read_text_arg(query),
        allow_update=allow_update,
        timeout=timeout,
        row_limit=limit,
    )
    if result.kind == "update":
        typer.echo(result.message)
        return
    typer.echo(render_rows(result.columns, result.rows, fmt.value))
    if result.message:
        typer.echo(result.message, err=True)


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="Cypher text, or @file.cypher")],
    fmt: Annotated[
        RowFormat, typer.Option("--format", help="table, csv or json")
    ] = RowFormat.table,
    neo4j: Annotated[
        str | None, typer.Option("--neo4j", help="Run on this Neo4j/Bolt URI instead.")
    ] = None,
    database: Annotated[str | None, typer.Option(help="Neo4j database name.")] = None,
    timeout: TimeoutOpt = 30.0,
    limit: LimitOpt = 10_000,
) -> None:
    """Run read-only Cypher on the embedded copy (LadybugDB), or on Neo4j with --neo4j."""
    if not neo4j:
        from graph.sandbox import CYPHER_MODULES, warm_up

        warm_up(CYPHER_MODULES)  # the query's process starts while this one opens the store
    from graph.output import render_rows

    text = read_text_arg(query)
    if neo4j:
        from graph.neo4j_bolt import neo4j_credentials, run_neo4j

        result = run_neo4j(
            neo4j,
            text,
            auth=neo4j_credentials(),
            database=database,
            timeout=timeout,
            row_limit=limit,
        )
    else:
        from graph.project_cypher import run_cypher

        result = run_cypher(target_store(), text, timeout=timeout, row_limit=limit)
    typer.echo(render_rows(result.columns, result.rows, fmt.value))
    if result.message:
        typer.echo(result.message, err=True)


@app.command()
def ask(
    name: Annotated[str | None, typer.Argument(help="A question's name; none lists them.")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="k=v (repeatable)")
    ] = None,
    engine: Annotated[
        str, typer.Option(help="auto (the question's own engine), sparql or cypher")
    ] = "auto",
    fmt: Annotated[
        RowFormat, typer.Option("--format", help="table, csv or json")
    ] = RowFormat.table,
    json_out: JsonOpt = False,
) -> None:
    """List the named analyst questions, or run one on either engine."""
    from graph.output import render_rows, to_json
    from graph.questions import load_questions, run_question

    questions = load_questions()
    if name is None:
        listing = [q.as_dict() for q in questions.values()]
        if json_out or fmt == RowFormat.json:
            typer.echo(to_json(listing))
            return
        rows = [
            {
                "name": q["name"],
                "title_zh": q["title_zh"],
                "title_en": q["title_en"],
                "params": ", ".join(f"{p['name']}={p['default']}" for p in q["params"]),
            }
            for q in listing
        ]
        typer.echo(render_rows(["name", "title_zh", "title_en", "params"], rows, "table"))
        return
    result = run_question(target_store(), name, params(param), engine=engine)
    out_fmt = "json" if json_out else fmt.value
    typer.echo(render_rows(result.columns, result.rows, out_fmt))
