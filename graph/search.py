"""Find entities by Chinese name, alias, English name or pinyin, with a fuzzy fallback.

A search with no good match returns nothing rather than the nearest noise: fuzzy matches
must clear a high cutoff, and Chinese queries must share characters in order with a name.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz, process

from graph.mapping import PropertyGraph
from graph.saved import load_saved, save
from ontology.schema import Schema

__all__ = [
    "SEARCH_KEY",
    "SearchHit",
    "SearchIndex",
    "missing_search_keys",
    "name_keys",
    "normalise",
    "search_index",
    "search_key_quads",
]

_PUNCT = re.compile(r"[\s\"'“”‘’《》〈〉「」『』（）()\[\]【】·・,，.。、:：;；!！?？\-—_/]+")
_SEARCHABLE = frozenset(Schema.ENTITY_CLASSES) | {"SourceDocument"}


def normalise(text: str) -> str:
    """Fold case and width, drop punctuation and spaces: ``“双跨” 平台`` → ``双跨平台``."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())


def _pinyin(text: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin  # its dictionaries take a while: only when used

    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isascii()]
    full = "".join(syllables).casefold()
    initials = "".join(s[0] for s in syllables if s).casefold()
    return full, initials


#: the datatype property that carries an entity's search keys in the graph (gf:searchKey)
SEARCH_KEY = "https://gongfu-graph.org/ontology#searchKey"
_NOT_ENTITIES = ("https://gongfu-graph.org/ontology#", "https://gongfu-graph.org/graph/")


def name_keys(raw: str) -> list[tuple[str, str]]:
    """The keys one name is found by, each with how: the name normalised, and for a
    Chinese name its pinyin in full and its initials (``langchaoyunzhou``, ``lcyz``).

    Example:
        >>> name_keys("浪潮云洲")
        [('浪潮云洲', 'name'), ('langchaoyunzhou', 'pinyin'), ('lcyz', 'pinyin')]
    """
    key = normalise(raw)
    if not key:
        return []
    keys = [(key, "name")]
    if not raw.isascii():
        full, initials = _pinyin(raw)
        if full:
            keys.append((full, "pinyin"))
        if len(initials) >= 2:
            keys.append((initials, "pinyin"))
    return keys


