"""Search, neighbourhoods and paths from a terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import JsonOpt, target_store

app = typer.Typer()


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="A Chinese or English name, alias or pinyin.")],
    limit: Annotated[int, typer.Option(min=1, help="At most this many hits.")] = 20,
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
        int,
        typer.Option(min=1, help="At most this many nodes (nearest, best connected first)."),
    ] = 200,
    all_edges: Annotated[
        bool,
        typer.Option(
            "--all-edges", help="At --hops 1, also the edges among the neighbours themselves."
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """The k-hop neighbourhood of an entity: its own properties, then each edge with every
    quote behind it (stated before inferred, the quote naming both ends first), figures
    with their value and source. At --hops 1 only the focus's own edges, unless
    --all-edges."""
    from graph.explore import neighbours, subgraph_rows
    from graph.output import to_json

    store = target_store()
    sub = neighbours(
        store, name, hops=hops, limit=limit, focus_edges_only=hops == 1 and not all_edges
    )
    nodes, edges = subgraph_rows(store, sub, evidence=True)
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
    typer.echo(_neighbourhood_text(nodes, edges))
    if sub.omitted_nodes:
        typer.echo(f"{sub.omitted_nodes} more node(s) in reach were left out (--limit)")


def _plain(value: object) -> str:
    """Text from the data for a terminal: control characters and bidi overrides shown as
    escapes, never obeyed (line breaks kept: a cell lists one quote per line)."""
    from graph.output import printable

    return printable("" if value is None else str(value), keep_newlines=True)


def _evidence_lines(edge: dict) -> list[str]:
    lines = []
    figure = edge.get("observation")
    if figure:
        shown = f"{figure.get('comparator') or ''}{figure.get('value')}{figure.get('unit') or ''}"
        about = " · ".join(
            str(figure[k]) for k in ("indicator", "scope") if figure.get(k) is not None
        )
        table = f" · plan table: {figure['table_category']}" if figure.get("table_category") else ""
        lines.append(f"{about} {figure.get('year')} {figure.get('kind')}: {shown}{table}")
    seen: set[str] = set()
    for ev in edge.get("evidence") or []:
        mark = "inferred" if ev["inferred"] else "stated"
        lines.append(f"{mark} · {ev['source']}: 「{ev['quote']}」")
        if ev.get("fact") and ev["fact"] in seen:
            continue  # the fact's note and figures are shown with its first quote
        seen.add(ev.get("fact") or "")
        props = ", ".join(f"{k}={v}" for k, v in (ev.get("props") or {}).items())
        if props:
            lines.append(f"  {props}")
        for lang in ("note_zh", "note_en"):
            if ev.get(lang):
                lines.append(f"  note: {ev[lang]}")
    return lines


def _neighbourhood_text(nodes: list[dict], edges: list[dict]) -> str:
    """The focus with its properties, then one row per edge with all its evidence."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(record=True, width=200, file=io.StringIO())
    for node in (n for n in nodes if n["focus"]):
        head = f"{node['name']} · {node['name_en'] or ''} · {node['class']}"
        console.print(Text(_plain(head)))
        if node.get("aliases"):
            console.print(Text(_plain("  aliases: " + ", ".join(node["aliases"]))))
        for key, value in (node.get("props") or {}).items():
            console.print(Text(_plain(f"  {key}: {value}")))
    table = Table(show_lines=True)
    for column in ("source", "relation", "target", "inferred", "evidence"):
        table.add_column(column, overflow="fold")
    for edge in edges:
        table.add_row(
            Text(_plain(edge["source"])),
            Text(_plain(edge["relation"])),
            Text(_plain(edge["target"])),
            Text("true" if edge["inferred"] else "false"),
            Text(_plain("\n".join(_evidence_lines(edge)))),
        )
    console.print(table)
    console.print(f"{len(edges)} edge(s)")
    return console.export_text()


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
