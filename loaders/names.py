"""Names as they enter the graph: one spelling for what reads the same, nothing hidden.

A cell that shows 浪潮云洲 on screen must become the name 浪潮云洲, whatever invisible
characters an editor or a web page left in it; otherwise the table creates a second entity
that displays exactly like the first. And a name must not carry characters that act on the
screen instead of being shown: control characters (NUL, escape sequences that retitle a
terminal) and the bidirectional controls that make text display in another order than it
is stored ("Trojan Source"). So every text cell of a table, and the names the resolver
compares, go through :func:`clean_name`:

- Unicode NFC (composed and decomposed spellings become one);
- zero-width characters and the byte-order mark removed (U+200B/C/D, U+2060, U+FEFF, and
  the soft hyphen U+00AD and U+180E, equally invisible);
- runs of whitespace (tabs, line breaks, U+3000, no-break spaces) become one space, and
  the ends are trimmed;
- control characters, bidirectional controls and other invisible format characters are
  refused (:class:`BadName` says which and where), never silently dropped: they are a
  sign that the cell is not what it looks like.
"""

from __future__ import annotations

import unicodedata

__all__ = ["BadName", "clean_name", "name_key", "name_problem", "shown"]

#: invisible characters that are removed: zero-width space, non-joiner, joiner, word joiner,
#: byte-order mark (zero-width no-break space), soft hyphen, Mongolian vowel separator
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_DROP = {ord(c): None for c in INVISIBLE}
#: bidirectional controls: marks, embeddings, overrides, isolates
BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: whitespace controls that a cell may hold (a line break in an Excel cell); they become a space
_SPACES = frozenset("\t\n\r")


class BadName(ValueError):
    """A name holding a character that must not enter the graph.

    ``position`` is the 1-based character position in the cell as read.
    """

    def __init__(self, char: str, position: int) -> None:
        self.char = char
        self.position = position
        super().__init__(f"{describe(char)} at character {position}")


def describe(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE), a bidirectional control`` and the like."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    named = f"{code} ({name})" if name else code
    if char in BIDI:
        return f"bidirectional control {named}"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"control character {named}"
    if category == "Cs":
        return f"lone surrogate {named}"
    return f"invisible format character {named}"


def _refused(char: str) -> bool:
    if char in INVISIBLE or char in _SPACES:
        return False
    return char in BIDI or unicodedata.category(char) in ("Cc", "Cf", "Cs")


def clean_name(text: str) -> str:
    """The name a cell means: NFC, invisible characters removed, whitespace collapsed.

    Raises:
        BadName: a control, bidirectional or other format character (with its position).

    Example:
        >>> clean_name("\\u200b浪潮云洲\\u200b "), clean_name(" 临工  重机\\n")
        ('浪潮云洲', '临工 重机')
    """
    if not text.isprintable():  # the fast path: printable text has none of these
        for position, char in enumerate(text, 1):
            if _refused(char):
                raise BadName(char, position)
        text = text.translate(_DROP)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def name_problem(text: str) -> str | None:
    """Why ``text`` cannot be a name (the :class:`BadName` message), or None."""
    try:
        clean_name(text)
    except BadName as exc:
        return str(exc)
    return None


def name_key(text: str) -> str:
    """A name as the resolver compares it: like :func:`clean_name`, but never raising
    (names already in the graph are compared, not judged): refused characters are dropped."""
    if not text.isprintable():
        text = "".join(c for c in text if not _refused(c)).translate(_DROP)
    return " ".join(unicodedata.normalize("NFC", text).split())


def shown(text: str, limit: int = 80) -> str:
    """Text from a file as an error message may quote it: one line, nothing that acts on a
    terminal (non-printable characters as ``\\uXXXX``), at most ``limit`` characters."""
    out = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text[: limit + 1])
    return out if len(out) <= limit else out[: limit - 1] + "…"
