"""Check a graph against the SHACL shapes and say, in plain words, what is wrong where."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import RDFS, Graph, Literal, Namespace, URIRef

from ontology.schema import SHAPES_FILE, load_schema

__all__ = ["ValidationReport", "Violation", "validate_graph"]

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One broken constraint: the node, the property path and the shape's message."""

    focus: str
    path: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.focus}" + (f" {self.path}" if self.path else "")
        extra = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.message}{extra}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self, limit: int = 50) -> str:
        lines = [str(v) for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"… and {len(self.violations) - limit} more")
        return "\n".join(lines) if lines else "conforms"


def _shapes() -> Graph:
    g = Graph()
    g.parse(SHAPES_FILE, format="turtle")
    return g


def _short(node: object, data: Graph) -> str:
    if isinstance(node, URIRef):
        label = next(
            (
                o
                for o in data.objects(node, RDFS.label)
                if isinstance(o, Literal) and o.language == "zh"
            ),
            None,
        )
        local = str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return f"{local} ({label})" if label else local
    return str(node)


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` (plus the ontology, for class hierarchy) against ontology/shapes.ttl.

    Only the graph handed in is checked, so a load validates its own triples (and the types
    of what it links to), never the whole store.
    """
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=_shapes(),
        ont_graph=load_schema().graph,
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        msg = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        violations.append(
            Violation(
                focus=_short(focus, data),
                path=str(path).rsplit("#", 1)[-1] if path is not None else "",
                message=str(msg) if msg is not None else "violates a shape",
                value=_short(value, data) if value is not None else "",
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))
