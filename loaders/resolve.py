"""Entity resolution: does a name in an analyst's table mean an entity the graph already has?

A name links to an existing entity when it is that entity's label, alias or English name,
when the two are the same company name but for a legal-form suffix (股份有限公司, 集团,
平台 …), or when they are a close fuzzy match (rapidfuzz). A match that is close but not
close enough is *uncertain*: it is reported, never guessed.

Names are compared by their :func:`loaders.names.name_key` (NFC, invisible characters
dropped) folded by :func:`graph.search.normalise`, so a table's ``\\u200b浪潮云洲`` finds
浪潮云洲. A table names the same entity on many rows: :meth:`Resolver.resolve_many` resolves
each distinct (name, class) once, and scores the fuzzy candidates of a whole class at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.mapping import PropertyGraph
from graph.search import normalise
from loaders.names import name_key

__all__ = ["Match", "Resolver", "core_name", "match_key"]

# longest first, so that 股份有限公司 is stripped before 有限公司
_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团有限公司",
        "集团股份有限公司",
        "集团",
        "公司",
        "工业互联网平台",
        "互联网平台",
        "平台",
        "股份",
        "co.,ltd.",
        "co.ltd",
        "co.,ltd",
        "ltd.",
        "ltd",
        "group",
        "inc.",
        "inc",
        "corporation",
        "corp.",
        "platform",
    ],
    key=len,
    reverse=True,
)
_SUFFIX_ENDS = tuple(_SUFFIXES)
_REGION_PREFIX = re.compile(r"^(山东省?|济南市?|江苏省?|青岛市?|中国)")

LINK_SCORE = 92.0
UNCERTAIN_SCORE = 70.0
_FUZZY_BATCH = 4096  # names scored at once against a class's keys


@functools.lru_cache(maxsize=1 << 18)
def match_key(name: str) -> str:
    """The exact-match key of a name: invisible characters dropped, case, width,
    punctuation and spaces folded (``\\u200b“浪潮云洲” `` → ``浪潮云洲``)."""
    return normalise(name_key(name))


@functools.lru_cache(maxsize=1 << 18)
def core_name(name: str) -> str:
    """A name without punctuation, legal-form suffixes and a leading province or city.

    Example:
        >>> core_name("临工重机股份有限公司"), core_name("浪潮云洲工业互联网平台"), core_name("山东临工重机")
        ('临工重机', '浪潮云洲', '临工重机')
    """
    text = match_key(name)
    changed = text.endswith(_SUFFIX_ENDS)
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                changed = True
    stripped = _REGION_PREFIX.sub("", text)
    return stripped if len(stripped) >= 2 else text


@dataclass(frozen=True)
class Match:
    """How a name was resolved: ``linked`` to an IRI, ``uncertain`` (with a candidate), or ``new``."""

    status: str
    iri: str | None = None
    candidate: str | None = None
    candidate_name: str | None = None
    score: float = 0.0
    how: str = ""


@dataclass(frozen=True)
class Named:
    """An entity as the resolver sees it: IRI, class, display name and every name."""

    iri: str
    cls: str
    name: str
    names: tuple[str, ...]


class Resolver:
    """Names of the graph's entities per class, ready to match table cells against."""

    def __init__(self, pg: PropertyGraph | None = None, *, entities: Iterable[Named] = ()) -> None:
        self.exact: dict[tuple[str, str], set[str]] = {}
        self.core: dict[tuple[str, str], set[str]] = {}
        self.fuzzy_keys: dict[str, list[str]] = {}
        self.fuzzy_owner: dict[str, list[str]] = {}
        self.names: dict[str, str] = {}
        if pg is not None:
            entities = [*entities, *_from_property_graph(pg)]
        for entity in entities:
            self.names[entity.iri] = entity.name
            for raw in entity.names:
                if not raw:
                    continue
                self.exact.setdefault((entity.cls, match_key(raw)), set()).add(entity.iri)
                core = core_name(raw)
                self.core.setdefault((entity.cls, core), set()).add(entity.iri)
                self.fuzzy_keys.setdefault(entity.cls, []).append(core)
                self.fuzzy_owner.setdefault(entity.cls, []).append(entity.iri)

    @classmethod
    def from_store(cls, store: object) -> Resolver:
        """The resolver of a store's current version, read with three SPARQL queries
        (no projection of the whole graph is built)."""
        return cls(entities=entities_of_store(store))

    def resolve(self, name: str, cls: str) -> Match:
        """Resolve one name of class ``cls``."""
        return self.resolve_many([(name, cls)])[(name, cls)]

    def resolve_many(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Match]:
        """Resolve each distinct (name, class) once; fuzzy scores per class in batches."""
        found: dict[tuple[str, str], Match] = {}
        fuzzy: dict[str, list[tuple[tuple[str, str], str]]] = {}
        for pair in dict.fromkeys(pairs):
            name, cls = pair
            match, core = self._exact(name, cls)
            if match is not None:
                found[pair] = match
            elif self.fuzzy_keys.get(cls):
                fuzzy.setdefault(cls, []).append((pair, core))
            else:
                found[pair] = Match("new")
        for cls, wanted in fuzzy.items():
            keys = self.fuzzy_keys[cls]
            for start in range(0, len(wanted), _FUZZY_BATCH):
                batch = wanted[start : start + _FUZZY_BATCH]
                scores = process.cdist(
                    [core for _pair, core in batch],
                    keys,
                    scorer=fuzz.ratio,
                    score_cutoff=UNCERTAIN_SCORE,
                    workers=-1,
                )
                best = scores.argmax(axis=1)
                for (pair, core), index in zip(batch, best, strict=True):
                    score = fuzz.ratio(core, keys[index])  # the exact score, not float32
                    found[pair] = self._fuzzy(cls, core, int(index), score)
        return found

    def _exact(self, name: str, cls: str) -> tuple[Match | None, str]:
        hits = self.exact.get((cls, match_key(name)), set())
        if len(hits) == 1:
            return Match("linked", next(iter(hits)), score=100.0, how="name"), ""
        if len(hits) > 1:
            first = sorted(hits)[0]
            return Match(
                "uncertain",
                candidate=first,
                candidate_name=self.names[first],
                score=100.0,
                how=f"name shared by {len(hits)} entities",
            ), ""
        core = core_name(name)
        hits = self.core.get((cls, core), set())
        if len(hits) == 1:
            return Match("linked", next(iter(hits)), score=98.0, how="name variant"), core
        return None, core

    def _fuzzy(self, cls: str, core: str, index: int, score: float) -> Match:
        iri = self.fuzzy_owner[cls][index]
        if score >= LINK_SCORE and len(core) >= 4:
            return Match("linked", iri, score=float(score), how="fuzzy")
        if score >= UNCERTAIN_SCORE:
            return Match(
                "uncertain",
                candidate=iri,
                candidate_name=self.names[iri],
                score=round(float(score), 1),
                how="fuzzy",
            )
        return Match("new")


