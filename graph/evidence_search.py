"""Search the evidence: the words of every fact's and every figure's quote, and the source
documents by title.

Names find entities (graph.search); the quotes find what the texts say about them, so that
「五区叠加」 or 「算力龙头」 lead to the facts that quote them and to their paragraph. The
index of a data version is built on the first search (one query over the facts), kept in
memory and saved beside the store like the search index (graph.saved), so that the first
page never pays for it and a new process loads it in a moment.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from graph.query import run_sparql
from graph.saved import load_saved, save, saved_file
from graph.search import normalise
from graph.store import GraphStore

__all__ = [
    "QuoteHit",
    "QuoteIndex",
    "SourceDocument",
    "quote_index",
    "search_quotes",
    "source_documents",
]

_FACTS = """
SELECT ?f ?s ?p ?o ?q ?file WHERE {
  ?f a gf:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gf:quote ?q .
  OPTIONAL { ?f gf:sourceFile ?file }
}"""
_FIGURES = """
SELECT ?f ?s ?o ?q ?file WHERE {
  ?f a gf:Observation ; gf:quote ?q ; gf:measures ?o .
  OPTIONAL { ?f gf:scope ?s } OPTIONAL { ?f gf:sourceFile ?file }
}"""
_DOCUMENTS = """
SELECT ?d ?file ?zh ?en ?date ?publisher WHERE {
  ?d a gf:SourceDocument ; gf:fileName ?file .
  OPTIONAL { ?d rdfs:label ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?d rdfs:label ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?d gf:date ?date } OPTIONAL { ?d gf:publisher ?publisher }
}"""
_LABELS = """
SELECT ?x ?zh ?en WHERE {
  OPTIONAL { ?x rdfs:label ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?x rdfs:label ?en FILTER(lang(?en) = "en") }
}"""


@dataclass(frozen=True)
class SourceDocument:
    """A source as readers name it: its title in both languages, date and publisher."""

    iri: str
    file: str
    title_zh: str
    title_en: str
    date: str
    publisher: str

    def title(self, lang: str = "zh") -> str:
        """``title (date)`` in the language, the other language's title when it has none."""
        title = (self.title_en if lang == "en" else self.title_zh) or self.title_zh or self.file
        return f"{title} ({self.date})" if self.date else title


def source_documents(store: GraphStore) -> dict[str, SourceDocument]:
    """Every source document, by file name (one small query, in Cypher on a Bolt server)."""
    docs: dict[str, SourceDocument] = {}
    rows = (
        store.run(
            "MATCH (d:SourceDocument) RETURN d.iri AS d, d.fileName AS file, d.name AS zh, "
            "d.name_en AS en, d.date AS date, d.publisher AS publisher"
        )
        if getattr(store, "backend_kind", "") == "bolt"
        else run_sparql(store, _DOCUMENTS, row_limit=1_000_000, trusted=True).rows
    )
    for r in rows:
        if not r.get("file"):
            continue
        docs.setdefault(
            str(r["file"]),
            SourceDocument(
                r["d"],
                str(r["file"]),
                str(r.get("zh") or ""),
                str(r.get("en") or ""),
                str(r.get("date") or ""),
                str(r.get("publisher") or ""),
            ),
        )
    return docs


