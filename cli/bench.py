"""The synthetic generator and the benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import JsonOpt
from graph.errors import GongfuError

app = typer.Typer()


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
    from bench.synth import write_synth
    from graph.output import to_json

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
