"""Finding a font that has Chinese glyphs, for pictures (matplotlib) and PDFs (fpdf2).

matplotlib's font list knows every face of a TrueType/OpenType collection (``.ttc``) and
its index, which fpdf2 needs too. Debian's fonts-noto-cjk is preferred; any CJK family
will do; without one, DejaVu Sans (shipped with matplotlib) keeps the export working,
with boxes for the Chinese characters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FontFile", "cjk_font"]

_PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
)
_HINTS = ("CJK", "Han Sans", "WenQuanYi", "Hei", "Song", "Ming", "Fallback")


@dataclass(frozen=True)
class FontFile:
    """One face: family name, file, index in a collection, and the bold face if any."""

    family: str
    path: Path
    index: int = 0
    bold_path: Path | None = None
    bold_index: int = 0
    cjk: bool = True


@functools.cache
def cjk_font() -> FontFile:
    """The best CJK font installed (cached); DejaVu Sans when there is none."""
    from matplotlib import font_manager

    entries = font_manager.fontManager.ttflist
    families = [e.name for e in entries]
    chosen = next((f for f in _PREFERRED if f in families), None)
    if chosen is None:
        chosen = next((f for f in families if any(h in f for h in _HINTS)), None)
    if chosen is None:
        path = Path(font_manager.findfont("DejaVu Sans"))
        return FontFile("DejaVu Sans", path, 0, None, 0, cjk=False)
    faces = [e for e in entries if e.name == chosen and e.style == "normal"]
    regular = min(faces, key=lambda e: abs(_weight(e.weight) - 400))
    bold = [e for e in faces if _weight(e.weight) >= 600]
    return FontFile(
        chosen,
        Path(regular.fname),
        int(getattr(regular, "index", 0) or 0),
        Path(bold[0].fname) if bold else None,
        int(getattr(bold[0], "index", 0) or 0) if bold else 0,
    )


def _weight(value: object) -> int:
    if isinstance(value, int):
        return value
    return {"bold": 700, "normal": 400, "regular": 400}.get(str(value).lower(), 400)
