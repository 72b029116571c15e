"""Load: analysts add their own tables or RDF, with a preview of what will be created,
linked and flagged before anything is written; a document (policy text, article) is read
into candidates and opens on the Review page, where nothing is written before review."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from graph.errors import GongfuError
from loaders.base import list_loads
from loaders.load import load_file, unload
from ui import keys
from ui.components import display_frame
from ui.documents import DOCUMENT_TYPES, ingest_upload, is_document
from ui.i18n import t, tn
from ui.state import guard, on_server, show_error, store

_KEEP = ("seed", "ontology")


def _save(upload: object, folder: Path) -> Path:
    path = folder / Path(upload.name).name  # type: ignore[attr-defined]
    path.write_bytes(upload.getvalue())  # type: ignore[attr-defined]
    return path


def _show(result: object) -> None:
    for key, rows in (
        ("created", result.created),
        ("linked", result.linked),  # type: ignore[attr-defined]
        ("flagged", result.flagged),
        ("skipped", result.skipped),
    ):  # type: ignore[attr-defined]
        if rows:
            st.markdown(f"**{t(key)}** ({len(rows)})")
            columns = list(dict.fromkeys(c for r in rows for c in r))
            st.dataframe(display_frame(columns, rows), hide_index=True, width="stretch")


def _load_error(exc: GongfuError, folder: Path, is_table: bool, has_mapping: bool) -> None:
    """A refused load, in the app's words: the uploaded file by its own name (never the
    temporary folder it was saved in), and nothing written."""
    detail = str(exc).replace(str(folder) + "/", "").replace(str(folder), "")
    if is_table and not has_mapping and "mapping" in detail:
        st.error(t("load_needs_mapping"))
        return
    st.error(t("load_error"))
    st.caption(f"{t('technical_detail')}: {detail}")


def page() -> None:
    st.title(t("load"))
    if on_server():  # a server is read here, never written: loads go through the store
        st.info(t("load_on_server"))
        st.code(
            "gongfu load FILE\n"
            "gongfu push --sparql-endpoint URL      # a SPARQL server\n"
            "gongfu neo4j push --uri bolt://HOST:7687  # a Bolt server (Neo4j)",
            language="bash",
        )
        return
    st.caption(t("load_intro"))
    data = st.file_uploader(
        t("data_file"),
        type=["csv", "tsv", "xlsx", "ttl", "nt", "jsonld", "rdf", "trig", *DOCUMENT_TYPES],
        key="load_data",
    )
    if data is not None and is_document(data.name):
        _document(data)
        _loads()
        return
    mapping = st.file_uploader(t("mapping_file"), type=["yaml", "yml"], key="load_mapping")
    name = st.text_input(t("load_name"), key="load_name")
    choices = {
        "skip": t("uncertain_skip"),
        "create": t("uncertain_create"),
        "link": t("uncertain_link"),
    }
    on_uncertain = st.radio(
        t("uncertain"),
        list(choices),
        format_func=choices.__getitem__,
        horizontal=True,
        key="load_uncertain",
    )
    if data is not None:
        cols = st.columns(2)
        with tempfile.TemporaryDirectory(prefix="gongfu-upload-") as tmp:
            folder = Path(tmp)
            data_path = _save(data, folder)
            mapping_path = _save(mapping, folder) if mapping is not None else None
            kwargs = {"mapping": mapping_path, "name": name or None, "on_uncertain": on_uncertain}
            is_table = data_path.suffix.lower() in (".csv", ".tsv", ".xlsx")
            try:
                if cols[0].button(t("preview"), key="load_preview"):
                    _show(load_file(store(), data_path, dry_run=True, **kwargs))
                if cols[1].button(t("confirm"), key="load_confirm", type="primary"):
                    result = load_file(store(), data_path, **kwargs)
                    s = result.summary
                    st.success(
                        t(
                            "loaded",
                            name=result.name,
                            links=s.get("links", 0),
                            created=s.get("created", 0),
                            linked=s.get("linked", 0),
                            flagged=s.get("flagged", 0),
                            skipped=s.get("skipped", 0),
                        )
                    )
                    _show(result)
            except GongfuError as exc:
                _load_error(exc, folder, is_table, mapping_path is not None)
    _loads()


def _document(upload: object) -> None:
    """A document is not loaded as it is: its candidates go to the Review page first."""
    st.info(t("load_document"))
    if st.button(t("review_read"), key="load_read_document", type="primary"):
        try:
            review = ingest_upload(upload)
        except GongfuError as exc:
            show_error(exc)
            return
        st.session_state[keys.REVIEW_FILE] = str(review)
        st.session_state.pop("review_data", None)
        st.switch_page("ui/pages/review.py")


def _loads() -> None:
    st.subheader(t("loads"))
    for record in list_loads(store()):
        short = record.name.removeprefix("load/")
        cols = st.columns([3, 3, 2, 1])
        cols[0].write(short)
        cols[1].caption(Path(record.file).name)
        cols[2].caption(f"{tn('triples', record.triples)} · {record.loaded_at}")
        if short not in _KEEP and cols[3].button(t("unload"), key=f"unload-{short}"):
            unload(store(), short)
            st.rerun()


guard(page)