def _from_property_graph(pg: PropertyGraph) -> list[Named]:
    return [
        Named(
            iri,
            node.label,
            node.name,
            (
                node.props.get("name"),
                node.props.get("name_en"),
                *(node.props.get("aliases") or []),
            ),
        )
        for iri, node in pg.nodes.items()
        if node.label not in ("Observation", "SourceDocument")
    ]


_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


def entities_of_store(store: object) -> list[Named]:
    """Every entity of the store with its class (as the property graph ranks a node's
    classes), zh label (its display name), en label and aliases."""
    from ontology.schema import Schema, load_schema

    schema = load_schema()
    rank = {name: i for i, name in enumerate(Schema.ENTITY_CLASSES)}
    by_iri = {str(schema.classes[c].iri): c for c in Schema.ENTITY_CLASSES}
    values = " ".join(f"<{iri}>" for iri in by_iri)
    classes: dict[str, str] = {}
    for row in store.query(  # type: ignore[attr-defined]
        f"SELECT ?n ?c WHERE {{ VALUES ?c {{ {values} }} ?n a ?c . FILTER(isIRI(?n)) }}"
    ):
        iri, cls = row["n"].value, by_iri[row["c"].value]
        old = classes.get(iri)
        if old is None or rank[cls] < rank[old]:
            classes[iri] = cls
    zh: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for row in store.query(  # type: ignore[attr-defined]
        f"SELECT ?n ?l WHERE {{ ?n <{_RDFS_LABEL}> ?l }}"
    ):
        iri = row["n"].value
        if iri not in classes:
            continue
        lit = row["l"]
        if lit.language == "zh":
            zh.setdefault(iri, lit.value)
        if lit.language in ("zh", "en"):
            names.setdefault(iri, []).append(lit.value)
    for row in store.query(  # type: ignore[attr-defined]
        f"SELECT ?n ?l WHERE {{ ?n <{_ALT_LABEL}> ?l }}"
    ):
        if row["n"].value in classes:
            names.setdefault(row["n"].value, []).append(row["l"].value)
    return [
        Named(iri, cls, zh.get(iri) or iri, tuple(names.get(iri, ())))
        for iri, cls in sorted(classes.items())
    ]
