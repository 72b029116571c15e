"""RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML): what a load reads and
what it refuses, the same for a small file and a large one.

- Every quad lands in the load's own graph. The named graphs of N-Quads, TriG and JSON-LD
  are merged into it; a file that names one of the store's own graphs (``…/graph/seed``,
  ``…/graph/ontology``, ``…/graph/meta``, another load's ``…/graph/load/…``) is refused.
- Nothing is fetched or opened besides the file: RDF/XML with a DOCTYPE (internal or
  external entities, "billion laughs") is refused up front by expat, before the RDF parser
  sees it; JSON-LD remote contexts and ``@import`` are never loaded.
- Time and memory stay linear in the file: XML elements and JSON objects nested deeper
  than :data:`MAX_NESTING` are refused before Oxigraph's parsers see them (their time
  grows with the square of the depth; deep JSON-LD crashes the process).
- Literals hold text a terminal or a page can show: control characters other than tab
  and line breaks (NUL, ESC, C1) and literals over :data:`MAX_LITERAL` characters are
  refused; so are RDF 1.2 triple terms, which would hide statements inside a term.
- Every refusal is one line naming the file and, where the parser or a search of the file
  can tell, the line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox

from graph.errors import LoadError
from loaders.base import Fill, one_line
from ontology.namespace import GRAPH

__all__ = [
    "BULK_BYTES",
    "MAX_LITERAL",
    "RDF_SUFFIXES",
    "bad_literal",
    "checked_quads",
    "parsed_fill",
    "refuse_deep_json",
    "refuse_xml_declarations",
    "syntax_error",
]

RDF_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
}
_NAMES = {
    ox.RdfFormat.TURTLE: "Turtle",
    ox.RdfFormat.N_TRIPLES: "N-Triples",
    ox.RdfFormat.N_QUADS: "N-Quads",
    ox.RdfFormat.JSON_LD: "JSON-LD",
    ox.RdfFormat.RDF_XML: "RDF/XML",
    ox.RdfFormat.TRIG: "TriG",
}

BULK_BYTES = 5_000_000  # above this a file is written with the store's bulk loader
MAX_LITERAL = 1_000_000  # characters
MAX_NESTING = 100  # levels of XML elements or JSON objects and arrays
RESERVED = str(GRAPH[""])
# C0 controls but tab, line feed and carriage return; DEL; C1 controls
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def format_name(fmt: ox.RdfFormat) -> str:
    return _NAMES.get(fmt, fmt.name)


def bad_literal(text: str) -> str | None:
    """Why a literal's text is refused, or None."""
    if len(text) > MAX_LITERAL:
        return f"a literal of {len(text):,} characters (at most {MAX_LITERAL:,})"
    hit = _CONTROL.search(text)
    if hit:
        return f"a literal with the control character U+{ord(hit.group()):04X}"
    return None


# -- error messages ----------------------------------------------------------------------------
_POSITION = re.compile(
    r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): |\s*\((?:[^()]*, )?line \d+\)$"
)


def syntax_error(
    path: Path, fmt: ox.RdfFormat, exc: SyntaxError, line_offset: int = 0
) -> LoadError:
    """A parser's SyntaxError as one line: file, line, column, what is wrong."""
    text = str(exc)
    if "LoadDocumentCallback" in text:  # JSON-LD asked for a remote context
        return LoadError(
            _at(
                _locate(path, (b'"@import"', b'"@context": "', b'"@context":"')),
                "refers to a remote JSON-LD context, which is never fetched "
                "(write the context inline)",
            ),
            file=one_line(str(path)),
        )
    message = _POSITION.sub("", text).strip()
    where = ""
    if exc.lineno:
        where = f"line {exc.lineno + line_offset}" + (
            f", column {exc.offset}" if exc.offset else ""
        )
    return LoadError(
        one_line(f"{where + ': ' if where else ''}not valid {format_name(fmt)}: {message}"),
        file=one_line(str(path)),
    )


def _at(position: tuple[int, int] | None, message: str) -> str:
    return one_line(f"line {position[0]}, column {position[1]}: {message}" if position else message)


def _locate(path: Path, needles: Iterable[bytes]) -> tuple[int, int] | None:
    """(line, column) of the first of ``needles`` in the file, for an error message (a
    semantic refusal has no parser position; a search of the text finds most)."""
    needles = [n for n in needles if n]
    try:
        with path.open("rb") as handle:
            for number, text in enumerate(handle, 1):
                hits = [i for i in (text.find(n) for n in needles) if i >= 0]
                if hits:
                    return number, len(text[: min(hits)].decode("utf-8", "replace")) + 1
    except OSError:  # not a file (a Bolt pull), or gone
        pass
    return None


# -- RDF/XML and JSON-LD: no DTD, bounded nesting -----------------------------------------------
class _Refused(Exception):
    pass


