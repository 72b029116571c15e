"""What an analyst has done to a canvas's view, and the history that undo and redo walk.

A view change (expand, open a cluster, hide, pin, re-layout) makes a new ``CanvasState``;
the old one goes on the undo stack. Selecting a node is not a view change. Positions are
part of a state, so undo puts every node back where it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from graph.view import View, cluster_kind

__all__ = ["Canvas", "CanvasState", "change"]

#: view changes remembered for undo
HISTORY = 50


@dataclass(frozen=True)
class CanvasState:
    focus: tuple[str, ...] = ()  # nodes whose neighbourhoods make up the view, in order
    hidden: frozenset[str] = frozenset()
    shown: frozenset[str] = frozenset()  # nodes asked for (an opened cluster, a relation)
    refined: frozenset[str] = frozenset()  # merged clusters split again
    pinned: frozenset[str] = frozenset()
    positions: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    relayout: bool = False  # lay out every node but the pinned ones, once
    #: what the page filters the view by (hops, classes, relations): changed in the page's
    #: sidebar, taken back by undo like any other view change; () until the page sets it
    filters: tuple = ()


def change(
    state: CanvasState,
    kind: str,
    node: str,
    view: View,
    *,
    point: tuple[float, float] | None = None,
    neighbours: Iterable[str] = (),
) -> CanvasState | None:
    """The state after one gesture on ``node`` (None when it changes nothing).

    Example:
        >>> from graph.view import ViewNode
        >>> v = View((ViewNode("a", "a", "a", "X", focus=True), ViewNode("~a|R|out|Y", "Y ×2", "", "Y", ("b", "c"))), ())
        >>> change(CanvasState(("a",)), "expand", "~a|R|out|Y", v).shown == {"b", "c"}
        True
        >>> change(CanvasState(("a",)), "hide", "~a|R|out|Y", v).hidden == {"b", "c"}
        True
    """
    item = view.get(node)
    if kind == "expand":
        if item is not None and item.cluster:
            if cluster_kind(node) == "group":
                return replace(state, shown=state.shown | set(item.members))
            return replace(state, refined=state.refined | {node})
        if node in state.focus:
            return None
        return replace(
            state,
            focus=(*state.focus, node),
            shown=state.shown | {node},
            hidden=state.hidden - {node},
        )
    if kind == "expand_rel":
        more = set(neighbours) - state.hidden
        if not more - state.shown:
            return None
        return replace(state, shown=state.shown | more | {node})
    if kind == "hide":
        gone = set(item.members) if item is not None and item.cluster else {node}
        return replace(
            state,
            hidden=state.hidden | gone,
            shown=state.shown - gone,
            focus=tuple(f for f in state.focus if f not in gone),
            pinned=state.pinned - gone,
        )
    if kind == "pin" and point is not None:
        return replace(
            state, pinned=state.pinned | {node}, positions={**state.positions, node: point}
        )
    if kind == "unpin":
        if node not in state.pinned:
            return None
        return replace(state, pinned=state.pinned - {node})
    if kind == "relayout":
        return replace(state, relayout=True)
    return None


@dataclass
class Canvas:
    """One canvas's state in the session, with its undo and redo stacks."""

    state: CanvasState = field(default_factory=CanvasState)
    past: list[CanvasState] = field(default_factory=list)
    future: list[CanvasState] = field(default_factory=list)
    selected: str | None = None
    base: str = ""  # what the page drew the view from; a new base starts afresh
    revision: int = 0
    view: View | None = field(default=None, compare=False, repr=False)  # the last drawn

    def push(self, state: CanvasState) -> None:
        """Make ``state`` current; the current one can be had back with undo."""
        self.past.append(self.state)
        del self.past[:-HISTORY]
        self.future.clear()
        self.state = state
        self.revision += 1

    def undo(self) -> bool:
        if not self.past:
            return False
        self.future.append(self.state)
        self.state = self.past.pop()
        self.revision += 1
        return True

    def redo(self) -> bool:
        if not self.future:
            return False
        self.past.append(self.state)
        self.state = self.future.pop()
        self.revision += 1
        return True

    def settle(self, positions: Mapping[str, tuple[float, float]]) -> None:
        """Keep the positions laid out for the current state (not a view change)."""
        self.state = replace(
            self.state, positions={**self.state.positions, **positions}, relayout=False
        )
