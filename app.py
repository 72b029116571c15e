"""Gongfu Graph explorer: the frame and the navigation; every page lives in ui/pages/."""

import streamlit as st

from ui import keys
from ui.i18n import t

if keys.LANG not in st.session_state:
    st.session_state[keys.LANG] = "en" if st.query_params.get("lang") == "en" else "zh"
st.set_page_config(page_title=t("app_title"), page_icon="🕸️", layout="wide")
with st.sidebar:
    st.radio(
        t("language"),
        ["zh", "en"],
        key=keys.LANG,
        horizontal=True,
        format_func=lambda code: "中文" if code == "zh" else "English",
    )

pages = [
    st.Page("ui/pages/overview.py", title=t("overview"), url_path="overview", default=True),
    st.Page("ui/pages/explore.py", title=t("explore"), url_path="explore"),
    st.Page("ui/pages/questions.py", title=t("questions"), url_path="questions"),
    st.Page("ui/pages/paths.py", title=t("paths"), url_path="paths"),
    st.Page("ui/pages/query.py", title=t("query"), url_path="query"),
    st.Page("ui/pages/schema.py", title=t("schema"), url_path="schema"),
    st.Page("ui/pages/sources.py", title=t("sources"), url_path="sources"),
    st.Page("ui/pages/load.py", title=t("load"), url_path="load"),
    st.Page("ui/pages/review.py", title=t("review"), url_path="review"),
]
st.navigation(pages).run()
