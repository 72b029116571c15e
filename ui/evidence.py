"""Quotes that hold the words searched for, each with the statement it supports, its
source by title, and a way to its entity and to its paragraph.

Used under any search box (the Sources page's; Explore's beside its entity hits):
``quote_hits(text, key=…)``.
"""

from __future__ import annotations

import html

import streamlit as st

from graph.evidence_search import QuoteHit, search_quotes
from graph.mapping import rel_type
from graph.search import normalise
from ui import keys
from ui.i18n import relation_name, t, tn
from ui.state import source_title, store

__all__ = ["highlight_words", "quote_hits"]

_ID = "https://gongfu-graph.org/id/"


@st.cache_data(show_spinner=False, max_entries=64)
def _search(version: str, text: str, limit: int) -> list[QuoteHit]:
    return search_quotes(store(), text, limit=limit)


def highlight_words(quote: str, text: str) -> str:
    """The quote as HTML (escaped), with each searched word marked where it occurs
    (punctuation and spaces between its characters allowed, as the search does)."""
    marks = [False] * len(quote)
    folded = [normalise(ch) for ch in quote]  # "" for punctuation and spaces
    for word in (normalise(w) for w in text.split()):
        if not word:
            continue
        for start in range(len(quote)):
            i, j = start, 0
            while i < len(quote) and j < len(word):
                if folded[i] == "":
                    if j == 0:
                        break
                    i += 1
                    continue
                if not word.startswith(folded[i], j):
                    break
                j += len(folded[i])
                i += 1
            if j == len(word):
                for k in range(start, i):
                    marks[k] = True
    out, open_ = [], False
    for ch, marked in zip(quote, marks, strict=True):
        if marked != open_:
            out.append("<mark>" if marked else "</mark>")
            open_ = marked
        out.append(html.escape(ch))
    if open_:
        out.append("</mark>")
    return "".join(out)


def quote_hits(text: str, *, key: str, limit: int = 20, in_reader: bool = False) -> list[QuoteHit]:
    """List the quotes holding the words of ``text``; a click opens the statement's entity
    in Explore or the quote's paragraph in the source reader (``in_reader``: the caller is
    the reader itself, which then only reruns)."""
    if not text.strip():
        return []
    hits = _search(store().version, text.strip(), limit)
    if not hits:
        st.caption(t("no_quote_hits"))
        return hits
    st.caption(tn("quote_hits", len(hits)))
    for i, hit in enumerate(hits):
        relation = relation_name(rel_type(hit.relation))
        statement = (
            f"**{html.escape(hit.subject_name)}** — {html.escape(relation)} → "
            f"**{html.escape(hit.object_name)}**"
            if hit.subject_name
            else f"**{html.escape(hit.object_name)}**"
        )
        st.markdown(
            f"{statement}  \n“{highlight_words(hit.quote, text)}”  \n"
            f"<small>{html.escape(source_title(hit.source))}</small>",
            unsafe_allow_html=True,
        )
        cols = st.columns([1, 1, 4])
        if hit.source and cols[0].button(t("open_paragraph"), key=f"{key}-para-{i}"):
            st.session_state[keys.SOURCE_FILE] = hit.source
            st.session_state[keys.SOURCE_QUOTE] = hit.quote
            if in_reader:
                st.rerun()
            st.switch_page("ui/pages/sources.py")
        entity = hit.subject or hit.object
        if entity.startswith(_ID) and cols[1].button(t("open_entity"), key=f"{key}-ent-{i}"):
            st.session_state[keys.VIEW_NODES] = [entity]
            st.session_state[keys.VIEW_REMOVED] = []
            st.session_state[keys.SELECTED] = entity
            st.query_params.clear()
            st.switch_page("ui/pages/explore.py")
    return hits
