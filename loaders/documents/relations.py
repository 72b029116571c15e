"""Relations from the constructions the genre uses."""

from __future__ import annotations

from loaders.documents.context import Context

__all__ = ["read_relations"]


def read_relations(ctx: Context) -> None:
    return None