def search_key_quads(labels: Iterable[ox.Quad], graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """``gf:searchKey`` literals for the ``rdfs:label`` / ``skos:altLabel`` quads given,
    in their graph (or ``graph``): what a server's own index or string functions search,
    so that search needs no projection of the whole graph. Ontology terms and the load
    records of the meta graph get none."""
    predicate = ox.NamedNode(SEARCH_KEY)
    seen: set[tuple[str, str, str]] = set()
    out = []
    for q in labels:
        if not isinstance(q.object, ox.Literal) or q.subject.value.startswith(_NOT_ENTITIES):
            continue
        target = graph if graph is not None else q.graph_name
        for key, _how in name_keys(q.object.value):
            mark = (q.subject.value, key, str(target))
            if mark not in seen:
                seen.add(mark)
                out.append(ox.Quad(q.subject, predicate, ox.Literal(key), target))
    return out


def missing_search_keys(store: ox.Store, graph: ox.NamedNode) -> list[ox.Quad]:
    """The search keys a graph lacks: for every label or alias in ``graph`` whose subject
    has no key there yet (a file loaded as it is, without keys)."""
    rows = store.query(
        f"""SELECT ?s ?l WHERE {{ GRAPH {graph} {{
            VALUES ?p {{ <http://www.w3.org/2000/01/rdf-schema#label>
                        <http://www.w3.org/2004/02/skos/core#altLabel> }}
            ?s ?p ?l . FILTER NOT EXISTS {{ ?s <{SEARCH_KEY}> ?k }} }} }}"""
    )
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    return search_key_quads((ox.Quad(row["s"], label, row["l"], graph) for row in rows), graph)


@dataclass(frozen=True)
class SearchHit:
    """One entity found: what it is, which of its names matched, and how well."""

    iri: str
    name: str
    name_en: str
    label: str
    matched: str
    how: str  # name | alias | english | pinyin | fuzzy
    score: float


class SearchIndex:
    """Names of every entity of one graph version, normalised, with their pinyin."""

    def __init__(self, pg: PropertyGraph, degrees: dict[str, int] | None = None) -> None:
        self.version = pg.version
        self.keys: list[str] = []
        self.owners: list[tuple[str, str, str]] = []  # (iri, how, raw name)
        self.nodes = {iri: n for iri, n in pg.nodes.items() if n.label in _SEARCHABLE}
        self.degrees = degrees or {}
        for iri, node in self.nodes.items():
            zh = str(node.props.get("name") or "")
            en = str(node.props.get("name_en") or "")
            names = [(zh, "name"), (en, "english")]
            names += [(str(a), "alias") for a in node.props.get("aliases") or []]
            for raw, how in names:
                for key, kind in name_keys(raw):
                    self._add(key, iri, how if kind == "name" else kind, raw)

    def _add(self, key: str, iri: str, how: str, raw: str) -> None:
        self.keys.append(key)
        self.owners.append((iri, how, raw))

    def search(
        self, text: str, *, limit: int = 20, classes: set[str] | None = None
    ) -> list[SearchHit]:
        """Best matches first: exact, then prefix, then substring, then close fuzzy matches.

        Example:
            >>> from graph.mapping import Node, PropertyGraph
            >>> pg = PropertyGraph("v", {"x": Node("x", "Platform",
            ...     {"name": "浪潮云洲工业互联网平台", "name_en": "Inspur Yunzhou", "aliases": ["浪潮云洲"]})}, [])
            >>> [h.name for h in SearchIndex(pg).search("langchao")]
            ['浪潮云洲工业互联网平台']
            >>> SearchIndex(pg).search("完全无关的词")
            []
        """
        q = normalise(text)
        if not q:
            return []
        best: dict[str, tuple[float, str, str]] = {}

        def offer(i: int, score: float, how: str | None = None) -> None:
            iri, kind, raw = self.owners[i]
            node = self.nodes[iri]
            if classes and node.label not in classes:
                return
            if iri not in best or score > best[iri][0]:
                best[iri] = (score, how or kind, raw)

        for i, key in enumerate(self.keys):
            if key == q:
                offer(i, 100.0)
            elif key.startswith(q):
                offer(i, 95.0 - min(len(key) - len(q), 40) * 0.05)
            elif q in key:
                offer(i, 90.0 - min(len(key) - len(q), 40) * 0.05)
        if len(best) < limit and len(q) >= 2:
            cutoff = 86.0 if q.isascii() else 80.0
            for _key, score, i in process.extract(
                q, self.keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 3
            ):
                offer(i, min(float(score), 89.0) * 0.95, "fuzzy")
        ranked = sorted(
            best.items(),
            key=lambda kv: (
                -kv[1][0],
                -self.degrees.get(kv[0], 0),
                len(self.nodes[kv[0]].name),
                kv[0],  # the IRI last: the same order whichever engine found the names
            ),
        )
        hits = []
        for iri, (score, how, raw) in ranked[:limit]:
            node = self.nodes[iri]
            hits.append(
                SearchHit(
                    iri,
                    node.name,
                    str(node.props.get("name_en") or ""),
                    node.label,
                    raw,
                    how,
                    round(score, 1),
                )
            )
        return hits


_cache: dict[str, SearchIndex] = {}
_lock = threading.Lock()


def search_index(
    pg: PropertyGraph,
    degrees: dict[str, int] | Callable[[], dict[str, int]] | None = None,
    *,
    saved: Path | Callable[[], Path | None] | None = None,
) -> SearchIndex:
    """The search index of a graph version (built once per version).

    ``degrees`` may be a callable, so that they are computed only when the index is built;
    ``saved`` is a file beside the store where the index of this version is kept, so that
    a new process loads it instead of working out every name's pinyin again.
    """
    with _lock:
        index = _cache.get(pg.version)
        if index is None:
            _cache.clear()
            if callable(saved):
                saved = saved()
            index = load_saved(saved, pg.version)
            if isinstance(index, SearchIndex):  # share the nodes with the property graph
                index.nodes = {iri: pg.nodes[iri] for iri in index.nodes if iri in pg.nodes}
            else:
                index = SearchIndex(pg, degrees() if callable(degrees) else degrees)
                save(saved, index)
            _cache[pg.version] = index
        return index
