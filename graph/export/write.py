"""The one dispatcher from a selection to a file (or to bytes, for the app's download button).

Each format lives in its own module and is imported only when asked for, so that the CLI
does not load matplotlib to write Turtle.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import networkx as nx

from graph.errors import GongfuError
from graph.export.records import SubgraphData
from graph.mapping import PropertyGraph
from graph.store import GraphStore
from graph.traversal import Subgraph

__all__ = ["FORMATS", "export_bytes", "export_subgraph"]

#: format → (file suffix, media type, what it is)
FORMATS: dict[str, tuple[str, str, str]] = {
    "ttl": (".ttl", "text/turtle", "RDF Turtle"),
    "jsonld": (".jsonld", "application/ld+json", "RDF JSON-LD"),
    "nt": (".nt", "application/n-triples", "RDF N-Triples"),
    "rdfxml": (".rdf", "application/rdf+xml", "RDF/XML"),
    "graphml": (".graphml", "application/graphml+xml", "GraphML"),
    "gexf": (".gexf", "application/gexf+xml", "GEXF (Gephi)"),
    "csv": (".zip", "application/zip", "CSV (nodes.csv, edges.csv)"),
    "cypher": (".cypher", "text/plain", "Cypher script (Neo4j)"),
    "html": (".html", "text/html", "interactive page"),
    "png": (".png", "image/png", "picture PNG"),
    "svg": (".svg", "image/svg+xml", "picture SVG"),
    "md": (".md", "text/markdown", "briefing Markdown"),
    "docx": (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "briefing Word",
    ),
    "pdf": (".pdf", "application/pdf", "briefing PDF"),
}


def export_subgraph(
    store: GraphStore | None,
    sub: Subgraph,
    fmt: str,
    path: Path | str,
    *,
    title: str = "",
    lang: str = "zh",
    graph: tuple[PropertyGraph, nx.MultiDiGraph] | None = None,
) -> Path:
    """Write the subgraph in ``fmt`` to ``path``; a Markdown briefing also writes its
    picture next to it (same name, ``.png``).

    ``graph`` gives the property graph and its projection directly (default: the store's
    cached ones); RDF needs the store itself, the other formats only the projection.

    Raises:
        GongfuError: unknown format, or RDF asked for without a store.
    """
    if fmt not in FORMATS:
        raise GongfuError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    path = Path(path)
    if graph is None:
        if store is None:
            raise GongfuError("exporting needs a store or a graph")
        from graph.explore import index_of

        pg, g, _index = index_of(store)
    else:
        pg, g = graph
    data = SubgraphData.of(pg, g, sub)
    title = title or sub.title or ("Gongfu Graph" if lang == "en" else "工赋图谱")
    if fmt in ("ttl", "jsonld", "nt", "rdfxml"):
        if store is None:
            raise GongfuError("RDF export needs the store")
        from graph.export.rdf import export_subgraph_rdf

        export_subgraph_rdf(store, data.sub, path, fmt)
    elif fmt in ("graphml", "gexf"):
        from graph.export.graphml import write_graph_file

        write_graph_file(data, path, fmt, lang)
    elif fmt == "csv":
        from graph.export.csvzip import write_csv_zip

        write_csv_zip(data, path, lang)
    elif fmt == "cypher":
        from graph.export.cypher import write_cypher

        write_cypher(data, path, title)
    elif fmt == "html":
        from graph.export.html import subgraph_html

        page = subgraph_html(data.pg, data.g, data.sub, title=title, lang=lang, height="800px")
        path.write_text(page, encoding="utf-8")
    elif fmt in ("png", "svg"):
        from graph.export.picture import draw_picture

        draw_picture(data, path, fmt=fmt, title=title, lang=lang)
    else:
        _briefing(store, data, fmt, path, title, lang)
    return path


def _briefing(
    store: GraphStore | None, data: SubgraphData, fmt: str, path: Path, title: str, lang: str
) -> None:
    from graph.export.briefing import build_briefing
    from graph.export.picture import draw_picture

    brief = build_briefing(data, title=title, lang=lang, store=store)
    if fmt == "md":
        from graph.export.brief_md import write_markdown

        picture = draw_picture(data, path.with_suffix(".png"), title=title, lang=lang)
        write_markdown(brief, path, picture)
        return
    with tempfile.TemporaryDirectory(prefix="gongfu-brief-") as tmp:
        picture = draw_picture(data, Path(tmp) / "graph.png", title=title, lang=lang)
        if fmt == "docx":
            from graph.export.brief_docx import write_docx

            write_docx(brief, path, picture)
        else:
            from graph.export.brief_pdf import write_pdf

            write_pdf(brief, path, picture)


def export_bytes(
    store: GraphStore | None,
    sub: Subgraph,
    fmt: str,
    *,
    title: str = "",
    lang: str = "zh",
    stem: str = "gongfu",
    graph: tuple[PropertyGraph, nx.MultiDiGraph] | None = None,
) -> tuple[bytes, str, str]:
    """The export as (bytes, file name, media type); a Markdown briefing and its picture
    come zipped together so that the download is complete."""
    suffix, mime, _what = FORMATS.get(fmt, ("", "", ""))
    with tempfile.TemporaryDirectory(prefix="gongfu-export-") as tmp:
        target = Path(tmp) / f"{stem}{suffix}"
        export_subgraph(store, sub, fmt, target, title=title, lang=lang, graph=graph)
        files = sorted(Path(tmp).iterdir())
        if len(files) == 1:
            return target.read_bytes(), target.name, mime
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, f.name)
        return buf.getvalue(), f"{stem}-{fmt}.zip", "application/zip"
