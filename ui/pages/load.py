"""Load: analysts add their own tables or RDF, with a preview of what will be created,
linked and flagged before anything is written."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from loaders.base import list_loads
from loaders.load import load_file, unload
from ui.i18n import t
from ui.state import guard, store

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
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def page() -> None:
    st.title(t("load"))
    st.caption(t("load_intro"))
    data = st.file_uploader(
        t("data_file"),
        type=["csv", "tsv", "xlsx", "ttl", "nt", "jsonld", "rdf", "trig"],
        key="load_data",
    )
    mapping = st.file_uploader(t("mapping_file"), type=["yaml", "yml"], key="load_mapping")
    name = st.text_input(t("load_name"), key="load_name")
    on_uncertain = st.radio(
        t("uncertain"), ["skip", "create", "link"], horizontal=True, key="load_uncertain"
    )
    if data is not None:
        cols = st.columns(2)
        with tempfile.TemporaryDirectory(prefix="gongfu-upload-") as tmp:
            folder = Path(tmp)
            data_path = _save(data, folder)
            mapping_path = _save(mapping, folder) if mapping is not None else None
            kwargs = {"mapping": mapping_path, "name": name or None, "on_uncertain": on_uncertain}
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
    st.subheader(t("loads"))
    for record in list_loads(store()):
        short = record.name.removeprefix("load/")
        cols = st.columns([3, 3, 2, 1])
        cols[0].write(short)
        cols[1].caption(Path(record.file).name)
        cols[2].caption(f"{record.triples} · {record.loaded_at}")
        if short not in _KEEP and cols[3].button(t("unload"), key=f"unload-{short}"):
            unload(store(), short)
            st.rerun()


guard(page)
