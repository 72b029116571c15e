"""Leave-one-out evaluation of the ingester against the curated files.

For each of the five sources: build a graph from the other four sources' curated facts
only (with the shared entities of common.yaml those four refer to), ingest the held-out
source into it, and compare the candidates with the held-out source's own curated file:
entities by resolved node, relations by (subject, relation, object), figures by
(indicator, year, value). Precision is judged on what the curated file covers: candidates
drawn from paragraphs its curator quoted (the rest of a newspaper page is other news); the
strict precision over every candidate is reported beside it.
"""

from __future__ import annotations

import copy
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from graph.mapping import PropertyGraph, property_graph
from graph.store import GraphStore
from loaders.base import commit_graph
from loaders.curated import curated_graph, read_curated
from loaders.documents.candidates import Candidates
from loaders.documents.extract import extract
from loaders.documents.lexicon import Lexicon, fold
from loaders.documents.paragraphs import paragraphs
from loaders.documents.propose import propose
from loaders.quotes import quote_occurs, squash
from loaders.resolve import core_name

__all__ = ["Evaluation", "evaluate", "fold_graph", "render_markdown"]


@dataclass
class Score:
    """Hits, gold and proposed counts of one kind, with recall and precision."""

    gold: int = 0
    found: int = 0  # gold items the candidates hold
    proposed: int = 0  # candidates judged (in the curated paragraphs)
    correct: int = 0  # judged candidates the curated file holds
    proposed_all: int = 0
    correct_all: int = 0

    def add(self, other: Score) -> None:
        for key in vars(self):
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def as_dict(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "gold": self.gold,
            "found": self.found,
            "recall": ratio(self.found, self.gold),
            "proposed": self.proposed,
            "correct": self.correct,
            "precision": ratio(self.correct, self.proposed),
            "proposed_all": self.proposed_all,
            "precision_strict": ratio(self.correct_all, self.proposed_all),
        }


@dataclass
class Evaluation:
    """The figures of one run: per source, overall, per relation type."""

    sources: dict[str, dict[str, Score]] = field(default_factory=dict)
    relations: dict[str, Score] = field(default_factory=dict)
    quotes_checked: int = 0
    quotes_ok: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def overall(self) -> dict[str, Score]:
        total = {k: Score() for k in ("entities", "relations", "figures")}
        for scores in self.sources.values():
            for key, score in scores.items():
                total[key].add(score)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": {k: v.as_dict() for k, v in self.overall().items()},
            "sources": {
                name: {k: v.as_dict() for k, v in scores.items()}
                for name, scores in self.sources.items()
            },
            "relation_types": {k: v.as_dict() for k, v in sorted(self.relations.items())},
            "quotes": {
                "checked": self.quotes_checked,
                "verifiable": self.quotes_ok,
                "share": round(self.quotes_ok / self.quotes_checked, 3)
                if self.quotes_checked
                else None,
            },
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


