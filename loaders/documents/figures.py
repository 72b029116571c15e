"""Figures: a number with its unit, year and scope, as a target or a reported value.

Two places hold them: the indicator tables of action plans (a row per indicator, a column
per target year) and sentences (到2025年…达到20个 / 累计培育…100个以上 / 收入突破270亿元).
Each figure proposes its indicator (resolved against the graph's indicators by name) and,
in a plan, the plan's setsTarget link to it.
"""

from __future__ import annotations

import re

from loaders.documents.candidates import FigureCandidate
from loaders.documents.context import Context
from loaders.documents.lexicon import fold
from loaders.documents.paragraphs import is_heading
from loaders.documents.places import leading_place
from loaders.documents.rules import GENERIC_NAMES
from loaders.quotes import squash

__all__ = ["read_figures", "table_rows"]

_YEAR_CELL = re.compile(r"^(20\d{2})\s*年?$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_UNIT_PAREN = re.compile(r"[（(]([^（）()]{1,6})[）)]$")
_TARGET_YEAR = re.compile(r"(?:到|至|力争到|力争|预计到|计划到)(20\d{2})年")
_YEAR = re.compile(r"(20\d{2})年")
_UNITS = "亿元|万元|亿个|万个|万台|万辆|万家|万人|万户|万吨|公里|个百分点|%|个|家|项|台|辆|人|场|条|款|种|所|座|处|次|户|吨"
_FIGURE = re.compile(
    r"(?P<cmp_before>突破|超过|超|达到|达|约|近|增长|提升至|提高到|保持在|为)?"
    r"(?P<num>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>"
    + _UNITS
    + r")(?P<cmp_after>以上|左右|余|多)?"
)
_COUNTED = re.compile(r"^(?:[\u4e00-\u9fffA-Za-z0-9“”“+·\-]{2,24}?)(?=[，,。；;、和及与]|$)")


def table_rows(text: str) -> list[list[str]]:
    """Rows of the tables in ``text``: tab-separated rows, or one cell per tab-led line."""
    rows, _quotes = table_rows_quoted(text)
    return rows


def table_rows_quoted(text: str) -> tuple[list[list[str]], dict[int, str]]:
    """Table rows, and for rows whose cells are not contiguous in the text (Markdown), the
    row as written, to quote."""
    lines = text.splitlines()
    quoted: dict[int, str] = {}
    rows: list[list[str]] = []
    cells: list[str] = []
    for i, raw in enumerate(lines):
        if raw.strip().startswith("|") and raw.strip().endswith("|"):  # a Markdown table row
            cells_md = [c.strip() for c in raw.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells_md):
                rows.append(cells_md)
                quoted[len(rows) - 1] = raw.strip()
            continue
        if raw.startswith("\t") and raw.count("\t") >= 2:  # a whole row on one line
            if cells:
                rows.extend(_chunk(cells))
                cells = []
            rows.append([c.strip() for c in raw.strip("\n").split("\t")[1:]])
        elif raw.startswith("\t"):
            cells.append(raw.strip())
        elif cells and raw.strip() and len(raw.strip()) <= 20 and not is_heading(raw):
            following = next((line for line in lines[i + 1 :] if line.strip()), "")
            if following.startswith("\t"):
                cells[-1] += raw.strip()
            else:
                rows.extend(_chunk(cells))
                cells = []
        elif cells and raw.strip():
            rows.extend(_chunk(cells))
            cells = []
    if cells:
        rows.extend(_chunk(cells))
    return rows, quoted


def _chunk(cells: list[str]) -> list[list[str]]:
    """Cells one per line → rows, the width taken from the header (… 2023年 2024年 2025年)."""
    years = [i for i, c in enumerate(cells) if _YEAR_CELL.match(c)]
    if len(years) < 2:
        return []
    width = years[-1] + 1
    while width < len(cells) and _YEAR_CELL.match(cells[width]):
        width += 1
    return [cells[i : i + width] for i in range(0, len(cells), width)]


def read_figures(ctx: Context) -> None:
    _tables(ctx)
    _sentences(ctx)
    _ranks(ctx)


def _scope(ctx: Context) -> str | None:
    return ctx.home.city or ctx.home.province


def _tables(ctx: Context) -> None:
    rows, quoted = table_rows_quoted(ctx.doc.text)
    header: list[int] = []
    years: list[int] = []
    category = ""
    for n, row in enumerate(rows):
        found = [(i, int(m.group(1))) for i, c in enumerate(row) if (m := _YEAR_CELL.match(c))]
        if len(found) >= 2:
            header = [i for i, _y in found]
            years = [y for _i, y in found]
            continue
        if not header or len(row) <= max(header):
            continue
        values = [row[i] for i in header]
        if not all(_NUMBER.match(v) for v in values):
            continue
        names = [c for c in row[: header[0]] if c and not _NUMBER.match(c)]
        if not names:
            continue
        if len(names) > 1:
            category = names[0]
        name = names[-1]
        unit = ""
        m = _UNIT_PAREN.search(name)
        if m:
            unit = m.group(1)
            name = name[: m.start()].strip()
        quote = " ".join([row[header[0] - 1], *values]) if header[0] >= 1 else " ".join(values)
        quote = quoted.get(n, quote)
        scope = _scope(ctx)
        kind = "target" if ctx.policy or (ctx.year and min(years) > ctx.year) else "reported"
        props = {"unit": unit} if unit else {}
        if category:
            props["category"] = category
        ind = ctx.finder.register(
            name, "Indicator", sentence=quote, start=0, end=0, rule="indicator table",
            confidence=0.9, props=props, quote=row[header[0] - 1],
        )  # fmt: skip
        if ind is None or not scope:
            continue
        for year, value in zip(years, values, strict=True):
            ctx.cands.add_figure(
                FigureCandidate(
                    ind.id,
                    scope,
                    year,
                    float(value),
                    unit,
                    kind,
                    quote,
                    quote,
                    0.9,
                    "indicator table",
                )
            )
        if ctx.policy and kind == "target":
            ctx.relate(
                ctx.policy,
                "setsTarget",
                ind.id,
                quote=quote,
                sentence=quote,
                confidence=0.9,
                rule="indicator table",
            )


def _sentences(ctx: Context) -> None:
    for view in ctx.views:
        text = view.text
        target = _TARGET_YEAR.search(text)
        growth = ""  # the last growth rate named in the sentence (X增长N%)
        for m in _FIGURE.finditer(text):
            num = float(m.group("num"))
            if m.start() > 0 and text[m.start() - 1].isdigit():
                continue
            if m.group("unit") == "个百分点":
                # X增长N%，高于全国M个百分点: how far X's growth is above the other's
                above = re.search(r"(高于|低于|快于)([\u4e00-\u9fff]{1,8})$", text[: m.start()])
                if growth and above:
                    name = f"{growth}{above.group(1)}{above.group(2)}的百分点"
                    quote = _figure_quote(text, m.start(), m.end())
                    ctx.finder.register(
                        name, "Indicator", sentence=text, start=m.start(), end=m.end(),
                        rule="figure", confidence=0.55, props={"unit": "个百分点"}, quote=quote,
                    )  # fmt: skip
                continue
            before = text[max(0, m.start() - 3) : m.start()]
            if re.search(r"\d{4}年?$|[-—~]$", before) or text[m.end() : m.end() + 1] in (
                "年",
                "月",
                "日",
            ):
                continue
            unit = (m.group("scale") or "") + m.group("unit")
            counted = _COUNTED.match(text[m.end() :])
            if counted and len(counted.group()) >= 2 and not _is_figure_noise(counted.group()):
                name = counted.group().strip("“”")
                if _CLAUSE_WORDS.search(name) or re.search(r"\d", name):
                    continue  # 23家企业入选X: a clause, not what is counted
            else:
                name = _subject_before(text, m.start())
                if not name:
                    continue
            name = _LEADING_SCOPE.sub("", name).replace("的比重", "比重")
            name = _without_place(ctx, name)
            if unit in _COUNT_UNITS and not name.endswith(("数", "量")):
                name += "数"  # 建成N个X / X达N家: the indicator is the number of X
            if re.match(r"^[性等的占]|.*[“的]$", name) or name.count("“") != name.count("”"):
                continue
            if _NOT_INDICATOR.search(name) or name.removesuffix("数") in GENERIC_NAMES:
                continue
            if (
                m.group("cmp_before") == "增长"
                and unit == "%"
                and not name.endswith(("增速", "率"))
            ):
                name += "增速"  # X增长N%: the indicator is X's growth rate
            if name.endswith("增速"):
                growth = name
            if len(fold(name)) < 3:
                continue
            kind = (
                "target"
                if target or re.search(r"力争|目标|将|计划|确保|预计到", text[: m.start()])
                else "reported"
            )
            year = int(target.group(1)) if target else ctx.year
            years_here = _YEAR.findall(text[: m.start()])
            if kind == "reported" and years_here:
                year = int(years_here[-1])
            cmp = _comparator(m.group("cmp_before"), m.group("cmp_after"))
            quote = _figure_quote(text, m.start(), m.end())
            # the indicator stands whether or not the year of its figure can be read
            ind = ctx.finder.register(
                name, "Indicator", sentence=text, start=m.start(), end=m.end(), rule="figure",
                confidence=0.6 if year else 0.5, props={"unit": unit}, quote=quote,
            )  # fmt: skip
            scope = _scope_in(ctx, view) or _scope(ctx)
            if ind is None or not scope or not year:
                continue
            ctx.cands.add_figure(
                FigureCandidate(
                    ind.id, scope, year, num, unit, kind, quote, text, 0.6, "figure", cmp
                )
            )
            if ctx.policy and kind == "target":
                ctx.relate(
                    ctx.policy,
                    "setsTarget",
                    ind.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.6,
                    rule="figure",
                )


# what opens a figure's subject but is no part of its indicator: the period (1-11月, 前三季度,
# 全年), the scope (全省, 全市), the hedge (其中, 确保, 力争)
_LEADING_SCOPE = re.compile(
    r"^(?:20\d{2}年|\d+月|前[一二三四五六七八九十\d]+(?:个月|季度)|全年|上半年|下半年|其中|全省|全市|全区|"
    r"我省|我市|确保|力争|累计|今年|去年)+"
)


# the units a count is written in (N个X, N家X): its indicator is the number of X
_COUNT_UNITS = ("个", "家", "项", "万个", "亿个", "台", "座", "所", "处", "万家")
# verbs that make a counted phrase a clause (23家企业入选X, 10个基地开展Y)
_CLAUSE_WORDS = re.compile(r"入选|开展|实现|面向|组成|评为|通过|发展|支持|推动|获批|接入|做大|做强")


# a subsidy's terms (予以资助, 最高不超过, 给予补贴) and a bare programme mark are no indicator
_NOT_INDICATOR = re.compile(r"^(?:予以|给予|最高|按|对)|(?:资助|补贴|不|\+数|\+)$")


def _without_place(ctx: Context, name: str) -> str:
    """An indicator's name without the place that opens it (济南制造业占… → 制造业占…): the
    figure's scope says where."""
    place = leading_place(name, _known_places(ctx))
    if place and len(name) - len(place[0]) >= 3:
        return name[len(place[0]) :]
    return name


def _known_places(ctx: Context) -> dict[str, str]:
    """The graph's places, full and short (某市 as 某), written form → full name."""
    cached = ctx.known_places
    if cached is None:
        cached = {}
        for k in ctx.lex.known.values():
            if k.cls == "Region":
                cached[k.name] = k.name
                if k.name.endswith(("市", "省")) and len(k.name) >= 3:
                    cached.setdefault(k.name[:-1], k.name)
        ctx.known_places = cached
    return cached


def _is_figure_noise(words: str) -> bool:
    return bool(re.match(r"^(?:以上|左右|余|多|的|和|及|等|之|中|里|次|倍|年|月|日)", words))


def _subject_before(text: str, pos: int) -> str:
    """The noun phrase a figure is about, before its verb: 核心产业收入(突破)270亿元."""
    head = text[:pos]
    head = re.sub(
        r"(?:突破|超过|超|达到|达|约|近|增长|提升至|提高到|保持在|为|累计|共|已|新增)+$", "", head
    )
    m = re.search(r"([\u4e00-\u9fffA-Za-z0-9“”]{2,20})$", head)
    if not m:
        return ""
    phrase = m.group(1)
    # cut at the last verb-like word that opens the clause
    phrase = re.sub(
        r"^.*?(?:建设|培育|打造|推动|实现|形成|完成|开通|新建|拥有|建成|实施|评定|入选|建立|引进|遴选|"
        r"认定|缴获|予以|给予|联合)",
        "",
        phrase,
    )
    return phrase if len(phrase) >= 3 else ""


def _comparator(before: str | None, after: str | None) -> str | None:
    if after == "以上":
        return ">="
    if after in ("余", "多") or before in ("突破", "超过", "超"):
        return ">"
    if after == "左右" or before in ("约", "近"):
        return "~"
    return None


def _figure_quote(text: str, start: int, end: int) -> str:
    a = max(text.rfind(c, 0, start) for c in "，,。；;：:") + 1
    b_candidates = [i for i in (text.find(c, end) for c in "，,。；;") if i >= 0]
    b = min(b_candidates) if b_candidates else len(text)
    return text[a:b]


def _scope_in(ctx: Context, view) -> str | None:
    """A region named before the figure in the same sentence (某省…累计开通基站8.8万个)."""
    for span in view.spans:
        if span.cls == "Region":
            return span.id
    return None


_ = squash


_RANK = re.compile(
    r"(?P<verb>位居|居于|位列|跃居|稳居|升至|居)?"
    r"(?P<scope>全国城市|全国|全省|全市|全球|[\u4e00-\u9fff]{1,3}[省市])"
    r"(?P<rank>第[一二三四五六七八九十\d]+位?|首位)"
)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def _rank_value(rank: str) -> int | None:
    core = rank.strip("第位")
    if rank == "首位":
        return 1
    if core.isdigit():
        return int(core)
    return _CN_DIGITS.get(core) if len(core) == 1 else None


def _ranks(ctx: Context) -> None:
    """X位居全国第八、全省首位 / X全球第二: X's rank in that scope, an indicator named
    X + scope + 排名 (a province or city named as the scope is read as 全省 / 全市)."""
    regions = {k.name: k for k in ctx.lex.known.values() if k.cls == "Region"}
    for view in ctx.views:
        text = view.text
        subject = ""
        for m in _RANK.finditer(text):
            scope = m.group("scope")
            if scope[-1] in "省市" and not scope.startswith("全"):
                place = scope if scope in regions else None
                if place is None and not (
                    scope + "省" in regions or scope in ctx.home.province_name
                ):
                    continue
                scope = "全省" if scope.endswith("省") else "全市"
            gap_start = m.start()
            if text[max(0, gap_start - 1) : gap_start] == "、" and subject:
                name_subject = subject  # X位居全国第一、全球第二: the same X
            else:
                head = text[:gap_start]
                head = re.sub(r"(?:已|均|继续|仍|已经|目前)+$", "", head)
                phrase = re.search(r"([\u4e00-\u9fffA-Za-z0-9“”]{2,20})$", head)
                if not phrase or (m.group("verb") is None and not phrase.group(1)):
                    continue
                name_subject = _without_place(ctx, _LEADING_SCOPE.sub("", phrase.group(1)))
                name_subject = re.sub(r"^(?:助力|推动|带动|使|让)", "", name_subject)
            subject = name_subject
            if len(name_subject) < 4 or name_subject in GENERIC_NAMES:
                continue
            if name_subject.endswith(("排名", "位次")):
                continue  # 平台位次升至全国第四: the thing ranked is not written here
            name = name_subject + scope + "排名"
            quote = _figure_quote(text, m.start(), m.end())
            ind = ctx.finder.register(
                name, "Indicator", sentence=text, start=m.start(), end=m.end(), rule="rank",
                confidence=0.55, props={"unit": "位"}, quote=quote,
            )  # fmt: skip
            value = _rank_value(m.group("rank"))
            year = ctx.year
            years_here = _YEAR.findall(text[: m.start()])
            if years_here:
                year = int(years_here[-1])
            scope_id = _scope_in(ctx, view) or _scope(ctx)
            if ind is None or value is None or not year or not scope_id:
                continue
            ctx.cands.add_figure(
                FigureCandidate(
                    ind.id,
                    scope_id,
                    year,
                    float(value),
                    "位",
                    "reported",
                    quote,
                    text,
                    0.55,
                    "rank",
                )
            )
