"""Virtuoso as a peer in the report: ratios of the embedded default against the same
operations answered by Virtuoso 7 over HTTP, in the same run on the same data.

Every ratio is Virtuoso's cost over the project's (a speed-up: ≥ 1 means the embedded
store is at least as fast, the target at 10^6), except the load, which is the project's
throughput over Virtuoso's bulk loader's (``ld_dir`` + ``rdf_loader_run()``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["TARGET_SIZE", "markdown_virtuoso", "summarise_virtuoso"]

#: the size at which the targets against Virtuoso are checked
TARGET_SIZE = 1_000_000


def _median(stats: dict[str, Any] | None) -> float | None:
    return (stats or {}).get("median_ms")


def _speedup(theirs: float | None, ours: float | None) -> float | None:
    if not theirs or not ours:
        return None
    return round(theirs / ours, 3)


def summarise_virtuoso(entry: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any] | None:
    """The peer's figures and ratios for one size (None when Virtuoso did not run)."""
    peer = raw.get("virtuoso")
    if not peer:
        return None
    if peer.get("error"):
        return {"error": peer["error"]}
    client = peer.get("client") or {}
    lat, steps = client.get("latency", {}), client.get("steps", {})
    proj = raw.get("project", {})
    plat = proj.get("latency", {})
    out: dict[str, Any] = {
        "load_triples_per_s": (peer.get("load") or {}).get("triples_per_s"),
        "load_seconds": (peer.get("load") or {}).get("seconds"),
        "client_peak_rss_mb": client.get("peak_rss_mb"),
        "client_error": client.get("error"),
        "steps_s": steps,
        "shape": client.get("shape"),
    }
    ours = entry.get("load_triples_per_s")
    theirs = out["load_triples_per_s"]
    out["load_vs_virtuoso"] = round(ours / theirs, 3) if ours and theirs else None
    for key in ("one_hop_hub", "one_hop_enterprise", "search_zh", "search_pinyin", "shortest_path"):
        out[f"{key}_ms"] = _median(lat.get(key))
        out[f"{key}_vs_virtuoso"] = _speedup(_median(lat.get(key)), _median(plat.get(key)))
    out["view_hub_ms"] = _median(lat.get("view_hub"))
    out["details_hub_ms"] = _median(lat.get("details_hub"))
    questions = []
    for name, q in proj.get("questions", {}).items():
        engine = q.get("answered_by", "sparql")
        mine = _median(q.get(engine))
        peer_q = client.get("questions", {}).get(name, {})
        questions.append(
            {
                "name": name,
                "project_ms": mine,
                "answered_by": engine,
                "virtuoso_ms": _median(peer_q),
                "virtuoso_rows": peer_q.get("rows"),
                "virtuoso_error": peer_q.get("error"),
                "speedup": _speedup(_median(peer_q), mine),
            }
        )
    out["questions"] = questions
    known = [q for q in questions if q["speedup"] is not None]
    if known:
        worst = min(known, key=lambda q: q["speedup"])
        out["questions_vs_virtuoso_min"] = worst["speedup"]
        out["questions_vs_virtuoso_min_question"] = worst["name"]
    out["targets_missed"] = _missed(entry["triples"], out)
    return out


def _missed(triples: int, v: dict[str, Any]) -> list[str]:
    """What falls short of the targets against Virtuoso (checked at about 10^6 only)."""
    if not 0.5 * TARGET_SIZE <= triples <= 2 * TARGET_SIZE:
        return []
    missed = []
    checks = [("load ≥ Virtuoso's bulk loader", v.get("load_vs_virtuoso"))]
    checks += [
        (f"1-hop {k} ≥ Virtuoso", v.get(f"one_hop_{k}_vs_virtuoso")) for k in ("hub", "enterprise")
    ]
    checks += [(f"question {q['name']} ≥ Virtuoso", q["speedup"]) for q in v["questions"]]
    for what, value in checks:
        if value is None:
            missed.append(f"{what}: not measured")
        elif value < 1:
            missed.append(f"{what}: {value:.2f}× ({1 / value:.1f}× slower)")
    return missed


def _f(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def markdown_virtuoso(sizes: list[dict[str, Any]]) -> list[str]:
    """The peer's tables: one summary row per size, then each size's questions."""
    rows = [e for e in sizes if e.get("virtuoso")]
    if not rows:
        return []
    out = [
        "",
        "## Against Virtuoso 7 (same data, same run; × = Virtuoso's time over the embedded "
        "default's, ≥ 1 is the target at 10^6)",
        "",
        "| triples | load vs Virtuoso bulk | Virtuoso load triples/s | 1-hop hub | 1-hop enterprise "
        "| search zh | search pinyin | path | slowest question (×) | client peak RSS MB "
        "| app steps on Virtuoso (s, cold) |",
        "|" + "---|" * 11,
    ]
    for e in rows:
        v = e["virtuoso"]
        if v.get("error"):
            out.append(f"| {e['triples']:,} | {v['error']} |" + " |" * 9)
            continue
        steps = v.get("steps_s") or {}
        shown = ", ".join(
            f"{k[:-2]} {steps[k]:.2f}"
            for k in sorted(steps)
            if k.endswith("_s") and not k.startswith("question_")
        )
        slowest_q = max(
            (steps[k] for k in steps if k.startswith("question_") and k.endswith("_s")),
            default=None,
        )
        out.append(
            f"| {e['triples']:,} | {_f(v.get('load_vs_virtuoso'))}× | {_f(v.get('load_triples_per_s'))} "
            f"| {_f(v.get('one_hop_hub_vs_virtuoso'))}× | {_f(v.get('one_hop_enterprise_vs_virtuoso'))}× "
            f"| {_f(v.get('search_zh_vs_virtuoso'))}× | {_f(v.get('search_pinyin_vs_virtuoso'))}× "
            f"| {_f(v.get('shortest_path_vs_virtuoso'))}× "
            f"| {_f(v.get('questions_vs_virtuoso_min'))}× ({v.get('questions_vs_virtuoso_min_question', '–')}) "
            f"| {_f(v.get('client_peak_rss_mb'))} | {shown}; slowest question {_f(slowest_q)} |"
        )
    for e in rows:
        v = e["virtuoso"]
        if v.get("error"):
            continue
        out += [
            "",
            f"### Named questions at {e['triples']:,} triples: embedded default against Virtuoso "
            "(median ms)",
            "",
            "| question | embedded | answered by | Virtuoso | × | Virtuoso rows |",
            "|---|---|---|---|---|---|",
        ]
        for q in v["questions"]:
            out.append(
                f"| {q['name']} | {_f(q['project_ms'])} | {q['answered_by']} "
                f"| {_f(q['virtuoso_ms']) if not q['virtuoso_error'] else q['virtuoso_error'][:60]} "
                f"| {_f(q['speedup'])} | {_f(q['virtuoso_rows'])} |"
            )
        if v.get("targets_missed"):
            out += ["", "Targets against Virtuoso missed:"]
            out += [f"- {m}" for m in v["targets_missed"]]
    return out