@dataclass(frozen=True)
class QuoteHit:
    """A fact or a figure whose quote holds the words searched for."""

    fact: str
    kind: str  # fact | figure
    subject: str
    relation: str  # the property's local name (serves …); "measures" for a figure
    object: str
    quote: str
    source: str
    subject_name: str = ""
    object_name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class QuoteIndex:
    """Every quote of one data version, normalised for matching (case, width, punctuation
    and spaces folded, as the name search does)."""

    def __init__(self, version: str, records: list[tuple[str, str, str, str, str, str, str]]):
        self.version = version
        #: (fact, kind, subject, relation, object, quote, source)
        self.records = records
        self.keys = [normalise(r[5]) for r in records]

    def search(self, text: str, *, limit: int = 20) -> list[QuoteHit]:
        """Quotes holding every word of ``text`` (words split at spaces), shortest quote
        first: the tightest statement of what was asked.

        Example:
            >>> index = QuoteIndex("v", [("f1", "fact", "a", "serves", "b", "打造“五区叠加”的产业高地", "x.txt")])
            >>> [h.quote for h in index.search("五区叠加")], index.search("无关")
            (['打造“五区叠加”的产业高地'], [])
        """
        terms = [normalise(w) for w in text.split()]
        terms = [w for w in terms if w]
        if not terms:
            return []
        found = [i for i, key in enumerate(self.keys) if all(term in key for term in terms)]
        found.sort(key=lambda i: (len(self.keys[i]), self.records[i][1] != "fact", i))
        hits, seen = [], set()
        for i in found:
            fact, kind, s, rel, o, quote, source = self.records[i]
            if (s, rel, o, quote) in seen:  # the same statement cited twice
                continue
            seen.add((s, rel, o, quote))
            hits.append(QuoteHit(fact, kind, s, rel, o, quote, source))
            if len(hits) >= limit:
                break
        return hits


def _values(store: GraphStore, predicate: str) -> dict[str, str]:
    """Subject → value of one property over every graph, straight from the store's index
    (a pass over that property's triples; far cheaper than a join over every fact)."""
    import pyoxigraph as ox

    found: dict[str, str] = {}
    for quad in store.ox.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
        found.setdefault(quad.subject.value, quad.object.value)
    return found


def _build(store: GraphStore) -> QuoteIndex:
    if getattr(store, "backend_kind", "") == "bolt":
        return _build_from_bolt(store)
    if not isinstance(store, GraphStore):  # a SPARQL endpoint: ask it
        return _build_by_query(store)
    from graph.query import PREFIXES

    gf, rdf = PREFIXES["gf"], PREFIXES["rdf"]
    quotes = _values(store, gf + "quote")
    files = _values(store, gf + "sourceFile")
    subjects, predicates = _values(store, rdf + "subject"), _values(store, rdf + "predicate")
    objects = _values(store, rdf + "object")
    measures, scopes = _values(store, gf + "measures"), _values(store, gf + "scope")
    records: list[tuple[str, str, str, str, str, str, str]] = []
    for f, q in quotes.items():
        if f in predicates and f in subjects and f in objects:
            rel = predicates[f].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            if rel not in ("mentions", "wasDerivedFrom"):
                records.append((f, "fact", subjects[f], rel, objects[f], q, files.get(f, "")))
        elif f in measures:
            records.append(
                (f, "figure", scopes.get(f, ""), "measures", measures[f], q, files.get(f, ""))
            )
    records.sort()
    return QuoteIndex(store.version, records)


