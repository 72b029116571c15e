"""What the ingester proposes: entities, relations and figures, each with the quote it rests on.

A candidate is a proposal for review, never a fact: it carries its confidence, whether the
text states it or the rule infers it, the rule that made it and, for entities, how its
name resolved against the graph (the scores a reviewer merges by).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Alternative", "Candidates", "EntityCandidate", "FigureCandidate", "RelationCandidate"]


@dataclass
class Alternative:
    """An existing entity a name might mean, with the resolver's score (0–100)."""

    id: str
    name: str
    cls: str
    score: float
    how: str


@dataclass
class EntityCandidate:
    """An entity named in the text: an existing node (``existing``) or a new one."""

    id: str
    cls: str
    zh: str
    en: str
    quote: str
    sentence: str
    confidence: float
    rule: str
    existing: bool = False
    match: str = "new"  # linked (name, alias, variant, fuzzy) | new | uncertain
    score: float = 0.0
    aliases: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass
class RelationCandidate:
    """A relation between two candidates (by their ids) with its quote."""

    s: str
    p: str
    o: str
    quote: str
    sentence: str
    confidence: float
    inferred: bool
    rule: str
    note: dict[str, str] = field(default_factory=dict)  # {zh, en}: how it was read
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.s, self.p, self.o)


@dataclass
class FigureCandidate:
    """A figure: indicator, scope, year, value (target or reported) with its quote."""

    indicator: str
    scope: str
    year: int
    value: float
    unit: str
    kind: str  # target | reported
    quote: str
    sentence: str
    confidence: float
    rule: str
    comparator: str | None = None
    inferred: bool = False


@dataclass
class Candidates:
    """Everything proposed for one document."""

    entities: dict[str, EntityCandidate] = field(default_factory=dict)
    relations: list[RelationCandidate] = field(default_factory=list)
    figures: list[FigureCandidate] = field(default_factory=list)

    def add_entity(self, cand: EntityCandidate) -> EntityCandidate:
        """Keep one candidate per id: the most confident mention, names merged as aliases."""
        have = self.entities.get(cand.id)
        if have is None:
            self.entities[cand.id] = cand
            return cand
        for name in (cand.zh, *cand.aliases):
            if name and name != have.zh and name not in have.aliases:
                have.aliases.append(name)
        if cand.confidence > have.confidence:
            have.confidence, have.quote, have.sentence, have.rule = (
                cand.confidence,
                cand.quote,
                cand.sentence,
                cand.rule,
            )
        return have

    def add_relation(self, rel: RelationCandidate) -> None:
        """Keep one candidate per (s, p, o): the most confident, stated over inferred."""
        if rel.s == rel.o or rel.s not in self.entities or rel.o not in self.entities:
            return
        for i, have in enumerate(self.relations):
            if have.key == rel.key:
                better = (not rel.inferred, rel.confidence) > (not have.inferred, have.confidence)
                if better:
                    self.relations[i] = rel
                return
        self.relations.append(rel)

    def add_figure(self, fig: FigureCandidate) -> None:
        key = (fig.indicator, fig.scope, fig.year, fig.value, fig.kind)
        for have in self.figures:
            if (have.indicator, have.scope, have.year, have.value, have.kind) == key:
                return
        self.figures.append(fig)
