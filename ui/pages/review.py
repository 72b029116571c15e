"""Review: a document's candidates before anything is written — each with its sentence and
the quote marked, accept / edit / reject, merge a new entity with an existing one (the
resolver's scores shown), accept everything above a confidence, then load the accepted part
as the document's own load (removable on the Load page or with gongfu unload)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from loaders.documents.accept import accept_review
from loaders.documents.review import bulk_accept, merge_entity, read_review, write_review
from loaders.quotes import locate_quote
from ui import keys
from ui.documents import DOCUMENT_TYPES, ingest_upload
from ui.i18n import t
from ui.state import graph, guard, store

_KINDS = ("entities", "facts", "values")
_EDITABLE = {
    "entities": ["accept", "class", "zh", "en", "quote"],
    "facts": ["accept", "s", "p", "o", "quote"],
    "values": ["accept", "indicator", "scope", "year", "value", "unit", "kind", "quote"],
}


def _marked(sentence: str, quote: str) -> str:
    span = locate_quote(quote, sentence)
    if span is None:
        return html.escape(sentence)
    a, b = span
    return f"{html.escape(sentence[:a])}<mark>{html.escape(sentence[a:b])}</mark>{html.escape(sentence[b:])}"


def _frame(review: dict[str, Any], kind: str) -> pd.DataFrame:
    rows = []
    for rec in review.get(kind) or []:
        notes = rec.get("review") or {}
        row = {"accept": notes.get("decision", "accept") == "accept"}
        row.update({c: rec.get(c) for c in _EDITABLE[kind][1:]})
        row["confidence"] = notes.get("confidence")
        row["stated" if kind != "entities" else "match"] = (
            notes.get("stated") if kind != "entities" else notes.get("match")
        )
        row["rule"] = notes.get("rule")
        rows.append(row)
    return pd.DataFrame(rows)


def _apply(review: dict[str, Any], kind: str, edited: pd.DataFrame) -> None:
    for rec, (_i, row) in zip(review.get(kind) or [], edited.iterrows(), strict=False):
        rec.setdefault("review", {})["decision"] = "accept" if bool(row["accept"]) else "reject"
        for col in _EDITABLE[kind][1:]:
            value = row[col]
            if pd.isna(value) if not isinstance(value, list | dict) else False:
                continue
            if col == "year":
                value = int(value)
            elif col == "value":
                value = float(value)
                value = int(value) if value.is_integer() else value
            rec[col] = value


def page() -> None:
    st.title(t("review"))
    st.caption(t("review_intro"))
    upload = st.file_uploader(t("review_upload"), type=DOCUMENT_TYPES, key="review_upload")
    if upload is not None and st.button(t("review_read"), key="review_read"):
        st.session_state[keys.REVIEW_FILE] = str(ingest_upload(upload))
        st.session_state.pop("review_data", None)
    file = st.session_state.get(keys.REVIEW_FILE)
    if not file:
        st.info(t("review_none"))
        return
    path = Path(file)
    review = st.session_state.get("review_data")
    if review is None or st.session_state.get("review_data_file") != file:
        review = read_review(path)
        st.session_state["review_data"], st.session_state["review_data_file"] = review, file
    doc = review.get("document") or {}
    st.subheader(str(doc.get("zh") or path.name))
    st.caption(
        " · ".join(str(x) for x in (doc.get("publisher"), doc.get("date"), review["source"]) if x)
    )

    cols = st.columns([2, 1], vertical_alignment="bottom")
    threshold = cols[0].slider(t("review_threshold"), 0.0, 1.0, 0.6, 0.05, key="review_threshold")
    if cols[1].button(t("review_bulk"), key="review_bulk"):
        n = bulk_accept(review, threshold)
        write_review(review, path)
        st.success(t("review_bulk_done", n=n))

    tabs = st.tabs([t("entities"), t("facts"), t("observations")])
    for tab, kind in zip(tabs, _KINDS, strict=True):
        with tab:
            frame = _frame(review, kind)
            if frame.empty:
                st.caption(t("rows", n=0))
                continue
            edited = st.data_editor(
                frame,
                key=f"review_table_{kind}",
                hide_index=True,
                width="stretch",
                disabled=["confidence", "rule", "match", "stated"],
                column_config={
                    c: st.column_config.Column(t(f"review_col_{c}")) for c in frame.columns
                },
            )
            _apply(review, kind, edited)
            labels = [
                f"{i}: {r.get('zh') or r.get('s') or r.get('indicator')} — {r.get('quote', '')[:30]}"
                for i, r in enumerate(review.get(kind) or [])
            ]
            pick = st.selectbox(
                t("review_show"),
                range(len(labels)),
                format_func=lambda i, lb=labels: lb[i],
                key=f"review_pick_{kind}",
            )
            rec = (review.get(kind) or [])[pick]
            notes = rec.get("review") or {}
            st.markdown(
                f"<div style='background:#fffbe6;padding:8px'>{_marked(str(notes.get('sentence') or rec.get('quote')), str(rec.get('quote')))}</div>",
                unsafe_allow_html=True,
            )
            st.caption(
                f"{t('review_confidence')}: {notes.get('confidence')} · {t('stated') if notes.get('stated', True) else t('inferred')} · {notes.get('rule')}"
            )
    _merge_panel(review, path)
    if st.button(t("review_save"), key="review_save"):
        write_review(review, path)
        st.success(t("review_saved"))
    if st.button(t("review_load"), key="review_load", type="primary"):
        write_review(review, path)
        done = accept_review(store(), path)
        st.success(
            t(
                "review_loaded",
                name=done.name,
                entities=done.entities,
                new=done.new_entities,
                facts=done.facts,
                values=done.values,
            )
        )
        for line in done.dropped:
            st.caption(line)


def _merge_panel(review: dict[str, Any], path: Path) -> None:
    """Merge a new entity with an existing one: the resolver's alternatives, or a search."""
    new = [r for r in review.get("entities") or [] if not (r.get("review") or {}).get("existing")]
    if not new:
        return
    with st.expander(t("review_merge")):
        ids = [str(r["id"]) for r in new]
        names = {str(r["id"]): f"{r.get('zh')} ({r.get('class')})" for r in new}
        chosen = st.selectbox(
            t("review_merge_from"), ids, format_func=names.get, key="review_merge_from"
        )
        rec = next(r for r in new if str(r["id"]) == chosen)
        alts = (rec.get("review") or {}).get("alternatives") or []
        pg, _g, index = graph()
        options: dict[str, str] = {
            a["id"]: f"{a['name']} · {a['class']} · {a['score']}" for a in alts
        }
        query = st.text_input(t("search"), value=str(rec.get("zh")), key="review_merge_search")
        for hit in index.search(query, limit=8):
            iri = hit.iri.rsplit("/", 1)[-1]
            options.setdefault(iri, f"{hit.name} · {hit.label} · {hit.score}")
        if not options:
            st.caption(t("no_hits"))
            return
        target = st.selectbox(
            t("review_merge_into"), list(options), format_func=options.get, key="review_merge_into"
        )
        if st.button(t("review_merge_do"), key="review_merge_do"):
            node = next((n for i, n in pg.nodes.items() if i.rsplit("/", 1)[-1] == target), None)
            if node is not None:
                merge_entity(
                    review,
                    chosen,
                    target,
                    cls=node.label,
                    zh=node.name,
                    en=str(node.props.get("name_en") or node.name),
                )
                write_review(review, path)
                st.success(t("review_merged", name=node.name))


guard(page)
