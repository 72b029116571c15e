"""A document's structure: its own policy, the tasks of a plan and who is responsible.

An action plan's tasks are the numbered headings of its task sections (重点任务, 保障措施 …):
（一） headings are task groups of the plan, 1. headings actions of the group above. A work
report lists its tasks as 一是… 二是… sentences, each followed by the actions that carry it
out. A list of responsible units (（责任单位：A、B、C）) makes each unit responsible for the
task it closes.
"""

from __future__ import annotations

import re

from loaders.documents.context import Context
from loaders.documents.lexicon import fold
from loaders.documents.rules import HEADING, NON_TASK_SECTIONS, SAFEGUARD_SECTIONS, TASK_SECTIONS
from loaders.quotes import squash

__all__ = ["document_policy", "read_structure"]

_PLAN_TITLE = re.compile(
    r"(?:行动计划|实施方案|工作方案|实施意见|指导意见|规划|计划|方案|办法|若干措施|若干政策|通知|条例)"
    r"(?:[（(][^（）()]*[）)])*$"
)
_DRAFT = re.compile(r"[（(](?:征求意见稿|草案|试行|送审稿|讨论稿)[）)]")
_RESPONSIBLE = re.compile(r"[（(]?(?:责任单位|牵头单位|责任部门)[：:]([^（）()]+)[）)]?")
_DEPLOY = re.compile(r"部署(20\d{2})年(?:工作|任务|重点工作)?")
_LEAD_MARKS = re.compile(r"^[*#\s]+")


def document_policy(ctx: Context) -> str | None:
    """The policy the document sets out: a plan's own title, resolved against the graph."""
    title = ctx.doc.title.strip()
    if not _PLAN_TITLE.search(_DRAFT.sub("", title)):
        return None
    name = _DRAFT.sub("", title).strip("《》 ")
    status = _DRAFT.search(title)
    line = next((p for p in ctx.paras[:6] if squash(p) and squash(p) in squash(title)), title)
    cand = ctx.finder.register(
        name,
        "Policy",
        sentence=squash(ctx.paras[0]) if ctx.paras else name,
        start=0,
        end=0,
        rule="document title",
        confidence=0.9,
        kind="action plan" if "计划" in name else "plan",
        props={"status": status.group(0).strip("（）()")} if status else None,
        quote=_title_quote(ctx, title) or squash(line),
    )
    return cand.id if cand else None


def _title_quote(ctx: Context, title: str) -> str:
    """The title as it stands in the text (it may run over several lines)."""
    text = squash(ctx.doc.text)
    t = squash(title)
    return title if t and t in text else ""


def read_structure(ctx: Context) -> None:
    """Tasks (with hasTask) and responsible units (responsibleFor) of the document."""
    ctx.policy = document_policy(ctx)
    ctx.finder.policy = ctx.policy
    years = _DEPLOY.search(squash(ctx.doc.text))
    ctx.year = int(years.group(1)) - 1 if years else _year_of(ctx)
    _numbered(ctx)
    _ordinals(ctx)


def _year_of(ctx: Context) -> int | None:
    m = re.match(r"(\d{4})", ctx.doc.date or "")
    return int(m.group(1)) if m else None


# the manner words that open a report's action sentence are no part of the action's name
# (深入实施X → 实施X, 扎实开展Y → 开展Y)
_MANNER = re.compile(
    r"^(?:加紧|牢牢|深入|扎实|积极|持续|大力|着力|全力|切实|抓紧抓实|抓紧|进一步|不断|努力|全面|"
    r"高标准|高质量|认真|稳步|主动|坚决|更好)+"
)


def _task(
    ctx: Context, name: str, *, code: str, kind: str, quote: str, sentence: str, conf: float
) -> str | None:
    name = name.strip().rstrip("。.；;").strip("*")
    if len(fold(name)) < 2:
        return None
    cand = ctx.finder.register(
        name,
        "PolicyTask",
        sentence=sentence,
        start=0,
        end=0,
        rule="numbered heading",
        confidence=conf,
        kind=kind,
        props={"code": code},
        quote=quote,
    )
    return cand.id if cand else None


def _numbered(ctx: Context) -> None:
    """（一） and 1. headings inside the task sections of a plan; 责任单位 lists."""
    in_tasks = ctx.policy is not None  # a plan without section headings: every heading is a task
    safeguard = False
    group: str | None = None
    group_code = ""
    item: str | None = None
    views_by_para: dict[int, list] = {}
    for view in ctx.views:
        views_by_para.setdefault(view.paragraph, []).append(view)
    for index, para in enumerate(ctx.paras):
        line = squash(para)
        m = HEADING["section"].match(line)
        if m:
            title = m.group(2)
            if any(word in title for word in TASK_SECTIONS) and not any(
                word in title for word in NON_TASK_SECTIONS
            ):
                in_tasks, safeguard = True, any(word in title for word in SAFEGUARD_SECTIONS)
            else:
                in_tasks = False
            group = item = None
            continue
        m = HEADING["group"].match(line)
        if m and in_tasks and ctx.policy:
            group_code = f"（{m.group(1)}）"
            group = _task(
                ctx,
                m.group(2),
                code=group_code,
                kind="safeguard" if safeguard else "task group",
                quote=line,
                sentence=line,
                conf=0.9,
            )
            item = None
            ctx.relate(
                ctx.policy,
                "hasTask",
                group,
                quote=line,
                sentence=line,
                confidence=0.9,
                rule="numbered heading",
            )
            continue
        m = HEADING["item"].match(line)
        if m and in_tasks and ctx.policy:
            parent = group or ctx.policy
            item = _task(
                ctx,
                m.group(2),
                code=f"{group_code}{m.group(1)}." if group else f"{m.group(1)}.",
                kind="specific action",
                quote=line,
                sentence=line,
                conf=0.9,
            )
            ctx.relate(
                parent,
                "hasTask",
                item,
                quote=line,
                sentence=line,
                confidence=0.9,
                rule="numbered heading",
            )
            continue
        current = item or group
        for view in views_by_para.get(index, []):
            if in_tasks:
                view.task = current
            for r in _RESPONSIBLE.finditer(view.text):
                _responsible(ctx, r.group(1), current, view.text, r.start(1))


