"""Read the curated YAML files (data/curated) into RDF, checking every rule of data/README.md.

Errors name the file, the line and the record, and all of them are reported at once so a
curator can fix a file in one pass.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from graph.errors import LoadError
from loaders.names import clean_name, name_problem
from loaders.quotes import quote_occurs
from loaders.yaml_safe import SafeYamlLoader, read_yaml
from ontology.namespace import GF, ID
from ontology.schema import Schema, load_schema

__all__ = ["CuratedData", "curated_graph", "doc_iri", "read_curated"]

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ENTITY_KEYS = {
    "id",
    "class",
    "zh",
    "en",
    "aliases",
    "kind",
    "props",
    "quote",
    "source",
    "note",
    "__line__",
}
_FACT_KEYS = {"s", "p", "o", "quote", "source", "inferred", "note", "props", "__line__"}
_VALUE_KEYS = {
    "indicator",
    "scope",
    "year",
    "value",
    "unit",
    "kind",
    "comparator",
    "quote",
    "source",
    "note",
    "table_category",
    "__line__",
}
_FACT_PROPS = {"amount", "cap", "share", "unit", "post", "role"}
_COMPARATORS = {">", ">=", "~", "=", "<", "<="}


class _LineLoader(SafeYamlLoader):
    """The project's safe loader (no aliases, bounded nesting, unique keys) that also
    remembers the line of every mapping, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class CuratedData:
    """Everything read from the curated folder, keyed and checked."""

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    facts: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # by source file name


def doc_iri(source_file: str) -> URIRef:
    """The SourceDocument node of a file in data/sources: ``doc-`` + its number prefix."""
    return ID["doc-" + source_file.split("_", 1)[0].split(".", 1)[0]]


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: Path, rec: dict[str, Any] | None, where: str, message: str) -> None:
        line = f":{rec.get('__line__')}" if isinstance(rec, dict) and rec.get("__line__") else ""
        self.items.append(f"{file}{line}: {where}: {message}")

    def raise_if_any(self) -> None:
        """One problem is one line; several are listed under a count, so that a curator
        can fix a file in one pass."""
        if len(self.items) == 1:
            raise LoadError(self.items[0])
        if self.items:
            shown = self.items[:40]
            more = f"\n… and {len(self.items) - 40} more" if len(self.items) > 40 else ""
            raise LoadError(
                f"{len(self.items)} problem(s) in the curated data:\n" + "\n".join(shown) + more
            )


def _load_yaml(path: Path, errors: _Errors) -> dict[str, Any] | None:
    try:
        doc = read_yaml(path, "curated file", _LineLoader)
    except LoadError as exc:
        errors.items.append(str(exc))
        return None
    if not isinstance(doc, dict):
        errors.add(path, None, "file", "must be a mapping with 'entities', 'facts', 'values'")
        return None
    return doc


def read_curated(curated_dir: Path, sources_dir: Path) -> CuratedData:
    """Read and check every ``*.yaml`` in ``curated_dir``.

    Raises:
        LoadError: listing every problem with file, line and record.
    """
    schema = load_schema()
    errors = _Errors()
    data = CuratedData()
    # common.yaml first: its definitions (shared entities) take precedence
    files = sorted(curated_dir.glob("*.yaml"), key=lambda p: (p.name != "common.yaml", p.name))
    if not files:
        raise LoadError("no curated files (*.yaml)", file=str(curated_dir))
    loaded: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        doc = _load_yaml(path, errors)
        if doc is not None:
            loaded.append((path, doc))
    # pass 1: documents and entity definitions
    for path, doc in loaded:
        source = doc.get("source")
        if source is not None:
            if not (sources_dir / str(source)).is_file():
                errors.add(path, doc, "source", f"no such file in {sources_dir}: {source}")
            else:
                meta = doc.get("document") or {}
                if not meta.get("zh") or not meta.get("en"):
                    errors.add(path, doc, "document", "needs a zh and an en title")
                data.documents[str(source)] = {**meta, "curated_file": path.name}
        for i, ent in enumerate(doc.get("entities") or []):
            _check_entity(path, i, ent, source, schema, data, errors, sources_dir)
    # pass 2: facts and values (they may refer to entities of any file)
    for path, doc in loaded:
        source = doc.get("source")
        policy = (doc.get("document") or {}).get("policy")
        if policy is not None and (data.entities.get(str(policy)) or {}).get("class") != "Policy":
            errors.add(path, doc, "document.policy", f"names no Policy: {policy!r}")
        for i, fact in enumerate(doc.get("facts") or []):
            _check_fact(path, i, fact, source, schema, data, errors, sources_dir)
        for i, val in enumerate(doc.get("values") or []):
            _check_value(path, i, val, source, data, errors, sources_dir)
    errors.raise_if_any()
    return data


