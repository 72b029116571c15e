"""The review file: candidates in the curated YAML format, each with its review notes.

Every record is a curated record (data/README.md) plus one ``review`` mapping: the decision
(accept / reject, prefilled from the confidence), the confidence, whether the text states
it or a rule infers it, the rule, and for entities how the name resolved against the graph
with the scores of the existing entities it might be merged with. ``gongfu ingest --accept``
(or ``gongfu load``) loads the accepted records and writes them, without the review notes,
as a plain curated file. The source text the quotes come from sits beside the review file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from graph.errors import LoadError
from loaders.documents.candidates import Candidates
from loaders.documents.extract import Document

__all__ = [
    "DEFAULT_THRESHOLD",
    "accepted_records",
    "bulk_accept",
    "merge_entity",
    "read_review",
    "review_document",
    "source_name_of",
    "write_review",
]

DEFAULT_THRESHOLD = 0.6
REVIEW_KEY = "review"

_HEADER = """\
# Review file written by `gongfu ingest` (Gongfu Graph). Curated format (data/README.md),
# plus a `review:` mapping on each record that the loader reads and then drops.
#   decision: accept | reject      prefilled: accept when confidence >= {threshold}
#   stated / inferred, rule        how the candidate was found
#   match, score, alternatives     how a name resolved against the graph (merge by setting
#                                  the entity's id to an alternative's id)
# Edit names, classes or quotes freely: every quote must still occur in {source}
# (whitespace aside). Then: gongfu ingest --accept THIS_FILE   (or: gongfu load THIS_FILE)
"""


def source_name_of(doc: Document) -> str:
    """The file name the document's text is kept under: content hash and original stem."""
    digest = hashlib.sha1(doc.text.encode("utf-8")).hexdigest()[:12]
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", doc.path.stem).strip("-")[:40] or "document"
    return f"{digest}_{stem}.txt"


def review_document(
    doc: Document, cands: Candidates, *, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, Any]:
    """The review file's content for ``doc`` (a mapping, ready to be written as YAML)."""
    source = source_name_of(doc)

    def decision(conf: float) -> str:
        return "accept" if conf >= threshold else "reject"

    entities = []
    for cand in sorted(cands.entities.values(), key=lambda c: (c.existing, c.cls, c.id)):
        rec: dict[str, Any] = {"id": cand.id, "class": cand.cls, "zh": cand.zh, "en": cand.en}
        if cand.aliases and not cand.existing:
            rec["aliases"] = list(cand.aliases)
        if cand.kind and not cand.existing:
            rec["kind"] = cand.kind
        if cand.props and not cand.existing:
            rec["props"] = dict(cand.props)
        rec["quote"] = cand.quote
        rec[REVIEW_KEY] = {
            "decision": decision(cand.confidence),
            "confidence": round(cand.confidence, 3),
            "rule": cand.rule,
            "match": cand.match,
            "existing": cand.existing,
            "score": round(cand.score, 1),
            "sentence": cand.sentence,
        }
        if cand.alternatives:
            rec[REVIEW_KEY]["alternatives"] = [
                {
                    "id": a.id,
                    "name": a.name,
                    "class": a.cls,
                    "score": round(a.score, 1),
                    "how": a.how,
                }
                for a in cand.alternatives
            ]
        entities.append(rec)
    facts = []
    for rel in cands.relations:
        rec = {"s": rel.s, "p": rel.p, "o": rel.o, "quote": rel.quote, "inferred": rel.inferred}
        if rel.note:
            rec["note"] = rel.note
        if rel.props:
            rec["props"] = dict(rel.props)
        rec[REVIEW_KEY] = {
            "decision": decision(rel.confidence),
            "confidence": rel.confidence,
            "rule": rel.rule,
            "stated": not rel.inferred,
            "sentence": rel.sentence,
        }
        facts.append(rec)
    values = []
    for fig in cands.figures:
        rec = {
            "indicator": fig.indicator,
            "scope": fig.scope,
            "year": int(fig.year),
            "value": int(fig.value) if float(fig.value).is_integer() else fig.value,
            "unit": fig.unit,
            "kind": fig.kind,
        }
        if fig.comparator:
            rec["comparator"] = fig.comparator
        rec["quote"] = fig.quote
        rec[REVIEW_KEY] = {
            "decision": decision(fig.confidence),
            "confidence": fig.confidence,
            "rule": fig.rule,
            "stated": not fig.inferred,
            "sentence": fig.sentence,
        }
        values.append(rec)
    document: dict[str, Any] = {"zh": doc.title, "en": _english_title(doc)}
    if doc.publisher:
        document["publisher"] = doc.publisher
    if doc.date:
        document["date"] = doc.date
    return {
        "source": source,
        "document": document,
        REVIEW_KEY: {"file": str(doc.path), "kind": doc.kind, "threshold": threshold},
        "entities": entities,
        "facts": facts,
        "values": values,
    }


