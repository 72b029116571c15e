"""The evidence rule: a fact's quotes name what it links (data/README.md, "The evidence rule").

A stated fact's quotes name both of its ends; an inferred fact's quotes name at least one,
and its note (zh and en) says what the rest rests on. An end is named by its zh or en
label or one of its aliases, or by one of four documented short forms:

- any entity by the sentence that introduces it in that document: a quote that holds the
  quote of the entity's own record for the same source (where the curator shows the text
  naming it, as for a programme the text describes rather than names);
- a task (PolicyTask) by its section: a quote between the task's heading and the next
  heading that is not one of its own sub-tasks names the task;
- the policy whose text a document is (``document: {policy: …}``) by any quote of it;
- an indicator by its figure: a quote that holds (or lies in) the quote of one of the
  indicator's values from the same source names the indicator that figure measures.

A ``hasTask`` fact whose quote is the sub-task's heading rests on the document's structure
(the heading stands under its parent), and a document's mentions are made by the loader;
neither needs its subject named. The check also holds facts to the right node: a fact of
a plan or task group whose quote lies in one of its sub-task's sections belongs on that
sub-task. Run it with ``python -m loaders.evidence``; ``tests/test_evidence.py`` runs it.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.curated import CuratedData, read_curated
from loaders.quotes import squash

__all__ = ["EvidenceReport", "check_evidence", "main"]


@dataclass
class EvidenceReport:
    """Counts of how each fact's ends are named, and every fact that breaks the rule."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        return "\n".join(
            [
                f"facts checked: {c['facts']} ({c['stated']} stated, {c['inferred']} inferred)",
                f"stated: both ends named by label or alias {c['stated by name']}; "
                f"a task named by its section {c['stated by task section']}; "
                f"the plan named by its own text {c['stated by plan text']}; "
                f"an indicator named by its figure {c['stated by figure']}; "
                f"an entity named by its introducing sentence {c['stated by introduction']}; "
                f"a sub-task under its heading {c['stated by heading']}",
                f"inferred: quotes name both ends {c['inferred both named']}, "
                f"one end {c['inferred one named']}; "
                f"citing several sentences {c['inferred several quotes']}; "
                f"with a note in zh and en {c['inferred with notes']}",
                f"problems: {len(self.problems)}",
            ]
        )


def _fold(text: str) -> str:
    return squash(text).casefold()


class _Document:
    """One source text, whitespace removed, with the sections of its plan's headings."""

    def __init__(self, text: str) -> None:
        self.text = _fold(text)
        self.sections: dict[str, tuple[int, int]] = {}

    def positions(self, quote: str) -> list[int]:
        q, found, start = _fold(quote), [], 0
        while q and (at := self.text.find(q, start)) >= 0:
            found.append(at)
            start = at + 1
        return found

    def holds(self, entity: str, quote: str) -> bool:
        span = self.sections.get(entity)
        return span is not None and any(span[0] <= p < span[1] for p in self.positions(quote))

    def deepest(self, at: int) -> str | None:
        """The entity with the narrowest section around position ``at``."""
        around = [(b - a, e) for e, (a, b) in self.sections.items() if a <= at < b]
        return min(around)[1] if around else None


