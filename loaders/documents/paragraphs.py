"""Lines joined into paragraphs, and paragraphs cut into sentences and clauses.

Source texts break lines mid-sentence (newspaper columns, PDF layouts, docx exports), so
reading and extraction both work on paragraphs: a paragraph ends at 。！？ (or a closing
quote or bracket after them), a colon, or a Markdown heading. The Sources page and the
document ingester use the same function, so a quote found here can be shown there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "blocks", "clauses", "is_heading", "paragraphs", "sentences"]

_END = re.compile(r"[。！？!?”」）)：:]$")
_SENTENCE = re.compile(r"[^。！？!?；;]*(?:[。！？!?；;]+[”’」』）)]*|$)")
_CLAUSE = re.compile(r"[^，,。！？!?；;：:]+")


def paragraphs(text: str) -> list[str]:
    """Join the text's broken lines into paragraphs (a paragraph ends at 。！？ or a heading).

    Example:
        >>> paragraphs("某项收入突破\\n270 亿元。\\n\\n## 下一节")
        ['某项收入突破270 亿元。', '## 下一节']
    """
    paras: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        current += line if (current and not current[-1].isascii()) or not current else " " + line
        if _END.search(line) or line.startswith("#"):
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return paras


_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|#+\s|第[一二三四五六七八九十]+[章节条])"
)


def is_heading(line: str) -> bool:
    """A numbered heading of a plan: 一、 （一） 1. 第一章 or a Markdown heading."""
    return bool(_HEADING.match(line.strip()))


def blocks(text: str) -> list[str]:
    r"""Paragraphs for extraction: like :func:`paragraphs`, but every numbered heading is a
    paragraph of its own and table rows (lines holding tab-separated cells) are left out.

    Example:
        >>> blocks("（一）甲任务\n1.乙行动。\n建设某设施。\n\t类别\t2023年")
        ['（一）甲任务', '1.乙行动。', '建设某设施。']
    """
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.extend(paragraphs("\n".join(current)))
            current.clear()

    for raw in text.splitlines():
        if ("\t" in raw or raw.strip().startswith("|")) and raw.strip():
            flush()
            continue
        if is_heading(raw):
            flush()
            line = raw.strip()
            if _END.search(line) or len(line) <= 40:
                out.append(line)
                continue
        current.append(raw)
    flush()
    return out


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph, with its place (paragraph index, offset)."""

    text: str
    paragraph: int
    start: int


def sentences(paragraph: str, index: int = 0) -> list[Sentence]:
    """The paragraph's sentences (ending at 。！？；), closing quotes kept with their sentence.

    Example:
        >>> [s.text for s in sentences("建成1个平台。培育5个“特色”平台；完成。")]
        ['建成1个平台。', '培育5个“特色”平台；', '完成。']
    """
    out = []
    for m in _SENTENCE.finditer(paragraph):
        if m.group().strip():
            out.append(Sentence(m.group(), index, m.start()))
    return out


def clauses(sentence: str) -> list[tuple[int, str]]:
    """The sentence's clauses (between commas, colons and stops) with their offsets."""
    return [(m.start(), m.group()) for m in _CLAUSE.finditer(sentence)]
