"""Analysts' tables (CSV, XLSX) into the graph: one link per row, with the row as its evidence.

A mapping (loaders/table_mapping.py) says which column holds what; without one, a CSV with
the default header ``subject,subject_class,relation,object,object_class,source,quote`` loads
as it is. :func:`plan_table_load` checks every cell before anything is written and refuses a
bad file whole, naming file, row and column; what it returns is the load's triples as
N-Triples, ready for the store's bulk loader (loaders/table_store.py).

It scales with the number of *distinct* values, not rows × work: each distinct cell of a
column is cleaned, typed and looked up once (a name, a class, a relation, a number), each
distinct (name, class) is resolved once, and the triples are written as text in slices.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from loaders.names import BadName, clean_name, shown
from loaders.resolve import Match, Resolver, core_name
from loaders.table_mapping import (
    DEFAULT_HEADER,
    NOT_LOADABLE,
    EndSpec,
    TableMapping,
    default_mapping,
    read_mapping,
)
from loaders.table_read import MAX_CELL, Table, read_table, table_error
from ontology.namespace import GF, ID
from ontology.schema import Schema, load_schema

__all__ = [
    "DEFAULT_HEADER",
    "MAX_NAME",
    "EndSpec",
    "LoadPlan",
    "TableMapping",
    "default_mapping",
    "plan_table_load",
    "read_mapping",
    "read_table",
]

#: the longest name a cell may give (an entity, class, relation, alias or source)
MAX_NAME = 200

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = f"<{_RDF}type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
_TRUE = ("true", "1", "是", "yes", "y")
_FALSE = ("false", "0", "否", "no", "n", "")


def _gf(name: str) -> str:
    return f"<{GF[name]}>"


@dataclass
class LoadPlan:
    """What a load would do: its triples, and what was created, linked, flagged, skipped.

    The triples are kept compact (one record per row and per new entity) and written out
    as N-Triples by :meth:`ntriples`, slice by slice. ``nodes`` maps each node the load
    states (entities, facts, documents) to the row it comes from, for error messages.
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
    _head: list[str] = field(default_factory=list, repr=False)
    _entities: list[tuple[str, ...]] = field(default_factory=list, repr=False)
    _facts: list[tuple[Any, ...]] = field(default_factory=list, repr=False)

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "links": self.links,
            "created": len(self.created),
            "linked": len(self.linked),
            "flagged": len(self.flagged),
            "skipped": len(self.skipped),
        }

    def ntriples(self, lines_per_slice: int = 200_000) -> Iterator[bytes]:
        """The load's triples as N-Triples, in slices of about ``lines_per_slice`` lines."""
        lines = list(self._head)
        for entity in self._entities:
            lines.extend(entity)
            if len(lines) >= lines_per_slice:
                yield ("\n".join(lines) + "\n").encode()
                lines = []
        for fact in self._facts:
            lines.extend(_fact_lines(*fact))
            if len(lines) >= lines_per_slice:
                yield ("\n".join(lines) + "\n").encode()
                lines = []
        if lines:
            yield ("\n".join(lines) + "\n").encode()

    def row_of(self, iri: str) -> int | str:
        """The row a node of the load comes from (the first row naming it), for errors."""
        if iri in self.nodes:
            return self.nodes[iri] or "1"
        node = f"<{iri}>"
        for fact in self._facts:
            if node in (fact[2], fact[4]):
                return self.nodes.get(fact[1][1:-1], "?")
        return "?"

    def graph(self) -> Any:
        """The triples as an rdflib graph (for small loads and tests)."""
        from rdflib import Graph

        g = Graph()
        for data in self.ntriples():
            g.parse(data=data.decode(), format="nt")
        return g


