"""Entity resolution: does a name in an analyst's table mean an entity the graph already has?

A name links to an existing entity when it is that entity's label, alias or English name,
when the two are the same company name but for a legal-form suffix (股份有限公司, 集团,
平台 …), or when they are a close fuzzy match (rapidfuzz). A match that is close but not
close enough is *uncertain*: it is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.mapping import PropertyGraph
from graph.search import normalise

__all__ = ["Match", "Resolver", "core_name"]

# longest first, so that 股份有限公司 is stripped before 有限公司
_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团有限公司",
        "集团股份有限公司",
        "集团",
        "公司",
        "工业互联网平台",
        "互联网平台",
        "平台",
        "股份",
        "co.,ltd.",
        "co.ltd",
        "co.,ltd",
        "ltd.",
        "ltd",
        "group",
        "inc.",
        "inc",
        "corporation",
        "corp.",
        "platform",
    ],
    key=len,
    reverse=True,
)
_REGION_PREFIX = re.compile(r"^(山东省?|济南市?|江苏省?|青岛市?|中国)")

LINK_SCORE = 92.0
UNCERTAIN_SCORE = 70.0


def core_name(name: str) -> str:
    """A name without punctuation, legal-form suffixes and a leading province or city.

    Example:
        >>> core_name("临工重机股份有限公司"), core_name("浪潮云洲工业互联网平台"), core_name("山东临工重机")
        ('临工重机', '浪潮云洲', '临工重机')
    """
    text = normalise(name)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                changed = True
    stripped = _REGION_PREFIX.sub("", text)
    return stripped if len(stripped) >= 2 else text


@dataclass(frozen=True)
class Match:
    """How a name was resolved: ``linked`` to an IRI, ``uncertain`` (with a candidate), or ``new``."""

    status: str
    iri: str | None = None
    candidate: str | None = None
    candidate_name: str | None = None
    score: float = 0.0
    how: str = ""


class Resolver:
    """Names of the graph's entities per class, ready to match table cells against."""

    def __init__(self, pg: PropertyGraph) -> None:
        self.exact: dict[tuple[str, str], set[str]] = {}
        self.core: dict[tuple[str, str], set[str]] = {}
        self.fuzzy_keys: dict[str, list[str]] = {}
        self.fuzzy_owner: dict[str, list[str]] = {}
        self.names = {iri: n.name for iri, n in pg.nodes.items()}
        for iri, node in pg.nodes.items():
            if node.label in ("Observation", "SourceDocument"):
                continue
            names = [
                node.props.get("name"),
                node.props.get("name_en"),
                *(node.props.get("aliases") or []),
            ]
            for raw in names:
                if not raw:
                    continue
                self.exact.setdefault((node.label, normalise(str(raw))), set()).add(iri)
                core = core_name(str(raw))
                self.core.setdefault((node.label, core), set()).add(iri)
                self.fuzzy_keys.setdefault(node.label, []).append(core)
                self.fuzzy_owner.setdefault(node.label, []).append(iri)

    def resolve(self, name: str, cls: str) -> Match:
        """Resolve one name of class ``cls``."""
        key = normalise(name)
        hits = self.exact.get((cls, key), set())
        if len(hits) == 1:
            return Match("linked", next(iter(hits)), score=100.0, how="name")
        if len(hits) > 1:
            first = sorted(hits)[0]
            return Match(
                "uncertain",
                candidate=first,
                candidate_name=self.names[first],
                score=100.0,
                how=f"name shared by {len(hits)} entities",
            )
        core = core_name(name)
        hits = self.core.get((cls, core), set())
        if len(hits) == 1:
            return Match("linked", next(iter(hits)), score=98.0, how="name variant")
        keys = self.fuzzy_keys.get(cls, [])
        if keys:
            best = process.extractOne(core, keys, scorer=fuzz.ratio)
            if best is not None:
                _key, score, index = best
                iri = self.fuzzy_owner[cls][index]
                if score >= LINK_SCORE and len(core) >= 4:
                    return Match("linked", iri, score=float(score), how="fuzzy")
                if score >= UNCERTAIN_SCORE:
                    return Match(
                        "uncertain",
                        candidate=iri,
                        candidate_name=self.names[iri],
                        score=round(float(score), 1),
                        how="fuzzy",
                    )
        return Match("new")
