"""Named analyst questions: one YAML record each, with a SPARQL and a Cypher text.

The same question asked of either engine returns the same rows. Columns carry a type
that says how to normalise each engine's raw answer:

``name``      an entity as its zh label (plain string)
``iri``       an IRI string
``relation``  a relationship type (SPARQL returns the property IRI; mapped to ``SERVES`` …)
``class``     a node label (SPARQL returns the class IRI; mapped to ``Platform`` …)
``list``      a list of strings (SPARQL returns them joined by U+001F); sorted
``bool``      true / false
``number``    int when whole, else float
``text``      anything else, as a string

Rows are sorted for a stable answer; a question may name the columns its rows are ordered
by first (``order: {code: outline}``: a plan's outline codes in the plan's order).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from graph.errors import GongfuError, NotFound
from graph.mapping import rel_type
from graph.query import QueryResult, run_sparql
from graph.store import GraphStore
from ontology.schema import load_schema

__all__ = [
    "LIST_SEPARATOR",
    "Param",
    "Question",
    "answering_engine",
    "load_questions",
    "normalise_rows",
    "outline_key",
    "run_question",
]

LIST_SEPARATOR = "\x1f"
ENGINES = ("sparql", "cypher")
#: a local store this big on disk (about 2×10^5 triples) answers ``engine: cypher``
#: questions on its Cypher copy
CYPHER_WORTHWHILE_BYTES = 64 * 2**20
_FOLDER = Path(__file__).parent


@dataclass(frozen=True)
class Param:
    """A question's parameter: an entity (resolved by name) or a plain value."""

    name: str
    default: Any
    kind: str = "entity"  # entity | text | number
    description_zh: str = ""
    description_en: str = ""
    #: the classes an entity parameter is one of (empty: any), for pickers that list them
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One named question, as asked in SPARQL and in Cypher."""

    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    columns: dict[str, str]
    sparql: str
    cypher: str
    params: tuple[Param, ...] = field(default=())
    #: the engine that answers it unless the analyst picks one (see ``answering_engine``)
    engine: str = "sparql"
    #: columns the rows are ordered by before the rest, each with its kind of key
    order: tuple[tuple[str, str], ...] = field(default=())
    #: the same question written for SPARQL servers where the embedded text trips them
    #: (Virtuoso 7.2 cannot compile a subject computed by BIND, drops a FILTER EXISTS
    #: inside an OPTIONAL and fails on COALESCE around an aggregate); empty: ``sparql``
    sparql_server: str = ""
    #: the Cypher written for Bolt servers (Neo4j, FalkorDB) where ``cypher`` uses the
    #: embedded engine's own list functions and casts; empty: ``cypher`` in their dialect
    cypher_bolt: str = ""

    def sparql_for(self, store: object) -> str:
        """The SPARQL text to send to this store: the server form on a SPARQL endpoint."""
        from graph.remote import RemoteStore

        return (
            self.sparql_server
            if self.sparql_server and isinstance(store, RemoteStore)
            else self.sparql
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "description_zh": self.description_zh,
            "description_en": self.description_en,
            "params": [
                {
                    "name": p.name,
                    "default": p.default,
                    "kind": p.kind,
                    "description_zh": p.description_zh,
                    "description_en": p.description_en,
                    "classes": list(p.classes),
                }
                for p in self.params
            ],
            "columns": list(self.columns),
            "engine": self.engine,
        }


@functools.cache
def load_questions() -> dict[str, Question]:
    """Every question in graph/questions/*.yaml, by name, in file order."""
    questions: dict[str, Question] = {}
    for path in sorted(_FOLDER.glob("*.yaml")):
        rec = yaml.safe_load(path.read_text(encoding="utf-8"))
        params = tuple(
            Param(
                name=k,
                default=v.get("default"),
                kind=v.get("kind", "entity"),
                description_zh=v.get("zh", ""),
                description_en=v.get("en", ""),
                classes=tuple(
                    [v["class"]] if isinstance(v.get("class"), str) else v.get("class") or ()
                ),
            )
            for k, v in (rec.get("params") or {}).items()
        )
        q = Question(
            name=rec["name"],
            title_zh=rec["title_zh"],
            title_en=rec["title_en"],
            description_zh=rec.get("description_zh", ""),
            description_en=rec.get("description_en", ""),
            columns=dict(rec["columns"]),
            sparql=rec["sparql"],
            cypher=rec["cypher"],
            params=params,
            engine=rec.get("engine", "sparql"),
            order=tuple((rec.get("order") or {}).items()),
            sparql_server=rec.get("sparql_server", ""),
            cypher_bolt=rec.get("cypher_bolt", ""),
        )
        if q.engine not in ENGINES:
            raise GongfuError(f"{path.name}: engine must be sparql or cypher, not {q.engine!r}")
        for column, key in q.order:
            if column not in q.columns or key not in _ORDER_KEYS:
                raise GongfuError(
                    f"{path.name}: order {column}: {key} names no column or no kind of key "
                    f"({', '.join(_ORDER_KEYS)})"
                )
        questions[q.name] = q
    return questions


def _known_iri(store: GraphStore, raw: str) -> str | None:
    """``raw`` as the IRI of something the store describes (given as IRI or id), else None."""
    iri = raw if raw.startswith(("http://", "https://")) else _ID_PREFIX + raw
    try:
        term = ox.NamedNode(iri)
    except ValueError:
        return None
    return (
        iri if store.ox.query(f"ASK {{ {term} a ?c }}", use_default_graph_as_union=True) else None
    )


def _resolve_params(store: GraphStore, q: Question, given: dict[str, str]) -> dict[str, Any]:
    from graph.explore import resolve_entity

    unknown = set(given) - {p.name for p in q.params}
    if unknown:
        known = ", ".join(p.name for p in q.params) or "none"
        raise GongfuError(
            f"question {q.name!r} has no parameter {sorted(unknown)[0]!r} (parameters: {known})"
        )
    values: dict[str, Any] = {}
    for p in q.params:
        raw = given.get(p.name, p.default)
        if p.kind == "entity":
            known = _known_iri(store, str(raw))
            if known:  # an IRI or id: no need for the projection and its search index
                values[p.name] = known
                continue
            try:
                values[p.name] = resolve_entity(store, str(raw))  # on any backend
            except NotFound:
                raise NotFound(f"parameter {p.name}: no entity matches {raw!r}") from None
        elif p.kind == "number":
            try:
                values[p.name] = float(raw) if "." in str(raw) else int(raw)
            except ValueError:
                raise GongfuError(f"parameter {p.name} must be a number, got {raw!r}") from None
        else:
            values[p.name] = str(raw)
    return values


def _number(value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else round(number, 6)


def _class_name(value: Any) -> Any:
    if isinstance(value, str) and "#" in value:
        info = load_schema().class_of_iri(__import__("rdflib").URIRef(value))
        return info.name if info else value
    return value


def _relation_name(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("http"):
        info = load_schema().property_of_iri(__import__("rdflib").URIRef(value))
        return rel_type(info.name) if info else value
    return value


def _norm(value: Any, kind: str) -> Any:
    if kind == "list":
        if value is None or value == "":
            return []
        items = value.split(LIST_SEPARATOR) if isinstance(value, str) else list(value)
        return sorted({str(v) for v in items if v is not None and v != ""})
    if kind == "bool":
        return None if value is None else bool(value)
    if kind == "number":
        return _number(value)
    if kind == "class":
        return _class_name(value)
    if kind == "relation":
        return _relation_name(value)
    if value is None:
        return None
    return str(value)


_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_OUTLINE = re.compile(
    r"^\s*(?:(?P<section>[一二三四五六七八九十]+)、)?"
    r"\s*(?:[（(](?P<group>[一二三四五六七八九十]+)[）)])?"
    r"\s*(?:(?P<item>\d+)[.．、]?)?"
)


def _chinese_number(text: str) -> int:
    """一 … 九十九 as a number: 三 → 3, 十二 → 12, 二十 → 20."""
    if "十" not in text:
        return _NUMERALS.get(text, 0)
    tens, _, units = text.partition("十")
    return (_NUMERALS.get(tens, 1) if tens else 1) * 10 + _NUMERALS.get(units, 0)


def outline_key(code: Any) -> tuple[int, ...]:
    """Where a plan's outline code stands in the plan: section, group, item.

    Codes without a section (the main tasks) come before numbered sections such as
    三、 (safeguards); a group comes before its items; no code comes last.

    Example:
        >>> codes = ["三、（一）", "（三）", "（二）1.", "（一）", "（二）", None, "（一）2.", "（一）1."]
        >>> sorted(codes, key=outline_key)
        ['（一）', '（一）1.', '（一）2.', '（二）', '（二）1.', '（三）', '三、（一）', None]
    """
    if not code:
        return (99, 99, 99_999)
    match = _OUTLINE.match(str(code))
    if not match or not any(match.groupdict().values()):
        return (98, 0, 0)
    section, group, item = match.group("section", "group", "item")
    return (
        _chinese_number(section) if section else 0,
        _chinese_number(group) if group else 0,
        int(item) if item else 0,
    )


_ORDER_KEYS: dict[str, Any] = {"outline": outline_key}


def normalise_rows(q: Question, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in the documented normal form, sorted, so that both engines compare equal
    (first by the question's ``order`` columns, if any)."""
    out = [{c: _norm(r.get(c), kind) for c, kind in q.columns.items()} for r in rows]
    out.sort(key=lambda r: [("" if v is None else repr(v)) for v in r.values()])
    for column, key in reversed(q.order):  # stable sorts: the first order column decides
        out.sort(key=lambda r, c=column, k=_ORDER_KEYS[key]: k(r.get(c)))
    return out


def answering_engine(store: GraphStore, q: Question) -> str:
    """The engine that answers ``q`` when the analyst does not pick one.

    A question whose YAML says ``engine: cypher`` was measured far faster there at scale
    (both engines give the same rows: tests/test_parity.py). It goes to the Cypher copy of
    a local store big enough for that to matter (the copy is built once per data version
    and kept beside the store); on a small store, where SPARQL answers in milliseconds,
    and on a remote endpoint, SPARQL answers.
    """
    if q.engine != "cypher" or not isinstance(store, GraphStore):
        return "sparql"
    return "cypher" if _disk_bytes(store) >= CYPHER_WORTHWHILE_BYTES else "sparql"


def _disk_bytes(store: GraphStore) -> int:
    folder = store.snapshot_path
    return 0 if folder is None else _folder_bytes(folder)


@functools.lru_cache(maxsize=8)
def _folder_bytes(folder: Path) -> int:
    """A snapshot's size on disk; snapshots never change, so it is measured once each."""
    return sum(e.stat().st_size for e in os.scandir(folder) if e.is_file())


def run_question(
    store: GraphStore,
    name: str,
    params: dict[str, str] | None = None,
    *,
    engine: str = "auto",
) -> QueryResult:
    """Run a named question on ``sparql``, ``cypher`` or ``auto`` (``answering_engine``);
    rows in the normal form.

    Raises:
        NotFound: no such question, or a parameter names no entity.
    """
    questions = load_questions()
    if name not in questions:
        raise NotFound(f"no question named {name!r}; 'gongfu ask' lists them")
    q = questions[name]
    values = _resolve_params(store, q, params or {})
    if engine == "auto":
        engine = answering_engine(store, q)
    if engine == "sparql":
        text = q.sparql_for(store)
        result = run_sparql(store, with_values(text, _terms(q, values)), trusted=True)
    elif engine == "cypher":
        from graph.project_cypher import run_cypher

        result = run_cypher(store, q.cypher, params=values, trusted=True)
    else:
        raise GongfuError(f"unknown engine {engine!r}: auto, sparql or cypher")
    rows = normalise_rows(q, result.rows)
    return QueryResult(
        list(q.columns), rows, result.truncated, "select", result.message, engine=engine
    )


_ID_PREFIX = "https://gongfu-graph.org/id/"


def _terms(q: Question, values: dict[str, Any]) -> dict[str, str]:
    """Each parameter as a SPARQL term (IRI or literal), escaped by pyoxigraph."""
    terms = {}
    for p in q.params:
        if p.name in values:
            v = values[p.name]
            term = ox.NamedNode(v) if p.kind == "entity" else ox.Literal(v)
            terms[p.name] = str(term)
    return terms


def with_values(sparql: str, terms: dict[str, str]) -> str:
    """The query with one ``VALUES (?a ?b) { (term term) }`` row opening its first group.

    Written into the text rather than passed as pyoxigraph substitutions: Oxigraph plans
    the query around a VALUES clause (substitutions made some questions 30× slower), and
    one row binding every parameter at once, not one clause per parameter (which made
    Oxigraph start from the first one: 12 s instead of 2 ms for two linked entities when
    the first was a hub).
    """
    if not terms:
        return sparql
    names = " ".join(f"?{k}" for k in terms)
    row = " ".join(terms.values())
    values = f"VALUES ({names}) {{ ({row}) }}"
    return re.sub(r"WHERE\s*\{", lambda m: f"{m.group(0)}\n    {values}", sparql, count=1)


def example_text(name: str, engine: str, *, server: bool = False) -> str:
    """A named question's text with its parameter defaults written in, ready to edit
    (``server``: the form written for SPARQL servers, where the question has one)."""
    q = load_questions()[name]
    sparql = q.sparql_server if server and q.sparql_server else q.sparql
    text = sparql if engine == "sparql" else q.cypher
    if engine == "sparql":
        return with_values(
            text,
            {
                p.name: f"<{_ID_PREFIX}{p.default}>" if p.kind == "entity" else str(p.default)
                for p in q.params
            },
        )
    for p in q.params:
        literal = f"'{_ID_PREFIX}{p.default}'" if p.kind == "entity" else str(p.default)
        text = re.sub(rf"\${p.name}\b", literal, text)
    return text