def _english_title(doc: Document) -> str:
    from loaders.documents.names import english_of

    return english_of(doc.title)[:200]


def write_review(review: dict[str, Any], path: Path, *, text: str | None = None) -> Path:
    """Write the review file (and, given ``text``, the source text beside it); returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        (path.parent / review["source"]).write_text(text, encoding="utf-8")
    threshold = (review.get(REVIEW_KEY) or {}).get("threshold", DEFAULT_THRESHOLD)
    header = _HEADER.format(threshold=threshold, source=review["source"])
    body = yaml.safe_dump(review, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")
    return path


class _LineLoader(yaml.SafeLoader):
    """Remembers each mapping's line, so that a refused review names the line to fix."""


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_review(path: Path, *, lines: bool = False) -> dict[str, Any]:
    """Read a review file (``lines``: keep each record's line number as ``__line__``).

    Raises:
        LoadError: the file is missing or not a review file (its line and column named).
    """
    path = Path(path)
    if not path.is_file():
        raise LoadError("no such review file", file=str(path))
    try:
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=_LineLoader if lines else yaml.SafeLoader
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise LoadError(
            f"not valid YAML{where}: {getattr(exc, 'problem', exc)}", file=str(path)
        ) from exc
    except UnicodeDecodeError as exc:
        raise LoadError("not UTF-8", file=str(path)) from exc
    if not isinstance(data, dict) or "source" not in data:
        raise LoadError("not a review or curated file (no 'source')", file=str(path))
    return data


def _accepted(rec: dict[str, Any]) -> bool:
    review = rec.get(REVIEW_KEY)
    return not isinstance(review, dict) or review.get("decision", "accept") == "accept"


def accepted_records(
    review: dict[str, Any], existing: set[str]
) -> tuple[dict[str, Any], list[str]]:
    """The accepted part of a review as a plain curated document, and what was left out why.

    A fact or figure whose entity was rejected (and is not in the graph) is left out with it.
    """
    dropped: list[str] = []
    entities = [e for e in review.get("entities") or [] if _accepted(e)]
    known = {str(e.get("id")) for e in entities} | existing
    facts = []
    for f in review.get("facts") or []:
        if not _accepted(f):
            continue
        missing = [str(f.get(k)) for k in ("s", "o") if str(f.get(k)) not in known]
        if missing:
            dropped.append(
                f"fact {f.get('s')} {f.get('p')} {f.get('o')}: entity {', '.join(missing)} not accepted"
            )
            continue
        facts.append(f)
    values = []
    for v in review.get("values") or []:
        if not _accepted(v):
            continue
        missing = [str(v.get(k)) for k in ("indicator", "scope") if str(v.get(k)) not in known]
        if missing:
            dropped.append(
                f"figure {v.get('indicator')} {v.get('year')}: entity {', '.join(missing)} not accepted"
            )
            continue
        values.append(v)
    clean = {
        "source": review["source"],
        "document": _strip(review.get("document") or {}),
        "entities": [_strip(e) for e in entities],
        "facts": [_strip(f) for f in facts],
        "values": [_strip(v) for v in values],
    }
    return clean, dropped


def _strip(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != REVIEW_KEY}


def bulk_accept(review: dict[str, Any], threshold: float) -> int:
    """Accept every candidate at or above ``threshold`` (others rejected); returns accepted."""
    n = 0
    for key in ("entities", "facts", "values"):
        for rec in review.get(key) or []:
            notes = rec.setdefault(REVIEW_KEY, {})
            ok = float(notes.get("confidence", 1.0)) >= threshold
            notes["decision"] = "accept" if ok else "reject"
            n += ok
    return n


def merge_entity(
    review: dict[str, Any], candidate: str, into: str, *, cls: str, zh: str, en: str
) -> None:
    """Make a new candidate the existing entity ``into``: its id, class and English label,
    and every fact and figure that named it; the name in the text stays as an alias."""
    for rec in review.get("entities") or []:
        if rec.get("id") == candidate:
            rec["id"], rec["class"], rec["en"] = into, cls, en
            for key in ("aliases", "kind", "props"):
                rec.pop(key, None)
            notes = rec.setdefault(REVIEW_KEY, {})
            notes.update(
                {"match": "merged", "existing": True, "merged_from": candidate, "merged_into": zh}
            )
    for rec in review.get("facts") or []:
        for end in ("s", "o"):
            if rec.get(end) == candidate:
                rec[end] = into
    for rec in review.get("values") or []:
        for end in ("indicator", "scope"):
            if rec.get(end) == candidate:
                rec[end] = into


_ = asdict
