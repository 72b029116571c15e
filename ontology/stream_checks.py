"""The shapes' per-node constraints, pre-screened on the lines of an N-Triples file as they
stream into the store.

A million-triple load would spend most of its checking time in SPARQL joins over facts
and labels (``ontology/checks.py``). Those constraints only look at one node's own
statements, so one pass over the file's lines can tell which nodes *might* break them; the
exact SPARQL twin then runs on those candidates alone (the store may hold what the file
lacks, for example the type of a source document from the seed), and on every node the
load shares with another graph (``checks.touched_elsewhere``), where the store may hold
*more* than the file shows: a node the scan passes has, in the file itself, exactly what
its shape asks for. Edge constraints (a link's range and domain) need the rest of the
store and stay SPARQL; they touch few triples.

The scan understands the N-Triples that writers emit (single spaces between terms, one
triple per line). On anything else it gives up, and the load falls back to the full
SPARQL checks, so it can only make checking faster, never weaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ontology.checks import ENTITY_CLASSES_GF, NODE_CHECKS_LIST, ONTOLOGY_PREFIX, ONTOLOGY_TERMS

__all__ = ["NODE_CHECKS", "NTriplesScan"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_GF = "https://gongfu-graph.org/ontology#"


def _iri(text: str) -> bytes:
    return f"<{text}>".encode()


TYPE = _iri(_RDF + "type")
LABEL = _iri("http://www.w3.org/2000/01/rdf-schema#label")
ALT = _iri("http://www.w3.org/2004/02/skos/core#altLabel")
SUBJECT, PREDICATE, OBJECT = (_iri(_RDF + x) for x in ("subject", "predicate", "object"))
QUOTE = _iri(_GF + "quote")
DERIVED = _iri("http://www.w3.org/ns/prov#wasDerivedFrom")
INFERRED = _iri(_GF + "inferred")
AMOUNT, CAP, SHARE = (_iri(_GF + x) for x in ("amount", "cap", "share"))
MEASURES, SCOPE, YEAR, VALUE, KIND, COMPARATOR = (
    _iri(_GF + x) for x in ("measures", "scope", "year", "value", "valueKind", "comparator")
)
FACT, OBSERVATION, SOURCE_DOC, INDICATOR = (
    _iri(_GF + x) for x in ("Fact", "Observation", "SourceDocument", "Indicator")
)
ENTITY_CLASSES = frozenset(_iri(_GF + c.removeprefix("gf:")) for c in ENTITY_CLASSES_GF.split())
_BOOLEAN, _INTEGER, _DECIMAL, _STRING, _LANG_STRING = (
    f"^^<{_XSD}{x}>".encode() for x in ("boolean", "integer", "decimal", "string", "langString")
)
_BOOLEANS = frozenset(f'"{v}"'.encode() + _BOOLEAN for v in ("true", "false", "1", "0"))
_DECIMAL_FORM = re.compile(rb"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_INTEGER_FORM = re.compile(rb"[+-]?[0-9]+")
_ONTOLOGY = b"<" + ONTOLOGY_PREFIX.encode()

# The checks of ontology/checks.py that the scan pre-screens, by their messages.
(
    ZH_LABEL,
    EN_LABEL,
    ENTITY_IRI,
    ALIAS,
    FACT_SOURCE,
    FACT_QUOTE,
    FACT_SPO,
    FACT_INFERRED,
    FACT_AMOUNT,
    FACT_SHARE,
    OBS_INDICATOR,
    OBS_SCOPE,
    OBS_YEAR,
    OBS_VALUE,
    OBS_KIND,
    OBS_COMPARATOR,
    OBS_SOURCE,
    OBS_QUOTE,
) = (check.message for check in NODE_CHECKS_LIST)
NODE_CHECKS = frozenset({check.message for check in NODE_CHECKS_LIST} | {ONTOLOGY_TERMS})


_WATCHED = frozenset(
    {TYPE, LABEL, ALT, SUBJECT, PREDICATE, OBJECT, QUOTE, DERIVED, INFERRED, AMOUNT, CAP}
    | {SHARE, MEASURES, SCOPE, YEAR, VALUE, KIND, COMPARATOR}
)

# Per-node counters kept by the scan (a list of ints per subject, to keep memory small).
(
    CLASSES,
    ZH,
    EN,
    ALT_BAD,
    SUBJ,
    PRED,
    OBJ,
    SPO_BAD,
    QUOTE_OK,
    QUOTE_ANY,
    INFERRED_N,
    INFERRED_OK,
    AMOUNT_N,
    CAP_N,
    DECIMAL_BAD,
    SHARE_N,
    SCOPES,
    SCOPE_BAD,
    YEARS,
    YEAR_OK,
    VALUES,
    VALUE_OK,
    KINDS,
    KIND_OK,
    COMPARATORS,
    COMPARATOR_OK,
    SLOTS,
) = range(27)
IS_ENTITY, IS_FACT, IS_OBS, IS_DOC, IS_INDICATOR = 1, 2, 4, 8, 16
_COUNTED = {SUBJECT: SUBJ, PREDICATE: PRED, OBJECT: OBJ}
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
    """(lexical form as written, suffix such as ``@zh`` or ``^^<…>``), or None for a node."""
    if not term.startswith(b'"'):
        return None
    end = term.rfind(b'"')
    return term[1:end], term[end + 1 :]


def _language(term: bytes) -> bytes:
    """The language tag of a literal, lower-cased (b"" for none)."""
    lit = _literal(term)
    if lit is None or not lit[1].startswith(b"@"):
        return b""
    return lit[1][1:].lower()


def _matches(tag: bytes, lang: bytes) -> bool:
    """SPARQL's ``langMatches`` for a basic range: ``zh`` matches ``zh`` and ``zh-cn``."""
    return tag == lang or tag.startswith(lang + b"-")


