"""What every system is asked, on the same generated data: probe entities and parameters.

The generator reports probe entities (``SynthReport.probes``): the hub platform with the
most ``serves``/``empowers`` links, an ordinary enterprise served by one platform, a
government body, a plan with tasks and targets … The named questions whose default
parameters name curated entities get these instead; the others keep their defaults.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["QUESTION_PROBES", "Plan", "question_params"]

#: question parameter → probe of the synthetic graph
QUESTION_PROBES: dict[str, str] = {
    "tier": "tier",
    "plan": "plan",
    "indicator": "indicator",
    "task": "task",
    "body": "body",
    "entity": "park",
    "a": "hub",
    "b": "hub_city_body",
    "region": "region",
}


@dataclass
class Plan:
    """Everything a worker needs: probes, sampling and time limits."""

    probes: dict[str, str]
    samples: int = 20
    warmup: int = 2
    budget_s: float = 2.0
    #: time limits: the project's load (then the store is built without the checks, and
    #: flagged), one project SPARQL question, one rdflib run (between min and max)
    load_timeout_s: float = 3600.0
    question_timeout_s: float = 30.0
    rdflib_timeout_min_s: float = 1.0
    rdflib_timeout_max_s: float = 5.0
    #: project medians (ms) per named question, for the rdflib worker's time limits
    project_question_ms: dict[str, float] = field(default_factory=dict)
    scratch: str = ""

    def save(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path | str) -> Plan:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))

    def sampling(self) -> dict[str, Any]:
        return {"samples": self.samples, "warmup": self.warmup, "budget_s": self.budget_s}

    def rdflib_timeout(self, question: str) -> float:
        """Long enough to show a 20× gap, within the mode's bounds: a timeout then still
        proves the ≥ 10× target whenever it is not cut short by the upper bound. The
        shortest when the project itself timed out (its median is then 0)."""
        ms = self.project_question_ms.get(question) or 0.0
        wanted = 20 * ms / 1000
        return round(min(self.rdflib_timeout_max_s, max(self.rdflib_timeout_min_s, wanted)), 3)


def question_params(question: Any, probes: dict[str, str]) -> dict[str, str]:
    """A named question's parameters on the synthetic graph (IRIs, or the default)."""
    params = {}
    for p in question.params:
        probe = QUESTION_PROBES.get(p.name)
        params[p.name] = probes[probe] if probe and p.kind == "entity" else str(p.default)
    return params
