"""Ids and English labels for new entities, and the clause a name is quoted from."""

from __future__ import annotations

import hashlib
import re

from pypinyin import Style, lazy_pinyin

__all__ = ["clause_around", "english_of", "new_id"]

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_STOPS = "，,。！？!?；;：:"


def new_id(zh: str, taken: set[str]) -> str:
    """A new entity id from the name's pinyin (``jinan-shi-touzi-…-3fa2``), unique in ``taken``.

    Example:
        >>> new_id("潍坊市数据促进局", set())
        'weifangshi-shuju-cujin-ju-c823'
    """
    words = [w for word in _words(zh) for w in _ASCII_WORD.findall(word.casefold())]
    stem = "-".join(words[:5]) or "entity"
    digest = hashlib.sha1(zh.encode("utf-8")).hexdigest()
    for size in range(4, 12):
        candidate = f"{stem}-{digest[:size]}"
        if candidate not in taken:
            return candidate
    return f"{stem}-{digest}"


def english_of(zh: str) -> str:
    """A provisional English label: the name in pinyin (a reviewer may write a better one).

    Example:
        >>> english_of("紫菜云平台")
        'Zicai Yun Pingtai'
    """
    parts = [w if w.isupper() else w.capitalize() for w in _words(zh)]
    return " ".join(parts) or zh


def _words(zh: str) -> list[str]:
    """The name cut into words (jieba), each word in pinyin, Latin words kept."""
    import jieba

    out = []
    for word in jieba.lcut(zh):
        if word.isascii():
            if word.strip() and re.search(r"[A-Za-z0-9]", word):
                out.append(word.strip())
            continue
        syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
        joined = "".join(s for s in syllables if s.isascii())
        if joined:
            out.append(joined)
    return out


def clause_around(sentence: str, start: int, end: int, *, limit: int = 90) -> str:
    """The clause of ``sentence`` holding ``[start, end)``, widened to whole clauses up to
    ``limit`` characters, trailing stops removed: a short quote that still reads."""
    a = start
    while a > 0 and sentence[a - 1] not in _STOPS:
        a -= 1
    b = end
    while b < len(sentence) and sentence[b] not in _STOPS:
        b += 1
    if b - a > limit:
        a = max(a, start - (limit - (end - start)) // 2)
        b = min(len(sentence), max(end, a + limit))
    return sentence[a:b].strip()
