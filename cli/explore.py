"""Search, neighbourhoods and paths from a terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import JsonOpt, target_store

app = typer.Typer()


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="A Chinese or English name, alias or pinyin.")],
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    quotes: Annotated[
        bool, typer.Option("--quotes", help="Search the words of the facts' quotes instead.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Find entities by name, alias, English name or pinyin (empty when nothing matches)."""
    from dataclasses import asdict

    from graph.explore import find
    from graph.output import render_rows, to_json

    if quotes:
        from graph.evidence_search import search_quotes

        found = [h.as_dict() for h in search_quotes(target_store(), text, limit=limit)]
        columns = ["subject_name", "relation", "object_name", "quote", "source"]
        typer.echo(to_json(found) if json_out else render_rows(columns, found, "table"))
        return
    hits = [asdict(h) for h in find(target_store(), text, limit=limit)]
    if json_out:
        typer.echo(to_json(hits))
        return
    typer.echo(render_rows(["name", "name_en", "label", "matched", "how", "score"], hits, "table"))


@app.command()
def neighbors(
    name: Annotated[str, typer.Argument(help="An entity: name, alias, pinyin, id or IRI.")],
    hops: Annotated[int, typer.Option(min=1, max=4, help="How many steps out.")] = 1,
    limit: Annotated[
        int, typer.Option(help="At most this many nodes (nearest, best connected first).")
    ] = 200,
    json_out: JsonOpt = False,
) -> None:
    """The k-hop neighbourhood of an entity, with the evidence for each edge."""
    from graph.explore import neighbours, subgraph_rows
    from graph.output import render_rows, to_json

    store = target_store()
    sub = neighbours(store, name, hops=hops, limit=limit)
    nodes, edges = subgraph_rows(store, sub)
    if json_out:
        typer.echo(
            to_json(
                {
                    "focus": list(sub.focus),
                    "nodes": nodes,
                    "edges": edges,
                    "omitted_nodes": sub.omitted_nodes,
                }
            )
        )
        return
    typer.echo(render_rows(["source", "relation", "target", "inferred", "quote"], edges, "table"))
    if sub.omitted_nodes:
        typer.echo(f"{sub.omitted_nodes} more node(s) in reach were left out (--limit)")


@app.command()
def path(
    a: Annotated[str, typer.Argument(help="From this entity")],
    b: Annotated[str, typer.Argument(help="to this one.")],
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=10, help="Longest path.")] = 6,
    every: Annotated[
        bool, typer.Option("--all", help="Every simple path, not only the shortest.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """How two entities are connected: the shortest path, or all simple paths (--all)."""
    from graph.explore import path_rows, paths_between
    from graph.output import render_rows, to_json

    store = target_store()
    rows = path_rows(store, paths_between(store, a, b, max_hops=max_hops, every=every))
    if json_out:
        typer.echo(to_json(rows))
        return
    if not rows:
        typer.echo(f"no path of at most {max_hops} steps")
        return
    typer.echo(render_rows(["path", "length", "steps"], rows, "table"))
