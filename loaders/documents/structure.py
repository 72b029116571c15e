"""A document's structure: its own policy, the tasks of a plan (numbered headings) and the
units responsible for each (责任单位 lists)."""

from __future__ import annotations

__all__ = ["read_structure"]


def read_structure(ctx) -> None:  # noqa: ANN001
    return None
