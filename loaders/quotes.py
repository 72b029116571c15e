"""The quote rule: a quote occurs in its source once all whitespace is removed from both.

The source texts break lines mid-sentence and put spaces inside numbers (``2 000``), so a
curator may copy a quote with or without them; nothing else is normalised.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

__all__ = ["locate_quote", "quote_occurs", "squash"]

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Remove every whitespace character (incl. U+3000, which ``\\s`` matches)."""
    return _WS.sub("", text)


@functools.cache
def _squashed(path: Path) -> str:
    return squash(path.read_text(encoding="utf-8"))


def quote_occurs(quote: str, source: Path) -> bool:
    """True when ``quote`` occurs in the file under the quote rule.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.txt"
        >>> _ = p.write_text("核心产业收入突破 270 亿\\n元", encoding="utf-8")
        >>> quote_occurs("收入突破270亿元", p)
        True
    """
    q = squash(quote)
    return bool(q) and q in _squashed(source)


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Character span of ``quote`` in the raw ``text`` (whitespace-insensitive), or None."""
    q = squash(quote)
    if not q:
        return None
    # map squashed offsets back to raw offsets
    raw_index = [i for i, ch in enumerate(text) if not ch.isspace()]
    pos = "".join(text[i] for i in raw_index).find(q)
    if pos < 0:
        return None
    return raw_index[pos], raw_index[pos + len(q) - 1] + 1
