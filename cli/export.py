"""Exports of the whole graph or a selection: RDF, tables, pictures, briefings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from cli.common import params, target_store
from graph.errors import GongfuError

app = typer.Typer()


_SUFFIX_FORMATS = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
    ".trig": "trig",
    ".nq": "nq",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".zip": "csv",
    ".cypher": "cypher",
    ".cql": "cypher",
    ".html": "html",
    ".png": "png",
    ".svg": "svg",
    ".md": "md",
    ".docx": "docx",
    ".pdf": "pdf",
}


def _check_target(output: Path) -> None:
    """Refuse, before any work, a file that cannot be written: one line naming the path."""
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        raise GongfuError(f"cannot write {output}: it is a folder; give a file name")
    if not folder.exists():
        raise GongfuError(f"cannot write {output}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise GongfuError(f"cannot write {output}: {folder} is not a folder")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise GongfuError(f"cannot write {output}: permission denied")


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Whole graph: ttl, nt, jsonld, rdfxml, trig, nq. A selection: ttl, jsonld, nt, "
            "rdfxml, graphml, gexf, csv, cypher, html, png, svg, md, docx, pdf. "
            "Default: from the file's suffix, else ttl.",
        ),
    ] = None,
    focus: Annotated[
        list[str] | None,
        typer.Option(
            "--focus",
            help="Focus entity (repeatable; the first gets --hops, the others one hop, "
            "as nodes expanded in the explorer).",
        ),
    ] = None,
    hops: Annotated[int, typer.Option(min=1, max=4, help="Steps out from the focus.")] = 1,
    limit: Annotated[int, typer.Option(min=1, help="At most this many nodes.")] = 100,
    classes: Annotated[
        list[str] | None, typer.Option("--class", help="Only these classes (repeatable).")
    ] = None,
    relations: Annotated[
        list[str] | None, typer.Option("--relation", help="Only these relations (repeatable).")
    ] = None,
    question: Annotated[
        str | None, typer.Option("--question", help="A named question's result.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Question parameter k=v.")
    ] = None,
    path: Annotated[
        tuple[str, str] | None, typer.Option("--path", help="The path between two entities.")
    ] = None,
    every_path: Annotated[
        bool, typer.Option("--all-paths", help="Every simple path, not only the shortest.")
    ] = False,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=10, help="Longest path.")] = 6,
    title: Annotated[str, typer.Option(help="Title (default: says what was selected).")] = "",
    lang: Annotated[str, typer.Option(help="zh or en labels.")] = "zh",
) -> None:
    """Export the whole graph as RDF, or a selection (--focus, --question, --path) as RDF,
    GraphML, GEXF, CSV, Cypher, an interactive page, a picture or a briefing."""
    fmt = fmt or _SUFFIX_FORMATS.get(output.suffix.lower(), "ttl")
    _check_target(output)
    try:
        _export(output, fmt, focus, hops, limit, classes, relations, question, param, path,
                every_path, max_hops, title, lang)  # fmt: skip
    except OSError as exc:
        where = exc.filename or output
        raise GongfuError(f"cannot write {where}: {exc.strerror or exc}") from None


def _export(
    output: Path,
    fmt: str,
    focus: list[str] | None,
    hops: int,
    limit: int,
    classes: list[str] | None,
    relations: list[str] | None,
    question: str | None,
    param: list[str] | None,
    path: tuple[str, str] | None,
    every_path: bool,
    max_hops: int,
    title: str,
    lang: str,
) -> None:
    from graph.export.rdf import RDF_FORMATS, export_store_rdf

    if not (focus or question or path):
        if fmt not in RDF_FORMATS:
            raise GongfuError(
                f"format {fmt!r} exports a selection: give --focus, --question or --path "
                f"(the whole graph is exported as {', '.join(RDF_FORMATS)})"
            )
        n = export_store_rdf(target_store(), output, fmt)
        typer.echo(f"wrote {n} statements to {output}")
        return
    from graph.export.select import select_subgraph
    from graph.export.write import FORMATS, export_subgraph

    if fmt not in FORMATS:
        raise GongfuError(f"unknown format {fmt!r} for a selection: one of {', '.join(FORMATS)}")
    store = target_store()
    sub = select_subgraph(
        store,
        focus=focus or (),
        hops=hops,
        limit=limit,
        classes=classes,
        relations=relations,
        question=question,
        params=params(param),
        path=path,
        every_path=every_path,
        max_hops=max_hops,
        lang=lang,
    )
    export_subgraph(store, sub, fmt, output, title=title, lang=lang)
    extra = f" (picture: {output.with_suffix('.png')})" if fmt == "md" else ""
    typer.echo(f"wrote {fmt}: {len(sub.nodes)} nodes, {len(sub.edges)} edges to {output}{extra}")
    if sub.omitted_nodes:
        typer.echo(f"{sub.omitted_nodes} more node(s) in reach were left out (--limit)", err=True)
