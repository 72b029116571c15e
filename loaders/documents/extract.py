"""Text out of a document file: .txt, .md, .docx, .pdf (its text layer) and saved .html pages.

The text kept is what every quote is checked against, so it is stored as the new source
document. Tables become one line per row with cells separated by tabs, which is how the
project's own sources hold them (and how figure rules read indicator tables). The title,
date and publisher come from the file's metadata when it has them, else from the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LoadError

__all__ = ["SUFFIXES", "Document", "extract", "read_text_file"]

SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")

_DATE = re.compile(
    r"(20\d{2}|19\d{2})\s*(?:年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|[-/.](\d{1,2})[-/.](\d{1,2}))"
)
_SOURCE_LINE = re.compile(
    r"^(?:来源|信息来源|发布机构|发布单位|发文机关|作者单位)[：:]\s*(\S.{0,40})$"
)
_BODY_END = re.compile(r"(?:局|厅|部|委员会|委|政府|办公室|办公厅|管委会|中心|协会|联盟|研究院)$")
_SKIP_TITLE = re.compile(r"^(?:附件\s*\d*|\d+|[-—_=*#\s]+|第\s*\d+\s*页.*)$")
_TITLE_STOP = re.compile(r"[。；;！？!?]")


@dataclass(frozen=True)
class Document:
    """A document's text as kept for quoting, with what it says about itself."""

    path: Path
    kind: str  # txt | md | docx | pdf | html
    text: str
    title: str
    date: str | None = None
    publisher: str | None = None


