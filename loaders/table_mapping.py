"""The mapping of a table: which column holds what, read and checked key by key.

A mapping (YAML, see ``data/examples/platform_customers.mapping.yaml``) names the columns
of the subject, the object, their classes, the relation, properties, English names, aliases
and the citation. Every key is checked for its type and meaning before any row is read, and
a wrong one is refused in one line naming the file, the key and what was expected
(``m.yaml, key 'subject.column': expected a column name (text), found a list``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import LoadError
from loaders.names import BadName, clean_name, shown
from loaders.yaml_safe import SafeYamlLoader, yaml_problem
from ontology.schema import Schema, load_schema

__all__ = [
    "DEFAULT_HEADER",
    "ENTITY_PROPS",
    "FACT_FIELDS",
    "EndSpec",
    "TableMapping",
    "default_mapping",
    "read_mapping",
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
#: what ``fact:`` may name, each a column
FACT_FIELDS = (
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
)
#: datatype properties an entity may take from a column (the curated format's ``props``)
ENTITY_PROPS = (
    "kind",
    "status",
    "issuedOn",
    "period",
    "post",
    "category",
    "unit",
    "code",
    "date",
    "role",
    "stockName",
    "publisher",
    "note",
)
#: relations made by the loaders themselves, or only by observations
NOT_LOADABLE = ("mentions", "wasDerivedFrom", "measures", "scope")
_END_KEYS = ("column", "class", "class_column", "en", "aliases", "props")
_TOP_KEYS = ("name", "subject", "object", "relation", "relation_column", "fact")
MAX_MAPPING_BYTES = 1_000_000


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
    """Which column holds what (classes and relation by their ontology local names)."""

    name: str
    subject: EndSpec
    object: EndSpec
    relation: str | None = None
    relation_column: str | None = None
    fact: dict[str, str] = field(default_factory=dict)

    def columns(self) -> list[str]:
        """Every column the mapping reads, in a stable order."""
        found: list[str] = []
        for end in (self.subject, self.object):
            found += [end.column, end.class_column or "", end.en or "", end.aliases or ""]
            found += list(end.props.values())
        found += [self.relation_column or "", *self.fact.values()]
        return list(dict.fromkeys(c for c in found if c))


def default_mapping(name: str) -> TableMapping:
    """The mapping of a CSV with the default header."""
    return TableMapping(
        name=name,
        subject=EndSpec("subject", class_column="subject_class"),
        object=EndSpec("object", class_column="object_class"),
        relation_column="relation",
        fact={"source": "source", "quote": "quote"},
    )


class _Check:
    """Checks one mapping file, naming the key of each problem."""

    def __init__(self, path: Path, schema: Schema) -> None:
        self.path = path
        self.schema = schema

    def fail(self, key: str, message: str) -> LoadError:
        return LoadError(message, file=str(self.path), record=f"key '{key}'")

    def kind(self, value: Any) -> str:
        if value is None:
            return "nothing"
        if isinstance(value, bool):
            return f"{str(value).lower()} (a yes/no value)"
        if isinstance(value, dict):
            return "a mapping"
        if isinstance(value, list):
            return "a list"
        if isinstance(value, int | float):
            return f"a number ({value})"
        return type(value).__name__

    def text(self, key: str, value: Any, what: str = "a column name (text)") -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a column headed 2023
        if not isinstance(value, str):
            raise self.fail(key, f"expected {what}, found {self.kind(value)}")
        try:
            text = clean_name(value)
        except BadName as exc:
            raise self.fail(key, str(exc)) from None
        if not text:
            raise self.fail(key, f"expected {what}, found an empty text")
        if len(text) > 200:
            raise self.fail(key, f"expected {what}, found {len(text):,} characters")
        return text

    def mapping(self, key: str, value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a mapping (key: value), found {self.kind(value)}")
        for k in value:
            if not isinstance(k, str) or k not in allowed:
                raise self.fail(
                    f"{key}.{shown(str(k), 40)}",
                    f"unknown key (expected one of: {', '.join(allowed)})",
                )
        return value

    def cls(self, key: str, value: Any) -> str:
        name = self.text(key, value, "a class name")
        info = self.schema.class_named(name)
        if info is None or info.name not in Schema.ENTITY_CLASSES:
            raise self.fail(
                key,
                f"unknown class '{shown(name, 40)}' (one of: {', '.join(Schema.ENTITY_CLASSES)})",
            )
        return info.name

    def relation(self, key: str, value: Any) -> str:
        name = self.text(key, value, "a relation name")
        info = self.schema.relation_named(name)
        if info is None or info.name in NOT_LOADABLE:
            loadable = [r for r in self.schema.object_properties if r not in NOT_LOADABLE]
            raise self.fail(
                key, f"unknown relation '{shown(name, 40)}' (one of: {', '.join(loadable)})"
            )
        return info.name

    def end(self, key: str, value: Any) -> EndSpec:
        if isinstance(value, str):
            raise self.fail(
                key, "expected a mapping such as {column: 平台, class: Platform}, found a text"
            )
        if value is None:
            raise self.fail(key, "missing (expected {column: …, class: …})")
        spec = self.mapping(key, value, _END_KEYS)
        if "column" not in spec:
            raise self.fail(f"{key}.column", "missing (the column that holds the names)")
        has_class, has_column = "class" in spec, "class_column" in spec
        if has_class == has_column:
            raise self.fail(
                key, "needs exactly one of 'class' (a class for every row) or 'class_column'"
            )
        props = self.mapping(f"{key}.props", spec.get("props") or {}, ENTITY_PROPS)
        return EndSpec(
            column=self.text(f"{key}.column", spec["column"]),
            cls=self.cls(f"{key}.class", spec["class"]) if has_class else None,
            class_column=self.text(f"{key}.class_column", spec["class_column"])
            if has_column
            else None,
            en=self.text(f"{key}.en", spec["en"]) if spec.get("en") is not None else None,
            aliases=self.text(f"{key}.aliases", spec["aliases"])
            if spec.get("aliases") is not None
            else None,
            props={p: self.text(f"{key}.props.{p}", c) for p, c in props.items()},
        )


def read_mapping(path: Path) -> TableMapping:
    """Read and check a mapping YAML, key by key.

    Raises:
        LoadError: ``FILE, key 'K': what was expected and what was found`` (or the YAML
            syntax error with its line and column).
    """
    path = Path(path)
    check = _Check(path, load_schema())
    doc = _load_yaml(path)
    if not isinstance(doc, dict):
        raise LoadError(
            f"a mapping must be a YAML mapping (key: value lines), found {check.kind(doc)}",
            file=str(path),
        )
    for key in doc:
        if not isinstance(key, str) or key not in _TOP_KEYS:
            raise check.fail(
                shown(str(key), 40), f"unknown key (expected one of: {', '.join(_TOP_KEYS)})"
            )
    if ("relation" in doc) == ("relation_column" in doc):
        raise LoadError(
            "needs exactly one of 'relation' (one relation for every row) or 'relation_column'",
            file=str(path),
        )
    fact = check.mapping("fact", doc.get("fact") or {}, FACT_FIELDS)
    name = (
        check.text("name", doc["name"], "a load name (text)")
        if doc.get("name") is not None
        else path.stem.replace(".mapping", "")
    )
    return TableMapping(
        name=name,
        subject=check.end("subject", doc.get("subject")),
        object=check.end("object", doc.get("object")),
        relation=check.relation("relation", doc["relation"]) if "relation" in doc else None,
        relation_column=check.text("relation_column", doc["relation_column"])
        if "relation_column" in doc
        else None,
        fact={k: check.text(f"fact.{k}", v) for k, v in fact.items()},
    )


def _load_yaml(path: Path) -> Any:
    """The mapping file's YAML (safe: no tags that build objects), errors on one line."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"cannot read the mapping ({exc.strerror})", file=str(path)) from None
    if size > MAX_MAPPING_BYTES:
        raise LoadError(
            f"a mapping of {size:,} bytes (a mapping is a few lines; at most {MAX_MAPPING_BYTES:,})",
            file=str(path),
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise LoadError(f"cannot read the mapping ({exc.strerror})", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"the mapping is not UTF-8 ({exc.reason} at byte {exc.start})", file=str(path)
        ) from None
    try:  # the project's one YAML reader: no aliases (alias bombs), bounded nesting
        return yaml.load(text, Loader=SafeYamlLoader)
    except yaml.YAMLError as exc:
        raise LoadError(yaml_problem(exc, text), file=str(path)) from None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}not valid YAML ({shown(str(problem), 120)})"
