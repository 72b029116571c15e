"""The scale check: the app's steps answered by a SPARQL server holding a big graph.

``python -m bench.virtuoso_scale SPARQL_URL PLAN_JSON OUT_STEM [--from CLIENT_OUTPUT]``

Runs ``bench.virtuoso_client`` against the server (or reads a run it already printed),
then writes ``OUT_STEM.json`` and ``OUT_STEM.md``: each step the app takes (open, the
first page, search, a hub's capped neighbourhood and details, a path, every named
question) timed cold, against the targets of 2 s a step and 500 MB for the client
process, with the machine's load average, which on a shared machine says how far the
times are the server's and how far the queue's.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from bench.common import TAG, run_worker

STEP_S = 2.0
CLIENT_MB = 500.0


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} (1, 5, 15 min) on {os.cpu_count()} cores"


def markdown(result: dict[str, Any]) -> str:
    client = result["client"]
    steps = client.get("steps", {})
    lines = [
        f"# The app's steps on Virtuoso 7 at {result['triples']:,} triples",
        "",
        f"Server: {result['server']}; data: `gongfu synth` seed 0, loaded with Virtuoso's bulk "
        f"loader. Load average before / after: {result['load_before']} · {result['load_after']}.",
        "",
        f"Client peak RSS: **{client.get('peak_rss_mb')} MB** (target < {CLIENT_MB:g} MB: "
        f"{'met' if (client.get('peak_rss_mb') or 1e9) < CLIENT_MB else 'missed'}).",
        "",
        "| step | cold s | ≤ 2 s | note |",
        "|---|---|---|---|",
    ]
    for key in sorted(k for k in steps if k.endswith("_s")):
        name = key[:-2]
        error = steps.get(name + "_error", "")
        ok = "yes" if steps[key] <= STEP_S and not error else "no"
        lines.append(f"| {name} | {steps[key]:.2f} | {ok} | {error[:90]} |")
    missed = [k[:-2] for k in steps if k.endswith("_s") and steps[k] > STEP_S]
    lines += [
        "",
        f"Steps over {STEP_S:g} s: {len(missed)} of {sum(k.endswith('_s') for k in steps)}.",
    ]
    lines += ["", f"Shape: {json.dumps(client.get('shape'), ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def main(url: str, plan: Path, stem: Path, given: Path | None) -> dict[str, Any]:
    before = _load()
    if given is not None:
        line = next(x for x in given.read_text().splitlines() if x.startswith(TAG))
        client = json.loads(line[len(TAG) :])
    else:
        client = run_worker("virtuoso_client", url, plan, timeout_s=6 * 3600)
    synth = (
        json.loads((plan.parent / "synth.json").read_text())
        if (plan.parent / "synth.json").exists()
        else {}
    )
    result = {
        "server": url,
        "triples": synth.get("triples", 0),
        "load_before": before,
        "load_after": _load(),
        "client": client,
    }
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    stem.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    source = None
    if "--from" in args:
        i = args.index("--from")
        source = Path(args[i + 1])
        del args[i : i + 2]
    main(args[0], Path(args[1]), Path(args[2]), source)
