"""The app's first page: open the store and render the Overview, as a new visitor would.

``python -m bench.app_worker STORE_DIR``

Runs ``ui/pages/overview.py`` with Streamlit's ``AppTest`` in a fresh process (no
projection cached yet): counts, the platform-serves question, the graph and the table.
The parent also reports the whole process's wall time (interpreter and imports included).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from bench.common import ROOT, emit, peak_rss_mb

TIMEOUT_S = 3600


def main(root: str) -> dict[str, Any]:
    os.environ["GONGFU_STORE"] = root
    start = time.perf_counter()
    from streamlit.testing.v1 import AppTest

    imported = time.perf_counter() - start
    at = AppTest.from_file(str(ROOT / "ui" / "pages" / "overview.py"), default_timeout=TIMEOUT_S)
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
    return {
        "import_streamlit_s": round(imported, 3),
        "first_page_s": round(seconds, 3),
        "ok": not problems,
        "problems": problems[:3],
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    emit(main(sys.argv[1]))