def _read(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _ids_of(doc: dict[str, Any]) -> set[str]:
    ids = {str(e["id"]) for e in doc.get("entities") or []}
    for f in doc.get("facts") or []:
        ids |= {str(f["s"]), str(f["o"])}
    for v in doc.get("values") or []:
        ids |= {str(v["indicator"]), str(v["scope"])}
    return ids


def fold_graph(curated_dir: Path, sources_dir: Path, held_out: str) -> PropertyGraph:
    """The graph of every curated file but ``held_out`` (and the shared entities they use)."""
    files = {p.name: _read(p) for p in sorted(curated_dir.glob("*.yaml"))}
    common = files.pop("common.yaml", {"entities": []})
    others = {name: doc for name, doc in files.items() if name != held_out}
    defined = {str(e["id"]) for doc in others.values() for e in doc.get("entities") or []}
    referred = set().union(*(_ids_of(doc) for doc in others.values()))
    shared = [e for e in common.get("entities") or [] if str(e["id"]) in referred]
    available = defined | {str(e["id"]) for e in shared}
    with tempfile.TemporaryDirectory(prefix="gongfu-loo-") as tmp:
        folder = Path(tmp)
        (folder / "common.yaml").write_text(
            yaml.safe_dump({"entities": shared}, allow_unicode=True), encoding="utf-8"
        )
        for name, doc in others.items():
            doc = copy.deepcopy(doc)
            doc["facts"] = [
                f for f in doc.get("facts") or [] if {str(f["s"]), str(f["o"])} <= available
            ]
            doc["values"] = [
                v
                for v in doc.get("values") or []
                if {str(v["indicator"]), str(v["scope"])} <= available
            ]
            (folder / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        data = read_curated(folder, sources_dir)
    store = GraphStore(None)
    with store.write() as writable:
        commit_graph(writable, "seed", curated_graph(data), file="leave-one-out", validate=False)
    return property_graph(store)


class _Gold:
    """The held-out curated file as sets, with every name of its entities for alignment."""

    def __init__(self, curated_dir: Path, held_out: str) -> None:
        files = {p.name: _read(p) for p in sorted(curated_dir.glob("*.yaml"))}
        doc = files[held_out]
        self.doc = doc
        self.entities = _ids_of(doc)
        self.facts = {(str(f["s"]), str(f["p"]), str(f["o"])) for f in doc.get("facts") or []}
        self.values = {
            (str(v["indicator"]), int(v["year"]), Decimal(str(v["value"])).normalize())
            for v in doc.get("values") or []
        }
        self.names: dict[str, set[str]] = defaultdict(set)  # folded name → ids
        self.names_of: dict[str, set[str]] = defaultdict(set)
        self.classes: dict[str, str] = {}
        self.cores: dict[str, set[str]] = defaultdict(set)
        for d in files.values():
            for e in d.get("entities") or []:
                eid = str(e["id"])
                if eid not in self.entities:
                    continue
                self.classes.setdefault(eid, str(e["class"]))
                for name in [e.get("zh"), *(e.get("aliases") or [])]:
                    if name:
                        self.names[fold(str(name))].add(eid)
                        self.names_of[eid].add(fold(str(name)))
                        self.cores[core_name(str(name))].add(eid)
        self.quotes = [
            squash(q)
            for key in ("entities", "facts", "values")
            for r in doc.get(key) or []
            if not r.get("source")
            for q in quotes_of(r)
        ]

    def align(self, cands: Candidates) -> dict[str, str]:
        """Candidate id → gold id.

        An existing node is itself. A new candidate is the gold entity of the same name
        (label, alias or core name), else of the same class whose name begins with its name
        or the reverse (a task named by its first clause), else the gold entity its relations
        point to: the one that holds most of the same relations to the same (aligned) nodes.
        """
        out: dict[str, str] = {}
        for cid, cand in cands.entities.items():
            if cand.existing:
                if cid in self.entities:
                    out[cid] = cid
                continue
            for name in [cand.zh, *cand.aliases]:
                hits = self.names.get(fold(name)) or self.cores.get(core_name(name))
                if hits:
                    out[cid] = sorted(hits)[0]
                    break
            else:
                mine = fold(cand.zh)
                for eid in sorted(self.entities):
                    if self.classes.get(eid) != cand.cls:
                        continue
                    for name in self.names_of[eid]:
                        short, long_ = sorted((mine, name), key=len)
                        inside = cand.cls == "Indicator" and short in long_
                        if len(short) >= 4 and (long_.startswith(short) or inside):
                            out[cid] = eid
                            break
                    if cid in out:
                        break
        taken = set(out.values())
        for cid, cand in cands.entities.items():
            if cid in out or cand.existing:
                continue
            votes: dict[str, int] = defaultdict(int)
            for r in cands.relations:
                if r.s == cid and r.o in out:
                    for s, p, o in self.facts:
                        if p == r.p and o == out[r.o] and self.classes.get(s) == cand.cls:
                            votes[s] += 1
                elif r.o == cid and r.s in out:
                    for s, p, o in self.facts:
                        if p == r.p and s == out[r.s] and self.classes.get(o) == cand.cls:
                            votes[o] += 1
            if votes:
                best, n = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
                if n >= 2 and best not in taken:
                    out[cid] = best
                    taken.add(best)
        return out


def quotes_of(rec: dict[str, Any]) -> list[str]:
    """A record's quotes of its own file: one text, or a list of texts and {quote, source}."""
    quote = rec.get("quote")
    items = quote if isinstance(quote, list) else [quote] if quote else []
    return [
        str(q) if not isinstance(q, dict) else str(q.get("quote"))
        for q in items
        if q and not (isinstance(q, dict) and q.get("source"))
    ]


def _covered(paras: list[str], quotes: list[str]) -> list[str]:
    squashed = [squash(p) for p in paras]
    return [p for p in squashed if any(q in p or (len(p) > 8 and p in q) for q in quotes)]


def _judged(sentence: str, covered: list[str]) -> bool:
    s = squash(sentence)
    return any(s in p or p in s for p in covered)


def evaluate(data_dir: Path, *, only: list[str] | None = None) -> Evaluation:
    """Run the leave-one-out evaluation over every curated source file in ``data_dir``."""
    curated_dir, sources_dir = data_dir / "curated", data_dir / "sources"
    result = Evaluation()
    for path in sorted(curated_dir.glob("0*.yaml")):
        if only and not any(path.name.startswith(o) for o in only):
            continue
        started = time.perf_counter()
        pg = fold_graph(curated_dir, sources_dir, path.name)
        gold = _Gold(curated_dir, path.name)
        source = sources_dir / str(gold.doc["source"])
        built = time.perf_counter()
        doc = extract(source)
        cands = propose(doc, pg, lexicon=Lexicon(pg))
        result.seconds[path.name] = time.perf_counter() - built
        result.seconds[path.name + " (graph)"] = built - started
        covered = _covered(paragraphs(doc.text), gold.quotes)
        aligned = gold.align(cands)
        scores = {k: Score() for k in ("entities", "relations", "figures")}
        # entities
        ent = scores["entities"]
        ent.gold = len(gold.entities)
        ent.found = len(set(aligned.values()) & gold.entities)
        for cid, cand in cands.entities.items():
            ok = aligned.get(cid) in gold.entities
            ent.proposed_all += 1
            ent.correct_all += ok
            if _judged(cand.sentence, covered):
                ent.proposed += 1
                ent.correct += ok
        # relations
        rel = scores["relations"]
        rel.gold = len(gold.facts)
        hit: set[tuple[str, str, str]] = set()
        for r in cands.relations:
            key = (aligned.get(r.s, "?"), r.p, aligned.get(r.o, "?"))
            if r.p == "cooperatesWith" and key not in gold.facts:
                key = (key[2], key[1], key[0])
            ok = key in gold.facts
            typed = result.relations.setdefault(r.p, Score())
            rel.proposed_all += 1
            rel.correct_all += ok
            typed.proposed_all += 1
            typed.correct_all += ok
            if ok:
                hit.add(key)
            if _judged(r.sentence, covered):
                rel.proposed += 1
                rel.correct += ok
                typed.proposed += 1
                typed.correct += ok
        rel.found = len(hit)
        for s, p, o in gold.facts:
            typed = result.relations.setdefault(p, Score())
            typed.gold += 1
            typed.found += (s, p, o) in hit
        # figures
        fig = scores["figures"]
        fig.gold = len(gold.values)
        seen: set[tuple[str, int, Decimal]] = set()
        for f in cands.figures:
            key = (aligned.get(f.indicator, "?"), int(f.year), Decimal(str(f.value)).normalize())
            ok = key in gold.values
            fig.proposed_all += 1
            fig.correct_all += ok
            if ok:
                seen.add(key)
            if _judged(f.sentence, covered):
                fig.proposed += 1
                fig.correct += ok
        fig.found = len(seen)
        # every quote verifiable in its file
        for quote in (
            [c.quote for c in cands.entities.values()]
            + [r.quote for r in cands.relations]
            + [f.quote for f in cands.figures]
        ):
            result.quotes_checked += 1
            result.quotes_ok += quote_occurs(quote, source)
        result.sources[path.name] = scores
    return result


def render_markdown(ev: Evaluation) -> str:
    """The evaluation as Markdown tables (per source and overall; per relation type)."""
    data = ev.as_dict()

    def fmt(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    lines = [
        "| source | entity recall | entity precision | relation recall | relation precision | figure recall | figure precision |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = [*data["sources"].items(), ("**overall**", data["overall"])]
    for name, s in rows:
        e, r, f = s["entities"], s["relations"], s["figures"]
        lines.append(
            f"| {name} | {fmt(e['recall'])} ({e['found']}/{e['gold']}) | {fmt(e['precision'])} "
            f"| {fmt(r['recall'])} ({r['found']}/{r['gold']}) | {fmt(r['precision'])} "
            f"| {fmt(f['recall'])} ({f['found']}/{f['gold']}) | {fmt(f['precision'])} |"
        )
    lines += [
        "",
        "| relation | gold | found | recall | proposed | precision |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, s in data["relation_types"].items():
        lines.append(
            f"| {name} | {s['gold']} | {s['found']} | {fmt(s['recall'])} | {s['proposed']} | {fmt(s['precision'])} |"
        )
    q = data["quotes"]
    lines += [
        "",
        f"Quotes verifiable in their file: {q['verifiable']}/{q['checked']} ({fmt(q['share'])}).",
    ]
    return "\n".join(lines) + "\n"