def _check_quote(
    path: Path,
    rec: dict[str, Any],
    where: str,
    source: str | None,
    sources_dir: Path,
    errors: _Errors,
    *,
    required: bool = True,
) -> None:
    quote = rec.get("quote")
    src = rec.get("source") or source
    if not quote:
        if required:
            errors.add(path, rec, where, "missing 'quote'")
        return
    if not src:
        errors.add(path, rec, where, "a quote needs a 'source' file")
        return
    file = sources_dir / str(src)
    if not file.is_file():
        errors.add(path, rec, where, f"no such source file: {src}")
    elif not quote_occurs(str(quote), file):
        errors.add(path, rec, where, f"quote does not occur in {src}: {quote!r}")


def _check_entity(
    path: Path,
    i: int,
    ent: Any,
    source: str | None,
    schema: Schema,
    data: CuratedData,
    errors: _Errors,
    sources_dir: Path,
) -> None:
    if not isinstance(ent, dict):
        errors.add(path, None, f"entities[{i}]", "must be a mapping")
        return
    eid = str(ent.get("id", ""))
    where = f"entities[{i}] {eid or '(no id)'}"
    for key in set(ent) - _ENTITY_KEYS:
        errors.add(path, ent, where, f"unknown field '{key}'")
    if not _ID.match(eid):
        errors.add(path, ent, where, "id must be lowercase ascii words joined by hyphens")
    elif eid in data.entities and data.entities[eid].get("class") != ent.get("class"):
        first = data.entities[eid]
        errors.add(
            path,
            ent,
            where,
            f"id already defined in {first['__file__']} as a "
            f"{first.get('class')}, here as a {ent.get('class')}",
        )
    cls = ent.get("class")
    if cls not in Schema.ENTITY_CLASSES:
        errors.add(
            path, ent, where, f"unknown class {cls!r} (one of {', '.join(Schema.ENTITY_CLASSES)})"
        )
    for lang in ("zh", "en"):
        if not isinstance(ent.get(lang), str) or not ent[lang].strip():
            errors.add(path, ent, where, f"missing '{lang}' label")
        elif problem := name_problem(ent[lang]):
            errors.add(path, ent, where, f"'{lang}' label: {problem}")
    aliases = ent.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str | int) for a in aliases):
        errors.add(path, ent, where, "aliases must be a list of names")
    props = _props(ent)
    if props is None:
        errors.add(path, ent, where, "props must be a mapping")
        props = {}
    for key in props:
        if key not in schema.datatype_properties:
            errors.add(path, ent, where, f"unknown property '{key}' in props")
    _check_quote(path, ent, where, source, sources_dir, errors, required=source is not None)
    mention = (ent.get("source") or source, ent["quote"]) if ent.get("quote") else None
    first = data.entities.get(eid)
    if first is None:
        data.entities[eid] = {
            **ent,
            "__file__": path.name,
            "__source__": source,
            "__mentions__": [mention] if mention else [],
        }
        return
    # the same entity named in another document: the first definition keeps its labels,
    # this one adds its names as aliases, its props where new, and its mention quote
    names = [ent.get("zh"), ent.get("en"), *(ent.get("aliases") or [])]
    first["aliases"] = list(first.get("aliases") or []) + [
        n
        for n in names
        if n
        and n not in (first.get("aliases") or [])
        and n != first.get("zh")
        and n != first.get("en")
    ]
    first["props"] = {**props, **(first.get("props") or {})}
    if mention and mention not in first["__mentions__"]:
        first["__mentions__"].append(mention)