def _plain_string(term: bytes) -> bytes | None:
    """The lexical form of an ``xsd:string`` literal without escapes, else None."""
    lit = _literal(term)
    if lit is None or lit[1] not in (b"", _STRING) or b"\\" in lit[0]:
        return None
    return lit[0]


def _quote_slots(term: bytes) -> tuple[int, ...]:
    text = _plain_string(term)
    long_enough = text is not None and len(text.decode("utf-8", "replace")) >= 2
    return (QUOTE_ANY, QUOTE_OK) if long_enough else (QUOTE_ANY,)


def _typed(term: bytes, suffix: bytes, form: re.Pattern[bytes]) -> bytes | None:
    lit = _literal(term)
    if lit is None or lit[1] != suffix or not form.fullmatch(lit[0]):
        return None
    return lit[0]


def _year_ok(term: bytes) -> bool:
    text = _typed(term, _INTEGER, _INTEGER_FORM)
    return text is not None and 1949 <= int(text) <= 2100


def _in(term: bytes, allowed: tuple[bytes, ...]) -> bool:
    text = _plain_string(term)
    return text is not None and text in allowed


_KINDS = (b"target", b"reported")
_COMPARATORS = (b">", b">=", b"~", b"=", b"<", b"<=")


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
        self.ontology_terms: set[bytes] = set()

    def feed(self, lines: Iterable[bytes], first_line: int = 1, data: bytes | None = None) -> None:
        """Read more lines of the file (``first_line`` numbers the first, for messages;
        ``data``, if given, is the same lines joined)."""
        if self.gave_up:
            return
        nodes, links, watched = self.nodes, self.links, _WATCHED
        # a line about an ontology term is rare: given the joined lines, look for one in C
        ontology = data is None or data.startswith(_ONTOLOGY) or b"\n" + _ONTOLOGY in data
        for number, line in enumerate(lines, first_line):
            parts = line.split(b" ", 2)
            if len(parts) != 3 or not line.startswith(b"<"):
                if line.strip() and not line.lstrip().startswith(b"#"):
                    self.gave_up = f"line {number} is not in the plain form the scan reads"
                    return
                continue
            subject, predicate, rest = parts
            if ontology and subject.startswith(_ONTOLOGY):
                self.ontology_terms.add(subject)
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
                else:  # zh-cn, ZH, en-GB …: langMatches, as the shapes read them
                    tag = _language(term)
                    node[ZH] += _matches(tag, b"zh")
                    node[EN] += _matches(tag, b"en")
            elif predicate == ALT:
                if term[0] != 34 or term[term.rfind(b'"') + 1 : term.rfind(b'"') + 2] != b"@":
                    node[ALT_BAD] += 1  # not a literal with a language tag
            elif predicate in _COUNTED:
                node[_COUNTED[predicate]] += 1
                if term[0] != 60:  # not an IRI
                    node[SPO_BAD] += 1
            elif predicate in _LINKED:
                links.setdefault((subject, predicate), []).append(term)
            elif predicate == QUOTE:
                node[QUOTE_ANY] += 1
                if term[-1] == 34 and b"\\" not in term and len(term) >= 8:
                    node[QUOTE_OK] += 1  # a plain literal of two characters at least
                else:
                    node[QUOTE_OK] += QUOTE_OK in _quote_slots(term)
            elif predicate == INFERRED:
                node[INFERRED_N] += 1
                node[INFERRED_OK] += term in _BOOLEANS
            elif predicate in (AMOUNT, CAP):
                node[AMOUNT_N if predicate == AMOUNT else CAP_N] += 1
                node[DECIMAL_BAD] += _typed(term, _DECIMAL, _DECIMAL_FORM) is None
            elif predicate == SHARE:
                node[SHARE_N] += 1
            elif predicate == SCOPE:
                node[SCOPES] += 1
                node[SCOPE_BAD] += not term.startswith(b"<")
            elif predicate == YEAR:
                node[YEARS] += 1
                node[YEAR_OK] += _year_ok(term)
            elif predicate == VALUE:
                node[VALUES] += 1
                node[VALUE_OK] += _typed(term, _DECIMAL, _DECIMAL_FORM) is not None
            elif predicate == KIND:
                node[KINDS] += 1
                node[KIND_OK] += _in(term, _KINDS)
            elif predicate == COMPARATOR:
                node[COMPARATORS] += 1
                node[COMPARATOR_OK] += _in(term, _COMPARATORS)

    def _all_linked(self, node: bytes, predicate: bytes, bit: int) -> bool:
        """The node links with ``predicate`` to something, and only to nodes of class
        ``bit`` (as typed in the file)."""
        nodes = self.nodes
        targets = self.links.get((node, predicate), ())
        return bool(targets) and all(nodes.get(target, (0,))[CLASSES] & bit for target in targets)

    def candidates(self) -> dict[str, set[str]] | None:
        """The nodes that may break each node check (IRIs), or None if the scan gave up."""
        if self.gave_up:
            return None
        found: dict[str, set[str]] = {check: set() for check in NODE_CHECKS}
        found[ONTOLOGY_TERMS] = {term[1:-1].decode() for term in self.ontology_terms}
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
                if node[ALT_BAD]:
                    found[ALIAS].add(name)
            if bits & IS_FACT:
                if not self._all_linked(subject, DERIVED, IS_DOC):
                    found[FACT_SOURCE].add(name)
                if not node[QUOTE_ANY] or node[QUOTE_OK] != node[QUOTE_ANY]:
                    found[FACT_QUOTE].add(name)
                if (node[SUBJ], node[PRED], node[OBJ], node[SPO_BAD]) != (1, 1, 1, 0):
                    found[FACT_SPO].add(name)
                if node[INFERRED_N] > 1 or node[INFERRED_OK] != node[INFERRED_N]:
                    found[FACT_INFERRED].add(name)
                if node[AMOUNT_N] > 1 or node[CAP_N] > 1 or node[DECIMAL_BAD]:
                    found[FACT_AMOUNT].add(name)
                if node[SHARE_N]:
                    found[FACT_SHARE].add(name)  # rare: the range is left to SPARQL
            if bits & IS_OBS:
                measured = self.links.get((subject, MEASURES), [])
                if len(measured) != 1 or not self._all_linked(subject, MEASURES, IS_INDICATOR):
                    found[OBS_INDICATOR].add(name)
                if (node[SCOPES], node[SCOPE_BAD]) != (1, 0):
                    found[OBS_SCOPE].add(name)
                if (node[YEARS], node[YEAR_OK]) != (1, 1):
                    found[OBS_YEAR].add(name)
                if (node[VALUES], node[VALUE_OK]) != (1, 1):
                    found[OBS_VALUE].add(name)
                if (node[KINDS], node[KIND_OK]) != (1, 1):
                    found[OBS_KIND].add(name)
                if node[COMPARATORS] > 1 or node[COMPARATOR_OK] != node[COMPARATORS]:
                    found[OBS_COMPARATOR].add(name)
                if not self._all_linked(subject, DERIVED, IS_DOC):
                    found[OBS_SOURCE].add(name)
                if not node[QUOTE_ANY] or node[QUOTE_OK] != node[QUOTE_ANY]:
                    found[OBS_QUOTE].add(name)
        return found