def _descendants(children: dict[str, set[str]], root: str) -> set[str]:
    seen: set[str] = set()
    todo = list(children.get(root, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(children.get(node, ()))
    return seen


def _documents(data: CuratedData, sources_dir: Path) -> dict[str, _Document]:
    docs = {
        name: _Document((sources_dir / name).read_text(encoding="utf-8")) for name in data.documents
    }
    children: dict[str, set[str]] = {}
    for fact in data.facts:
        if fact["p"] == "hasTask":
            children.setdefault(fact["s"], set()).add(fact["o"])
    for name, doc in docs.items():
        policy = data.documents[name].get("policy")
        heads: dict[str, int] = {}
        for eid, ent in data.entities.items():
            if ent["class"] != "PolicyTask" and eid != policy:
                continue
            for src, quote in ent["__mentions__"]:
                at = doc.positions(quote) if src == name else []
                if at:
                    heads[eid] = at[0]
        if policy:
            heads[policy] = 0  # the plan's text is the whole document
        for eid, start in heads.items():
            under = _descendants(children, eid)
            ends = [s for e, s in heads.items() if s > start and e not in under]
            doc.sections[eid] = (start, min(ends, default=len(doc.text)))
    return docs


def check_evidence(data: CuratedData, sources_dir: Path) -> EvidenceReport:
    """Check every curated fact against the evidence rule (see the module's docstring)."""
    docs = _documents(data, sources_dir)
    names = {
        eid: [
            _fold(str(n)) for n in (e["zh"], e["en"], *(e.get("aliases") or [])) if str(n).strip()
        ]
        for eid, e in data.entities.items()
    }
    children: dict[str, set[str]] = {}
    for fact in data.facts:
        if fact["p"] == "hasTask":
            children.setdefault(fact["s"], set()).add(fact["o"])
    report = EvidenceReport()
    c = report.counts
    for fact in data.facts:
        quotes: list[tuple[str, str]] = fact["__quotes__"]
        where = f"{fact['__file__']}:{fact.get('__line__')}: {fact['s']} {fact['p']} {fact['o']}"
        how = {end: _named(fact[end], quotes, names, docs, data) for end in ("s", "o")}
        if fact["p"] == "hasTask" and how["o"] and not how["s"]:
            how["s"] = "heading"  # the sub-task's heading stands under its parent
        c["facts"] += 1
        if fact.get("inferred"):
            c["inferred"] += 1
            named = sum(bool(v) for v in how.values())
            c["inferred both named" if named == 2 else "inferred one named"] += named > 0
            c["inferred several quotes"] += len(quotes) > 1
            note = fact.get("note")
            has_notes = isinstance(note, dict) and all(
                str(note.get(k) or "").strip() for k in ("zh", "en")
            )
            c["inferred with notes"] += has_notes
            if not named:
                report.problems.append(f"{where}: an inferred fact's quotes name neither end")
            if not has_notes:
                report.problems.append(f"{where}: an inferred fact needs a note in zh and en")
        else:
            c["stated"] += 1
            for end in ("s", "o"):
                if not how[end]:
                    ent = data.entities[fact[end]]
                    report.problems.append(
                        f"{where}: the quote does not name {fact[end]} ({ent['zh']})"
                    )
            if all(how.values()):
                kinds = set(how.values())
                c[
                    "stated by heading"
                    if "heading" in kinds
                    else "stated by plan text"
                    if "plan text" in kinds
                    else "stated by task section"
                    if "task section" in kinds
                    else "stated by figure"
                    if "figure" in kinds
                    else "stated by introduction"
                    if "introduction" in kinds
                    else "stated by name"
                ] += 1
        report.problems.extend(_misplaced(fact, quotes, docs, children, where))
    return report


def _named(
    eid: str,
    quotes: list[tuple[str, str]],
    names: dict[str, list[str]],
    docs: dict[str, _Document],
    data: CuratedData,
) -> str:
    """How the quotes name the entity: 'name', 'introduction', 'task section', 'plan text',
    'figure' or '' (not at all)."""
    if any(n in _fold(q) for _src, q in quotes for n in names[eid]):
        return "name"
    intro = data.entities[eid]["__mentions__"]
    if any(src == s and _fold(m) in _fold(q) for src, q in quotes for s, m in intro):
        return "introduction"
    if data.entities[eid]["class"] == "Indicator":
        for src, quote in quotes:
            q = _fold(quote)
            figures = (
                _fold(str(v["quote"]))
                for v in data.values
                if v["indicator"] == eid and v["__source__"] == src
            )
            if any(f in q or q in f for f in figures):
                return "figure"
    for src, quote in quotes:
        doc = docs.get(src)
        if doc is None:
            continue
        if data.documents[src].get("policy") == eid:
            return "plan text"
        if data.entities[eid]["class"] == "PolicyTask" and doc.holds(eid, quote):
            return "task section"
    return ""


def _misplaced(
    fact: dict[str, Any],
    quotes: list[tuple[str, str]],
    docs: dict[str, _Document],
    children: dict[str, set[str]],
    where: str,
) -> list[str]:
    """A plan's or task group's fact quoted from one of its sub-tasks belongs on that sub-task."""
    if fact["p"] == "hasTask":
        return []
    under = _descendants(children, fact["s"])
    homes: set[str | None] = set()
    for src, quote in quotes:
        doc = docs.get(src)
        if doc is None or fact["s"] not in doc.sections:
            return []  # a quote from elsewhere: not a paragraph of this plan
        homes |= {doc.deepest(at) for at in doc.positions(quote)}
    if homes and homes <= under:
        return [f"{where}: quoted from the paragraph of {', '.join(sorted(homes))}: put it there"]
    return []


def main(argv: list[str] | None = None) -> int:
    """Print the counts (and every problem) for the project's data/ or the folder given."""
    from loaders.build import default_data_dir

    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else default_data_dir()
    data = read_curated(data_dir / "curated", data_dir / "sources")
    report = check_evidence(data, data_dir / "sources")
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