def _check_fact(
    path: Path,
    i: int,
    fact: Any,
    source: str | None,
    schema: Schema,
    data: CuratedData,
    errors: _Errors,
    sources_dir: Path,
) -> None:
    if not isinstance(fact, dict):
        errors.add(path, None, f"facts[{i}]", "must be a mapping")
        return
    where = f"facts[{i}] {fact.get('s')} {fact.get('p')} {fact.get('o')}"
    for key in set(fact) - _FACT_KEYS:
        errors.add(path, fact, where, f"unknown field '{key}'")
    rel = fact.get("p")
    if rel not in schema.object_properties or rel in {
        "mentions",
        "wasDerivedFrom",
        "measures",
        "scope",
    }:
        errors.add(path, fact, where, f"unknown relation {rel!r}")
    for end in ("s", "o"):
        if fact.get(end) not in data.entities:
            errors.add(path, fact, where, f"'{end}' names no entity: {fact.get(end)!r}")
    if "inferred" in fact and not isinstance(fact["inferred"], bool):
        errors.add(path, fact, where, "inferred must be true or false")
    note = fact.get("note")
    if isinstance(note, dict):
        bad = sorted(str(k) for k in note if k not in ("zh", "en", "__line__"))
        if bad or not all(isinstance(note.get(k), str) and note[k].strip() for k in ("zh", "en")):
            errors.add(path, fact, where, "a note in two languages is {zh: …, en: …}, both texts")
    elif note is not None and not isinstance(note, str):
        errors.add(path, fact, where, "note must be a text or {zh: …, en: …}")
    if fact.get("inferred") and not (
        isinstance(note, dict) and all(isinstance(note.get(k), str) for k in ("zh", "en"))
    ):
        errors.add(
            path,
            fact,
            where,
            "an inferred fact needs a note {zh: …, en: …} saying what it rests on",
        )
    props = _props(fact)
    if props is None:
        errors.add(path, fact, where, "props must be a mapping")
        props = {}
    for key, value in props.items():
        if key not in _FACT_PROPS:
            errors.add(path, fact, where, f"unknown fact property '{key}'")
        elif key in {"amount", "cap", "share"} and _decimal(value) is None:
            errors.add(path, fact, where, f"'{key}' must be a number, got {value!r}")
    quotes = _fact_quotes(path, fact, where, source, sources_dir, errors)
    data.facts.append(
        {
            **fact,
            "quote": quotes[0][1] if quotes else fact.get("quote"),
            "__quotes__": quotes,
            "__file__": path.name,
            "__source__": fact.get("source") or source,
        }
    )


def _fact_quotes(
    path: Path,
    fact: dict[str, Any],
    where: str,
    source: str | None,
    sources_dir: Path,
    errors: _Errors,
) -> list[tuple[str, str]]:
    """A fact's evidence as (source file, quote) pairs: ``quote`` is one sentence, or a list
    of sentences, each a text from the fact's source or ``{quote: …, source: …}``."""
    given = fact.get("quote")
    items = given if isinstance(given, list) else [given]
    pairs: list[tuple[str, str]] = []
    for item in items:
        rec = {"quote": item, "source": fact.get("source"), "__line__": fact.get("__line__")}
        if isinstance(item, dict):
            rec = {**rec, "quote": item.get("quote"), "source": item.get("source") or rec["source"]}
        elif item is not None and not isinstance(item, str | int):
            errors.add(path, fact, where, "a quote is a text or {quote: …, source: …}")
            continue
        _check_quote(path, rec, where, source, sources_dir, errors)
        src = rec["source"] or source
        if rec["quote"] and src:
            pairs.append((str(src), str(rec["quote"])))
    return pairs


