"""Turn the workers' raw results into one entry per size, check the targets, write files.

Ratios are the project against a baseline on the same data in the same run. Speed-ups
(``load_vs_*``, ``*_vs_rdflib``, ``questions_speedup_vs_rdflib_min``): bigger is better.
Multiples (``one_hop_vs_networkx``, ``rss_vs_rdflib``): the project's cost as a multiple
of the baseline's, smaller is better. When one side ran into its time limit the ratio is a
bound, and ``bounds[field]`` says which way: ``">"`` at least, ``"<"`` at most.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.peer_virtuoso import markdown_virtuoso, summarise_virtuoso

__all__ = ["TARGETS", "markdown", "merge_results", "plot", "summarise", "write_results"]

#: (field, comparison, threshold, what it means)
TARGETS: tuple[tuple[str, str, float, str], ...] = (
    ("load_vs_oxigraph_bulk", ">=", 0.8, "load ≥ 0.8× pyoxigraph bulk_load"),
    ("load_vs_rdflib", ">=", 4.0, "load ≥ 4× rdflib parse"),
    ("one_hop_vs_networkx", "<=", 3.0, "1-hop (hub) ≤ 3× networkx"),
    ("one_hop_enterprise_vs_networkx", "<=", 3.0, "1-hop (enterprise) ≤ 3× networkx"),
    ("one_hop_vs_rdflib", ">=", 10.0, "1-hop (hub) ≥ 10× faster than rdflib"),
    ("one_hop_enterprise_vs_rdflib", ">=", 10.0, "1-hop (enterprise) ≥ 10× faster than rdflib"),
    ("rss_vs_rdflib", "<=", 0.6, "peak memory ≤ 0.6× rdflib's"),
)
QUESTION_TARGET = 10.0
_FLIP = {">": "<", "<": ">", "=": "="}


def _ms(stats: dict[str, Any] | None) -> tuple[float | None, str]:
    """A measurement in ms and its bound: ``=`` measured, ``>`` timed out (at least)."""
    if not stats:
        return None, ""
    if stats.get("median_ms") is not None:
        return float(stats["median_ms"]), "="
    if stats.get("lower_bound_ms") is not None:
        return float(stats["lower_bound_ms"]), ">"
    return None, ""


def _ratio(
    num: tuple[float | None, str], den: tuple[float | None, str]
) -> tuple[float | None, str]:
    """num / den with its bound (None when both sides are bounds, or a side is missing)."""
    (a, ba), (b, bb) = num, den
    if a is None or b is None or b == 0:
        return None, ""
    if ba != "=" and bb != "=":
        return None, ""
    bound = ba if ba != "=" else _FLIP[bb]
    return round(a / b, 3 if a / b < 10 else 1), bound


def _questions(project: dict[str, Any], rdflib: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Per question: both engines, rdflib, and the speed-up of the answer the project gives
    (the engine ``answered_by`` names, as ``gongfu ask`` and the app pick it) and of SPARQL."""
    rows = []
    for name, entry in project.get("questions", {}).items():
        sparql, cypher = entry.get("sparql", {}), entry.get("cypher", {})
        answered_by = entry.get("answered_by", "sparql")
        answer = cypher if answered_by == "cypher" else sparql
        base = (rdflib or {}).get("questions", {}).get(name, {}).get("sparql")
        speed, bound = _ratio(_ms(base), _ms(answer)) if base else (None, "")
        sparql_speed, sparql_bound = _ratio(_ms(base), _ms(sparql)) if base else (None, "")
        rows.append(
            {
                "name": name,
                "answered_by": answered_by,
                "sparql_ms": _ms(sparql)[0],
                "sparql_bound": _ms(sparql)[1],
                "sparql_p95_ms": sparql.get("p95_ms"),
                "sparql_rows": sparql.get("rows"),
                "cypher_ms": _ms(cypher)[0],
                "cypher_p95_ms": cypher.get("p95_ms"),
                "cypher_rows": cypher.get("rows"),
                "cypher_error": cypher.get("error"),
                "rdflib_ms": _ms(base)[0] if base else None,
                "rdflib_bound": _ms(base)[1] if base else "",
                "rdflib_rows": (base or {}).get("rows"),
                #: rdflib's own failure on the text (not a time limit): nothing to compare
                "rdflib_error": (base or {}).get("error")
                if base and _ms(base)[0] is None
                else None,
                "speedup_vs_rdflib": speed,
                "speedup_bound": bound,
                "sparql_speedup_vs_rdflib": sparql_speed,
                "sparql_speedup_bound": sparql_bound,
            }
        )
    return rows


