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
    _state["store"] = store
    _state["endpoint"] = sparql_endpoint
    _state["debug"] = debug


def _store(*, must_exist: bool = True, local: bool = False):
    """The embedded store, or the SPARQL endpoint given with --sparql-endpoint."""
    from graph.store import open_store

    if _state.get("endpoint") and not local:
        from graph.remote import RemoteStore

        return RemoteStore(str(_state["endpoint"]))
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
    data: Annotated[
        Path | None, typer.Option(help="The data folder (default: the project's data/).")
    ] = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Only when no store exists yet.")
    ] = False,
) -> None:
    """(Re)build the store from data/: the ontology and the curated facts, validated."""
    from loaders.build import build_store

    store = _store(must_exist=False, local=True)
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
    typer.echo(
        f"does not conform: {len(report.violations)} violation(s)\n{report.text()}", err=True
    )
    raise typer.Exit(1)


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="SPARQL text, or @file.rq")],
    fmt: Annotated[
        RowFormat, typer.Option("--format", help="table, csv or json")
    ] = RowFormat.table,
    allow_update: Annotated[
        bool, typer.Option("--allow-update", help="Allow SPARQL Update.")
    ] = False,
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
    typer.echo(
        render_rows(result.columns, result.rows, fmt.value), nl=fmt != RowFormat.json or True
    )
    if result.message:
        typer.echo(result.message, err=True)


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
    from graph.export.rdf import RDF_FORMATS, export_store_rdf

    fmt = fmt or _SUFFIX_FORMATS.get(output.suffix.lower(), "ttl")
    if not (focus or question or path):
        if fmt not in RDF_FORMATS:
            raise GongfuError(
                f"format {fmt!r} exports a selection: give --focus, --question or --path "
                f"(the whole graph is exported as {', '.join(RDF_FORMATS)})"
            )
        n = export_store_rdf(_store(), output, fmt)
        typer.echo(f"wrote {n} statements to {output}")
        return
    from graph.export.select import select_subgraph
    from graph.export.write import FORMATS, export_subgraph

    if fmt not in FORMATS:
        raise GongfuError(f"unknown format {fmt!r} for a selection: one of {', '.join(FORMATS)}")
    store = _store()
    sub = select_subgraph(
        store,
        focus=focus or (),
        hops=hops,
        limit=limit,
        classes=classes,
        relations=relations,
        question=question,
        params=_params(param),
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


def _params(items: list[str] | None) -> dict[str, str]:
    given = {}
    for item in items or []:
        if "=" not in item:
            raise GongfuError(f"--param takes k=v, got {item!r}")
        key, value = item.split("=", 1)
        given[key.strip()] = value.strip()
    return given


JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="A Chinese or English name, alias or pinyin.")],
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    json_out: JsonOpt = False,
) -> None:
    """Find entities by name, alias, English name or pinyin (empty when nothing matches)."""
    from dataclasses import asdict

    from graph.explore import find
    from graph.output import render_rows, to_json

    hits = [asdict(h) for h in find(_store(), text, limit=limit)]
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

    store = _store()
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

    store = _store()
    rows = path_rows(store, paths_between(store, a, b, max_hops=max_hops, every=every))
    if json_out:
        typer.echo(to_json(rows))
        return
    if not rows:
        typer.echo(f"no path of at most {max_hops} steps")
        return
    typer.echo(render_rows(["path", "length", "steps"], rows, "table"))


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
    timeout: Annotated[float, typer.Option(help="Time limit in seconds.")] = 30.0,
    limit: Annotated[int, typer.Option(help="Row limit.")] = 10_000,
) -> None:
    """Run read-only Cypher on the embedded copy (LadybugDB), or on Neo4j with --neo4j."""
    from graph.output import render_rows

    text = _read_text_arg(query)
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

        result = run_cypher(_store(), text, timeout=timeout, row_limit=limit)
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
    given = {}
    for item in param or []:
        if "=" not in item:
            raise GongfuError(f"--param takes k=v, got {item!r}")
        key, value = item.split("=", 1)
        given[key.strip()] = value.strip()
    result = run_question(_store(), name, given, engine=engine)
    out_fmt = "json" if json_out else fmt.value
    typer.echo(render_rows(result.columns, result.rows, out_fmt))