def _props(rec: dict[str, Any]) -> dict[str, Any] | None:
    """The record's props without the loader's line marker (None when not a mapping)."""
    props = rec.get("props") or {}
    if not isinstance(props, dict):
        return None
    props = {k: v for k, v in props.items() if k != "__line__"}
    rec["props"] = props
    return props


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _check_value(
    path: Path,
    i: int,
    val: Any,
    source: str | None,
    data: CuratedData,
    errors: _Errors,
    sources_dir: Path,
) -> None:
    if not isinstance(val, dict):
        errors.add(path, None, f"values[{i}]", "must be a mapping")
        return
    where = f"values[{i}] {val.get('indicator')} {val.get('year')}"
    for key in set(val) - _VALUE_KEYS:
        errors.add(path, val, where, f"unknown field '{key}'")
    ind = data.entities.get(str(val.get("indicator")))
    if ind is None or ind.get("class") != "Indicator":
        errors.add(path, val, where, f"'indicator' names no Indicator: {val.get('indicator')!r}")
    if val.get("scope") not in data.entities:
        errors.add(path, val, where, f"'scope' names no entity: {val.get('scope')!r}")
    if not isinstance(val.get("year"), int) or isinstance(val.get("year"), bool):
        errors.add(path, val, where, "year must be a whole number such as 2023")
    if _decimal(val.get("value")) is None:
        errors.add(path, val, where, f"value must be a number, got {val.get('value')!r}")
    if val.get("kind") not in ("target", "reported"):
        errors.add(path, val, where, "kind must be 'target' or 'reported'")
    if val.get("comparator") is not None and val["comparator"] not in _COMPARATORS:
        errors.add(path, val, where, f"comparator must be one of {sorted(_COMPARATORS)}")
    if val.get("table_category") is not None and not str(val["table_category"]).strip():
        errors.add(path, val, where, "table_category must name the table's category")
    _check_quote(path, val, where, source, sources_dir, errors)
    data.values.append({**val, "__file__": path.name, "__source__": val.get("source") or source})


# ---------------------------------------------------------------------------------------------
# RDF
# ---------------------------------------------------------------------------------------------


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _lang_of(text: str) -> str:
    return "en" if text.isascii() else "zh"


def _typed(schema: Schema, prop: str, value: Any) -> Literal:
    rng = schema.datatype_properties[prop].range
    if rng in (XSD.decimal, XSD.integer):
        return Literal(_decimal(value), datatype=rng)
    if rng == XSD.boolean:
        return Literal(bool(value))
    return Literal(str(value))


def curated_graph(data: CuratedData) -> Graph:
    """Turn checked curated data into triples: entities, facts with evidence, observations."""
    schema = load_schema()
    g = Graph()
    for source, meta in data.documents.items():
        doc = doc_iri(source)
        g.add((doc, RDF.type, GF.SourceDocument))
        g.add((doc, RDFS.label, Literal(str(meta["zh"]), lang="zh")))
        g.add((doc, RDFS.label, Literal(str(meta["en"]), lang="en")))
        g.add((doc, GF.fileName, Literal(source)))
        if meta.get("publisher"):
            g.add((doc, GF.publisher, Literal(str(meta["publisher"]))))
        if meta.get("date"):
            g.add((doc, GF.date, Literal(str(meta["date"]))))
    for eid, ent in data.entities.items():
        node = ID[eid]
        g.add((node, RDF.type, schema.classes[ent["class"]].iri))
        g.add((node, RDFS.label, Literal(clean_name(ent["zh"]), lang="zh")))
        g.add((node, RDFS.label, Literal(clean_name(ent["en"]), lang="en")))
        for alias in ent.get("aliases") or []:
            alias = str(alias).strip()
            if alias and alias != ent["zh"].strip():
                g.add((node, SKOS.altLabel, Literal(alias, lang=_lang_of(alias))))
        if ent.get("kind"):
            g.add((node, GF.kind, Literal(str(ent["kind"]))))
            if ent["class"] == "Designation" and ent["kind"] == "platform-tier":
                g.add((node, SKOS.inScheme, GF.PlatformTierScheme))
        for key, value in (ent.get("props") or {}).items():
            g.add((node, schema.datatype_properties[key].iri, _typed(schema, key, value)))
        if ent.get("note"):
            g.add((node, GF.note, Literal(str(ent["note"]))))
        for source, quote in ent["__mentions__"]:
            _add_fact(g, doc_iri(source), GF.mentions, node, {"quote": quote}, source)
    for fact in data.facts:
        s, p, o = ID[fact["s"]], schema.object_properties[fact["p"]].iri, ID[fact["o"]]
        g.add((s, p, o))
        by_source: dict[str, list[str]] = {}
        for source, quote in fact.get("__quotes__") or [(fact["__source__"], fact["quote"])]:
            by_source.setdefault(source, []).append(quote)
        for source, quotes in by_source.items():
            _add_fact(g, s, p, o, {**fact, "quote": quotes}, source)
    for val in data.values:
        _add_observation(g, data, val)
    return g