def refuse_xml_declarations(path: Path) -> None:
    """Read the whole XML file with expat first, refusing any DOCTYPE before its
    declarations are processed (no entity is ever expanded or fetched) and elements nested
    deeper than :data:`MAX_NESTING` (Oxigraph's RDF/XML parser takes time quadratic in the
    depth): bounded memory, time linear in the file.

    Raises:
        LoadError: a DOCTYPE, deep nesting or not well-formed XML, with line and column.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def declared(*_args: object) -> None:
        raise _Refused(
            "a DOCTYPE declaration; RDF/XML is read without DTDs, so entities "
            "(internal or external) are refused"
        )

    def start(*_args: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_NESTING:
            raise _Refused(f"elements nested deeper than {MAX_NESTING} levels")

    def end(*_args: object) -> None:
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = declared
    parser.EntityDeclHandler = declared
    parser.ExternalEntityRefHandler = declared
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    shown = one_line(str(path))
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused as why:
        raise LoadError(
            f"line {parser.CurrentLineNumber}, column {parser.CurrentColumnNumber + 1}: {why}",
            file=shown,
        ) from None
    except expat.ExpatError as exc:
        raise LoadError(
            f"line {exc.lineno}, column {exc.offset + 1}: not well-formed XML: "
            f"{expat.ErrorString(exc.code)}",
            file=shown,
        ) from None


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def refuse_deep_json(path: Path) -> None:
    """Refuse JSON nested deeper than :data:`MAX_NESTING` before Oxigraph's JSON-LD parser
    sees it (its time grows with the square of the depth, and a few thousand levels crash
    the process). Strings are blanked first, so brackets inside them do not count.

    Raises:
        LoadError: the line and column where the nesting gets too deep.
    """
    data = path.read_bytes()
    brackets = _JSON_STRING.sub(b'""', data).translate(None, _NOT_BRACKETS)
    depth = 0
    for index, byte in enumerate(brackets):
        depth += 1 if byte in b"[{" else -1
        if depth > MAX_NESTING:
            position = _nth_bracket(data, index)
            raise LoadError(
                _at(position, f"JSON nested deeper than {MAX_NESTING} levels"),
                file=one_line(str(path)),
            )


def _nth_bracket(data: bytes, n: int) -> tuple[int, int] | None:
    """(line, column) of the n-th bracket outside strings (for the message only)."""
    seen = -1
    for match in re.finditer(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', data):
        if match.group().startswith(b'"'):
            continue
        seen += 1
        if seen == n:
            before = data[: match.start()]
            return before.count(b"\n") + 1, len(
                before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")
            ) + 1
    return None


# -- quads into the load's graph -----------------------------------------------------------------
class _Counted:
    """The quads of a parse, checked and moved into ``target``; counts what it yields."""

    def __init__(self, quads: Iterable[ox.Quad], target: ox.NamedNode, path: Path) -> None:
        self.quads, self.target, self.path, self.count = quads, target, path, 0

    def __iter__(self) -> Iterator[ox.Quad]:
        target, path = self.target, self.path
        for quad in self.quads:
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(RESERVED):
                raise LoadError(
                    _at(
                        _locate(path, self._spellings(graph.value)),
                        f"names the store's own graph <{graph.value}>; a load's quads all "
                        "go to its own graph, so a file may not name the store's graphs",
                    ),
                    file=one_line(str(path)),
                )
            obj = quad.object
            if isinstance(obj, ox.Literal):
                why = bad_literal(obj.value)
                if why:
                    raise _literal_error(path, quad, obj.value, why)
            elif isinstance(obj, ox.Triple) or isinstance(quad.subject, ox.Triple):
                raise LoadError(
                    "holds an RDF 1.2 triple term (<<( … )>>), which loads do not accept",
                    file=one_line(str(path)),
                )
            self.count += 1
            yield ox.Quad(quad.subject, quad.predicate, obj, target)

    def _spellings(self, iri: str) -> list[bytes]:
        """How the file may write ``iri``: in full, as a prefixed name, relative to its base."""
        found = [f"<{iri}>".encode(), f'"{iri}"'.encode()]
        prefixes = getattr(self.quads, "prefixes", None) or {}
        for prefix, namespace in prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                found.append(f"{prefix}:{iri[len(namespace) :]}".encode())
        base = getattr(self.quads, "base_iri", None)
        if base and iri.startswith(base.rsplit("/", 1)[0] + "/"):
            found.append(f"<{iri[len(base.rsplit('/', 1)[0]) + 1 :]}>".encode())
        return found


def _literal_error(path: Path, quad: ox.Quad, text: str, why: str) -> LoadError:
    hit = _CONTROL.search(text)
    if hit is not None and len(text) <= MAX_LITERAL:
        c = ord(hit.group())
        needles: tuple[bytes, ...] = (
            hit.group().encode(),
            f"\\u{c:04X}".encode(),
            f"\\u{c:04x}".encode(),
            f"\\U{c:08X}".encode(),
            {8: b"\\b", 12: b"\\f"}.get(c, b""),
        )
    else:
        needles = (text[:40].encode(),)
    subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else str(quad.subject)
    return LoadError(
        _at(_locate(path, needles), f"{why} (subject <{subject}>)"), file=one_line(str(path))
    )


def checked_quads(quads: Iterable[ox.Quad], target: ox.NamedNode, path: Path) -> _Counted:
    """``quads`` moved into ``target``, each checked as a file's quads are."""
    return _Counted(quads, target, path)


def parsed_fill(path: Path, fmt: ox.RdfFormat, *, bulk: bool) -> Fill:
    """A ``stage_load`` fill that parses ``path`` and writes its checked quads (with the
    store's bulk writer when ``bulk``). Blank nodes get fresh names, so a file cannot
    address another load's blank nodes."""

    def fill(writable: ox.Store, target: ox.NamedNode) -> None:
        quads = checked_quads(
            ox.parse(path=str(path), format=fmt, rename_blank_nodes=True), target, path
        )
        try:
            if bulk:
                writable.bulk_extend(quads)
            else:
                writable.extend(quads)
        except SyntaxError as exc:
            raise syntax_error(path, fmt, exc) from None
        except (OSError, ValueError) as exc:
            raise LoadError(one_line(f"cannot read: {exc}"), file=one_line(str(path))) from None
        return None

    return fill