def read_text_file(path: Path) -> str:
    """A text file in UTF-8 (with or without BOM) or GB18030 (Chinese Windows)."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError("not UTF-8 or GB18030 text", file=str(path))


def extract(path: Path) -> Document:
    """Read ``path`` by its suffix.

    Raises:
        LoadError: the file is missing, of an unknown kind, or unreadable (one line, naming it).
    """
    path = Path(path)
    if not path.is_file():
        raise LoadError("no such file", file=str(path))
    suffix = path.suffix.lower()
    meta: dict[str, str | None] = {}
    try:
        if suffix in (".txt",):
            kind, text = "txt", read_text_file(path)
        elif suffix in (".md", ".markdown"):
            kind, text = "md", read_text_file(path)
        elif suffix == ".docx":
            kind, (text, meta) = "docx", _docx(path)
        elif suffix == ".pdf":
            kind, (text, meta) = "pdf", _pdf(path)
        elif suffix in (".html", ".htm"):
            kind, (text, meta) = "html", _html(path)
        else:
            raise LoadError(
                f"cannot read {suffix or 'a file without suffix'} (one of {', '.join(SUFFIXES)})",
                file=str(path),
            )
    except LoadError:
        raise
    except Exception as exc:  # a broken docx/pdf/html: one line naming the file
        raise LoadError(
            f"cannot read this {suffix} file: {type(exc).__name__}: {exc}", file=str(path)
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise LoadError("no text in this file (a scanned PDF needs OCR first)", file=str(path))
    title = (meta.get("title") or "").strip() or _title_of(text, kind) or path.stem
    return Document(
        path=path,
        kind=kind,
        text=text,
        title=title,
        date=meta.get("date") or _date_of(text),
        publisher=meta.get("publisher") or _publisher_of(text),
    )


# ---------------------------------------------------------------------------------------------
# formats
# ---------------------------------------------------------------------------------------------


def _docx(path: Path) -> tuple[str, dict[str, str | None]]:
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
            lines.append("")
        else:
            lines.append(block.text)
    props = document.core_properties
    created = props.created.date().isoformat() if isinstance(props.created, dt.datetime) else None
    meta = {
        "title": props.title or None,
        "date": None,  # a file's creation date is not the document's date
        "publisher": None,
    }
    _ = created
    return "\n".join(lines), meta


def _table_lines(table: object) -> list[str]:
    """One line per row, cells separated by tabs; a merged cell counted once."""
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        rows.append("\t" + "\t".join(cells))
    return rows


def _pdf(path: Path) -> tuple[str, dict[str, str | None]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages = [page.extract_text() or "" for page in reader.pages]
    info = reader.metadata or {}
    title = str(info.get("/Title") or "").strip() or None
    return "\n".join(pages), {"title": title, "date": None, "publisher": None}


_BLOCKS = {
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "table", "tr", "blockquote", "pre", "dd", "dt", "header", "footer", "main", "figcaption",
}  # fmt: skip
_DROP = ("script", "style", "noscript", "nav", "form", "aside", "iframe", "svg", "button")
_META_DATE = (
    "article:published_time", "publishdate", "pubdate", "publish_date", "date", "dc.date",
    "dcterms.date", "firstpublishedtime",
)  # fmt: skip
_META_PUBLISHER = ("og:site_name", "sitename", "contentsource", "source", "publisher", "author")


def _html(path: Path) -> tuple[str, dict[str, str | None]]:
    import lxml.html

    root = lxml.html.fromstring(path.read_bytes())
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROP)):
        bad.drop_tree()
    metas = {
        (m.get("name") or m.get("property") or "").strip().casefold(): (
            m.get("content") or ""
        ).strip()
        for m in root.iter("meta")
    }
    title = metas.get("og:title") or ""
    h1 = root.xpath("//h1")
    if not title and h1:
        title = h1[0].text_content().strip()
    if not title:
        found = root.find(".//title")
        title = found.text_content().strip() if found is not None else ""
    date = next((metas[k] for k in _META_DATE if metas.get(k)), None)
    publisher = next((metas[k] for k in _META_PUBLISHER if metas.get(k)), None)
    body = root.find(".//body")
    body = body if body is not None else root
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in ("td", "th"):
            el.tail = "\t" + (el.tail or "")
            el.text = "\t" + (el.text or "") if el.getprevious() is None else el.text
        elif tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    text = body.text_content()
    lines = [re.sub(r"[ \u00a0]+", " ", line).rstrip() for line in text.split("\n")]
    text = "\n".join(line.rstrip("\t") if line.strip("\t ") else "" for line in lines)
    return text, {"title": title or None, "date": _iso(date), "publisher": publisher}


# ---------------------------------------------------------------------------------------------
# what the text says about itself
# ---------------------------------------------------------------------------------------------


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = _DATE.search(value)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
    if month and day:
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if month:
        return f"{int(year):04d}-{int(month):02d}"
    return year


def _title_of(text: str, kind: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    if kind == "md":
        for line in lines:
            if line.startswith("# "):
                return line[2:].strip().strip("*")
    parts: list[str] = []
    for line in lines:
        if not line:
            continue
        clean = line.lstrip("#").strip().strip("*").strip()
        if _SKIP_TITLE.match(clean):
            if parts:
                break
            continue
        if len(clean) > 40 or _TITLE_STOP.search(clean) or "\t" in line:
            break
        if parts and len("".join(parts)) + len(clean) > 45:
            break
        parts.append(clean)
        if len(parts) == 3:
            break
    joined = ""
    for part in parts:
        joined += (
            part if not joined or not (joined[-1].isascii() and part[0].isascii()) else " " + part
        )
    return joined


def _date_of(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head, tail = lines[:12], lines[-6:]
    for line in [*tail[::-1], *head]:
        m = _DATE.fullmatch(line) or (_DATE.search(line) if len(line) <= 30 else None)
        if m and m.group(0):
            return _iso(m.group(0))
    return None


def _publisher_of(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:15] + lines[-8:]:
        m = _SOURCE_LINE.match(line)
        if m:
            return m.group(1).strip()
    # an official document is signed at the end: the body's name above the date
    for i in range(len(lines) - 1, max(len(lines) - 6, 0), -1):
        signed = i > 0 and _DATE.fullmatch(lines[i].replace(" ", ""))
        if signed and _BODY_END.search(lines[i - 1]) and len(lines[i - 1]) <= 30:
            return lines[i - 1]
    return None