def _add_fact(g: Graph, s: URIRef, p: URIRef, o: URIRef, rec: dict[str, Any], source: str) -> None:
    schema = load_schema()
    if p == GF.mentions:
        g.add((s, p, o))
    quotes = rec["quote"] if isinstance(rec["quote"], list) else [rec["quote"]]
    fact = ID["fact-" + _digest(s, p, o, source, *quotes)]
    g.add((fact, RDF.type, GF.Fact))
    g.add((fact, RDF.subject, s))
    g.add((fact, RDF.predicate, p))
    g.add((fact, RDF.object, o))
    g.add((fact, PROV.wasDerivedFrom, doc_iri(source)))
    g.add((fact, GF.sourceFile, Literal(source)))
    for quote in quotes:
        g.add((fact, GF.quote, Literal(str(quote).strip())))
    g.add(
        (
            fact,
            GF.inferred,
            Literal(bool(rec.get("inferred", False)) if p != GF.mentions else False),
        )
    )
    note = rec.get("note") if p != GF.mentions else None
    if isinstance(note, dict):  # a note in two languages
        for lang in ("zh", "en"):
            g.add((fact, GF.note, Literal(str(note[lang]).strip(), lang=lang)))
    elif note:
        g.add((fact, GF.note, Literal(str(note))))
    if p != GF.mentions:
        for key, value in (rec.get("props") or {}).items():
            g.add((fact, schema.datatype_properties[key].iri, _typed(schema, key, value)))


_KIND_ZH = {"target": "目标", "reported": "报告"}


def _add_observation(g: Graph, data: CuratedData, val: dict[str, Any]) -> None:
    source = val["__source__"]
    ind, scope = data.entities[val["indicator"]], data.entities[val["scope"]]
    value = _decimal(val["value"])
    obs = ID[
        "obs-"
        + _digest(
            val["indicator"], val["scope"], val["year"], val["kind"], value, source, val["quote"]
        )
    ]
    unit = str(val.get("unit") or (ind.get("props") or {}).get("unit") or "")
    cmp = val.get("comparator") or ""
    g.add((obs, RDF.type, GF.Observation))
    g.add((obs, GF.measures, ID[val["indicator"]]))
    g.add((obs, GF.scope, ID[val["scope"]]))
    g.add((obs, GF.year, Literal(int(val["year"]))))
    g.add((obs, GF.value, Literal(value, datatype=XSD.decimal)))
    g.add((obs, GF.valueKind, Literal(val["kind"])))
    if unit:
        g.add((obs, GF.unit, Literal(unit)))
    if cmp:
        g.add((obs, GF.comparator, Literal(cmp)))
    g.add((obs, PROV.wasDerivedFrom, doc_iri(source)))
    g.add((obs, GF.sourceFile, Literal(source)))
    g.add((obs, GF.quote, Literal(str(val["quote"]).strip())))
    if val.get("note"):
        g.add((obs, GF.note, Literal(str(val["note"]))))
    if val.get("table_category"):  # a row of the plan's table of main indicators
        g.add((obs, GF.tableCategory, Literal(str(val["table_category"]))))
    shown = f"{cmp}{value.normalize():f}{unit}" if value is not None else ""
    g.add(
        (
            obs,
            RDFS.label,
            Literal(
                f"{ind['zh']} · {scope['zh']} · {val['year']}年{_KIND_ZH[val['kind']]} {shown}",
                lang="zh",
            ),
        )
    )
    g.add(
        (
            obs,
            RDFS.label,
            Literal(
                f"{ind['en']} · {scope['en']} · {val['year']} {val['kind']} {shown}", lang="en"
            ),
        )
    )
