"""Read a source document: paragraphs joined for reading, the quote highlighted, and the
other facts drawn from the same paragraph."""

from __future__ import annotations

import html

import streamlit as st

from graph.query import run_sparql
from loaders.build import default_data_dir
from loaders.documents.paragraphs import paragraphs
from loaders.quotes import locate_quote, squash
from ui import keys
from ui.i18n import t
from ui.state import guard, store


@st.cache_data(show_spinner=False)
def _paragraphs(file: str) -> list[str]:
    return paragraphs((default_data_dir() / "sources" / file).read_text(encoding="utf-8"))


@st.cache_data(show_spinner=False)
def _quotes(version: str, file: str) -> list[tuple[str, str]]:
    rows = run_sparql(
        store(),
        """
        SELECT ?file ?q ?label WHERE {
          { ?f a gf:Fact ; gf:sourceFile ?file ; gf:quote ?q ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
            FILTER(?p != gf:mentions)
            ?s rdfs:label ?sl . FILTER(lang(?sl) = "zh") ?o rdfs:label ?ol . FILTER(lang(?ol) = "zh")
            BIND(CONCAT(?sl, " — ", REPLACE(STR(?p), "^.*#", ""), " → ", ?ol) AS ?label) }
          UNION
          { ?f a gf:Observation ; gf:sourceFile ?file ; gf:quote ?q ; rdfs:label ?label . FILTER(lang(?label) = "zh") }
        }""",
        bindings={"file": __import__("pyoxigraph").Literal(file)},
        row_limit=100_000,
    ).rows
    return [(r["q"], r["label"]) for r in rows]


def _highlight(paragraph: str, quote: str) -> str:
    span = locate_quote(quote, paragraph)
    if span is None:
        return html.escape(paragraph)
    a, b = span
    return (
        html.escape(paragraph[:a])
        + "<mark>"
        + html.escape(paragraph[a:b])
        + "</mark>"
        + html.escape(paragraph[b:])
    )


def page() -> None:
    st.title(t("sources"))
    files = sorted(p.name for p in (default_data_dir() / "sources").glob("*.txt"))
    current = st.session_state.get(keys.SOURCE_FILE)
    index = files.index(current) if current in files else 0
    file = st.selectbox(t("document"), files, index=index, key="source_doc")
    if file != current:
        st.session_state[keys.SOURCE_FILE] = file
        st.session_state[keys.SOURCE_QUOTE] = ""
    quote = st.session_state.get(keys.SOURCE_QUOTE) or ""
    paras = _paragraphs(file)
    if quote:
        hit = next((i for i, p in enumerate(paras) if squash(quote) in squash(p)), None)
        if hit is None:  # a quote spanning paragraph ends
            joined = "".join(paras)
            st.markdown(_highlight(joined, quote), unsafe_allow_html=True)
        else:
            st.markdown(f"> {quote}")
            st.markdown(
                f"<div id='quote' style='background:#fffbe6;padding:8px'>"
                f"{_highlight(paras[hit], quote)}</div>",
                unsafe_allow_html=True,
            )
            others = [
                (q, label)
                for q, label in _quotes(store().version, file)
                if squash(q) in squash(paras[hit]) and q != quote
            ]
            if others:
                st.markdown(f"**{t('same_paragraph')}**")
                for q, label in sorted(set(others), key=lambda x: x[1]):
                    st.markdown(
                        f"- {html.escape(label)}  \n  <small>“{html.escape(q)}”</small>",
                        unsafe_allow_html=True,
                    )
    with st.expander(t("whole_document"), expanded=not quote):
        for p in paras:
            st.markdown(_highlight(p, quote) if quote else html.escape(p), unsafe_allow_html=True)


guard(page)