def _rdflib_failed(q: dict[str, Any]) -> str:
    """How rdflib failed on a question's text, for its table cell ("" when it answered)."""
    error = q.get("rdflib_error")
    return f"fails ({str(error).split(':', 1)[0]})" if error else ""


def _check(value: float | None, bound: str, op: str, limit: float) -> bool | None:
    """True met, False missed, None not known (a bound on the wrong side, or no value)."""
    if value is None:
        return None
    good = value >= limit if op == ">=" else value <= limit
    if bound == "=":
        return good
    if (op == ">=" and bound == ">") or (op == "<=" and bound == "<"):
        return True if good else None
    return False if not good else None


def _shortfall(value: float, op: str, limit: float) -> str:
    if value <= 0:
        return "no value"
    return f"{limit / value:.1f}× short" if op == ">=" else f"{value / limit:.1f}× over"


def _fmt(value: float | None, bound: str = "=") -> str:
    if value is None:
        return "–"
    prefix = "" if bound in ("=", "") else bound
    return f"{prefix}{value:,.3g}" if abs(value) < 1000 else f"{prefix}{value:,.0f}"


def _targets(entry: dict[str, Any]) -> tuple[bool, list[str]]:
    if not entry["baselines"]:
        return False, ["not checked: the baselines were skipped at this size"]
    missed = []
    for field, op, limit, what in TARGETS:
        value, bound = entry.get(field), entry["bounds"].get(field, "=")
        ok = _check(value, bound, op, limit)
        if ok is False:
            missed.append(f"{what}: {_fmt(value, bound)} ({_shortfall(value, op, limit)})")
        elif ok is None:
            missed.append(f"{what}: not shown ({_fmt(value, bound)}, a time limit cut it short)")
    tabular = entry.get("tabular")
    if tabular and tabular.get("error"):
        missed.append(f"table load within 3× of the N-Triples bulk load: {tabular['error']}")
    elif tabular and not tabular["target_met"]:
        missed.append(
            f"table load within 3× of the N-Triples bulk load: "
            f"{tabular['table_vs_ntriples']:.2f} ({1 / 3 / tabular['table_vs_ntriples']:.1f}× short)"
        )
    for q in entry["questions"]:
        ok = _check(q["speedup_vs_rdflib"], q["speedup_bound"], ">=", QUESTION_TARGET)
        shown = _fmt(q["speedup_vs_rdflib"], q["speedup_bound"])
        if ok is False:
            short = _shortfall(q["speedup_vs_rdflib"], ">=", QUESTION_TARGET)
            missed.append(f"question {q['name']} ≥ 10× faster than rdflib: {shown} ({short})")
        elif ok is None and q.get("rdflib_error"):
            continue  # rdflib cannot answer the text at all (said in the questions' table)
        elif ok is None:
            why = (
                "both timed out" if q["speedup_vs_rdflib"] is None else "a time limit cut it short"
            )
            missed.append(f"question {q['name']} ≥ 10× faster than rdflib: not shown ({why})")
    return not missed, missed


