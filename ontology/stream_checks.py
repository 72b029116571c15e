"""The shapes' per-node constraints, checked on the lines of an N-Triples file as they stream
into the store.

A million-triple load spends most of its checking time in SPARQL joins over facts and
labels (``ontology/checks.py``). Those constraints only look at one node's own statements,
so one pass over the file's lines can tell which nodes *might* break them; the exact
SPARQL twin then runs on those candidates alone (the store may hold what the file lacks,
for example the type of a source document from the seed). A node the scan passes has,
in the file itself, everything its shape asks for. Edge constraints (a link's range and
domain) need the rest of the store and stay SPARQL; they touch few triples.

The scan understands the N-Triples that writers emit (single spaces between terms, one
triple per line). On anything else it gives up, and the load falls back to the full
SPARQL checks, so it can only make checking faster, never weaker.
"""

from __future__ import annotations

from collections.abc import Iterable

from ontology.checks import ENTITY_CLASSES_GF

__all__ = ["NODE_CHECKS", "NTriplesScan"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_GF = "https://gongfu-graph.org/ontology#"


def _iri(text: str) -> bytes:
    return f"<{text}>".encode()


TYPE = _iri(_RDF + "type")
LABEL = _iri("http://www.w3.org/2000/01/rdf-schema#label")
SUBJECT, PREDICATE, OBJECT = (_iri(_RDF + x) for x in ("subject", "predicate", "object"))
QUOTE = _iri(_GF + "quote")
DERIVED = _iri("http://www.w3.org/ns/prov#wasDerivedFrom")
INFERRED = _iri(_GF + "inferred")
MEASURES, SCOPE, YEAR, VALUE, KIND = (
    _iri(_GF + x) for x in ("measures", "scope", "year", "value", "valueKind")
)
FACT, OBSERVATION, SOURCE_DOC, INDICATOR = (
    _iri(_GF + x) for x in ("Fact", "Observation", "SourceDocument", "Indicator")
)
ENTITY_CLASSES = frozenset(_iri(_GF + c.removeprefix("gf:")) for c in ENTITY_CLASSES_GF.split())
_BOOLEAN, _INTEGER, _DECIMAL, _STRING = (
    f"^^<{_XSD}{x}>".encode() for x in ("boolean", "integer", "decimal", "string")
)

# The checks of ontology/checks.py that the scan pre-screens, by their messages.
ZH_LABEL = "needs exactly one Chinese label (@zh)"
EN_LABEL = "needs exactly one English label (@en)"
FACT_SOURCE = "a fact must come from a source document"
FACT_QUOTE = "a fact needs the exact quote that supports it"
FACT_SPO = "a fact needs exactly one subject, predicate and object"
FACT_INFERRED = "inferred must be true or false"
OBS_INDICATOR = "an observation measures exactly one indicator"
OBS_FIELDS = (
    "an observation needs a scope, a whole-number year, a decimal value, a kind, a source "
    "and a quote"
)
NODE_CHECKS = frozenset(
    {
        ZH_LABEL,
        EN_LABEL,
        FACT_SOURCE,
        FACT_QUOTE,
        FACT_SPO,
        FACT_INFERRED,
        OBS_INDICATOR,
        OBS_FIELDS,
    }
)
_WATCHED = frozenset(
    {TYPE, LABEL, SUBJECT, PREDICATE, OBJECT, QUOTE, DERIVED, INFERRED}
    | {MEASURES, SCOPE, YEAR, VALUE, KIND}
)


# Per-node counters kept by the scan (a list of ints per subject, to keep memory small).
CLASSES, ZH, EN, SUBJ, PRED, OBJ, QUOTE_OK, QUOTE_ANY, INFERRED_BAD = range(9)
SCOPES, YEAR_INT, VALUE_DEC, KIND_OK, SLOTS = range(9, 14)
IS_ENTITY, IS_FACT, IS_OBS, IS_DOC, IS_INDICATOR = 1, 2, 4, 8, 16
_COUNTED = {SUBJECT: SUBJ, PREDICATE: PRED, OBJECT: OBJ, SCOPE: SCOPES}
_LINKED = frozenset({DERIVED, MEASURES})


def _class_bits(term: bytes) -> int:
    bits = IS_ENTITY if term in ENTITY_CLASSES else 0
    return bits | {
        FACT: IS_FACT,
        OBSERVATION: IS_OBS,
        SOURCE_DOC: IS_DOC,
        INDICATOR: IS_INDICATOR,
    }.get(term, 0)


def _literal(term: bytes) -> tuple[bytes, bytes] | None:
    """(lexical form as written, suffix such as ``@zh`` or ``^^<…>``), or None for an IRI."""
    if not term.startswith(b'"'):
        return None
    end = term.rfind(b'"')
    return term[1:end], term[end + 1 :]


def _quote_slots(term: bytes) -> tuple[int, ...]:
    lit = _literal(term)
    if lit is None:
        return ()
    long_enough = b"\\" not in lit[0] and len(lit[0].decode("utf-8", "replace")) >= 2
    return (QUOTE_ANY, QUOTE_OK) if long_enough else (QUOTE_ANY,)


def _kind_ok(term: bytes) -> bool:
    lit = _literal(term)
    return lit is not None and lit[0] in (b"target", b"reported") and lit[1] in (b"", _STRING)


class NTriplesScan:
    """Counts, line by line, what the node checks need to know about each subject.

    Counts are of lines, not of distinct triples: a repeated line makes a node a
    candidate, which the exact SPARQL check then clears. Candidates may be too many,
    never too few.
    """

    def __init__(self) -> None:
        self.gave_up: str | None = None
        self.nodes: dict[bytes, list[int]] = {}
        self.links: dict[tuple[bytes, bytes], list[bytes]] = {}

    def feed(self, lines: Iterable[bytes], first_line: int = 1) -> None:
        """Read more lines of the file (``first_line`` numbers the first, for messages)."""
        if self.gave_up:
            return
        nodes, links, watched = self.nodes, self.links, _WATCHED
        for number, line in enumerate(lines, first_line):
            parts = line.split(b" ", 2)
            if len(parts) != 3 or not line.startswith(b"<"):
                if line.strip() and not line.lstrip().startswith(b"#"):
                    self.gave_up = f"line {number} is not in the plain form the scan reads"
                    return
                continue
            subject, predicate, rest = parts
            if predicate not in watched:
                continue
            term = rest.rstrip()
            if not term.endswith(b" ."):
                self.gave_up = f"line {number} is not in the plain form the scan reads"
                return
            term = term[:-2]
            node = nodes.get(subject)
            if node is None:
                node = nodes[subject] = [0] * SLOTS
            if predicate == TYPE:
                node[CLASSES] |= _class_bits(term)
            elif predicate == LABEL:
                if term.endswith(b'"@zh'):
                    node[ZH] += 1
                elif term.endswith(b'"@en'):
                    node[EN] += 1
            elif predicate in _COUNTED:
                node[_COUNTED[predicate]] += 1
            elif predicate in _LINKED:
                links.setdefault((subject, predicate), []).append(term)
            elif predicate == QUOTE:
                for slot in _quote_slots(term):
                    node[slot] += 1
            elif predicate == INFERRED:
                if not term.endswith(b'"' + _BOOLEAN):
                    node[INFERRED_BAD] += 1
            elif predicate == YEAR:
                node[YEAR_INT] += term.endswith(_INTEGER)
            elif predicate == VALUE:
                node[VALUE_DEC] += term.endswith(_DECIMAL)
            elif predicate == KIND:
                node[KIND_OK] += _kind_ok(term)

    def _has_linked(self, node: bytes, predicate: bytes, bit: int) -> bool:
        nodes = self.nodes
        return any(
            nodes.get(target, (0,))[CLASSES] & bit
            for target in self.links.get((node, predicate), ())
        )

    def candidates(self) -> dict[str, set[str]] | None:
        """The nodes that may break each node check (IRIs), or None if the scan gave up."""
        if self.gave_up:
            return None
        found: dict[str, set[str]] = {check: set() for check in NODE_CHECKS}
        for subject, node in self.nodes.items():
            bits = node[CLASSES]
            if not bits:
                continue
            name = subject[1:-1].decode()
            if bits & IS_ENTITY:
                if node[ZH] != 1:
                    found[ZH_LABEL].add(name)
                if node[EN] != 1:
                    found[EN_LABEL].add(name)
            if bits & IS_FACT:
                if not self._has_linked(subject, DERIVED, IS_DOC):
                    found[FACT_SOURCE].add(name)
                if not node[QUOTE_OK]:
                    found[FACT_QUOTE].add(name)
                if (node[SUBJ], node[PRED], node[OBJ]) != (1, 1, 1):
                    found[FACT_SPO].add(name)
                if node[INFERRED_BAD]:
                    found[FACT_INFERRED].add(name)
            if bits & IS_OBS:
                measured = self.links.get((subject, MEASURES), [])
                if len(measured) != 1 or not self._has_linked(subject, MEASURES, IS_INDICATOR):
                    found[OBS_INDICATOR].add(name)
                complete = all(node[i] for i in (SCOPES, YEAR_INT, VALUE_DEC, KIND_OK, QUOTE_ANY))
                if not (complete and self._has_linked(subject, DERIVED, IS_DOC)):
                    found[OBS_FIELDS].add(name)
        return found
