"""From a document's text to candidates: one pass over its paragraphs and sentences.

The document's own place (its city or province, what 我市 / 市X局 mean) and its own policy
(for a plan: the plan itself) are found first; then every sentence yields its entities,
the figures it states and the relations its constructions express.
"""

from __future__ import annotations

from collections import Counter

from graph.mapping import PropertyGraph
from loaders.documents.candidates import Candidates
from loaders.documents.context import Context, SentenceView
from loaders.documents.entities import EntityFinder, Home
from loaders.documents.extract import Document
from loaders.documents.lexicon import Lexicon
from loaders.documents.paragraphs import blocks, sentences
from loaders.quotes import squash

__all__ = ["SentenceView", "propose"]


def _home(lex: Lexicon, text: str) -> Home:
    """The city and province the document is about: the ones it names most often."""
    counts: Counter[str] = Counter()
    for m in lex.find(squash(text)):
        for eid in m.ids:
            if lex.known[eid].cls == "Region":
                counts[eid] += 1
    home = Home()
    for eid, _n in counts.most_common():
        known = lex.known[eid]
        kind = known.kind or (
            "city" if known.name.endswith("市") else "province" if known.name.endswith("省") else ""
        )
        if kind == "city" and home.city is None:
            home.city, home.city_name = eid, known.name
        elif kind == "province" and home.province is None:
            home.province, home.province_name = eid, known.name
    return home


def propose(doc: Document, pg: PropertyGraph, *, lexicon: Lexicon | None = None) -> Candidates:
    """Every candidate the rules find in ``doc``, resolved against the graph ``pg``."""
    from loaders.documents import figures, relations, structure

    lex = lexicon or Lexicon(pg)
    cands = Candidates()
    home = _home(lex, doc.text)
    finder = EntityFinder(lex, cands, home)
    paras = blocks(doc.text)
    views: list[SentenceView] = []
    for i, para in enumerate(paras):
        for s in sentences(squash(para), i):
            view = SentenceView(s.text, i)
            view.spans = finder.find(s.text)
            views.append(view)
    ctx = Context(doc, lex, cands, finder, home, paras, views)
    structure.read_structure(ctx)
    figures.read_figures(ctx)
    relations.read_relations(ctx)
    return cands
