"""Documents in: ``gongfu ingest`` reads documents into review files, loads reviewed ones,
and measures the rules (leave-one-out over the five sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import JsonOpt, target_store
from graph.errors import GongfuError

app = typer.Typer()

HOW_TO_READ = """## How to read these figures

Leave-one-out: each source is ingested into a graph built from the other four sources'
curated files (and the shared entities of `common.yaml` they refer to). Entities count by
resolved node; a new entity is matched to the curated entity of the same name (label, alias,
core name), else of the same class whose name starts with its name (a task named by its first
clause; for indicators, contains it), else to the curated entity that holds most of the same
relations. Precision is judged on the paragraphs the curated file quotes (a newspaper page
holds other news the curator did not read out); `precision_strict` in ingest.json counts every
candidate. Targets (issue 13): entity recall >= 0.75 and relation recall >= 0.45 overall,
precision >= 0.8, every quote verifiable in its file.
"""


@app.command()
def ingest(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Documents: .txt .md .docx .pdf .html")
    ] = None,
    review_out: Annotated[
        Path | None,
        typer.Option(
            "--review-out", help="The review file (one document; default FILE.review.yaml)."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", help="Folder for the review files of several documents."),
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Prefill 'accept' for candidates at or above this confidence.")
    ] = 0.6,
    accept: Annotated[
        Path | None,
        typer.Option("--accept", help="Load this reviewed file (its accepted records)."),
    ] = None,
    name: Annotated[str | None, typer.Option(help="Name of the load (with --accept).")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check a review without loading it.")
    ] = False,
    accepted_out: Annotated[
        Path | None,
        typer.Option("--accepted-out", help="Also write the accepted part as a curated file."),
    ] = None,
    evaluate: Annotated[
        bool,
        typer.Option("--evaluate", help="Leave-one-out evaluation over data/ (recall, precision)."),
    ] = False,
    results: Annotated[
        Path | None, typer.Option(help="With --evaluate: write ingest.json and ingest.md here.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Read documents into review files; --accept a reviewed file; --evaluate the rules."""
    from graph.output import to_json

    if evaluate:
        from loaders.build import default_data_dir
        from loaders.documents.evaluate import evaluate as run
        from loaders.documents.evaluate import render_markdown

        ev = run(default_data_dir())
        data, table = ev.as_dict(), render_markdown(ev)
        if results is not None:
            results.mkdir(parents=True, exist_ok=True)
            (results / "ingest.json").write_text(to_json(data) + "\n", encoding="utf-8")
            (results / "ingest.md").write_text(
                "# Documents in: leave-one-out evaluation\n\n" + table + "\n" + HOW_TO_READ,
                encoding="utf-8",
            )
        typer.echo(to_json(data) if json_out else table)
        return
    if accept is not None:
        from loaders.documents.accept import accept_review

        done = accept_review(
            target_store(local=True), accept, name=name, dry_run=dry_run, accepted_out=accepted_out
        )
        if json_out:
            typer.echo(to_json(done.as_dict()))
            return
        for line in done.dropped:
            typer.echo(f"left out: {line}")
        verb = "would load" if dry_run else "loaded"
        typer.echo(
            f"{verb} '{done.name}' from {accept}: {done.entities} entities ({done.new_entities} new), "
            f"{done.facts} facts, {done.values} figures ({done.triples} triples); "
            f"remove with: gongfu unload {done.name}"
        )
        return
    if not files:
        raise GongfuError("give documents to ingest, --accept REVIEW.yaml, or --evaluate")
    if review_out is not None and len(files) > 1:
        raise GongfuError("--review-out names one review file; use --out-dir for several documents")
    from graph.project_nx import cached_property_graph
    from loaders.documents.ingest import default_review_path, ingest_file
    from loaders.documents.lexicon import Lexicon

    store = target_store(local=True)
    lexicon = Lexicon(cached_property_graph(store))
    done_all = []
    for file in files:
        out = review_out or (
            (out_dir / f"{file.stem}.review.yaml") if out_dir else default_review_path(file)
        )
        done = ingest_file(store, file, review_out=out, threshold=threshold, lexicon=lexicon)
        done_all.append(done.as_dict())
        if not json_out:
            typer.echo(
                f"{file}: {done.title!r}: {done.entities} entities ({done.new_entities} new), "
                f"{done.relations} relations, {done.figures} figures; {done.accepted} prefilled accept\n"
                f"  review: {done.review}\n  then:   gongfu ingest --accept {done.review}"
            )
    if json_out:
        typer.echo(to_json(done_all if len(done_all) > 1 else done_all[0]))
