"""Read a source document — one of the seed texts or a document ingested and accepted
(its text kept beside the store) — paragraphs joined for reading, the quote highlighted,
and the other facts drawn from the same paragraph; search every quote for words."""

from __future__ import annotations

import html
from pathlib import Path

import pyoxigraph as ox
import streamlit as st

from graph.mapping import rel_type
from graph.query import run_sparql
from loaders.build import default_data_dir
from loaders.documents.accept import documents_dir
from loaders.documents.paragraphs import paragraphs
from loaders.quotes import locate_quote, squash
from ui import keys
from ui.evidence import quote_hits
from ui.i18n import relation_name, t
from ui.state import documents, guard, source_title, store


@st.cache_data(show_spinner=False)
def _paragraphs(path: str) -> list[str]:
    return paragraphs(Path(path).read_text(encoding="utf-8"))


def _texts() -> dict[str, Path]:
    """Every readable source by file name: the seed texts, then the ingested documents the
    graph holds (an unloaded document's kept text is not listed)."""
    texts = {p.name: p for p in sorted((default_data_dir() / "sources").glob("*.txt"))}
    folder = documents_dir(store())  # None for a SPARQL endpoint: the seed texts only
    if folder is not None and folder.is_dir():
        held = documents()
        for path in sorted(folder.glob("*.txt")):
            if path.name in held and path.name not in texts:
                texts[path.name] = path
    return texts


def _about(file: str) -> None:
    """The document's publisher and date, as the text gives them."""
    doc = documents().get(file)
    if doc is not None and (doc.publisher or doc.date):
        st.caption(" · ".join(x for x in (doc.publisher, doc.date) if x))


@st.cache_data(show_spinner=False)
def _quotes(version: str, file: str) -> list[tuple[str, str, str, str]]:
    """Every quote drawn from the file: (quote, subject, relation, object); a figure's
    label stands in the subject's place."""
    if getattr(store(), "backend_kind", "") == "bolt":  # from the server's quotes
        return _quotes_from_index(file)
    rows = run_sparql(
        store(),
        """
        SELECT ?file ?q ?sl ?p ?ol WHERE {
          { ?f a gf:Fact ; gf:sourceFile ?file ; gf:quote ?q ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
            FILTER(?p != gf:mentions)
            ?s rdfs:label ?sl . FILTER(lang(?sl) = "zh") ?o rdfs:label ?ol . FILTER(lang(?ol) = "zh") }
          UNION
          { ?f a gf:Observation ; gf:sourceFile ?file ; gf:quote ?q ; rdfs:label ?sl . FILTER(lang(?sl) = "zh") }
        }""",
        bindings={"file": ox.Literal(file)},
        row_limit=100_000,
        trusted=True,
    ).rows
    return [
        (r["q"], r["sl"], str(r.get("p") or "").rsplit("#", 1)[-1], r.get("ol") or "") for r in rows
    ]


def _quotes_from_index(file: str) -> list[tuple[str, str, str, str]]:
    from graph.evidence_search import _names, quote_index

    records = [r for r in quote_index(store()).records if r[6] == file]
    wanted = {r[0] if r[1] == "figure" else r[2] for r in records} | {r[4] for r in records}
    names = _names(store(), sorted(wanted - {""}))
    return [
        (
            quote,
            names.get(_fact, "") if kind == "figure" else names.get(subject, ""),
            "" if kind == "figure" else relation,
            "" if kind == "figure" else names.get(obj, ""),
        )
        for _fact, kind, subject, relation, obj, quote, _source in records
    ]


@st.cache_data(show_spinner=False)
def _table_rows(version: str, file: str, quote: str) -> list[int]:
    """The rows of a loaded table that a fact with this quote came from (not kept on a
    Bolt server)."""
    if getattr(store(), "backend_kind", "") == "bolt":
        return []
    rows = run_sparql(
        store(),
        "SELECT ?file ?q ?row WHERE { ?f gf:sourceFile ?file ; gf:quote ?q ; gf:sourceRow ?row }",
        bindings={"file": ox.Literal(file), "q": ox.Literal(quote)},
        trusted=True,
    ).rows
    return sorted({int(r["row"]) for r in rows if r.get("row") is not None})


def _statement(subject: str, relation: str, obj: str) -> str:
    if not relation:
        return subject
    return f"{subject} — {relation_name(rel_type(relation))} → {obj}"


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


def _search_box() -> None:
    text = st.text_input(
        t("quote_search"), key="quote_search", placeholder="五区叠加 / 算力龙头 / 产业高地"
    )
    st.caption(t("quote_search_help"))
    if text:
        quote_hits(text, key="sources-q", in_reader=True)
        st.divider()


def _table_fact(file: str, quote: str) -> None:
    """A fact from a loaded table: its file and row, not an unrelated document."""
    rows = _table_rows(store().version, file, quote)
    where = ", ".join(t("table_row", n=n) for n in rows) or "–"
    st.info(t("from_table", file=file, row=where))
    if quote:
        st.markdown(f"> {html.escape(quote)}")


def page() -> None:
    st.title(t("sources"))
    _search_box()
    texts = _texts()
    files = list(texts)
    current = st.session_state.get(keys.SOURCE_FILE)
    quote = st.session_state.get(keys.SOURCE_QUOTE) or ""
    if current and current not in files:
        _table_fact(current, quote)
        if not st.button(t("whole_document"), key="source_texts"):
            return
        st.session_state[keys.SOURCE_FILE] = current = None
    if current not in files:
        current = files[0]
        st.session_state[keys.SOURCE_FILE] = current
        st.session_state[keys.SOURCE_QUOTE] = quote = ""
    st.session_state["source_doc"] = current  # the reader follows the document asked for

    def chose() -> None:
        st.session_state[keys.SOURCE_FILE] = st.session_state["source_doc"]
        st.session_state[keys.SOURCE_QUOTE] = ""

    titles = {f: source_title(f) for f in files}
    file = st.selectbox(
        t("document"), files, format_func=titles.__getitem__, key="source_doc", on_change=chose
    )
    _about(file)
    paras = _paragraphs(str(texts[file]))
    if quote:
        hit = next((i for i, p in enumerate(paras) if squash(quote) in squash(p)), None)
        if hit is None:  # a quote spanning paragraph ends
            joined = "".join(paras)
            if locate_quote(quote, joined) is None:
                st.warning(t("quote_not_found"))
            else:
                st.markdown(_highlight(joined, quote), unsafe_allow_html=True)
        else:
            st.markdown(f"> {html.escape(quote)}")
            st.markdown(
                f"<div id='quote' style='background:#fffbe6;padding:8px'>"
                f"{_highlight(paras[hit], quote)}</div>",
                unsafe_allow_html=True,
            )
            others = {
                _statement(s, p, o): q
                for q, s, p, o in _quotes(store().version, file)
                if squash(q) in squash(paras[hit]) and q != quote
            }
            if others:
                st.markdown(f"**{t('same_paragraph')}**")
                for label, q in sorted(others.items()):
                    st.markdown(
                        f"- {html.escape(label)}  \n  <small>“{html.escape(q)}”</small>",
                        unsafe_allow_html=True,
                    )
    with st.expander(t("whole_document"), expanded=not quote):
        for p in paras:
            st.markdown(_highlight(p, quote) if quote else html.escape(p), unsafe_allow_html=True)


guard(page)