def _responsible(ctx: Context, listed: str, task: str | None, sentence: str, offset: int) -> None:
    if task is None:
        return
    pos = offset
    for part in re.split(r"[、，,；;]", listed):
        name = part.strip()
        start = sentence.find(name, pos)
        pos = start + len(name) if start >= 0 else pos
        if len(name) < 2:
            continue
        full, aliases = ctx.finder.expand(name)
        cand = ctx.finder.register(
            full,
            "GovernmentBody",
            sentence=sentence,
            start=max(start, 0),
            end=max(start, 0) + len(name),
            rule="责任单位 list",
            confidence=0.9,
            aliases=aliases,
            quote=sentence.strip("。"),
        )
        if cand is None or cand.cls not in ("GovernmentBody",):
            continue
        ctx.relate(
            cand.id,
            "responsibleFor",
            task,
            quote=sentence,
            sentence=sentence,
            confidence=0.9,
            rule="责任单位 list",
        )


def _ordinals(ctx: Context) -> None:
    """一是… 二是… task sentences of a work report, and the actions that follow each."""
    heads = []
    for i, view in enumerate(ctx.views):
        text = _LEAD_MARKS.sub("", view.text)
        m = HEADING["ordinal"].match(text)
        if m:
            heads.append((i, m))
    if len(heads) < 2:
        return
    if not ctx.policy and not _DEPLOY.search(squash(ctx.doc.text)):
        return  # an article's 一是… enumerates what it reports, not a programme's tasks
    owner = ctx.policy or _deployment(ctx, heads[0][0])
    ctx.programme = owner
    for n, (i, m) in enumerate(heads):
        view = ctx.views[i]
        quote = _LEAD_MARKS.sub("", view.text).strip("*")
        task = _task(
            ctx,
            m.group(2),
            code=m.group(1),
            kind="task group",
            quote=quote,
            sentence=view.text,
            conf=0.85,
        )
        view.task = task or view.task  # what the heading itself names is the task's
        ctx.relate(
            owner,
            "hasTask",
            task,
            quote=quote,
            sentence=view.text,
            confidence=0.85,
            rule="一是… tasks",
        )
        end = heads[n + 1][0] if n + 1 < len(heads) else len(ctx.views)
        actions = [
            v
            for v in ctx.views[i + 1 : end]
            if v.paragraph == view.paragraph or v.paragraph == view.paragraph + 1
        ]
        for k, action in enumerate(actions):
            action.task = task
            if k == 0:
                continue  # the sentence after the heading restates its aim
            first = re.split(r"[，,；;。]", action.text.strip("*"), maxsplit=1)[0]
            if len(first) < 4 or not _starts_with_verb(first):
                continue
            bare = _MANNER.sub("", first)
            first = bare if len(bare) >= 4 else first
            sub = _task(
                ctx,
                first,
                code=f"{m.group(1)}-{k}",
                kind="specific action",
                quote=action.text.strip("*"),
                sentence=action.text,
                conf=0.7,
            )
            action.task = sub or task  # what the action's sentence names is the action's
            ctx.relate(
                task,
                "hasTask",
                sub,
                quote=action.text.strip("*"),
                sentence=action.text,
                confidence=0.7,
                rule="一是… tasks",
            )


def _starts_with_verb(clause: str) -> bool:
    from loaders.documents.entities import tokens

    toks = tokens(clause)
    return bool(toks) and (
        toks[0][1].startswith("v")
        or (toks[0][1] in ("d", "a", "ad") and len(toks) > 1 and toks[1][1].startswith("v"))
    )


def _deployment(ctx: Context, first: int) -> str | None:
    """A work report's tasks belong to the year's work it deploys (部署2024年任务)."""
    text = squash(ctx.doc.text)
    m = _DEPLOY.search(text)
    year = m.group(1) if m else str(ctx.year or "")
    scope = ctx.home.province_name or ctx.home.city_name
    name = f"{year}年{scope}工作部署" if year else f"{scope}工作部署"
    sentence = ctx.views[first].text
    cand = ctx.finder.register(
        name,
        "Policy",
        sentence=sentence,
        start=0,
        end=0,
        rule="一是… tasks",
        confidence=0.6,
        kind="work deployment",
        quote=m.group(0) if m else sentence,
    )
    return cand.id if cand else None
