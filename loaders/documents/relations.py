"""Relations from the constructions the genre uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Context", "read_relations"]


@dataclass
class Context:
    doc: Any
    lex: Any
    cands: Any
    finder: Any
    home: Any
    paras: list
    views: list


def read_relations(ctx: Context) -> None:
    return None
