"""Analysts' tables (CSV, XLSX) into the graph: one link per row, with the row as its evidence.

A mapping (YAML, see data/examples/) says which column holds the subject, the object, their
classes, the relation, properties, English names, aliases and the citation. Without a
mapping, a CSV whose header is exactly ``subject,subject_class,relation,object,object_class,
source,quote`` loads as it is. Every cell is checked first; a bad file is refused whole with
its file, row and column named, and nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pypinyin import lazy_pinyin
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from graph.errors import LoadError
from graph.mapping import PropertyGraph
from loaders.curated import doc_iri
from loaders.resolve import Match, Resolver, core_name
from loaders.yaml_safe import read_yaml
from ontology.namespace import GF, ID
from ontology.schema import Schema, load_schema

__all__ = [
    "DEFAULT_HEADER",
    "EndSpec",
    "LoadPlan",
    "TableMapping",
    "plan_table_load",
    "read_mapping",
    "read_table",
]

DEFAULT_HEADER = [
    "subject",
    "subject_class",
    "relation",
    "object",
    "object_class",
    "source",
    "quote",
]
_FACT_FIELDS = {
    "quote",
    "source",
    "inferred",
    "note",
    "amount",
    "cap",
    "share",
    "unit",
    "post",
    "role",
}
_NOT_LOADABLE = {"mentions", "wasDerivedFrom", "measures", "scope"}


@dataclass(frozen=True)
class EndSpec:
    """One end of the link: the name column, and a fixed class or a class column."""

    column: str
    cls: str | None = None
    class_column: str | None = None
    en: str | None = None
    aliases: str | None = None
    props: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableMapping:
    name: str
    subject: EndSpec
    object: EndSpec
    relation: str | None = None
    relation_column: str | None = None
    fact: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadPlan:
    """What a load would do: the triples, and what was created, linked, flagged, skipped."""

    name: str
    file: str
    graph: Graph
    rows: int = 0
    created: list[dict[str, Any]] = field(default_factory=list)
    linked: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    links: int = 0

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "links": self.links,
            "created": len(self.created),
            "linked": len(self.linked),
            "flagged": len(self.flagged),
            "skipped": len(self.skipped),
        }


def _err(file: Path, message: str, row: int | None = None, column: str | None = None) -> LoadError:
    where = ", ".join(
        x for x in (f"row {row}" if row else "", f"column '{column}'" if column else "") if x
    )
    return LoadError(message, file=str(file), record=where or None)


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV (UTF-8, UTF-8 with BOM, or GBK/GB18030) or an XLSX as strings.

    Raises:
        LoadError: unreadable file or encoding, with the file named.
    """
    if not path.is_file():
        raise _err(path, "no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # openpyxl raises many kinds
            raise _err(path, f"not a readable Excel file ({type(exc).__name__}: {exc})") from None
    elif suffix in (".csv", ".tsv", ".txt"):
        raw = path.read_bytes()
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError as exc:
                error = exc
        if text is None:
            raise _err(
                path, f"neither UTF-8 nor GBK/GB18030 (undecodable byte at offset {error.start})"
            )
        import io

        sep = "\t" if suffix == ".tsv" else ","
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
        except Exception as exc:
            raise _err(path, f"not a readable CSV ({exc})") from None
    else:
        raise _err(path, f"unknown table format '{suffix}' (use .csv, .tsv or .xlsx)")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.map(lambda v: v.strip() if isinstance(v, str) else v)


def _end(spec: Any, where: str, file: Path) -> EndSpec:
    if isinstance(spec, str):
        spec = {"column": spec}
    if not isinstance(spec, dict) or "column" not in spec:
        raise _err(file, f"'{where}' needs at least a 'column'")
    unknown = set(spec) - {"column", "class", "class_column", "en", "aliases", "props"}
    if unknown:
        raise _err(file, f"'{where}' has unknown keys: {', '.join(sorted(unknown))}")
    if not spec.get("class") and not spec.get("class_column"):
        raise _err(file, f"'{where}' needs a 'class' or a 'class_column'")
    return EndSpec(
        spec["column"],
        spec.get("class"),
        spec.get("class_column"),
        spec.get("en"),
        spec.get("aliases"),
        dict(spec.get("props") or {}),
    )


def read_mapping(path: Path) -> TableMapping:
    """Read and check a mapping YAML (see data/examples/platform_customers.mapping.yaml)."""
    try:
        doc = read_yaml(path, "mapping file")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _err(path, f"not a readable mapping: {exc}") from None
    if not isinstance(doc, dict):
        raise _err(path, "a mapping must be a YAML mapping")
    unknown = set(doc) - {"name", "subject", "object", "relation", "relation_column", "fact"}
    if unknown:
        raise _err(path, f"unknown keys: {', '.join(sorted(unknown))}")
    if not doc.get("relation") and not doc.get("relation_column"):
        raise _err(path, "needs a 'relation' or a 'relation_column'")
    fact = dict(doc.get("fact") or {})
    bad = set(fact) - _FACT_FIELDS
    if bad:
        raise _err(path, f"'fact' has unknown keys: {', '.join(sorted(bad))}")
    return TableMapping(
        name=str(doc.get("name") or path.stem.replace(".mapping", "")),
        subject=_end(doc.get("subject"), "subject", path),
        object=_end(doc.get("object"), "object", path),
        relation=doc.get("relation"),
        relation_column=doc.get("relation_column"),
        fact=fact,
    )


def default_mapping(name: str) -> TableMapping:
    """The mapping of a CSV with the default header."""
    return TableMapping(
        name=name,
        subject=EndSpec("subject", class_column="subject_class"),
        object=EndSpec("object", class_column="object_class"),
        relation_column="relation",
        fact={"source": "source", "quote": "quote"},
    )


def _slug(name: str) -> str:
    return (
        "".join(c if c.isalnum() and c.isascii() else "-" for c in name.lower()).strip("-")
        or "load"
    )


def _english(name: str) -> str:
    if name.isascii():
        return name
    return " ".join(s.capitalize() for s in lazy_pinyin(name) if s.strip())


def _typed(schema: Schema, prop: str, value: str, file: Path, row: int, column: str) -> Literal:
    rng = schema.datatype_properties[prop].range
    if rng in (XSD.decimal, XSD.integer):
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise _err(file, f"'{value}' is not a number ({prop})", row, column) from None
        if rng == XSD.integer:
            if number != number.to_integral_value():
                raise _err(file, f"'{value}' is not a whole number ({prop})", row, column)
            return Literal(int(number))
        return Literal(number, datatype=XSD.decimal)
    if rng == XSD.boolean:
        if value.lower() not in ("true", "false", "1", "0", "是", "否", "yes", "no"):
            raise _err(file, f"'{value}' is not true/false ({prop})", row, column)
        return Literal(value.lower() in ("true", "1", "是", "yes"))
    return Literal(value)


def plan_table_load(
    pg: PropertyGraph,
    path: Path,
    mapping: TableMapping,
    *,
    on_uncertain: str = "skip",
    source_docs: dict[str, str] | None = None,
    own: set[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LoadPlan:
    """Check every row and build the triples of the load (nothing is written).

    Args:
        pg: the current graph, for entity resolution.
        on_uncertain: ``skip`` the row (default), ``create`` a new entity, or ``link`` to the
            candidate.
        source_docs: file names of the source documents already in the graph (a ``source``
            cell naming one cites that document).
        own: entities an earlier run of this same load created; they are created again
            rather than linked, so that loading a file twice changes nothing.

    Raises:
        LoadError: a missing column, unknown class or relation, bad value or duplicate row.
    """
    schema = load_schema()
    frame = read_table(path)
    columns = set(frame.columns)
    needed = {mapping.subject.column, mapping.object.column}
    for end in (mapping.subject, mapping.object):
        needed |= {c for c in (end.class_column, end.en, end.aliases, *end.props.values()) if c}
    needed |= {c for c in (mapping.relation_column, *mapping.fact.values()) if c}
    missing = sorted(needed - columns)
    if missing:
        raise _err(
            path, f"missing column(s): {', '.join(missing)} (columns: {', '.join(frame.columns)})"
        )
    for end in (mapping.subject, mapping.object):
        for prop in end.props:
            if prop not in schema.datatype_properties:
                raise _err(path, f"unknown property '{prop}' in the mapping")
    resolver = Resolver(pg)
    g = Graph()
    plan = LoadPlan(mapping.name, path.name, g, rows=len(frame))
    table_doc = ID["src-" + _slug(mapping.name)]
    g.add((table_doc, RDF.type, GF.SourceDocument))
    g.add((table_doc, RDFS.label, Literal(path.name, lang="zh")))
    g.add((table_doc, RDFS.label, Literal(path.name, lang="en")))
    g.add((table_doc, GF.fileName, Literal(path.name)))
    seen: dict[tuple[str, str, str], int] = {}
    new_entities: dict[tuple[str, str], URIRef] = {}
    linked_seen: set[tuple[str, str]] = set()
    docs = source_docs or {}
    for index, record in enumerate(frame.to_dict("records")):
        row = index + 2  # the header is row 1, as a spreadsheet shows it
        if progress:
            progress(index + 1, len(frame))
        relation = mapping.relation or record.get(mapping.relation_column or "", "")
        prop = schema.relation_named(str(relation)) if relation else None
        if prop is None or prop.name in _NOT_LOADABLE:
            raise _err(
                path, f"unknown relation '{relation}'", row, mapping.relation_column or "relation"
            )
        ends = []
        for role, end in (("subject", mapping.subject), ("object", mapping.object)):
            name = str(record.get(end.column, "")).strip()
            if not name:
                raise _err(path, f"empty {role}", row, end.column)
            cls_name = end.cls or str(record.get(end.class_column or "", ""))
            info = schema.class_named(cls_name) if cls_name else None
            if info is None or info.name not in Schema.ENTITY_CLASSES:
                raise _err(path, f"unknown class '{cls_name}'", row, end.class_column or end.column)
            ends.append((role, end, name, info.name))
        key = (ends[0][2], prop.name, ends[1][2])
        if key in seen:
            raise _err(
                path, f"duplicate row: same {key[0]} — {key[1]} → {key[2]} as row {seen[key]}", row
            )
        seen[key] = row
        iris: list[URIRef] = []
        skip = False
        for role, end, name, cls in ends:
            match = resolver.resolve(name, cls)
            if match.status == "linked" and match.iri in (own or set()):
                match = Match("new")
            iri = _decide(plan, match, role, name, cls, row, end, on_uncertain, linked_seen)
            if iri is None:
                skip = True
                break
            if iri == "new":
                iri = new_entities.get((cls, core_name(name)))
                if iri is None:
                    iri = ID[
                        "x-" + hashlib.sha1(f"{cls}|{core_name(name)}".encode()).hexdigest()[:12]
                    ]
                    new_entities[(cls, core_name(name))] = iri
                    plan.created.append(
                        {
                            "row": row,
                            "column": end.column,
                            "name": name,
                            "class": cls,
                            "iri": str(iri),
                        }
                    )
                    _add_entity(g, iri, cls, name, record, end, schema, path, row)
            iris.append(URIRef(iri))
        if skip:
            continue
        s, o = iris
        p = schema.object_properties[prop.name].iri
        g.add((s, p, o))
        _add_fact(g, s, p, o, record, row, mapping, table_doc, docs, schema, path, ends)
        plan.links += 1
    return plan


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


def _add_entity(
    g: Graph,
    iri: URIRef,
    cls: str,
    name: str,
    record: dict[str, Any],
    end: EndSpec,
    schema: Schema,
    path: Path,
    row: int,
) -> None:
    g.add((iri, RDF.type, schema.classes[cls].iri))
    g.add((iri, RDFS.label, Literal(name, lang="zh")))
    english = str(record.get(end.en, "")).strip() if end.en else ""
    g.add((iri, RDFS.label, Literal(english or _english(name), lang="en")))
    if end.aliases and record.get(end.aliases):
        for alias in str(record[end.aliases]).replace("；", ";").replace("、", ";").split(";"):
            if alias.strip():
                g.add(
                    (
                        iri,
                        SKOS.altLabel,
                        Literal(alias.strip(), lang="en" if alias.isascii() else "zh"),
                    )
                )
    for prop, column in end.props.items():
        value = str(record.get(column, "")).strip()
        if value:
            g.add(
                (
                    iri,
                    schema.datatype_properties[prop].iri,
                    _typed(schema, prop, value, path, row, column),
                )
            )


def _add_fact(
    g: Graph,
    s: URIRef,
    p: URIRef,
    o: URIRef,
    record: dict[str, Any],
    row: int,
    mapping: TableMapping,
    table_doc: URIRef,
    docs: dict[str, str],
    schema: Schema,
    path: Path,
    ends: list,
) -> None:
    source = (
        str(record.get(mapping.fact.get("source", ""), "")).strip()
        if mapping.fact.get("source")
        else ""
    )
    if source and source in docs:
        doc = URIRef(docs[source])
    elif source:
        doc = ID["src-" + hashlib.sha1(source.encode()).hexdigest()[:12]]
        g.add((doc, RDF.type, GF.SourceDocument))
        g.add((doc, RDFS.label, Literal(source, lang="zh")))
        g.add((doc, RDFS.label, Literal(source, lang="en")))
        g.add((doc, GF.fileName, Literal(source)))
    else:
        doc = table_doc
    quote_col = mapping.fact.get("quote")
    quote = str(record.get(quote_col, "")).strip() if quote_col else ""
    if not quote:
        quote = f"{path.name} 第{row}行：{ends[0][2]} — {ends[1][2]}"
    fact = ID[
        "fact-"
        + hashlib.sha1(f"{s}|{p}|{o}|{source or path.name}|{quote}".encode()).hexdigest()[:16]
    ]
    g.add((fact, RDF.type, GF.Fact))
    g.add((fact, RDF.subject, s))
    g.add((fact, RDF.predicate, p))
    g.add((fact, RDF.object, o))
    g.add((fact, PROV.wasDerivedFrom, doc))
    g.add((fact, GF.quote, Literal(quote)))
    g.add((fact, GF.sourceFile, Literal(source or path.name)))
    g.add((fact, GF.sourceRow, Literal(row)))
    inferred_col = mapping.fact.get("inferred")
    inferred = str(record.get(inferred_col, "")).strip().lower() if inferred_col else ""
    g.add((fact, GF.inferred, Literal(inferred in ("true", "1", "是", "yes"))))
    for key in ("note", "amount", "cap", "share", "unit", "post", "role"):
        column = mapping.fact.get(key)
        value = str(record.get(column, "")).strip() if column else ""
        if value:
            g.add(
                (
                    fact,
                    schema.datatype_properties[key].iri,
                    _typed(schema, key, value, path, row, column),
                )
            )


def source_documents(pg: PropertyGraph) -> dict[str, str]:
    """File name → IRI of every SourceDocument in the graph."""
    return {
        str(n.props.get("fileName")): iri
        for iri, n in pg.nodes.items()
        if n.label == "SourceDocument" and n.props.get("fileName")
    }


_ = doc_iri  # documents of data/sources keep their IRIs (doc-000 …) through source_documents
