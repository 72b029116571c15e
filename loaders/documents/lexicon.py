"""The graph's names, ready to be found in running text and to resolve new names against.

Every entity's Chinese label, aliases and the resolver's core name (legal-form suffixes and
a leading place name removed, loaders/resolve.py) are folded the same way as the text, so
that 甲云 and 甲云工业互联网平台 find one node. Short names that are also common
words (jieba's dictionary says how common) are found only where a list or a suffix shows
they are names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from graph.mapping import PropertyGraph
from loaders.documents.rules import NAME_SUFFIXES
from loaders.resolve import Match, Resolver, core_name
from ontology.schema import Schema

__all__ = ["Known", "Lexicon", "Mention", "fold"]

_DROP = re.compile(r"[\s“”\"'‘’《》〈〉「」『』·・•*#]+")
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "~": "-", "～": "-"})
COMMON_WORD_FREQ = 1000
# a plan's tasks and indicators are named by rules (headings, figures), not found in passing
_NOT_SCANNED = frozenset({"PolicyTask", "Indicator"})


def fold(text: str) -> str:
    """The form names are compared in: width and case folded, quotes and spaces dropped.

    Example:
        >>> fold("“某某” 平台（2020—2022年）")
        '某某平台(2020-2022年)'
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold().translate(_DASHES))


# a name that is only a kind of thing (行动计划, 实施意见) is no name to find in a text
_KIND_WORDS = frozenset(fold(suffix) for suffix, _cls, _kind in NAME_SUFFIXES)


@functools.cache
def _word_freq() -> dict[str, int]:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.FREQ


@dataclass(frozen=True)
class Known:
    """An entity of the graph: id, class and names."""

    iri: str
    id: str
    cls: str
    name: str
    name_en: str
    kind: str


@dataclass(frozen=True)
class Mention:
    """A known name found in a text: where, as written, and the entities it may mean."""

    start: int
    end: int
    surface: str
    ids: tuple[str, ...]
    how: str  # name | alias | core
    weak: bool  # a short common word: a name only where the context says so


class Lexicon:
    """Names of every entity of a property graph, folded, with a resolver for new names."""

    def __init__(self, pg: PropertyGraph) -> None:
        self.known: dict[str, Known] = {}
        self.by_name: dict[str, dict[str, str]] = {}  # folded name → {id: how}
        self.quiet: dict[str, dict[str, str]] = {}  # names resolved but not scanned for
        self.resolver = Resolver(pg)
        self.iris = set()
        for iri, node in pg.nodes.items():
            if node.label not in Schema.ENTITY_CLASSES:
                continue
            scanned = node.label not in _NOT_SCANNED
            eid = str(node.props.get("id") or iri.rsplit("/", 1)[-1])
            self.iris.add(iri)
            self.known[eid] = Known(
                iri,
                eid,
                node.label,
                node.name,
                str(node.props.get("name_en") or ""),
                str(node.props.get("kind") or ""),
            )
            if not scanned:
                self._add_resolvable(node.name, eid)
                for alias in node.props.get("aliases") or []:
                    self._add_resolvable(str(alias), eid)
                continue
            names = [(node.name, "name")]
            names += [
                (str(a), "alias") for a in node.props.get("aliases") or [] if not str(a).isascii()
            ]
            for raw, how in names:
                self._add(raw, eid, how)
                core = core_name(raw)
                if (
                    core != fold(raw)
                    and len(core) >= 2
                    and node.label not in ("Region", "PolicyTask", "Indicator")
                ):
                    self._add(core, eid, "core")
        # a core name shared by several entities (人民政府) or short and common says nothing
        for key in list(self.by_name):
            slot = self.by_name[key]
            cores = [i for i, how in slot.items() if how == "core"]
            if cores and (len(cores) > 1 or len(key) < 3):
                for i in cores:
                    del slot[i]
                if not slot:
                    del self.by_name[key]
        self.lengths = sorted({len(k) for k in self.by_name}, reverse=True)
        # the name lengths that start with each character: most positions try none
        self.lengths_by_first: dict[str, list[int]] = {}
        for key in self.by_name:
            self.lengths_by_first.setdefault(key[0], []).append(len(key))
        for first, lengths in self.lengths_by_first.items():
            self.lengths_by_first[first] = sorted(set(lengths), reverse=True)

    def _add_resolvable(self, raw: str, eid: str) -> None:
        """Names of tasks and indicators: resolved when a rule names them, never scanned for."""
        key = fold(raw)
        if len(key) >= 2:
            self.quiet.setdefault(key, {})[eid] = "name"

    def _add(self, raw: str, eid: str, how: str) -> None:
        key = fold(raw)
        if len(key) < 2 or key in _KIND_WORDS:
            return
        slot = self.by_name.setdefault(key, {})
        if eid not in slot or (slot[eid] == "core" and how != "core"):
            slot[eid] = how

    def id_of_iri(self, iri: str) -> str:
        return iri.rsplit("/", 1)[-1]

    def is_weak(self, key: str, ids: tuple[str, ...]) -> bool:
        """A short name that is also an everyday word (有人, 全国, 蓝海) or only a core."""
        if len(key) > 2:
            return False
        if all(self.known[i].cls == "Region" and fold(self.known[i].name) == key for i in ids):
            return False
        return _word_freq().get(key, 0) >= COMMON_WORD_FREQ or all(
            self.by_name[key][i] == "core" for i in ids
        )

    def find(self, text: str) -> list[Mention]:
        """Known names in ``text``, longest first, left to right, without overlaps.

        ``text`` should be free of whitespace (the quote rule ignores it anyway).
        """
        folded, index = _folded_with_index(text)
        out: list[Mention] = []
        i, n = 0, len(folded)
        while i < n:
            hit = None
            for length in self.lengths_by_first.get(folded[i], ()):
                if i + length > n:
                    continue
                slot = self.by_name.get(folded[i : i + length])
                if slot:
                    hit = (length, slot)
                    break
            if hit is None:
                i += 1
                continue
            length, slot = hit
            start, end = index[i], index[i + length - 1] + 1
            ids = tuple(sorted(slot))
            how = min(slot.values(), key=lambda h: ("name", "alias", "core").index(h))
            key = folded[i : i + length]
            out.append(Mention(start, end, text[start:end], ids, how, self.is_weak(key, ids)))
            i += length
        return out

    def exact(self, name: str) -> dict[str, str]:
        """Entities one of whose names (or core names) is ``name``: {id: how}."""
        key = fold(name)
        return dict(self.by_name.get(key) or self.quiet.get(key) or {})

    def resolve(self, name: str, cls: str) -> Match:
        """Resolve a new name of class ``cls`` (label, alias, name variant, fuzzy)."""
        return self.resolver.resolve(name, cls)


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """``fold`` applied character by character, with each folded character's raw offset."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in fold(ch):
            chars.append(c)
            index.append(i)
    return "".join(chars), index