def _fact_lines(
    link: str | None, fact: str, s: str, p: str, o: str, doc: str, rest: tuple[str, ...]
) -> list[str]:
    lines = [
        f"{fact} {_TYPE} {_gf('Fact')} .",
        f"{fact} <{_RDF}subject> {s} .",
        f"{fact} <{_RDF}predicate> {p} .",
        f"{fact} <{_RDF}object> {o} .",
        f"{fact} {_DERIVED} {doc} .",
    ]
    lines.extend(f"{fact} {pred_obj} ." for pred_obj in rest)
    if link is not None:
        lines.append(link)
    return lines


# -- N-Triples terms ---------------------------------------------------------------------------


def _lit(text: str) -> str:
    return (
        '"'
        + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        + '"'
    )


def _lang(text: str, lang: str) -> str:
    return f"{_lit(text)}@{lang}"


def _typed_lit(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{_XSD}{datatype}>'


def _iri(iri: str) -> str:
    return f"<{iri}>"


@functools.lru_cache(maxsize=1 << 16)
def _word_pinyin(word: str) -> tuple[str, ...]:
    from pypinyin import Style
    from pypinyin.core import _default_pinyin

    items = _default_pinyin._converter.convert(word, Style.NORMAL, False, "default", strict=True)
    return tuple(item[0] for item in items)


def _english(name: str) -> str:
    """An English label for a Chinese name: its pinyin, word by word (pypinyin's own
    segmentation, each word converted once per process: the same result as
    ``lazy_pinyin(name)``, several times faster on a table of similar names)."""
    if name.isascii():
        return name
    from pypinyin.core import _default_pinyin

    syllables = [s for word in _default_pinyin.seg(name) for s in _word_pinyin(word)]
    return " ".join(s.capitalize() for s in syllables if s.strip())


def _slug(name: str) -> str:
    return (
        "".join(c if c.isalnum() and c.isascii() else "-" for c in name.lower()).strip("-")
        or "load"
    )


# -- cells, column by column -------------------------------------------------------------------


class _Columns:
    """The used columns of a table, every cell cleaned once per distinct value."""

    def __init__(self, table: Table, mapping: TableMapping, names: set[str]) -> None:
        self.table = table
        self.file = table.file
        self.cells: dict[str, list[str]] = {}
        missing = [c for c in mapping.columns() if c not in table.cells]
        if missing:
            raise table_error(
                self.file,
                f"missing column(s): {', '.join(shown(c, 40) for c in missing)} "
                f"(columns: {', '.join(shown(c, 40) for c in table.columns)})",
            )
        first_bad: list[tuple[int, int, str, str]] = []
        for order, column in enumerate(mapping.columns()):
            if column in table.unusable:
                row, why = table.unusable[column]
                first_bad.append((row, order, column, why))
                continue
            limit = MAX_NAME if column in names else MAX_CELL
            cleaned: dict[str, str] = {}
            bad: str | None = None
            for value in dict.fromkeys(table.cells[column]):
                try:
                    text = clean_name(value)
                except BadName as exc:
                    bad, why = value, str(exc)
                    break
                if len(text) > limit:
                    bad, why = value, f"a cell of {len(text):,} characters (at most {limit:,})"
                    break
                cleaned[value] = text
            if bad is not None:
                row = table.rows[table.cells[column].index(bad)]
                first_bad.append((row, order, column, why))
                continue
            self.cells[column] = [cleaned[v] for v in table.cells[column]]
        if first_bad:
            row, _order, column, why = min(first_bad)
            raise table_error(self.file, why, row=row, column=column)

    def get(self, column: str | None) -> list[str] | None:
        return self.cells[column] if column else None

    def first_row(self, column: str, value: str) -> int:
        return self.table.rows[self.cells[column].index(value)]

    def per_value(
        self, column: str, convert: Callable[[str], Any], *, skip_empty: bool = True
    ) -> dict[str, Any]:
        """``convert`` applied to each distinct value; its ValueError names the first row."""
        out: dict[str, Any] = {}
        for value in dict.fromkeys(self.cells[column]):
            if skip_empty and not value:
                continue
            try:
                out[value] = convert(value)
            except ValueError as exc:
                raise table_error(
                    self.file, str(exc), row=self.first_row(column, value), column=column
                ) from None
        return out


def _number(prop: str, datatype: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        try:
            number = Decimal(value.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(f"'{shown(value, 40)}' is not a number ({prop})") from None
        if not number.is_finite():
            raise ValueError(f"'{shown(value, 40)}' is not a number ({prop})")
        if prop == "share" and not 0 <= number <= 1:
            raise ValueError(f"'{shown(value, 40)}': a share must be between 0 and 1")
        if datatype == "integer":
            if number != number.to_integral_value():
                raise ValueError(f"'{shown(value, 40)}' is not a whole number ({prop})")
            return _typed_lit(str(int(number)), "integer")
        return _typed_lit(format(number, "f"), "decimal")

    return convert


def _boolean(value: str) -> str:
    folded = value.casefold()
    if folded in _TRUE:
        return "true"
    if folded in _FALSE:
        return "false"
    raise ValueError(f"'{shown(value, 40)}' is not true/false (是/否, yes/no, 1/0)")


def _literal_converter(schema: Schema, prop: str) -> Callable[[str], str]:
    rng = str(schema.datatype_properties[prop].range)
    if rng.endswith("#decimal") or rng.endswith("#integer"):
        return _number(prop, rng.rsplit("#", 1)[-1])
    if rng.endswith("#boolean"):
        return lambda v: _typed_lit(_boolean(v), "boolean")
    return _lit


# -- the plan ----------------------------------------------------------------------------------


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
    """Check every row and build the triples of the load (nothing is written).

    Args:
        resolver: the current graph's names, for entity resolution.
        on_uncertain: ``skip`` the row (default), ``create`` a new entity, or ``link`` to the
            candidate.
        source_docs: file names of the source documents already in the graph (a ``source``
            cell naming one cites that document).
        own: entities an earlier run of this same load created; they are created again
            rather than linked, so that loading a file twice changes nothing.
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
    name_columns = {
        c
        for c in (
            mapping.subject.column,
            mapping.object.column,
            mapping.subject.class_column,
            mapping.object.class_column,
            mapping.subject.en,
            mapping.object.en,
            mapping.relation_column,
            mapping.fact.get("source"),
        )
        if c
    }
    cols = _Columns(table, mapping, name_columns)
    rows = table.rows
    total = len(rows)
    if not total:
        raise table_error(path, "no rows below the header")
    if progress:
        progress(0, total)

    relations = _relations(cols, mapping, schema, total)
    ends = [_end_classes(cols, end, schema, total) for end in (mapping.subject, mapping.object)]
    subject_names, object_names = (
        cols.cells[mapping.subject.column],
        cols.cells[mapping.object.column],
    )
    for role, end, names in (
        ("subject", mapping.subject, subject_names),
        ("object", mapping.object, object_names),
    ):
        if "" in names:
            raise table_error(path, f"empty {role}", row=rows[names.index("")], column=end.column)
    _no_duplicate_rows(path, rows, subject_names, relations, object_names)
    typed = {
        key: cols.per_value(column, _literal_converter(schema, key))
        for key, column in mapping.fact.items()
        if key in ("amount", "cap", "share", "note", "unit", "post", "role")
    }
    inferred_col = mapping.fact.get("inferred")
    inferred = cols.per_value(inferred_col, _boolean, skip_empty=False) if inferred_col else {}
    end_props = [
        [
            (
                _gf(prop),
                cols.cells[column],
                cols.per_value(column, _literal_converter(schema, prop)),
            )
            for prop, column in end.props.items()
        ]
        for end in (mapping.subject, mapping.object)
    ]

    own = own or set()
    pairs = {(n, c) for n, c in zip(subject_names, ends[0], strict=True)}
    pairs |= {(n, c) for n, c in zip(object_names, ends[1], strict=True)}
    matches = resolver.resolve_many(sorted(pairs))
    for pair, match in matches.items():
        if match.status == "linked" and match.iri in own:
            matches[pair] = Match("new")

    load_name = name or mapping.name
    plan = LoadPlan(load_name, str(path), rows=total)
    # the table itself as a source document, one per load (names that slug alike differ)
    table_doc = _iri(
        str(ID[f"src-{_slug(load_name)}-{hashlib.sha1(load_name.encode()).hexdigest()[:8]}"])
    )
    plan._head += [
        f"{table_doc} {_TYPE} {_gf('SourceDocument')} .",
        f"{table_doc} {_LABEL} {_lang(file_name, 'zh')} .",
        f"{table_doc} {_LABEL} {_lang(file_name, 'en')} .",
        f"{table_doc} {_gf('fileName')} {_lit(file_name)} .",
    ]
    plan.nodes[table_doc[1:-1]] = 0
    docs = source_docs or {}
    doc_of: dict[str, str] = {}
    new_entities: dict[tuple[str, str], str] = {}
    linked_seen: set[tuple[str, str]] = set()
    links_seen: set[str] = set()
    facts_seen: dict[str, int] = {}
    source_col = cols.get(mapping.fact.get("source"))
    quote_col = cols.get(mapping.fact.get("quote"))
    end_cols = [
        (cols.get(end.en), cols.get(end.aliases)) for end in (mapping.subject, mapping.object)
    ]
    fact_extra = [
        (_gf(key), cols.cells[mapping.fact[key]], typed[key])
        for key in ("note", "amount", "cap", "share", "unit", "post", "role")
        if key in typed
    ]
    inferred_cells = cols.get(inferred_col)
    specs = (("subject", mapping.subject), ("object", mapping.object))
    for i, row in enumerate(rows):
        if progress and i % 5000 == 0 and i:
            progress(i, total)
        relation = relations[i]
        iris: list[str] = []
        names = (subject_names[i], object_names[i])
        for side, (role, end) in enumerate(specs):
            name, cls = names[side], ends[side][i]
            match = matches[(name, cls)]
            iri = _decide(plan, match, role, name, cls, row, end, on_uncertain, linked_seen)
            if iri is None:
                break
            if iri == "new":
                key = (cls, core_name(name))
                iri = new_entities.get(key)
                if iri is None:
                    local = "x-" + hashlib.sha1(f"{cls}|{key[1]}".encode()).hexdigest()[:12]
                    iri = str(ID[local])
                    new_entities[key] = iri
                    plan.created.append(
                        {"row": row, "column": end.column, "name": name, "class": cls, "iri": iri}
                    )
                    plan.nodes[iri] = row
                    en_col, alias_col = end_cols[side]
                    plan._entities.append(
                        _entity_lines(
                            iri,
                            schema.classes[cls].iri,
                            name,
                            en_col[i] if en_col else "",
                            alias_col[i] if alias_col else "",
                            [
                                (pred, values[cells[i]])
                                for pred, cells, values in end_props[side]
                                if cells[i]
                            ],
                        )
                    )
            iris.append(iri)
        else:
            s, o = iris
            p = str(schema.object_properties[relation].iri)
            source = source_col[i] if source_col else ""
            if source and source in docs:
                doc = _iri(docs[source])
            elif source:
                doc = doc_of.get(source)
                if doc is None:
                    doc = _iri(str(ID["src-" + hashlib.sha1(source.encode()).hexdigest()[:12]]))
                    doc_of[source] = doc
                    plan.nodes[doc[1:-1]] = row
                    plan._head += [
                        f"{doc} {_TYPE} {_gf('SourceDocument')} .",
                        f"{doc} {_LABEL} {_lang(source, 'zh')} .",
                        f"{doc} {_LABEL} {_lang(source, 'en')} .",
                        f"{doc} {_gf('fileName')} {_lit(source)} .",
                    ]
            else:
                doc = table_doc
            quote = quote_col[i] if quote_col else ""
            if not quote:
                quote = f"{file_name} 第{row}行：{names[0]} — {names[1]}"
            digest = hashlib.sha1(
                f"{s}|{p}|{o}|{source or file_name}|{quote}".encode()
            ).hexdigest()[:16]
            fact = str(ID["fact-" + digest])
            if fact in facts_seen:
                raise table_error(
                    path,
                    f"duplicate row: the same link, source and quote as row {facts_seen[fact]}",
                    row=row,
                )
            facts_seen[fact] = row
            plan.nodes[fact] = row
            rest = [
                f"{_gf('quote')} {_lit(quote)}",
                f"{_gf('sourceFile')} {_lit(source or file_name)}",
                f"{_gf('sourceRow')} {_typed_lit(str(row), 'integer')}",
                f"{_gf('inferred')} "
                + _typed_lit(inferred[inferred_cells[i]] if inferred_cells else "false", "boolean"),
            ]
            rest += [f"{pred} {values[cells[i]]}" for pred, cells, values in fact_extra if cells[i]]
            link_key = f"<{s}> <{p}> <{o}>"
            link = None if link_key in links_seen else f"{link_key} ."
            links_seen.add(link_key)
            plan._facts.append((link, f"<{fact}>", f"<{s}>", f"<{p}>", f"<{o}>", doc, tuple(rest)))
            plan.links += 1
    plan.triples = (
        len(plan._head)
        + sum(len(e) for e in plan._entities)
        + sum(6 + len(f[6]) for f in plan._facts)
        - (plan.links - len(links_seen))
    )
    if progress:
        progress(total, total)
    return plan


def _entity_lines(
    iri: str,
    class_iri: Any,
    name: str,
    english: str,
    aliases: str,
    props: list[tuple[str, str]],
) -> tuple[str, ...]:
    node = _iri(iri)
    lines = [
        f"{node} {_TYPE} <{class_iri}> .",
        f"{node} {_LABEL} {_lang(name, 'zh')} .",
        f"{node} {_LABEL} {_lang(english or _english(name), 'en')} .",
    ]
    if aliases:
        seen = set()
        for alias in aliases.replace("；", ";").replace("、", ";").split(";"):
            alias = alias.strip()
            if alias and alias not in seen:
                seen.add(alias)
                lines.append(f"{node} {_ALT} {_lang(alias, 'en' if alias.isascii() else 'zh')} .")
    lines += [f"{node} {pred} {value} ." for pred, value in props]
    return tuple(lines)


def _relations(cols: _Columns, mapping: TableMapping, schema: Schema, total: int) -> list[str]:
    """The relation of every row: the mapping's, or each distinct cell looked up once."""
    if mapping.relation:
        return [mapping.relation] * total
    column = mapping.relation_column or "relation"

    def lookup(value: str) -> str:
        info = schema.relation_named(value) if value else None
        if info is None or info.name in NOT_LOADABLE:
            raise ValueError(
                f"unknown relation '{shown(value, 40)}'" if value else "empty relation"
            )
        return info.name

    named = cols.per_value(column, lookup, skip_empty=False)
    return [named[v] for v in cols.cells[column]]


def _end_classes(cols: _Columns, end: EndSpec, schema: Schema, total: int) -> list[str]:
    """The class of one end on every row: the mapping's, or each distinct cell looked up once."""
    if end.cls:
        return [end.cls] * total
    column = end.class_column or end.column

    def lookup(value: str) -> str:
        info = schema.class_named(value) if value else None
        if info is None or info.name not in Schema.ENTITY_CLASSES:
            raise ValueError(f"unknown class '{shown(value, 40)}'" if value else "empty class")
        return info.name

    named = cols.per_value(column, lookup, skip_empty=False)
    return [named[v] for v in cols.cells[column]]


def _no_duplicate_rows(
    path: Path, rows: list[int], subjects: list[str], relations: list[str], objects: list[str]
) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for row, key in zip(rows, zip(subjects, relations, objects, strict=True), strict=True):
        first = seen.setdefault(key, row)
        if first != row:
            raise table_error(
                path,
                f"duplicate row: same {shown(key[0], 40)} — {key[1]} → {shown(key[2], 40)} "
                f"as row {first}",
                row=row,
            )


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
