"""Analysts' tables (CSV, XLSX) into the graph: one link per row, with the row as its evidence.

A mapping (loaders/table_mapping.py) says which column holds what; without one, a CSV with
the default header ``subject,subject_class,relation,object,object_class,source,quote`` loads
as it is. :func:`plan_table_load` checks every cell first (loaders/table_cells.py: each
distinct value of a column once) and refuses a bad file whole, naming file, row and column.
The plan it returns then writes the load's triples as N-Triples, slice by slice
(:meth:`LoadPlan.slices`), resolving each distinct name once as it goes, so that the store's
bulk loader (loaders/table_store.py) loads one slice while the next is written.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from loaders.names import BadName, clean_name, shown
from loaders.resolve import Match, Resolver, core_name
from loaders.table_cells import (
    Columns,
    boolean,
    end_classes,
    lit,
    literal_converter,
    no_duplicate_rows,
    relations,
    typed_lit,
)
from loaders.table_mapping import (
    DEFAULT_HEADER,
    EndSpec,
    TableMapping,
    default_mapping,
    read_mapping,
)
from loaders.table_read import Table, read_table, table_error
from ontology.namespace import GF, ID
from ontology.schema import Schema, load_schema

__all__ = [
    "DEFAULT_HEADER",
    "EndSpec",
    "LoadPlan",
    "TableMapping",
    "default_mapping",
    "plan_table_load",
    "read_any_mapping",
    "read_mapping",
    "read_table",
    "source_documents",
]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = f"<{_RDF}type>"
_SUBJECT, _PREDICATE, _OBJECT = (f"<{_RDF}{x}>" for x in ("subject", "predicate", "object"))
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
_FACT_PREFIX = str(ID["fact-"])
_FACT_PROPS = ("note", "amount", "cap", "share", "unit", "post", "role")
ROWS_PER_SLICE = 15_000
_GF_FACT = f"<{GF['Fact']}>"
_GF_SOURCEDOCUMENT = f"<{GF['SourceDocument']}>"
_GF_FILENAME = f"<{GF['fileName']}>"
_GF_INFERRED = f"<{GF['inferred']}>"
_GF_QUOTE = f"<{GF['quote']}>"
_GF_SOURCEFILE = f"<{GF['sourceFile']}>"
_GF_SOURCEROW = f"<{GF['sourceRow']}>"
#: the link pattern of a check of ontology/checks.py that looks at one predicate
_ONE_PREDICATE = re.compile(r"GRAPH \$G \{ \?focus ([a-z]+:\w+) \?o \}")
#: or at the predicates a ``VALUES ?p`` lists, over ``GRAPH $G { ?focus ?p ?o }``
_LISTED_PREDICATES = re.compile(r"VALUES \?p \{ ((?:[a-z]+:\w+ )+)\}")
#: the predicates a table load states, beside the ontology's gf: terms
_STATED = frozenset(
    {"rdf:type", "rdfs:label", "skos:altLabel", "rdf:subject", "rdf:predicate", "rdf:object"}
    | {"prov:wasDerivedFrom"}
)


def _gf(name: str) -> str:
    return f"<{GF[name]}>"


def _lang(text: str, lang: str) -> str:
    return f"{lit(text)}@{lang}"


@functools.lru_cache(maxsize=1 << 16)
def _word_pinyin(word: str) -> tuple[str, ...]:
    from pypinyin import Style
    from pypinyin.core import _default_pinyin

    items = _default_pinyin._converter.convert(word, Style.NORMAL, False, "default", strict=True)
    return tuple(item[0] for item in items)


@functools.cache
def _han_runs() -> re.Pattern[str]:
    from pypinyin.constants import RE_HANS

    return re.compile(f"({RE_HANS.pattern.removeprefix('^(?:').removesuffix(')+$')}+)")


def _english(name: str) -> str:
    """An English label for a Chinese name: its pinyin, as ``lazy_pinyin(name)`` gives it
    (the same segmentation: runs of Han characters cut into words by pypinyin's own
    segmenter), each word converted once per process: several times faster on a table."""
    if name.isascii():
        return name
    from pypinyin.seg.mmseg import seg

    syllables: list[str] = []
    for k, part in enumerate(_han_runs().split(name)):
        if k % 2:
            for word in seg.cut(part):
                syllables.extend(_word_pinyin(word))
        elif part:
            syllables.extend(_word_pinyin(part))
    return " ".join(s.capitalize() for s in syllables if s.strip())


def _slug(name: str) -> str:
    return (
        "".join(c if c.isalnum() and c.isascii() else "-" for c in name.lower()).strip("-")
        or "load"
    )


@dataclass
class LoadPlan:
    """What a load does: its rows checked, and (once :meth:`slices` has run) what was
    created, linked, flagged and skipped, and how many triples it wrote.

    ``nodes`` maps each node the load states (entities, documents, facts) to its row, and
    ``link_subjects`` the subjects of its links per relation: what the shapes' checks
    look at (:meth:`check_focus`) and what their errors name.
    """

    name: str
    file: str
    rows: int = 0
    created: list[dict[str, Any]] = field(default_factory=list)
    linked: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    links: int = 0
    triples: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    short_quotes: set[str] = field(default_factory=set)
    link_subjects: dict[str, dict[str, int]] = field(default_factory=dict)
    _writer: _RowWriter | None = field(default=None, repr=False)

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "links": self.links,
            "created": len(self.created),
            "linked": len(self.linked),
            "flagged": len(self.flagged),
            "skipped": len(self.skipped),
        }

    def slices(self, rows_per_slice: int = ROWS_PER_SLICE) -> Iterator[bytes]:
        """The load's triples as N-Triples, ``rows_per_slice`` rows at a time. Runs once;
        fills the summary as it goes.

        Raises:
            LoadError: two rows that make the same fact (same link, source and quote).
        """
        writer, self._writer = self._writer, None
        if writer is None:
            raise RuntimeError("a plan's triples are written once")
        yield from writer.slices(self, rows_per_slice)

    def check_focus(self) -> dict[str, set[str]]:
        """The load's own nodes each shape check must look at, for ``run_checks(focus=…)``
        (which adds the nodes other graphs also describe, wherever the load touches them).

        Node shapes: what a table load states about its nodes meets them by construction
        (one ``@zh`` and one ``@en`` label per entity and document, IRIs, aliases tagged,
        one subject, predicate and object per fact from a typed source document, one
        boolean ``inferred``, decimals checked cell by cell), except a quote shorter than
        two characters: only such facts are candidates, as the N-Triples bulk path's line
        scan finds them in a file. Link shapes: the subjects of the load's links of the
        relations the shape looks at; none when the load states no such predicate. A check
        whose pattern is not one of these forms is run on the whole load.
        """
        from ontology import stream_checks as sc
        from ontology.checks import CHECKS, ONTOLOGY_PREFIX, ONTOLOGY_TERMS

        focus: dict[str, set[str]] = {message: set() for message in sc.NODE_CHECKS}
        focus[sc.FACT_QUOTE] = set(self.short_quotes)
        subjects = set(self.nodes) | {s for by in self.link_subjects.values() for s in by}
        focus[ONTOLOGY_TERMS] = {s for s in subjects if s.startswith(ONTOLOGY_PREFIX)}
        relations = set(load_schema().object_properties)
        for check in CHECKS:
            if check.message in focus or not check.link:
                continue
            one = _ONE_PREDICATE.fullmatch(check.link)
            listed = _LISTED_PREDICATES.match(check.violation)
            if one:
                terms = {one.group(1)}
            elif check.link == "GRAPH $G { ?focus ?p ?o }" and listed:
                terms = set(listed.group(1).split())
            else:
                continue  # not a form known here: the whole load
            named = {t.removeprefix("gf:") for t in terms if t.startswith("gf:")}
            if len(named) == len(terms) and named <= relations:
                focus[check.message] = {
                    s for relation in named for s in self.link_subjects.get(relation, ())
                }
            elif not (terms & _STATED) and not named:
                focus[check.message] = set()  # predicates a table load never states
        return focus

    def row_of(self, iri: str) -> int | str:
        """The row a node of the load comes from (the first row naming it), for errors."""
        if iri in self.nodes:
            return self.nodes[iri] or 1
        for subjects in self.link_subjects.values():
            if iri in subjects:
                return subjects[iri]
        return "?"

    def graph(self) -> Any:
        """The triples as an rdflib graph (small loads and tests); writes the plan."""
        from rdflib import Graph

        g = Graph()
        for data in self.slices():
            g.parse(data=data.decode(), format="nt")
        return g


def plan_table_load(
    resolver: Resolver,
    path: Path,
    mapping: TableMapping,
    *,
    on_uncertain: str = "skip",
    source_docs: dict[str, str] | None = None,
    own: set[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    sheet: str | None = None,
    table: Table | None = None,
    name: str | None = None,
) -> LoadPlan:
    """Check every cell of the table; the plan that writes the load (nothing is written).

    Args:
        resolver: the current graph's names, for entity resolution.
        on_uncertain: ``skip`` the row (default), ``create`` a new entity, or ``link`` to the
            candidate.
        source_docs: file names of the source documents already in the graph (a ``source``
            cell naming one cites that document).
        own: entities an earlier run of this same load created; they are created again
            rather than linked, so that loading a file twice changes nothing.
        progress: called with (rows done, rows) as the triples are written.
        sheet: the sheet of a workbook (needed when several hold data).
        table: the table, when the caller has read it already.
        name: the load's name (default: the mapping's).

    Raises:
        LoadError: a missing column, unknown class or relation, bad value, duplicate row, or
            a cell that cannot be a name (control characters …), with file, row and column.
    """
    schema = load_schema()
    path = Path(path)
    table = table if table is not None else read_table(path, sheet=sheet)
    try:
        file_name = clean_name(path.name)
    except BadName as exc:
        raise table_error(path, f"the file's name holds a {exc}") from None
    subject, obj = mapping.subject, mapping.object
    name_columns = {
        c
        for c in (
            subject.column,
            obj.column,
            subject.class_column,
            obj.class_column,
            subject.en,
            obj.en,
            mapping.relation_column,
            mapping.fact.get("source"),
        )
        if c
    }
    cols = Columns(table, mapping, name_columns)
    rows = table.rows
    if not rows:
        raise table_error(path, "no rows below the header")
    total = len(rows)
    rels = relations(cols, mapping, schema, total)
    classes = (end_classes(cols, subject, schema, total), end_classes(cols, obj, schema, total))
    names = (cols.cells[subject.column], cols.cells[obj.column])
    for role, end, column in (("subject", subject, names[0]), ("object", obj, names[1])):
        if "" in column:
            raise table_error(path, f"empty {role}", row=rows[column.index("")], column=end.column)
    no_duplicate_rows(path, rows, names[0], rels, names[1])
    fact_values = [
        (_gf(key), cols.cells[mapping.fact[key]], cols.per_value(mapping.fact[key], conv))
        for key in _FACT_PROPS
        if key in mapping.fact
        for conv in [literal_converter(schema, key)]
    ]
    inferred_col = mapping.fact.get("inferred")
    inferred = (
        (cols.cells[inferred_col], cols.per_value(inferred_col, boolean, skip_empty=False))
        if inferred_col
        else None
    )
    end_values = tuple(
        (
            cols.get(end.en),
            cols.get(end.aliases),
            [
                (_gf(prop), cols.cells[column], cols.per_value(column, conv))
                for prop, column in end.props.items()
                for conv in [literal_converter(schema, prop)]
            ],
        )
        for end in (subject, obj)
    )
    load_name = name or mapping.name
    plan = LoadPlan(load_name, str(path), rows=total)
    plan._writer = _RowWriter(
        resolver=resolver,
        schema=schema,
        path=path,
        file_name=file_name,
        mapping=mapping,
        rows=rows,
        relations=rels,
        classes=classes,
        names=names,
        end_values=end_values,
        fact_values=fact_values,
        inferred=inferred,
        sources=cols.get(mapping.fact.get("source")),
        quotes=cols.get(mapping.fact.get("quote")),
        docs=source_docs or {},
        own=own or set(),
        on_uncertain=on_uncertain,
        progress=progress,
    )
    return plan


@dataclass
class _RowWriter:
    """The checked columns of a table, written out as triples row by row."""

    resolver: Resolver
    schema: Schema
    path: Path
    file_name: str
    mapping: TableMapping
    rows: list[int]
    relations: list[str]
    classes: tuple[list[str], list[str]]
    names: tuple[list[str], list[str]]
    end_values: tuple[Any, Any]
    fact_values: list[tuple[str, list[str], dict[str, str]]]
    inferred: tuple[list[str], dict[str, str]] | None
    sources: list[str] | None
    quotes: list[str] | None
    docs: dict[str, str]
    own: set[str]
    on_uncertain: str
    progress: Callable[[int, int], None] | None

    def slices(self, plan: LoadPlan, rows_per_slice: int) -> Iterator[bytes]:
        load_name = plan.name
        digest = hashlib.sha1(load_name.encode()).hexdigest()[:8]
        # the table itself as a source document, one per load (names that slug alike differ)
        self.table_doc = f"<{ID[f'src-{_slug(load_name)}-{digest}']}>"
        self.doc_of: dict[str, str] = {}
        self.new_entities: dict[tuple[str, str], str] = {}
        self.linked_seen: set[tuple[str, str]] = set()
        self.links_seen: set[tuple[str, str, str]] = set()
        self.facts_seen: dict[str, int] = {}
        self.matches: dict[tuple[str, str], Match] = {}
        self.predicates = {
            r: f"<{self.schema.object_properties[r].iri}>" for r in set(self.relations)
        }
        total = len(self.rows)
        if self.progress:
            self.progress(0, total)
        lines = [
            f"{self.table_doc} {_TYPE} {_GF_SOURCEDOCUMENT} .",
            f"{self.table_doc} {_LABEL} {_lang(self.file_name, 'zh')} .",
            f"{self.table_doc} {_LABEL} {_lang(self.file_name, 'en')} .",
            f"{self.table_doc} {_GF_FILENAME} {lit(self.file_name)} .",
        ]
        plan.nodes[self.table_doc[1:-1]] = 0
        for start in range(0, total, rows_per_slice):
            stop = min(total, start + rows_per_slice)
            self._resolve(start, stop)
            for i in range(start, stop):
                self._row(plan, i, lines)
            plan.triples += len(lines)
            yield ("\n".join(lines) + "\n").encode()
            lines = []
            if self.progress:
                self.progress(stop, total)

    def _resolve(self, start: int, stop: int) -> None:
        """Resolve the distinct (name, class) pairs of these rows not resolved before."""
        pairs = {
            (self.names[side][i], self.classes[side][i])
            for side in (0, 1)
            for i in range(start, stop)
        } - self.matches.keys()
        found = self.resolver.resolve_many(sorted(pairs))
        for pair, match in found.items():
            if match.status == "linked" and match.iri in self.own:
                match = Match("new")
            self.matches[pair] = match

    def _row(self, plan: LoadPlan, i: int, lines: list[str]) -> None:
        row = self.rows[i]
        ends: list[str] = []
        for side, (role, end) in enumerate(
            (("subject", self.mapping.subject), ("object", self.mapping.object))
        ):
            name, cls = self.names[side][i], self.classes[side][i]
            iri = _decide(
                plan,
                self.matches[(name, cls)],
                role,
                name,
                cls,
                row,
                end,
                self.on_uncertain,
                self.linked_seen,
            )
            if iri is None:
                return  # an uncertain name, skipped
            if iri == "new":
                iri = self._entity(plan, side, i, name, cls, end, lines)
            ends.append(iri)
        s, o = ends
        relation = self.relations[i]
        p = self.predicates[relation]
        doc, source = self._document(plan, i, lines)
        quote = self.quotes[i] if self.quotes else ""
        if not quote:
            quote = f"{self.file_name} 第{row}行：{self.names[0][i]} — {self.names[1][i]}"
        digest = hashlib.sha1(
            f"{s}|{p[1:-1]}|{o}|{source or self.file_name}|{quote}".encode()
        ).hexdigest()[:16]
        fact_iri = f"{_FACT_PREFIX}{digest}"
        first = self.facts_seen.setdefault(fact_iri, row)
        if first != row:
            raise table_error(
                self.path,
                f"duplicate row: the same link, source and quote as row {first}",
                row=row,
            )
        plan.nodes[fact_iri] = row
        if len(quote) < 2:
            plan.short_quotes.add(fact_iri)
        fact = f"<{fact_iri}>"
        inferred = "false"
        if self.inferred is not None:
            inferred = self.inferred[1][self.inferred[0][i]]
        lines += [
            f"{fact} {_TYPE} {_GF_FACT} .",
            f"{fact} {_SUBJECT} <{s}> .",
            f"{fact} {_PREDICATE} {p} .",
            f"{fact} {_OBJECT} <{o}> .",
            f"{fact} {_DERIVED} {doc} .",
            f"{fact} {_GF_QUOTE} {lit(quote)} .",
            f"{fact} {_GF_SOURCEFILE} {lit(source or self.file_name)} .",
            f"{fact} {_GF_SOURCEROW} {typed_lit(str(row), 'integer')} .",
            f"{fact} {_GF_INFERRED} {typed_lit(inferred, 'boolean')} .",
        ]
        lines += [
            f"{fact} {pred} {values[cells[i]]} ."
            for pred, cells, values in self.fact_values
            if cells[i]
        ]
        link = (s, relation, o)
        if link not in self.links_seen:
            self.links_seen.add(link)
            lines.append(f"<{s}> {p} <{o}> .")
            plan.link_subjects.setdefault(relation, {}).setdefault(s, row)
        plan.links += 1

    def _entity(
        self,
        plan: LoadPlan,
        side: int,
        i: int,
        name: str,
        cls: str,
        end: EndSpec,
        lines: list[str],
    ) -> str:
        """The IRI of a new entity; its triples the first time it occurs."""
        key = (cls, core_name(name))
        iri = self.new_entities.get(key)
        if iri is not None:
            return iri
        iri = str(ID["x-" + hashlib.sha1(f"{cls}|{key[1]}".encode()).hexdigest()[:12]])
        self.new_entities[key] = iri
        row = self.rows[i]
        plan.created.append(
            {"row": row, "column": end.column, "name": name, "class": cls, "iri": iri}
        )
        plan.nodes[iri] = row
        english_cells, alias_cells, props = self.end_values[side]
        node = f"<{iri}>"
        english = english_cells[i] if english_cells else ""
        lines += [
            f"{node} {_TYPE} <{self.schema.classes[cls].iri}> .",
            f"{node} {_LABEL} {_lang(name, 'zh')} .",
            f"{node} {_LABEL} {_lang(english or _english(name), 'en')} .",
        ]
        aliases = alias_cells[i] if alias_cells else ""
        if aliases:
            seen = set()
            for alias in aliases.replace("；", ";").replace("、", ";").split(";"):
                alias = alias.strip()
                if alias and alias not in seen:
                    seen.add(alias)
                    lines.append(
                        f"{node} {_ALT} {_lang(alias, 'en' if alias.isascii() else 'zh')} ."
                    )
        lines += [
            f"{node} {pred} {values[cells[i]]} ." for pred, cells, values in props if cells[i]
        ]
        return iri

    def _document(self, plan: LoadPlan, i: int, lines: list[str]) -> tuple[str, str]:
        """The source document a row cites (a source document of the graph named by its
        file, one made for the source text, or the table itself) and the source text."""
        source = self.sources[i] if self.sources else ""
        if not source:
            return self.table_doc, ""
        if source in self.docs:
            return f"<{self.docs[source]}>", source
        doc = self.doc_of.get(source)
        if doc is None:
            doc = f"<{ID['src-' + hashlib.sha1(source.encode()).hexdigest()[:12]]}>"
            self.doc_of[source] = doc
            plan.nodes[doc[1:-1]] = self.rows[i]
            lines += [
                f"{doc} {_TYPE} {_GF_SOURCEDOCUMENT} .",
                f"{doc} {_LABEL} {_lang(source, 'zh')} .",
                f"{doc} {_LABEL} {_lang(source, 'en')} .",
                f"{doc} {_GF_FILENAME} {lit(source)} .",
            ]
        return doc, source


def _decide(
    plan: LoadPlan,
    match: Match,
    role: str,
    name: str,
    cls: str,
    row: int,
    end: EndSpec,
    on_uncertain: str,
    linked_seen: set[tuple[str, str]],
) -> str | None:
    if match.status == "linked":
        if (name, str(match.iri)) not in linked_seen:
            linked_seen.add((name, str(match.iri)))
            plan.linked.append(
                {
                    "row": row,
                    "column": end.column,
                    "name": name,
                    "class": cls,
                    "iri": match.iri,
                    "how": match.how,
                    "score": match.score,
                }
            )
        return match.iri
    if match.status == "uncertain":
        plan.flagged.append(
            {
                "row": row,
                "column": end.column,
                "name": name,
                "class": cls,
                "candidate": match.candidate_name,
                "candidate_iri": match.candidate,
                "score": match.score,
                "action": on_uncertain,
            }
        )
        if on_uncertain == "link":
            return match.candidate
        if on_uncertain == "create":
            return "new"
        plan.skipped.append(
            {
                "row": row,
                "reason": f"{role} '{name}' is uncertain "
                f"(maybe {match.candidate_name}, {match.score})",
            }
        )
        return None
    return "new"


def source_documents(store: Any) -> dict[str, str]:
    """File name → IRI of every SourceDocument in the store."""
    found: dict[str, str] = {}
    for row in store.query(
        f"SELECT ?d ?f WHERE {{ ?d a <{GF.SourceDocument}> ; <{GF.fileName}> ?f }}"
    ):
        found.setdefault(row["f"].value, row["d"].value)
    return found


def read_any_mapping(path: Path | None, table: Table, stem: str) -> TableMapping:
    """The mapping file's, or the default one when the header is the default header."""
    if path is not None:
        return read_mapping(path)
    if table.columns != DEFAULT_HEADER:
        raise LoadError(
            f"no --mapping given and the header is not {','.join(DEFAULT_HEADER)} "
            f"(found: {','.join(shown(c, 40) for c in table.columns)})",
            file=str(table.file),
        )
    return default_mapping(stem)
