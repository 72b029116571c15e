"""What every rule sees of one document: its text, the graph's names, the candidates so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.documents.candidates import Candidates, EntityCandidate, RelationCandidate
from loaders.documents.entities import EntityFinder, Home, Span
from loaders.documents.extract import Document
from loaders.documents.lexicon import Lexicon

__all__ = ["Context", "SentenceView"]


@dataclass
class SentenceView:
    """One sentence (whitespace removed) with the entities found in it."""

    text: str
    paragraph: int
    spans: list[Span] = field(default_factory=list)
    task: str | None = None  # the plan task this sentence belongs to, if any


@dataclass
class Context:
    """One document being read."""

    doc: Document
    lex: Lexicon
    cands: Candidates
    finder: EntityFinder
    home: Home
    paras: list[str]
    views: list[SentenceView]
    policy: str | None = None  # the document's own policy (a plan: the plan itself)
    year: int | None = None  # the year the document reports on
    programme: str | None = None  # a work report's programme of tasks (部署…年任务)
    known_places: dict[str, str] | None = None  # the graph's places, written form → full name

    def entity(self, eid: str) -> EntityCandidate | None:
        return self.cands.entities.get(eid)

    def relate(
        self,
        s: str | None,
        p: str,
        o: str | None,
        *,
        quote: str,
        sentence: str,
        confidence: float,
        rule: str,
        inferred: bool = False,
        note: dict[str, str] | None = None,
        props: dict | None = None,
    ) -> None:
        """Propose ``s p o`` (both ends already candidates); an inferred one says why."""
        if not s or not o:
            return
        if inferred and not note:
            note = {"zh": f"由规则“{rule}”推断", "en": f"inferred by the rule '{rule}'"}
        self.cands.add_relation(
            RelationCandidate(
                s,
                p,
                o,
                quote,
                sentence,
                round(confidence, 3),
                inferred,
                rule,
                dict(note or {}),
                dict(props or {}),
            )
        )