def _build_by_query(store: GraphStore) -> QuoteIndex:
    records: list[tuple[str, str, str, str, str, str, str]] = []
    for r in run_sparql(store, _FACTS, row_limit=100_000_000, timeout=600, trusted=True).rows:
        rel = str(r["p"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if rel in ("mentions", "wasDerivedFrom"):
            continue  # a document's mention of a name, not a statement about it
        records.append((r["f"], "fact", r["s"], rel, r["o"], r["q"], str(r.get("file") or "")))
    for r in run_sparql(store, _FIGURES, row_limit=100_000_000, timeout=600, trusted=True).rows:
        records.append(
            (
                r["f"],
                "figure",
                r.get("s") or "",
                "measures",
                r["o"],
                r["q"],
                str(r.get("file") or ""),
            )
        )
    records.sort()
    return QuoteIndex(store.version, records)


def _build_from_bolt(store: Any) -> QuoteIndex:
    """The quotes a Bolt server keeps on each link and figure. A link there holds its
    quotes and its sources as two lists, so a quote's source is known where the link has
    one source only (else left empty, and the reader is not offered)."""
    from graph.mapping import rel_type
    from ontology.schema import load_schema

    names = {rel_type(p.name): p.name for p in load_schema().object_properties.values()}
    records: list[tuple[str, str, str, str, str, str, str]] = []
    for r in store.run(
        "MATCH (s:Resource)-[r]->(o:Resource) WHERE size(coalesce(r.quotes, [])) > 0 "
        "AND NOT type(r) IN ['MENTIONS', 'WAS_DERIVED_FROM'] "
        "RETURN s.iri AS s, type(r) AS t, o.iri AS o, r.quotes AS q, r.sources AS src"
    ):
        rel = names.get(r["t"], r["t"])
        sources = [x for x in (r["src"] or []) if x]
        source = sources[0] if len(sources) == 1 else ""
        for i, quote in enumerate(r["q"]):
            fact = f"{r['s']}|{rel}|{r['o']}|{i}"
            records.append((fact, "fact", r["s"], rel, r["o"], quote, source))
    for r in store.run(
        "MATCH (x:Observation)-[:MEASURES]->(i:Resource) WHERE x.quote IS NOT NULL "
        "OPTIONAL MATCH (x)-[:SCOPE]->(sc:Resource) "
        "RETURN x.iri AS f, sc.iri AS s, i.iri AS o, x.quote AS q, x.sourceFile AS file"
    ):
        records.append(
            (r["f"], "figure", r["s"] or "", "measures", r["o"], r["q"], r["file"] or "")
        )
    records.sort()
    return QuoteIndex(store.version, records)


_cache: dict[str, QuoteIndex] = {}
_lock = threading.Lock()


def quote_index(store: GraphStore) -> QuoteIndex:
    """The quote index of the store's current version: from memory, from the file saved
    beside the store, or built (and saved) on first use."""
    version = store.version
    with _lock:
        index = _cache.get(version)
        if index is None:
            path = saved_file(store, "quotes") if isinstance(store, GraphStore) else None
            found = load_saved(path, version)
            index = found if isinstance(found, QuoteIndex) else None
            if index is None:
                index = _build(store)
                save(path, index)
            _cache.clear()
            _cache[version] = index
        return index


def _names(store: GraphStore, iris: list[str]) -> dict[str, str]:
    """The zh label of each IRI (the English one where there is no Chinese)."""
    import pyoxigraph as ox

    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    names: dict[str, str] = {}
    if getattr(store, "backend_kind", "") == "bolt":
        # a few at a time: FalkorDB splices parameters into the text and fails (its server
        # process ends) on statements of more than a few kilobytes
        for start in range(0, len(iris), 25):
            for r in store.run(
                "MATCH (n:Resource) WHERE n.iri IN $iris RETURN n.iri AS x, n.name AS zh, "
                "n.name_en AS en",
                iris=iris[start : start + 25],
            ):
                names[r["x"]] = str(r.get("zh") or r.get("en") or "")
        return names
    if isinstance(store, GraphStore):
        for iri in iris:
            by_lang = {
                q.object.language: q.object.value
                for q in store.ox.quads_for_pattern(ox.NamedNode(iri), label, None, None)
                if isinstance(q.object, ox.Literal)
            }
            names[iri] = by_lang.get("zh") or by_lang.get("en") or next(iter(by_lang.values()), "")
        return names
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    query = _LABELS.replace("WHERE {", f"WHERE {{ VALUES ?x {{ {values} }}", 1)
    for r in run_sparql(store, query, trusted=True).rows:
        names.setdefault(r["x"], str(r.get("zh") or r.get("en") or ""))
    return names


def search_quotes(store: GraphStore, text: str, *, limit: int = 20) -> list[QuoteHit]:
    """Facts and figures whose quotes hold every word of ``text``, with the names of both
    ends (zh labels; the English name where there is no Chinese one)."""
    hits = quote_index(store).search(text, limit=limit)
    iris = sorted({h.subject for h in hits if h.subject} | {h.object for h in hits})
    if not iris:
        return hits
    names = _names(store, iris)
    return [
        QuoteHit(
            h.fact,
            h.kind,
            h.subject,
            h.relation,
            h.object,
            h.quote,
            h.source,
            names.get(h.subject, ""),
            names.get(h.object, ""),
        )
        for h in hits
    ]