neo4j_app = typer.Typer(
    help="Neo4j (or any Bolt server) as a projection of the graph.", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("push")
def neo4j_push(
    uri: Annotated[str, typer.Option("--uri", envvar="NEO4J_URI", help="bolt://host:7687")],
    database: Annotated[str | None, typer.Option(help="Database name (Neo4j 4+).")] = None,
    batch: Annotated[int, typer.Option(help="Rows per UNWIND batch.")] = 500,
) -> None:
    """Write the graph to Neo4j with batched, idempotent MERGE (credentials: NEO4J_USER / NEO4J_PASSWORD)."""
    from graph.neo4j_bolt import neo4j_credentials, push_graph
    from graph.project_nx import cached_property_graph

    auth = neo4j_credentials(prompt=sys.stdin.isatty())
    report = push_graph(
        cached_property_graph(_store()), uri, auth=auth, database=database, batch=batch
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
    json_out: JsonOpt = False,
) -> None:
    """Load analysts' data: a table, an RDF file, or a Neo4j graph; all or nothing."""
    from graph.output import render_rows, to_json
    from loaders.load import load_file, load_graph

    store = _store()
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
            typer.echo(render_rows(cols, rows, "table"))
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
        for r in list_loads(_store())
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

    n = unload_load(_store(), name)
    typer.echo(f"removed '{name}' ({n} triples)")


@app.command()
def push(
    sparql_endpoint: Annotated[
        str, typer.Option("--sparql-endpoint", help="The endpoint's query URL.")
    ],
    update_endpoint: Annotated[
        str | None, typer.Option(help="Its update URL (default: …/update beside the query URL).")
    ] = None,
) -> None:
    """Copy the embedded store, graph by graph, to a SPARQL 1.1 endpoint (SPARQL Update)."""
    from graph.remote import push_to_endpoint, update_endpoint_for

    written = push_to_endpoint(
        _store(local=True), update_endpoint or update_endpoint_for(sparql_endpoint)
    )
    typer.echo(
        f"pushed {sum(written.values())} quads in {len(written)} graphs to {sparql_endpoint}"
    )


@app.command()
def synth(
    triples: Annotated[
        int, typer.Option("--triples", "-n", min=1, help="About this many triples.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for graph.nt and synth.json.")],
    seed: Annotated[int, typer.Option(help="Same seed, same file.")] = 0,
    json_out: JsonOpt = False,
) -> None:
    """Write a synthetic graph in the ontology (N-Triples, streamed) for benchmarks."""
    from graph.output import to_json
    from graph.synth import write_synth

    report = write_synth(triples, out, seed=seed)
    if json_out:
        typer.echo(to_json(report.as_dict()))
        return
    classes = ", ".join(f"{k} {v:,}" for k, v in report.counts.items())
    typer.echo(f"wrote {report.triples:,} triples to {report.path} (seed {seed}): {classes}")


@app.command()
def bench(
    quick: Annotated[
        bool, typer.Option("--quick", help="10^4 and 10^5 triples, all baselines, ~2 minutes.")
    ] = False,
    json_out: JsonOpt = False,
    sizes: Annotated[
        list[str] | None,
        typer.Option("--sizes", help="Sizes in triples, e.g. 1e4,1e5 (repeatable)."),
    ] = None,
    samples: Annotated[
        int | None, typer.Option(min=1, help="Timed runs per measurement (default 20).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the generated graphs.")] = 0,
    out: Annotated[
        Path | None, typer.Option("--out", help="Results folder (default bench/results).")
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the generated data and stores.")
    ] = False,
    merge: Annotated[
        list[Path] | None,
        typer.Option(
            "--merge",
            help="Runs' JSON files to merge instead of running (repeatable): "
            "growth.json/.md/.png over all their sizes.",
        ),
    ] = None,
) -> None:
    """Measure load, memory and latency against pyoxigraph, rdflib and networkx."""
    import json

    from bench.report import markdown, merge_results, write_results
    from bench.run import parse_sizes, run_bench
    from graph.output import to_json

    if merge:
        missing = [str(p) for p in merge if not p.is_file()]
        if missing:
            raise GongfuError(f"no such results file: {', '.join(missing)}")
        merged = merge_results([json.loads(p.read_text(encoding="utf-8")) for p in merge])
        folder = out or Path(__file__).resolve().parent.parent / "bench" / "results"
        files = write_results(merged, folder, stems=("growth",))
        typer.echo(markdown(merged))
        typer.echo("results: " + ", ".join(str(f) for f in files))
        return
    result = run_bench(
        parse_sizes(sizes) or None, quick=quick, seed=seed, samples=samples, out_dir=out, keep=keep
    )
    if json_out:
        typer.echo(to_json(result))
        return
    typer.echo(markdown(result))
    typer.echo("results: " + ", ".join(result["files"]))


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