def summarise(
    n: int, synth: dict[str, Any], raw: dict[str, Any], *, baselines: bool, note: str = ""
) -> dict[str, Any]:
    """One entry of the ``sizes`` array from the workers' raw results."""
    load = raw.get("load_project", {})
    proj = raw.get("project", {})
    lat = proj.get("latency", {})
    rdf = raw.get("rdflib") if baselines else None
    nx = raw.get("networkx") if baselines else None
    oxl = raw.get("load_oxigraph") if baselines else None
    triples = synth["triples"]
    bounds: dict[str, str] = {}
    entry: dict[str, Any] = {"requested": n, "triples": triples, "baselines": baselines}
    if load.get("error"):
        # the load overran or failed: its throughput is at most triples / time waited
        entry["load_error"] = load["error"]
        tps = (triples / load["wall_s"], "<") if load.get("wall_s") else (None, "")
    else:
        tps = (load.get("triples_per_s"), "=")
    entry["load_seconds"] = load.get("seconds") or load.get("wall_s")
    entry["load_triples_per_s"] = round(tps[0], 1) if tps[0] else None
    if tps[1] == "<":
        bounds["load_triples_per_s"] = "<"
    entry["peak_rss_mb"] = load.get("peak_rss_mb") or raw.get("load_fallback", {}).get(
        "peak_rss_mb"
    )
    if raw.get("load_fallback"):
        entry["load_fallback"] = raw["load_fallback"].get("how")
    if baselines:
        ox_tps, rdf_tps = (
            (oxl or {}).get("triples_per_s"),
            (rdf or {}).get("load", {}).get("triples_per_s"),
        )
        entry["oxigraph_load_triples_per_s"] = ox_tps
        entry["rdflib_load_triples_per_s"] = rdf_tps
        for field, base in (("load_vs_oxigraph_bulk", ox_tps), ("load_vs_rdflib", rdf_tps)):
            value, bound = _ratio(tps, (base, "=")) if base else (None, "")
            entry[field] = value
            if bound not in ("", "="):
                bounds[field] = bound
        rdf_rss = (rdf or {}).get("load", {}).get("peak_rss_mb")
        entry["rdflib_peak_rss_mb"] = rdf_rss
        entry["oxigraph_peak_rss_mb"] = (oxl or {}).get("peak_rss_mb")
        entry["rss_vs_rdflib"] = (
            round(entry["peak_rss_mb"] / rdf_rss, 3) if rdf_rss and entry["peak_rss_mb"] else None
        )
    for key, op in (("one_hop_hub", "one_hop"), ("one_hop_enterprise", "one_hop_enterprise")):
        value = _ms(lat.get(key))
        entry[f"{op}_ms_median"] = value[0]
        entry[f"{op}_ms_p95"] = (lat.get(key) or {}).get("p95_ms")
        if baselines:
            for base_name, base in (("networkx", nx), ("rdflib", rdf)):
                stats = (base or {}).get("latency", {}).get(key)
                if base_name == "networkx":
                    ratio = _ratio(value, _ms(stats))  # a multiple of networkx's cost
                else:
                    ratio = _ratio(_ms(stats), value)  # a speed-up
                entry[f"{op}_vs_{base_name}"] = ratio[0]
                if ratio[1] not in ("", "="):
                    bounds[f"{op}_vs_{base_name}"] = ratio[1]
    for key in (
        "one_hop_hub_view",
        "one_hop_enterprise_view",
        "two_hop_hub",
        "two_hop_enterprise",
        "search_pinyin",
        "search_zh",
        "shortest_path",
        "export_graphml_2hop",
    ):
        entry[f"{key}_ms_median"] = _ms(lat.get(key))[0]
        if baselines:
            for base_name, base in (("networkx", nx), ("rdflib", rdf)):
                stats = (base or {}).get("latency", {}).get(key)
                if stats:
                    entry[f"{key}_{base_name}_ms_median"] = _ms(stats)[0]
    entry["questions"] = _questions(proj, rdf)
    speeds = [q for q in entry["questions"] if q["speedup_vs_rdflib"] is not None]
    if speeds:
        worst = min(speeds, key=lambda q: q["speedup_vs_rdflib"])
        entry["questions_speedup_vs_rdflib_min"] = worst["speedup_vs_rdflib"]
        entry["questions_speedup_vs_rdflib_min_question"] = worst["name"]
        if worst["speedup_bound"] not in ("", "="):
            bounds["questions_speedup_vs_rdflib_min"] = worst["speedup_bound"]
    else:
        entry["questions_speedup_vs_rdflib_min"] = None
    # SPARQL alone (every question on the Oxigraph store), shown beside the answers
    sparql_speeds = [q for q in entry["questions"] if q["sparql_speedup_vs_rdflib"] is not None]
    if sparql_speeds:
        worst = min(sparql_speeds, key=lambda q: q["sparql_speedup_vs_rdflib"])
        entry["questions_sparql_speedup_vs_rdflib_min"] = worst["sparql_speedup_vs_rdflib"]
        entry["questions_sparql_speedup_vs_rdflib_min_question"] = worst["name"]
    entry["questions_answered_by_cypher"] = [
        q["name"] for q in entry["questions"] if q["answered_by"] == "cypher"
    ]
    measured = [q["sparql_ms"] for q in entry["questions"] if q["sparql_ms"] is not None]
    entry["questions_sparql_ms_max"] = max(measured) if measured else None
    entry["questions_sparql_timed_out"] = [
        q["name"] for q in entry["questions"] if q["sparql_bound"] == ">"
    ]
    build = proj.get("build", {})
    entry["networkx_projection_s"] = build.get("networkx_projection_s")
    entry["search_index_s"] = build.get("search_index_s")
    entry["cypher_copy_s"] = build.get("cypher_copy_s")
    entry["serving_peak_rss_mb"] = proj.get("peak_rss_mb")
    app = raw.get("app", {})
    entry["app_first_page_s"] = app.get("first_page_s")
    if app.get("error") and "longer than" in app["error"]:
        entry["app_first_page_s"] = app.get("wall_s")  # killed at its time limit
        bounds["app_first_page_s"] = ">"
    entry["app_process_s"] = app.get("wall_s")
    entry["app_ok"] = app.get("ok", False) and not app.get("error")
    entry["app_problems"] = app.get("problems") or ([app["error"]] if app.get("error") else [])
    if raw.get("tabular"):
        from bench.tabular import summarise_tabular

        entry["tabular"] = summarise_tabular(raw["tabular"])
    entry["bounds"] = bounds
    entry["note"] = note
    entry["targets_met"], entry["targets_missed"] = _targets(entry)
    entry["virtuoso"] = summarise_virtuoso(entry, raw)
    entry["synth"] = {k: synth[k] for k in ("seed", "counts", "probes")}
    entry["synth"]["serves_top"] = synth["serves_degrees"][:5]
    entry["synth"]["serves_median"] = synth["serves_degrees"][len(synth["serves_degrees"]) // 2]
    entry["workers"] = raw
    return entry


def markdown(result: dict[str, Any]) -> str:
    """The results as Markdown tables: summary, other costs, and the questions per size."""
    sizes = result["sizes"]
    out = [
        f"# Gongfu Graph benchmark ({result['mode']}, {result['finished']})",
        "",
        f"Machine: {result['machine']}. Data: `gongfu synth` seed {result['seed']}. "
        "Ratios: speed-ups (×, bigger is better) except *vs networkx* and *RSS vs rdflib* "
        "(the project's cost as a multiple, smaller is better); `>`/`<` mark bounds where a "
        "time limit cut a run short.",
        "",
        "| triples | load triples/s | vs Oxigraph bulk | vs rdflib | peak RSS MB | RSS vs rdflib "
        "| 1-hop hub ms | vs networkx | vs rdflib | 1-hop enterprise ms | vs networkx | vs rdflib "
        "| question speed-up vs rdflib (min) | targets |",
        "|" + "---|" * 14,
    ]

    def b(entry: dict[str, Any], field: str) -> str:
        return _fmt(entry.get(field), entry["bounds"].get(field, "="))

    for e in sizes:
        met = "met" if e["targets_met"] else f"{len(e['targets_missed'])} missed"
        out.append(
            f"| {e['triples']:,} | {b(e, 'load_triples_per_s')} | {b(e, 'load_vs_oxigraph_bulk')} "
            f"| {b(e, 'load_vs_rdflib')} | {b(e, 'peak_rss_mb')} | {b(e, 'rss_vs_rdflib')} "
            f"| {b(e, 'one_hop_ms_median')} | {b(e, 'one_hop_vs_networkx')} | {b(e, 'one_hop_vs_rdflib')} "
            f"| {b(e, 'one_hop_enterprise_ms_median')} | {b(e, 'one_hop_enterprise_vs_networkx')} "
            f"| {b(e, 'one_hop_enterprise_vs_rdflib')} | {b(e, 'questions_speedup_vs_rdflib_min')} | {met} |"
        )
    out += [
        "",
        "## Other costs (project; networkx / rdflib in brackets where measured)",
        "",
        "| triples | search ms | 1-hop view hub ms | 1-hop view enterprise ms | 2-hop hub ms "
        "| 2-hop enterprise ms | shortest path ms | GraphML export ms "
        "| slowest SPARQL question ms | SPARQL timed out | networkx projection s | search index s "
        "| Cypher copy s | app first page s | serving RSS MB |",
        "|" + "---|" * 15,
    ]
    for e in sizes:

        def pair(key: str, e: dict[str, Any] = e) -> str:
            extra = [_fmt(e.get(f"{key}_{x}_ms_median")) for x in ("networkx", "rdflib")]
            shown = _fmt(e.get(f"{key}_ms_median"))
            return shown + (f" ({' / '.join(extra)})" if e["baselines"] else "")

        app = _fmt(e.get("app_first_page_s"), e["bounds"].get("app_first_page_s", "="))
        app += "" if e.get("app_ok") else " (errors)"
        out.append(
            f"| {e['triples']:,} | {pair('search_pinyin')} "
            f"| {_fmt(e.get('one_hop_hub_view_ms_median'))} "
            f"| {_fmt(e.get('one_hop_enterprise_view_ms_median'))} | {pair('two_hop_hub')} "
            f"| {pair('two_hop_enterprise')} | {pair('shortest_path')} "
            f"| {_fmt(e.get('export_graphml_2hop_ms_median'))} | {_fmt(e.get('questions_sparql_ms_max'))} "
            f"| {len(e['questions_sparql_timed_out'])} | {_fmt(e.get('networkx_projection_s'))} "
            f"| {_fmt(e.get('search_index_s'))} | {_fmt(e.get('cypher_copy_s'))} | {app} "
            f"| {_fmt(e.get('serving_peak_rss_mb'))} |"
        )
    tabular = [e["tabular"] for e in sizes if e.get("tabular")]
    if tabular:
        from bench.tabular import markdown as tabular_markdown

        out += ["", tabular_markdown(tabular).rstrip("\n")]
    for e in sizes:
        out += [
            "",
            f"## Named questions at {e['triples']:,} triples (median ms)",
            "",
            "| question | SPARQL (project) | Cypher (project) | answered by | rdflib SPARQL "
            "| speed-up vs rdflib | SPARQL's speed-up | rows |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for q in e["questions"]:
            rows = f"{q['sparql_rows']} / {q['cypher_rows']} / {q['rdflib_rows']}"
            out.append(
                f"| {q['name']} | {_fmt(q['sparql_ms'], q['sparql_bound'])} | {_fmt(q['cypher_ms'])} "
                f"| {q['answered_by']} | "
                f"{_rdflib_failed(q) or _fmt(q['rdflib_ms'], q['rdflib_bound'])} "
                f"| {_fmt(q['speedup_vs_rdflib'], q['speedup_bound'])} "
                f"| {_fmt(q['sparql_speedup_vs_rdflib'], q['sparql_speedup_bound'])} | {rows} |"
            )
        out += ["", f"Targets at {e['triples']:,}: " + ("all met" if e["targets_met"] else "")]
        out += [f"- {m}" for m in e["targets_missed"]]
        if e.get("note"):
            out += ["", f"Note: {e['note']}"]
    out += markdown_virtuoso(sizes)
    return "\n".join(out) + "\n"


def plot(result: dict[str, Any], path: Path) -> Path | None:
    """Log-log growth of each cost with size (project solid, baselines dashed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = result["sizes"]
    if not sizes:
        return None
    panels = [
        (
            "load s",
            [
                ("project", lambda e: _secs(e, "load_triples_per_s")),
                ("Oxigraph bulk", lambda e: _secs(e, "oxigraph_load_triples_per_s")),
                ("rdflib", lambda e: _secs(e, "rdflib_load_triples_per_s")),
            ],
        ),
        (
            "peak RSS MB (load)",
            [
                ("project", lambda e: e.get("peak_rss_mb")),
                ("Oxigraph bulk", lambda e: e.get("oxigraph_peak_rss_mb")),
                ("rdflib", lambda e: e.get("rdflib_peak_rss_mb")),
            ],
        ),
        (
            "1-hop hub ms",
            [
                ("project", lambda e: e.get("one_hop_ms_median")),
                ("networkx", lambda e: _base(e, "one_hop_hub", "networkx")),
                ("rdflib", lambda e: _base(e, "one_hop_hub", "rdflib")),
            ],
        ),
        (
            "2-hop hub ms",
            [
                ("project", lambda e: e.get("two_hop_hub_ms_median")),
                ("networkx", lambda e: e.get("two_hop_hub_networkx_ms_median")),
                ("rdflib", lambda e: e.get("two_hop_hub_rdflib_ms_median")),
            ],
        ),
        (
            "slowest named question ms (time-limited)",
            [
                ("SPARQL", lambda e: e.get("questions_sparql_ms_max")),
                ("Cypher", lambda e: _max_q(e, "cypher_ms")),
                ("rdflib (≥)", lambda e: _max_q(e, "rdflib_ms")),
            ],
        ),
        (
            "builds s",
            [
                ("networkx projection", lambda e: e.get("networkx_projection_s")),
                ("Cypher copy", lambda e: e.get("cypher_copy_s")),
                ("app first page", lambda e: e.get("app_first_page_s")),
            ],
        ),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(14, 8))
    xs = [e["triples"] for e in sizes]
    for ax, (title, lines) in zip(axes.flat, panels, strict=True):
        for i, (label, get) in enumerate(lines):
            pts = [(x, get(e)) for x, e in zip(xs, sizes, strict=True)]
            pts = [(x, y) for x, y in pts if y]
            if pts:
                ax.plot(
                    *zip(*pts, strict=True),
                    marker="o",
                    linestyle="-" if i == 0 else "--",
                    label=label,
                )
        _linear_guide(ax, [(x, lines[0][1](e)) for x, e in zip(xs, sizes, strict=True)])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("triples")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"Gongfu Graph benchmark: growth with size ({result['mode']})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _linear_guide(ax: Any, points: list[tuple[int, float | None]]) -> None:
    """A dotted line of slope 1 from the project's smallest measured size: a cost that grows
    no faster than linearly stays on or below it."""
    known = [(x, y) for x, y in points if y]
    if len(known) < 2:
        return
    (x0, y0), x1 = known[0], known[-1][0]
    ax.plot([x0, x1], [y0, y0 * x1 / x0], linestyle=":", color="grey", label="linear")


def merge_results(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Several runs' results as one, every size once (a later run's entry wins): the growth
    from 10^4 to 10^7 when 10^7 was measured on its own."""
    by_size: dict[int, dict[str, Any]] = {}
    for result in results:
        for entry in result["sizes"]:
            by_size[entry["triples"]] = entry
    merged = dict(results[-1])
    merged["mode"] = "growth"
    merged["merged_from"] = [r.get("finished") for r in results]
    merged["sizes"] = [by_size[n] for n in sorted(by_size)]
    return merged


def _secs(e: dict[str, Any], field: str) -> float | None:
    tps = e.get(field)
    return e["triples"] / tps if tps else None


def _base(e: dict[str, Any], key: str, base: str) -> float | None:
    stats = e.get("workers", {}).get(base, {}).get("latency", {}).get(key)
    return _ms(stats)[0]


def _max_q(e: dict[str, Any], field: str) -> float | None:
    values = [q[field] for q in e["questions"] if q[field] is not None]
    return max(values) if values else None


def write_results(
    result: dict[str, Any], out_dir: Path, *, stems: tuple[str, ...] | None = None
) -> list[Path]:
    """``latest.json``, ``latest.md``, ``latest.png`` and the same as ``<mode>.*``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=1, default=str)
    md = markdown(result)
    written = []
    for stem in stems or ("latest", result["mode"]):
        (out_dir / f"{stem}.json").write_text(text, encoding="utf-8")
        (out_dir / f"{stem}.md").write_text(md, encoding="utf-8")
        written += [out_dir / f"{stem}.json", out_dir / f"{stem}.md"]
        png = plot(result, out_dir / f"{stem}.png")
        if png:
            written.append(png)
    return written
