"""Relations from the constructions the genre uses.

- a list closing on a tier or title: A、B、C等N家国家级“某某”平台 → each selectedAs the tier;
  入选 / 获评 / 被评为 / 认定为 X → selectedAs X;
- 赋能 / 服务 / 落户 / 位于 / 依托 / 牵头 between two names of the sentence;
- an enumeration closing on a sector word (A、B、C等重点领域, A、B等12个行业, A、B集群) →
  each item an industry sector;
- a plan's own sentences: 聚焦 A、B等行业 → covers; 支持 / 打造 / 培育 / 建设 X → supports;
  给予奖励 / 奖补 → funds; 落实《X》/ 实施 X 工程 → implements;
- a name that starts with a place (某市X计算中心, 某省…联盟) → locatedIn that place,
  inferred.
"""

from __future__ import annotations

import re

from loaders.documents.context import Context, SentenceView
from loaders.documents.entities import Span, tokens
from loaders.documents.names import clause_around
from loaders.documents.places import leading_place, place_named, province_of
from loaders.documents.rules import GENERIC_NAMES, POSTS, SECTOR_LIST_HEAD

__all__ = ["read_relations"]

_TIER_LIST = re.compile(r"等?\d+(?:家|个|款)?")
_SELECT = re.compile(r"入选|获评|被评为|认定为|评为|列入|获批|成为")
_EMPOWER = re.compile(r"赋能")
_SERVE = re.compile(r"服务于|服务")
_SETTLE = re.compile(r"落户|落地|落子|入驻")
_LOCATED = re.compile(r"位于|坐落于|设在")
_RELY = re.compile(r"依托")
_LEAD = re.compile(r"牵头(?:制定|编制|起草|建设|实施)?")
_FOCUS = re.compile(r"聚焦|围绕|面向|涵盖|覆盖")
_SUPPORT = re.compile(r"支持|打造|培育|建设|争创|创建|做强|推进|建成|发展|组建|设立|建立|成立|发布")
_FUND = re.compile(r"奖励|奖补|资助|补贴|补助|资金支持|给予.{0,6}支持")
_IMPLEMENT = re.compile(r"落实|贯彻|实施|推进|深化|开展|融入|^以")
_SECTOR_HEAD = re.compile(
    r"等?(?:[一二三四五六七八九十\d]+大)?(?:重点|优势|新兴|未来|传统|先进制造)?(?:行业|产业|领域|产业链|集群)"
)


def read_relations(ctx: Context) -> None:
    for view in ctx.views:
        _district_lists(ctx, view)
        spans = _spans(view)
        if not spans:
            continue
        _sectors(ctx, view)
        _sector_lists(ctx, view)
        spans = _spans(view)  # the sectors the lists name stand in a tier's list too
        _selection(ctx, view, spans)
        _verbs(ctx, view, spans)
        _posts(ctx, view, spans)
        _issued(ctx, view, spans)
        _place_subject(ctx, view, spans)
        _task_lists(ctx, view, spans)
        _located_phrases(ctx, view, spans)
        _programme_results(ctx, view, spans)
        if _enterprise_lists(ctx, view):
            spans = _spans(view)
        _hosted_lists(ctx, view, spans)
        # what a task's own paragraph names belongs to that task, not to the plan as a whole
        owner = view.task or ctx.policy
        if owner:
            _plan_sentence(ctx, view, spans, owner)
    _meeting(ctx)
    _parks(ctx)
    _named_sectors(ctx)
    _places(ctx)
    _districts(ctx)
    _provinces(ctx)
    _province_hosts(ctx)
    _paragraph_hosts(ctx)
    _bylined(ctx)
    _departments(ctx)
    _own_body(ctx)


def _spans(view: SentenceView) -> list[Span]:
    out: list[Span] = []
    for s in sorted(view.spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and s.start < out[-1].end:  # keep outer spans only
            continue
        out.append(s)
    return out


def _clause_of(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, pos) for c in "，,。；;：:") + 1
    ends = [i for i in (text.find(c, pos) for c in "，,。；;") if i >= 0]
    return a, (min(ends) if ends else len(text))


def _selection(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """A、B、C等N家<tier> and X入选<title>."""
    text = view.text
    for k, tier in enumerate(spans):
        if tier.cls != "Designation":
            continue
        a, _b = _clause_of(text, tier.start)
        listed = [
            s
            for s in spans[:k]
            if s.start >= a
            and s.cls
            in (
                "Platform",
                "Enterprise",
                "Park",
                "Organization",
                "Region",
                "Infrastructure",
                "IndustrySector",
            )
        ]
        listed = _list_items(ctx, view, a, tier, listed)
        gap = text[listed[-1].end : tier.start] if listed else ""
        between = re.sub(r"国家级|国家|省级|市级|[“”]", "", gap)
        if listed and (_TIER_LIST.fullmatch(between) or between in ("", "等")):
            quote = text[listed[0].start : tier.end]
            _hosts(ctx, view, a, listed, quote)
            for s in listed:
                ctx.relate(
                    s.id,
                    "selectedAs",
                    tier.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.85,
                    rule="list before a tier",
                )
            continue
        before = text[a : tier.start]
        m = _SELECT.search(before)
        if m:
            subjects = [s for s in spans[:k] if s.start >= a and s.end <= a + m.start()]
            for s in subjects:
                ctx.relate(
                    s.id, "selectedAs", tier.id, quote=text[s.start : tier.end], sentence=text,
                    confidence=0.8, rule="入选 / 获评",
                )  # fmt: skip


_TIER_COUNT = re.compile(r"(?:等?\d+(?:家|个|款)|等)(?:国家级|国家|省级|市级)?[“”]*$")
_LIST_OPEN = re.compile(r"(?:支持|培育|拥有|培育了|建成|形成|包括|如|有|涌现出|打造了|其中，?)$")


def _list_items(
    ctx: Context, view: SentenceView, a: int, tier: Span, listed: list[Span]
) -> list[Span]:
    """A、B、C等N家<tier>: the items of the list, new names among them registered by the
    class the tier names (…平台 → Platform, …企业 → Enterprise)."""
    text = view.text
    head = text[a : tier.start]
    count = _TIER_COUNT.search(head)
    if not count or "、" not in head:
        return listed
    body = head[: count.start()]
    first = body.find("、")
    opener = max(
        (
            m.end()
            for m in re.finditer(r"支持|培育了?|拥有|建成|形成|包括|其中|打造了?|有", body)
            if m.end() <= first
        ),
        default=0,
    )
    body = body[opener:]
    cls = "Platform" if "平台" in tier.surface else "Enterprise" if "企业" in tier.surface else None
    if cls is None:
        return listed
    items: list[Span] = []
    pos = a + opener
    for part in re.split(r"[、和及]", body):
        name = part.strip("“”")
        start = text.find(part, pos)
        pos = start + len(part)
        if not (2 <= len(name) <= 16) or start < 0:
            continue
        known = next(
            (s for s in listed if s.start <= start and s.end >= start + len(part) - 1), None
        )
        if known is not None:
            items.append(known)
            continue
        cand = ctx.finder.register(
            name, cls, sentence=text, start=start, end=start + len(part),
            rule="list before a tier", confidence=0.75, quote=text[a : tier.end],
        )  # fmt: skip
        if cand is not None:
            span = Span(start, start + len(part), cand.id, cand.cls, part)
            view.spans.append(span)
            items.append(span)
    return items or listed


_HOSTING = re.compile(r"(?:培育了?|拥有|建成|聚集|集聚|汇聚)")


def _hosts(ctx: Context, view: SentenceView, a: int, listed: list[Span], quote: str) -> None:
    """<place>培育了 / 拥有 A、B…: the place hosts each; without a place in the sentence, the
    document's own city or province (inferred, and the note says so)."""
    text = view.text
    head = text[a : listed[0].start]
    if not _HOSTING.search(head):
        return
    places = [s for s in view.spans if s.cls == "Region" and s.end <= listed[0].start]
    if places:
        place, inferred, note = places[-1].id, False, {}
    else:
        place = ctx.home.city or ctx.home.province
        inferred = True
        note = {
            "zh": "句中未写地点：按文档所在地理解",
            "en": "the sentence names no place: the document's own place is read",
        }
    if place and place not in ctx.cands.entities and place in ctx.lex.known:
        known = ctx.lex.known[place]
        ctx.finder.register(
            known.name,
            known.cls,
            sentence=text,
            start=0,
            end=0,
            rule="known name",
            confidence=0.7,
            quote=quote,
        )
    for s in listed:
        if s.cls in ("Platform", "Enterprise", "Infrastructure", "Organization"):
            ctx.relate(
                place, "hosts", s.id, quote=quote, sentence=text, confidence=0.7,
                rule="培育 / 拥有 a list", inferred=inferred, note=note,
            )  # fmt: skip


def _verbs(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """X赋能Y, X服务Y, X落户Y, X位于Y, X依托Y, X牵头…Y."""
    text = view.text
    for i, left in enumerate(spans):
        for right in spans[i + 1 : i + 3]:
            gap = text[left.end : right.start]
            if len(gap) > 12 or re.search(r"[，,。；;、]", gap):
                continue
            quote = text[left.start : right.end]
            if _EMPOWER.search(gap) and left.cls in ("Platform", "Enterprise", "Infrastructure"):
                ctx.relate(
                    left.id,
                    "empowers",
                    right.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.8,
                    rule="赋能",
                )
            elif (
                _SERVE.search(gap)
                and left.cls in ("Platform", "Enterprise")
                and right.cls in ("Enterprise", "Region", "Park", "IndustrySector")
            ):
                ctx.relate(
                    left.id,
                    "serves",
                    right.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.75,
                    rule="服务",
                )
            elif _SETTLE.search(gap) and right.cls in ("Region", "Park"):
                ctx.relate(
                    left.id,
                    "locatedIn",
                    right.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.8,
                    rule="落户",
                )
                ctx.relate(
                    right.id,
                    "hosts",
                    left.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.75,
                    rule="落户",
                )
            elif _LOCATED.search(gap) and right.cls in ("Region", "Park"):
                ctx.relate(
                    left.id,
                    "locatedIn",
                    right.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.85,
                    rule="位于",
                )
            elif _RELY.search(gap) and right.cls in (
                "Platform",
                "Infrastructure",
                "Organization",
                "Enterprise",
            ):
                ctx.relate(
                    left.id,
                    "supports",
                    right.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.6,
                    rule="依托",
                    inferred=True,
                    note={"zh": "“依托”读作支持", "en": "依托 (relies on): read as support"},
                )
            elif _LEAD.search(gap) and left.cls == "GovernmentBody" and right.cls == "Policy":
                ctx.relate(
                    right.id,
                    "issuedBy",
                    left.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.8,
                    rule="牵头制定",
                )


def _sectors(ctx: Context, view: SentenceView) -> None:
    """聚焦 A、B、C等重点行业: each item an industry sector."""
    text = view.text
    for m in _FOCUS.finditer(text):
        rest = text[m.end() :]
        head = _SECTOR_HEAD.search(rest)
        if not head or head.start() > 60:
            continue
        listed = rest[: head.start()]
        if "，" in listed or "。" in listed or "、" not in listed:
            continue
        offset = m.end()
        sectors = []
        for item in re.split(r"[、和及与]", listed):
            item = item.strip("“”")
            if not (2 <= len(item) <= 12) or re.search(r"\d", item):
                continue
            start = text.find(item, offset)
            cand = ctx.finder.register(
                item, "IndustrySector", sentence=text, start=start, end=start + len(item),
                rule="聚焦 A、B等行业", confidence=0.75, quote=text[m.start() : m.end() + head.end()],
            )  # fmt: skip
            if cand is not None and cand.cls == "IndustrySector":
                sectors.append(cand.id)
                view.spans.append(Span(start, start + len(item), cand.id, cand.cls, item))
        subject = view.task or ctx.policy
        # the programme named just before the list is what focuses on it (X行动，聚焦A、B等产业)
        named = [
            s for s in view.spans if s.cls == "Policy" and s.end <= m.start() and s.id != subject
        ]
        if named and m.start() - named[-1].end <= 20:
            subject = named[-1].id
        for sid in sectors:
            ctx.relate(
                subject, "covers", sid, quote=text[m.start() : m.end() + head.end()], sentence=text,
                confidence=0.75, rule="聚焦 A、B等行业",
            )  # fmt: skip


_LEADING_FLAGS = ("v", "d", "p", "c", "u", "r", "m", "q", "f", "a")


_LAUNCH = re.compile(r"(?:组织|实施|开展|推进|启动|举办|打造\d*个?)$")
_OPENING = re.compile(
    r"^.*(?:布局|做强|做大|做优|壮大|培育|推动|加快|围绕|聚焦|打造|提升|深耕|突破|引进|发展)"
)


def _trim_head(item: str) -> str:
    """The list's first item carries the clause's opening words (加快布局风电): drop them,
    and leading verbs, adverbs and the like as jieba's tagger reads them."""
    opened = _OPENING.match(item)
    if opened and len(item) - opened.end() >= 2:
        item = item[opened.end() :]
    toks = [(w, f) for w, f, _pos in tokens(item)]
    while len(toks) > 1 and toks[0][1].startswith(_LEADING_FLAGS):
        if toks[0][1] == "m" and not re.fullmatch(
            r"[\d一二三四五六七八九十百千万几两多]+", toks[0][0]
        ):
            break  # 元宇宙: a word, not a count
        if toks[0][1] == "m" and re.match(r"[A-Za-z]", toks[1][0]):
            break  # 6G: the digits belong to the name
        toks.pop(0)
    return "".join(w for w, _f in toks)


_ABBREVIATION = re.compile(r"[（(][A-Za-z0-9\-]{1,10}[）)]$")


def _list_start(text: str, end: int) -> int:
    """Where the clause holding a list begins: after the last comma or colon, or after an
    opening bracket still open at ``end`` (a bracket closed inside the list is part of it)."""
    a = max(text.rfind(c, 0, end) for c in "，,。；;：:") + 1
    for opening, closing in (("（", "）"), ("(", ")")):
        k = text.rfind(opening, a, end)
        if k >= 0 and text.find(closing, k, end) < 0:
            a = k + 1
    return a


def _sector_lists(ctx: Context, view: SentenceView) -> None:
    """A、B、C等重点领域 / A、B等12个行业 / A、B集群: an enumeration closing on a sector word,
    whatever verb opens it; each item an industry sector, covered by the programme named
    just before the list."""
    text = view.text
    for head in SECTOR_LIST_HEAD.finditer(text):
        a = _list_start(text, head.start())
        listed = text[a : head.start()]
        if "、" not in listed or len(listed) > 60:
            continue
        if (
            not re.match(r"等|\d|[一二三四五六七八九十]+大", head.group(0))
            and "等" not in text[a : head.start()]
            and not head.group(0).endswith("集群")
            and re.match(r"[\u4e00-\u9fff]", text[head.end() : head.end() + 1])
        ):
            continue  # 优化产业布局: a sector word inside a longer phrase, no list's head
        if re.match(r"[^，,。；;]{0,6}(?:人才|队伍)", text[head.end() :]):
            continue  # A、B等产业领域三类人才: kinds of people, not sectors
        items = listed.split("、")
        items[0] = _trim_head(items[0])
        last, _, rest = items[-1].partition("等")
        if rest and (len(rest) > 8 or any(f.startswith("v") for _w, f, _p in tokens(rest))):
            continue  # A、B等共建X领域: a clause between the list and its head
        items[-1] = last  # A、B、C等某类装备: the list ends at 等
        items = [_ABBREVIATION.sub("", i) if i.endswith(("）", ")")) else i for i in items]
        if any(
            not (2 <= len(i.strip("“”")) <= 12)
            or re.search(r"的|”|“", i)
            or (re.search(r"\d", i) and not re.fullmatch(r"\d+[A-Za-z]+", i))
            for i in items
        ):
            continue
        if any(i.strip("“”") in GENERIC_NAMES for i in items):
            continue
        quote = text[a : head.end()]
        # the programme named just before the list covers it (X行动，聚焦A、B等产业); a
        # list with no programme before it only names sectors
        named = [s for s in view.spans if s.cls == "Policy" and s.end <= a and a - s.end <= 20]
        if not named:  # 推进X行动，聚焦…，加快布局A、B等产业: the sentence's programme
            named = [
                s
                for s in view.spans
                if s.cls == "Policy" and s.end <= a and s.id not in (ctx.policy, ctx.programme)
            ][:1]
        # …or the one the clause goes on to launch (A、B等集群，深入组织X工程)
        after = [
            s
            for s in view.spans
            if s.cls in ("Policy", "Event")
            and head.start() <= s.start <= head.end() + 25
            and not re.search(r"[。；;]", text[head.end() : s.start])
            and (
                s.start < head.end()
                or _LAUNCH.search(text[max(0, s.start - 8) : s.start].rstrip("“"))
            )
        ]
        # in a plan, a list no programme claims belongs to the task its paragraph sets out
        fallback = view.task if ctx.policy else None
        subject = named[-1].id if named else after[0].id if after else fallback
        pos = a
        for item in items:
            start = text.find(item, pos)
            pos = start + len(item)
            if text[pos : pos + 1] in ("（", "("):  # 某某技术（ABC）: the abbreviation stays out
                pos = text.find("）" if text[pos] == "（" else ")", pos) + 1
            cand = ctx.finder.register(
                item.strip("“”"), "IndustrySector", sentence=text, start=start, end=pos,
                rule="A、B等领域", confidence=0.7, quote=quote,
            )  # fmt: skip
            if cand is None or cand.cls != "IndustrySector":
                continue
            view.spans.append(Span(start, pos, cand.id, cand.cls, item))
            ctx.relate(
                subject, "covers", cand.id, quote=quote, sentence=text, confidence=0.7,
                rule="A、B等领域",
            )  # fmt: skip


_POST_WORDS = re.compile(
    "^(?:[、，,·\\s*]|" + "|".join(sorted(POSTS, key=len, reverse=True)) + ")*$"
)


def _posts(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """某局党组成员、副局长某某: the person holds a post in the body named just before it."""
    text = view.text
    for k, person in enumerate(spans):
        if person.cls != "Person":
            continue
        org = next(
            (
                s
                for s in reversed(spans[:k])
                if s.cls in ("GovernmentBody", "Organization", "Enterprise")
            ),
            None,
        )
        if org is None or person.start - org.end > 20:
            continue
        between = text[org.end : person.start]
        if not between or not _POST_WORDS.match(between):
            continue
        ctx.relate(
            person.id, "holdsPost", org.id, quote=text[org.start : person.end], sentence=text,
            confidence=0.85, rule="body, post, person", props={"post": between.strip("、，,")},
        )  # fmt: skip


_ISSUE = re.compile(r"(?:出台|发布|印发|制定|颁布|修订|出台了|发布了|印发了)")


def _issued(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """<place or body> …出台 / 发布《X》: the policy covers the place, or is issued by the body."""
    text = view.text
    for k, pol in enumerate(spans):
        if pol.cls != "Policy" or pol.id == ctx.policy:
            continue
        a, _b = _clause_of(text, pol.start)
        verb = _ISSUE.search(text, a, pol.start)
        if verb is None or pol.start - verb.end() > 4:
            continue
        actors = [s for s in spans[:k] if s.start >= a and s.end <= verb.start()]
        if not actors and a > 0:  # the sentence's subject, before a comma
            actors = [s for s in spans[:k] if s.end <= verb.start()][:1]
        for actor in actors[:1]:
            quote = text[actor.start : pol.end]
            if actor.cls == "Region":
                ctx.relate(
                    pol.id, "covers", actor.id, quote=quote, sentence=text, confidence=0.75,
                    rule="某地出台《X》",
                )  # fmt: skip
            elif actor.cls == "GovernmentBody":
                ctx.relate(
                    pol.id, "issuedBy", actor.id, quote=quote, sentence=text, confidence=0.75,
                    rule="某部门出台《X》",
                )  # fmt: skip


_FIRM_LIST_HEAD = re.compile(
    r"等(?:一批|\d+余?(?:家|个)|多家|众多)?[\u4e00-\u9fff]{0,8}?(?:龙头企业|企业|龙头|集团)"
)


def _enterprise_lists(ctx: Context, view: SentenceView) -> bool:
    """A、B、C等一批制造业龙头 / A、B等算力龙头企业: each short item an enterprise (new names
    registered; known names keep their own class). True when it added names."""
    text = view.text
    added = False
    for head in _FIRM_LIST_HEAD.finditer(text):
        a = max(text.rfind(c, 0, head.start()) for c in "，,。；;：:（(") + 1
        listed = text[a : head.start()]
        if "、" not in listed or len(listed) > 80 or "平台" in head.group(0):
            continue
        items = listed.split("、")
        items[0] = _trim_head(items[0])
        pos = a
        for item in items:
            start = text.find(item, pos)
            pos = start + len(item)
            name = item.strip("“”")
            if not (2 <= len(name) <= 10) or re.search(r"\d", name) or name in GENERIC_NAMES:
                continue
            # a name already read there wins; a place inside a company's name does not count
            if any(
                not (pos <= sp.start or sp.end <= start)
                and not (sp.cls == "Region" and start <= sp.start and sp.end <= pos)
                for sp in view.spans
            ):
                continue
            cand = ctx.finder.register(
                name, "Enterprise", sentence=text, start=start, end=pos,
                rule="A、B等龙头企业", confidence=0.65, quote=text[a : head.end()],
            )  # fmt: skip
            if cand is not None:
                view.spans.append(Span(start, pos, cand.id, cand.cls, item))
                added = True
        _settled_list(ctx, view, a, head.end())
    return added


def _settled_list(ctx: Context, view: SentenceView, a: int, b: int) -> None:
    """A、B等龙头企业纷纷落子 / 落户某地: the place hosts each."""
    text = view.text
    m = re.compile(r"[^。；;]{0,12}?(?:落子|落户|入驻|布局)").match(text, b)
    if m is None:
        return
    place = next(
        (
            s
            for s in view.spans
            if s.cls in ("Region", "Park") and m.end() <= s.start <= m.end() + 2
        ),
        None,
    )
    if place is None:  # a short place name the finder leaves alone outside lists: 落子济南
        for k in (4, 3, 2):
            name = text[m.end() : m.end() + k]
            hits = [i for i in ctx.lex.exact(name) if ctx.lex.known[i].cls == "Region"]
            cand = hits and ctx.finder.register(
                name, "Region", sentence=text, start=m.end(), end=m.end() + k,
                rule="known name", confidence=0.8,
            )  # fmt: skip
            if cand:
                place = Span(m.end(), m.end() + k, cand.id, cand.cls, name)
                break
    if place is None:
        return
    for s in view.spans:
        if a <= s.start and s.end <= b and s.cls in ("Enterprise", "Platform", "Organization"):
            ctx.relate(
                place.id, "hosts", s.id, quote=text[a : place.end], sentence=text,
                confidence=0.75, rule="A、B等落户某地",
            )  # fmt: skip


_HAS_LIST = re.compile(r"(?:既有|又有|拥有|聚集了?|集聚了?|汇聚了?|培育了|涌现出)$")
_HERE = ("当地", "本地", "我市", "我省", "全市", "全省")


def _hosted_lists(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """<place>既有 / 拥有 A、B、C等…: the place hosts each enterprise or platform listed;
    当地 / 我市 is the document's own place (inferred, and the note says so)."""
    text = view.text
    for m in re.finditer(r"既有|又有|拥有|聚集了?|集聚了?|汇聚了?|培育了|涌现出", text):
        _a, b = _clause_of(text, m.end())
        items = []
        for s in spans:
            if s.start < m.end() or s.start > b:
                continue
            gap = text[items[-1].end : s.start] if items else text[m.end() : s.start]
            if items and gap not in ("、", "和", "及"):
                break
            if not items and len(gap) > 2:
                break
            if s.cls not in ("Enterprise", "Platform"):
                break
            items.append(s)
        if len(items) < 2:
            continue
        before = text[: m.start()]
        places = [s for s in spans if s.cls == "Region" and s.end <= m.start()]
        note: dict[str, str] = {}
        if places:
            place, inferred = places[-1].id, False
        elif any(h in before for h in _HERE) and ctx.home.city:
            place, inferred = ctx.home.city, True
            note = {
                "zh": "“当地 / 我市”按文档所在地理解",
                "en": "当地 / 我市: the document's own place",
            }
        else:
            continue
        if place and place not in ctx.cands.entities and place in ctx.lex.known:
            known = ctx.lex.known[place]
            ctx.finder.register(
                known.name, known.cls, sentence=text, start=0, end=0, rule="known name",
                confidence=0.7, quote=text[m.start() : items[-1].end],
            )  # fmt: skip
        quote = text[(places[-1].start if places else m.start()) : items[-1].end]
        for s in items:
            ctx.relate(
                place, "hosts", s.id, quote=quote, sentence=text, confidence=0.7,
                rule="某地拥有A、B", inferred=inferred, note=note,
            )  # fmt: skip


# what follows a thing a plan builds (X建设, X上线运行, A、B等重大项目建设运营)
_BUILT = re.compile(r"[^，,。；;]{0,12}?(?:建设|上线|建成|运营|运行|落地)")


def _after_list(text: str, end: int, b: int) -> str:
    """The words after a name, past the rest of the list it closes (、B、C等…)."""
    rest = text[end:b]
    m = re.match(r"(?:、[^、，,。；;]{1,20})*", rest)
    return rest[m.end() :] if m else rest


_REWARD_OPEN = re.compile(r"对(?:新)?(?:认定|获批|评定|认证)(?:为)?的$")


def _plan_sentence(ctx: Context, view: SentenceView, spans: list[Span], owner: str) -> None:
    """What a plan (or a report's programme of tasks) does in its own sentences."""
    text = view.text
    funded = bool(_FUND.search(text))
    for s in spans:
        a, b = _clause_of(text, s.start)
        clause = text[a:b]
        before = text[a : s.start]
        if s.cls == "Policy" and s.id != owner and _IMPLEMENT.search(before):
            ctx.relate(
                owner,
                "implements",
                s.id,
                quote=clause,
                sentence=text,
                confidence=0.75,
                rule="落实 / 实施",
            )
        elif funded and s.cls == "Designation" and _REWARD_OPEN.search(before):
            # 对新认定的X给予奖励: the plan rewards the title, it does not build it
            ctx.relate(
                owner, "funds", s.id, quote=clause, sentence=text, confidence=0.65,
                rule="对新认定的X给予奖励",
            )  # fmt: skip
        elif s.cls in (
            "Designation",
            "Infrastructure",
            "Organization",
            "Platform",
            "Park",
            "Region",
        ) and (_SUPPORT.search(before) or _BUILT.match(_after_list(text, s.end, b))):
            ctx.relate(
                owner,
                "supports",
                s.id,
                quote=clause,
                sentence=text,
                confidence=0.7,
                rule="支持 / 打造",
            )
            if funded and s.cls == "Designation":
                ctx.relate(
                    owner,
                    "funds",
                    s.id,
                    quote=text.strip("。"),
                    sentence=text,
                    confidence=0.6,
                    rule="给予奖励",
                )


def _districts(ctx: Context) -> None:
    """A district or county a city's document names is part of that city (inferred)."""
    city = ctx.home.city
    if not city or city not in ctx.cands.entities:
        return
    name = ctx.home.city_name
    for cand in list(ctx.cands.entities.values()):
        if cand.cls != "Region" or cand.id == city or not cand.zh.endswith(("区", "县")):
            continue
        ctx.relate(
            cand.id, "partOf", city, quote=cand.quote, sentence=cand.sentence, confidence=0.6,
            rule="a district in the document's city", inferred=True,
            note={"zh": f"区县按文档所在城市（{name}）理解", "en": f"a district of the document's city, {name}"},
        )  # fmt: skip


_COUNTRY = ("中国", "全国", "国家", "中华人民共和国")


def _places(ctx: Context) -> None:
    """A name that starts with a place is in that place (inferred from the name); a place
    written short (某市 as 某) counts, and a known place is proposed where the name shows it."""
    regions = {c.zh: c.id for c in ctx.cands.entities.values() if c.cls == "Region"}
    for eid in ctx.lex.known:
        k = ctx.lex.known[eid]
        if k.cls == "Region":
            regions.setdefault(k.name, eid)
    for name, eid in list(regions.items()):
        if name.endswith(("市", "省")) and len(name) >= 3:
            regions.setdefault(name[:-1], eid)
    for cand in list(ctx.cands.entities.values()):
        # 某市X局 with 某市 a prefecture-level city of the reference list: the city is named
        if cand.existing or cand.cls in ("Region", "Indicator", "PolicyTask", "Person"):
            continue
        city = next(
            (cand.zh[:k] for k in (5, 4, 3) if province_of(cand.zh[:k]) and len(cand.zh) > k + 1),
            None,
        )
        if city and city not in regions and city in cand.quote:
            got = ctx.finder.register(
                city, "Region", sentence=cand.sentence, start=0, end=0,
                rule="a listed city at the start of a name", confidence=0.7, kind="city",
                quote=cand.quote,
            )  # fmt: skip
            if got is not None and got.cls == "Region":
                regions[city] = got.id
    for cand in list(ctx.cands.entities.values()):
        if cand.cls in (
            "Region",
            "Indicator",
            "PolicyTask",
            "IndustrySector",
            "Designation",
            "Person",
        ):
            continue
        if cand.existing and cand.cls not in ("Infrastructure", "Park", "Event"):
            continue  # a known body or firm keeps the places the graph gives it
        name = _name_of(ctx, cand.id)
        place = max(
            (
                p
                for p in regions
                if name.startswith(p) and len(name) > len(p) + 1 and p not in _COUNTRY
            ),
            key=len,
            default=None,
        )
        if not place:
            _inner_place(ctx, cand, name, regions)
            continue
        rid = regions[place]
        if rid not in ctx.cands.entities:
            if cand.existing or rid not in ctx.lex.known or place not in cand.quote:
                continue
            known = ctx.lex.known[rid]
            got = ctx.finder.register(
                known.name, "Region", sentence=cand.sentence, start=0, end=0,
                rule="known name", confidence=0.7, quote=cand.quote,
            )  # fmt: skip
            if got is None or got.id != rid:
                continue
        _inner_place(ctx, cand, name, regions)
        rel = "covers" if cand.cls == "Policy" else "locatedIn"
        ctx.relate(
            cand.id, rel, rid, quote=cand.quote, sentence=cand.sentence, confidence=0.7,
            rule="place at the start of a name", inferred=True, note={"zh": f"名称以“{place}”开头", "en": f"the name begins with {place}"},
        )  # fmt: skip


_DISTRICT_LIST = re.compile(
    r"((?:[\u4e00-\u9fff]{1,5}[区县市]、)+[\u4e00-\u9fff]{1,5}[区县])"
    r"等(?:\d+个|[一二三四五六七八九十]+个)?(?:区县|县区|区（县）|县（市、区）|区县市|县市区)"
)
_LIST_VERB = re.compile(r"^.*?(?:支持|推动|引导|鼓励|组织|指导|在)")


def _district_lists(ctx: Context, view: SentenceView) -> None:
    """A、B、C等区县: each item a district or county (a name the graph holds keeps its class)."""
    text = view.text
    for m in _DISTRICT_LIST.finditer(text):
        pos = m.start(1)
        items = m.group(1).split("、")
        opened = _LIST_VERB.match(items[0])
        for k, item in enumerate(items):
            start = text.find(item, pos)
            pos = start + len(item)
            if k == 0 and opened:
                item, start = item[opened.end() :], start + opened.end()
            if not (2 <= len(item) <= 6) or not item.endswith(("区", "县")):
                continue
            if any(not (pos <= s.start or s.end <= start) for s in view.spans):
                continue
            if [i for i in ctx.lex.exact(item) if ctx.lex.known[i].cls != "Region"]:
                continue
            cand = ctx.finder.register(
                item, "Region", sentence=text, start=start, end=pos, rule="A、B等区县",
                confidence=0.75, kind="county" if item.endswith("县") else "district",
                quote=text[m.start(1) : m.end()],
            )  # fmt: skip
            if cand is not None and cand.cls == "Region":
                view.spans.append(Span(start, pos, cand.id, cand.cls, item))


def _name_of(ctx: Context, eid: str) -> str:
    known = ctx.lex.known.get(eid)
    return known.name if known is not None else ctx.cands.entities[eid].zh


def _provinces(ctx: Context) -> None:
    """A prefecture-level city the document names is part of its province (the list of
    administrative divisions says which)."""
    for cand in list(ctx.cands.entities.values()):
        if cand.cls != "Region":
            continue
        name = _name_of(ctx, cand.id)
        province = province_of(name)
        if province is None:
            continue
        prov = ctx.finder.register(
            province, "Region", sentence=cand.sentence, start=0, end=0,
            rule="administrative division", confidence=0.6, kind="province", quote=cand.quote,
        )  # fmt: skip
        if prov is None or prov.cls != "Region":
            continue
        ctx.relate(
            cand.id, "partOf", prov.id, quote=cand.quote, sentence=cand.sentence,
            confidence=0.7, rule="a city in its province", inferred=True,
            note={"zh": f"行政区划：{name}属{province}", "en": f"administrative divisions: {name} is in {province}"},
        )  # fmt: skip


_DEPARTMENT_END = re.compile(r"(?:局|委员会|委|领导小组)$")


def _document_level(ctx: Context) -> str:
    """city or province: whose document this is, by how often it speaks of 全市 / 全省."""
    text = ctx.doc.text
    city = sum(text.count(w) for w in ("全市", "我市", "市委", "市政府"))
    province = sum(text.count(w) for w in ("全省", "我省", "省委", "省政府"))
    return "city" if city > province else "province"


def _departments(ctx: Context) -> None:
    """In a city's document, a municipal bureau or commission (某市X局, 某市X委员会) is part
    of the city's people's government (inferred)."""
    city = ctx.home.city_name
    if not city or not city.endswith("市") or _document_level(ctx) != "city":
        return
    government = city + "人民政府"
    gov_id = None
    for cand in list(ctx.cands.entities.values()):
        if cand.cls != "GovernmentBody":
            continue
        name = _name_of(ctx, cand.id)
        if not name.startswith(city) or name == government:
            continue
        if not _DEPARTMENT_END.search(name) or name.endswith("党委"):
            continue
        if gov_id is None:
            gov = ctx.finder.register(
                government, "GovernmentBody", sentence=cand.sentence, start=0, end=0,
                rule="a city's government", confidence=0.6, kind="government", quote=cand.quote,
            )  # fmt: skip
            if gov is None:
                return
            gov_id = gov.id
        ctx.relate(
            cand.id, "partOf", gov_id, quote=cand.quote, sentence=cand.sentence, confidence=0.6,
            rule="a city's bureau", inferred=True,
            note={"zh": f"市级部门属{government}", "en": f"a municipal department of {government}"},
        )  # fmt: skip


def _body_spoken_for(ctx: Context) -> str | None:
    """The government body a document names most often (at least twice, and twice as often
    as any other): the body a plan or a work report speaks for."""
    counts: dict[str, int] = {}
    for view in ctx.views:
        for sid in {s.id for s in view.spans if s.cls == "GovernmentBody"}:
            counts[sid] = counts.get(sid, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0] if ranked[0][0] in ctx.cands.entities else None


def _own_body(ctx: Context) -> None:
    """A plan of its own with no issuer written is issued by the body it speaks for; a work
    report's programme is that body's, and it answers for each of the programme's tasks (all
    inferred, and the notes say so)."""
    owner = ctx.policy or ctx.programme
    if not owner or owner not in ctx.cands.entities:
        return
    _own_place(ctx, owner)
    _built_here(ctx)
    body = _body_spoken_for(ctx)
    if body is None:
        return
    cand = ctx.cands.entities[body]
    note = {
        "zh": "文档最常提及的政府部门，按发文 / 负责单位理解",
        "en": "the government body the document names most often, read as its author",
    }
    issued = any(r.s == owner and r.p == "issuedBy" for r in ctx.cands.relations)
    if not issued:
        ctx.relate(
            owner, "issuedBy", body, quote=cand.quote, sentence=cand.sentence, confidence=0.5,
            rule="the document's own body", inferred=True, note=note,
        )  # fmt: skip
    if ctx.programme and not ctx.policy:
        tasks = [r for r in ctx.cands.relations if r.s == owner and r.p == "hasTask"]
        for r in tasks:
            ctx.relate(
                body, "responsibleFor", r.o, quote=r.quote, sentence=r.sentence,
                confidence=0.5, rule="the document's own body", inferred=True, note=note,
            )  # fmt: skip


_HELD = re.compile(r"在(?P<place>[\u4e00-\u9fff]{2,8}?)(?:隆重)?(?:召开|举行|举办|开幕)")
_ATTEND = re.compile(r"(?:出席|参加|列席|主持)(?:了)?(?:会议|大会|活动|论坛)|作了?(?:交流)?发言")


def _meeting(ctx: Context) -> None:
    """A meeting's report: <meeting>在<place>召开 → the meeting is located there; who the
    report says attended (出席会议, 参加会议, 作交流发言) participates in it; the body the report
    speaks for organised it (inferred)."""
    main = None
    for view in ctx.views[:6]:
        text = view.text
        for ev in view.spans:
            if ev.cls != "Event":
                continue
            held = _HELD.match(text, ev.end)
            if held is None:
                continue
            name = held.group("place")
            place = next(
                (s for s in view.spans if s.cls == "Region" and s.start == held.start("place")),
                None,
            )
            if place is None:
                hits = [
                    i
                    for n in (name, name + "市")
                    for i in ctx.lex.exact(n)
                    if ctx.lex.known[i].cls == "Region"
                ]
                full = ctx.lex.known[hits[0]].name if hits else place_named(name)
                cand = full and ctx.finder.register(
                    full, "Region", sentence=text, start=held.start("place"),
                    end=held.end("place"), rule="known name", confidence=0.8,
                )  # fmt: skip
                place = cand and Span(
                    held.start("place"), held.end("place"), cand.id, cand.cls, name
                )
            quote = text[ev.start : held.end()]
            if place:
                ctx.relate(
                    ev.id, "locatedIn", place.id, quote=quote, sentence=text, confidence=0.8,
                    rule="会议在某地召开",
                )  # fmt: skip
            main = main or ev.id
        if main:
            break
    if main is None:
        return
    body = _body_spoken_for(ctx)
    if body:
        cand = ctx.cands.entities[body]
        ctx.relate(
            main, "organizedBy", body, quote=cand.quote, sentence=cand.sentence, confidence=0.5,
            rule="the report's own body", inferred=True,
            note={"zh": "会议报道最常提及的政府部门，按主办单位理解", "en": "the body the report names most often, read as the organiser"},
        )  # fmt: skip
    for view in ctx.views:
        text = view.text
        if not _ATTEND.search(text):
            continue
        if any(s.cls == "Event" and s.id != main for s in view.spans):
            continue  # another meeting named: the attendance may be that one's
        for s in view.spans:
            if s.cls in ("Person", "GovernmentBody", "Organization", "Enterprise"):
                a, b = _clause_of(text, s.start)
                ctx.relate(
                    s.id, "participatesIn", main, quote=text[a:b] if b - a < 120 else s.surface,
                    sentence=text, confidence=0.7, rule="出席 / 参加会议",
                )  # fmt: skip


_SUBJECT_VERB = re.compile(
    r"(?:于?\d{4}年(?:\d{1,2}月)?(?:起|以来)?)?"
    r"(?:积极|着力|大力|持续|深入|率先|先后|全面|加快|扎实|不断|已经|已|还|就|谋划|也|累计|共)*"
    r"(?P<verb>组织实施|实施|开展|推出|出台|制定|发布|印发|打造|建设|建成|构建|培育|组建|举办|"
    r"启动|推行|带动|拥有)了?"
)


def _region_at(ctx: Context, view: SentenceView, pos: int) -> tuple[str, int] | None:
    """A province or city named at ``pos`` (a span, or a short known name: 山东, 江苏)."""
    text = view.text
    for s in view.spans:
        if s.start == pos and s.cls == "Region":
            return s.id, s.end
    for k in (5, 4, 3, 2):
        name = text[pos : pos + k]
        hits = [
            i
            for n in (name, name + "省", name + "市")
            for i in ctx.lex.exact(n)
            if ctx.lex.known[i].cls == "Region"
        ]
        if hits:
            return hits[0], pos + k
        full = place_named(name)
        if full:
            got = ctx.finder.register(
                full, "Region", sentence=text, start=pos, end=pos + k, rule="a listed place",
                confidence=0.75, quote=clause_around(text, pos, pos + k),
            )  # fmt: skip
            if got is not None and got.cls == "Region":
                return got.id, pos + k
    return None


def _place_subject(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """某省组织实施 / 开展 / 打造 X: a clause whose subject is a place. A programme it launches
    covers the place, a meeting it holds is there, a platform or network it builds it hosts."""
    text = view.text
    starts = [0] + [m.end() for m in re.finditer(r"[，,。；;：:]", text)]
    current = None  # the place the sentence's earlier clause spoke of: 某地出台X，谋划实施Y
    for a in starts:
        if a and text[a - 1] in "。；;":
            current = None
        found = _region_at(ctx, view, a)
        if found is None:
            if current is None:
                continue
            rid, end = current, a
        else:
            rid, end = found
        verb = _SUBJECT_VERB.match(text, end)
        if verb is None:
            current = None if found is None else current
            continue
        current = rid
        b = _clause_of(text, verb.end())[1]
        objs = [s for s in spans if verb.end() <= s.start and s.end <= b]
        if not objs:
            continue
        if rid not in ctx.cands.entities:
            known = ctx.lex.known[rid]
            got = ctx.finder.register(
                known.name, "Region", sentence=text, start=a, end=end, rule="known name",
                confidence=0.8,
            )  # fmt: skip
            if got is None or got.id != rid:
                continue
        for s in objs:
            quote = text[a : s.end]
            if s.cls == "Policy" and s.id != ctx.policy:
                ctx.relate(
                    s.id,
                    "covers",
                    rid,
                    quote=quote,
                    sentence=text,
                    confidence=0.7,
                    rule="某地实施X",
                )
            elif s.cls == "Event" and verb.group("verb") == "举办":
                ctx.relate(
                    s.id,
                    "locatedIn",
                    rid,
                    quote=quote,
                    sentence=text,
                    confidence=0.7,
                    rule="某地举办X",
                )
            elif (
                s.cls in ("Platform", "Infrastructure")
                and verb.group("verb") in ("建设", "建成", "打造", "培育", "拥有")
            ) or (s.cls == "Enterprise" and verb.group("verb") in ("带动", "拥有", "培育")):
                ctx.relate(
                    rid,
                    "hosts",
                    s.id,
                    quote=quote,
                    sentence=text,
                    confidence=0.65,
                    rule="某地建设X",
                )


_TASK_LIST_END = re.compile(
    r"等?(?:\d+|N|[一二三四五六七八九十]+)(?:大|项|个)?"
    r"(?P<word>(?:位一体的?)?(?:发展|重点|主要)?任务|行动)"
)
_TASK_LIST_OPEN = re.compile(r"^.*?(?:制定|聚焦|开展|围绕|包括|部署|提出|明确)了?")


def _task_lists(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """A、B、C5大任务 / A、B…六位一体的发展任务 / 开展A、B等N项行动: each item a task of the
    policy the sentence names before the list."""
    text = view.text
    for m in _TASK_LIST_END.finditer(text):
        a = max(text.rfind(c, 0, m.start()) for c in "，,。；;：:") + 1
        listed = text[a : m.start()]
        if "、" not in listed:
            continue
        opened = _TASK_LIST_OPEN.match(listed)
        offset = a + (opened.end() if opened else 0)
        items = text[offset : m.start()].split("、")
        if any(not (3 <= len(i) <= 12) or re.search(r"[\d“”《》的]", i) for i in items):
            continue
        owner = next(
            (s.id for s in reversed(spans) if s.cls == "Policy" and s.end <= a),
            ctx.policy or ctx.programme,
        )
        if not owner:
            continue
        word = m.group("word")
        quote = text[offset : m.end()]
        pos = offset
        for item in items:
            start = text.find(item, pos)
            pos = start + len(item)
            name = item + "行动" if word == "行动" and not item.endswith("行动") else item
            task = ctx.finder.register(
                name, "PolicyTask", sentence=text, start=start, end=pos, rule="A、B等N大任务",
                confidence=0.65, kind="task", quote=quote,
            )  # fmt: skip
            if task is None or task.cls != "PolicyTask":
                continue
            ctx.relate(
                owner, "hasTask", task.id, quote=quote, sentence=text, confidence=0.65,
                rule="A、B等N大任务",
            )  # fmt: skip


def _own_place(ctx: Context, owner: str) -> None:
    """A plan or a report's programme that names no place covers the place its document
    speaks as (我市 / 全市: the city; 全省: the province), inferred."""
    if any(r.s == owner and r.p == "covers" for r in ctx.cands.relations):
        return
    if any(
        o.cls == "Region"
        for r in ctx.cands.relations
        if r.s == owner
        for o in [ctx.cands.entities[r.o]]
    ):
        return
    level = _document_level(ctx)
    place = ctx.home.city if level == "city" else ctx.home.province
    if not place or place not in ctx.cands.entities:
        return
    words = ("我市", "全市") if level == "city" else ("我省", "全省")
    view = next((v for v in ctx.views if any(w in v.text for w in words)), None)
    if view is None:
        return
    ctx.relate(
        owner, "covers", place, quote=view.text, sentence=view.text, confidence=0.5,
        rule="the document's own place", inferred=True,
        note={"zh": "文档以“我市 / 全省”自称：按所在地理解", "en": "the document speaks as 我市 / 全省: its own place"},
    )  # fmt: skip


_BRANCH = re.compile(r"(?:分中心|片区|分院|分公司|分部|基地)$")


def _inner_place(ctx: Context, cand, name: str, regions: dict[str, str]) -> None:
    """X（某地） / X某地分中心 / X某地片区: a place that closes the name locates it."""
    if cand.cls not in ("Infrastructure", "Organization", "Park", "Platform", "Event"):
        return
    m = re.search(r"[（(]([^（）()]{2,6})[）)]$", cand.zh)  # as written, not as curated
    written = m.group(1) if m else None
    if written is None:
        branch = _BRANCH.search(name)
        if branch is None:
            return
        head = name[: branch.start()]
        written = next(
            (p for p in sorted(regions, key=len, reverse=True) if head.endswith(p) and len(p) >= 2),
            None,
        )
    if not written or written not in regions or written in _COUNTRY:
        return
    rid = regions[written]
    if rid not in ctx.cands.entities:
        if rid not in ctx.lex.known or written not in cand.quote:
            return
        got = ctx.finder.register(
            ctx.lex.known[rid].name, "Region", sentence=cand.sentence, start=0, end=0,
            rule="known name", confidence=0.7, quote=cand.quote,
        )  # fmt: skip
        if got is None or got.id != rid:
            return
    ctx.relate(
        cand.id, "locatedIn", rid, quote=cand.quote, sentence=cand.sentence, confidence=0.65,
        rule="a place closing the name", inferred=True,
        note={"zh": f"名称以“{written}”收尾", "en": f"the name closes on {written}"},
    )  # fmt: skip


_LOCATED_AT = re.compile(r"(?:也|均|都)?(?:位于|坐落于|坐落在|设在|落户在?)")


def _located_phrases(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """位于某地的X → X is there; A、B等高校也位于某园区内 → each is there, the place hosts it."""
    text = view.text
    for m in _LOCATED_AT.finditer(text):
        place = next((s for s in spans if s.start == m.end() and s.cls in ("Region", "Park")), None)
        if place is None:
            found = _region_at(ctx, view, m.end())
            if found is None:
                continue
            place = Span(m.end(), found[1], found[0], "Region", text[m.end() : found[1]])
        if text[place.end : place.end + 1] == "的":
            thing = next((s for s in spans if s.start == place.end + 1), None)
            if thing is not None and thing.cls not in ("Region", "IndustrySector", "Indicator"):
                ctx.relate(
                    thing.id, "locatedIn", place.id, quote=text[m.start() : thing.end],
                    sentence=text, confidence=0.8, rule="位于某地的X",
                )  # fmt: skip
            continue
        a = max(text.rfind(c, 0, m.start()) for c in "，,。；;：:") + 1
        listed = [
            s
            for s in spans
            if a <= s.start
            and s.end <= m.start()
            and s.cls in ("Organization", "Enterprise", "Platform", "Infrastructure")
        ]
        if len(listed) < 2 or "、" not in text[listed[0].end : listed[-1].start + 1]:
            continue
        quote = text[listed[0].start : place.end]
        for s in listed:
            ctx.relate(
                s.id,
                "locatedIn",
                place.id,
                quote=quote,
                sentence=text,
                confidence=0.75,
                rule="A、B位于某地",
            )
            ctx.relate(
                place.id,
                "hosts",
                s.id,
                quote=quote,
                sentence=text,
                confidence=0.75,
                rule="A、B位于某地",
            )


def _built_here(ctx: Context) -> None:
    """What a city's plan builds (a centre, a data centre, an institute it supports) stands
    in that city unless the text places it elsewhere (inferred)."""
    if not ctx.policy or _document_level(ctx) != "city":
        return
    city = ctx.home.city
    if not city or city not in ctx.cands.entities:
        return
    placed = {r.s for r in ctx.cands.relations if r.p == "locatedIn"}
    tasks = {ctx.policy} | {r.o for r in ctx.cands.relations if r.p == "hasTask"}
    for r in list(ctx.cands.relations):
        if r.p != "supports" or r.s not in tasks or r.o in placed:
            continue
        cand = ctx.cands.entities[r.o]
        if cand.cls not in ("Infrastructure", "Organization") or leading_place(cand.zh):
            continue
        if not cand.zh.endswith(("中心", "基地", "研究院", "实验室")):
            continue  # a network or a system spans places; a centre stands in one
        placed.add(r.o)
        ctx.relate(
            r.o, "locatedIn", city, quote=r.quote, sentence=r.sentence, confidence=0.5,
            rule="built by a city's plan", inferred=True,
            note={"zh": "市级规划建设的设施，按本市理解", "en": "built under a city's plan: in that city"},
        )  # fmt: skip


def _parks(ctx: Context) -> None:
    """A body or programme whose name opens with a park's name (某高新区党工委, 某开发区X政策)
    belongs to that park: the body is located in it, the programme covers it (inferred)."""
    parks: dict[str, str] = {}
    for c in ctx.cands.entities.values():
        if c.cls == "Park":
            for form in (c.zh, *c.aliases, _name_of(ctx, c.id)):
                if len(form) >= 4:
                    parks.setdefault(form, c.id)
    if not parks:
        return
    for cand in list(ctx.cands.entities.values()):
        if cand.cls not in ("GovernmentBody", "Policy", "Organization"):
            continue
        if cand.existing and cand.cls != "GovernmentBody":
            continue
        form = max(
            (p for p in parks if cand.zh.startswith(p) and len(cand.zh) > len(p) + 1),
            key=len,
            default=None,
        )
        if form is None or parks[form] == cand.id:
            continue
        rel = "covers" if cand.cls == "Policy" else "locatedIn"
        ctx.relate(
            cand.id, rel, parks[form], quote=cand.quote, sentence=cand.sentence, confidence=0.65,
            rule="a park at the start of a name", inferred=True,
            note={"zh": f"名称以“{form}”开头", "en": f"the name begins with {form}"},
        )  # fmt: skip


def _named_sectors(ctx: Context) -> None:
    """A programme named after a sector the text names (某产业专项行动) covers it (inferred)."""
    sectors = {
        _name_of(ctx, c.id): c.id for c in ctx.cands.entities.values() if c.cls == "IndustrySector"
    }
    for cand in list(ctx.cands.entities.values()):
        if cand.cls != "Policy" or cand.existing or cand.id == ctx.policy:
            continue
        name = max(
            (
                n
                for n in sectors
                if len(n) >= 2 and cand.zh.startswith(n) and len(cand.zh) > len(n) + 2
            ),
            key=len,
            default=None,
        )
        if name is None:
            continue
        ctx.relate(
            cand.id, "covers", sectors[name], quote=cand.quote, sentence=cand.sentence,
            confidence=0.6, rule="a sector at the start of a programme's name", inferred=True,
            note={"zh": f"名称以“{name}”开头", "en": f"the name begins with {name}"},
        )  # fmt: skip


_RUN = re.compile(r"(?:实施|开展|深化|创建|推进|推行|构建)$")
_GROW = re.compile(r"(?:培育|新增|打造|建成|创建|争创|建设|认定)[^，,。；;]{0,6}$")


def _programme_results(ctx: Context, view: SentenceView, spans: list[Span]) -> None:
    """实施X行动，培育 / 新增 A N个、B M家: what the programme's sentence goes on to grow,
    the programme supports."""
    if ctx.policy:
        return  # a plan's own sentences say what it supports (_plan_sentence)
    text = view.text
    for k, pol in enumerate(spans):
        if pol.cls != "Policy" or pol.id == ctx.programme:
            continue
        a, _b = _clause_of(text, pol.start)
        if not _RUN.search(re.sub(r"[“”]", "", text[a : pol.start])[-4:]):
            continue
        for s in spans[k + 1 :]:
            if s.cls == "Policy":
                break
            if s.cls not in ("Designation", "Infrastructure", "Organization", "Platform"):
                continue
            c, _d = _clause_of(text, s.start)
            if c == a or not _GROW.search(text[c : s.start]):
                continue
            ctx.relate(
                pol.id, "supports", s.id, quote=text[pol.start : s.end], sentence=text,
                confidence=0.6, rule="实施X，培育Y",
            )  # fmt: skip


def _province_hosts(ctx: Context) -> None:
    """A park, platform or piece of infrastructure named after a listed city is hosted by
    that city's province, where the text names the province (inferred)."""
    provinces = {
        _name_of(ctx, c.id): c.id for c in ctx.cands.entities.values() if c.cls == "Region"
    }
    for cand in list(ctx.cands.entities.values()):
        if cand.cls not in ("Park", "Platform", "Infrastructure"):
            continue
        place = leading_place(cand.zh)
        province = province_of(place[1]) if place else None
        if province is None or province not in provinces or place[1] == ctx.home.city_name:
            continue  # the document's own city speaks for itself
        ctx.relate(
            provinces[province], "hosts", cand.id, quote=cand.quote, sentence=cand.sentence,
            confidence=0.55, rule="a city's province hosts what is named after it", inferred=True,
            note={"zh": f"名称以{place[0]}开头，{place[1]}属{province}", "en": f"named after {place[1]}, a city of {province}"},
        )  # fmt: skip


_BUILD_VERB = re.compile(r"(?:支持|培育|建设|建设完成|打造|建成|推动建设)[^，,。；;]{0,12}$")


def _paragraph_hosts(ctx: Context) -> None:
    """In a paragraph whose clauses speak of one province (山东组织…，山东着力…), the platforms
    and networks it builds or supports are hosted there (inferred)."""
    for place, views in _paragraph_provinces(ctx):
        for view in views:
            text = view.text
            spans = _spans(view)
            for k, s in enumerate(spans):
                if s.cls not in ("Platform", "Infrastructure"):
                    continue
                a, _b = _clause_of(text, s.start)
                first = k  # the list's first item: A、B、C
                while first > 0 and text[spans[first - 1].end : spans[first].start] == "、":
                    first -= 1
                if not _BUILD_VERB.search(text[a : spans[first].start]):
                    continue
                ctx.relate(
                    place, "hosts", s.id, quote=text[a : s.end], sentence=text, confidence=0.5,
                    rule="the paragraph's province", inferred=True,
                    note={"zh": "段落所述省份", "en": "the province the paragraph speaks of"},
                )  # fmt: skip


# a place as a clause's subject, whatever it goes on to do (江苏加大…, 山东坚持…, 某省把…)
_SPEAKS = re.compile(
    r"(?:加大|加强|推动|强化|坚持|着力|大力|持续|深入|率先|全面|加快|扎实|不断|把|将|是|已)"
)


def _paragraph_provinces(ctx: Context) -> list[tuple[str, list[SentenceView]]]:
    """Paragraphs whose clauses speak of exactly one province (山东组织…，山东着力…)."""
    by_para: dict[int, list[SentenceView]] = {}
    for view in ctx.views:
        by_para.setdefault(view.paragraph, []).append(view)
    out = []
    for views in by_para.values():
        places: set[str] = set()
        for view in views:
            starts = [0] + [m.end() for m in re.finditer(r"[，,。；;：:]", view.text)]
            for a in starts:
                found = _region_at(ctx, view, a)
                if found and (
                    _SUBJECT_VERB.match(view.text, found[1]) or _SPEAKS.match(view.text, found[1])
                ):
                    name = _name_of(ctx, found[0]) if found[0] in ctx.cands.entities else ""
                    if name.endswith(("省", "自治区")):
                        places.add(found[0])
        if len(places) == 1:
            out.append((next(iter(places)), views))
    return out


_AUTHOR_VERB = re.compile(
    r"^(?:积极|着力|大力|持续|深入|率先|先后|全面|加快|扎实|不断|共同|联合)*"
    r"(?P<verb>支持|组建|成立|举办|组织实施|组织开展|组织|开展|实施|推出)"
)


def squash_marks(text: str) -> str:
    return re.sub(r"[*#\s]", "", text)


def _bylined(ctx: Context) -> None:
    """An article signed by a body's head (某省X厅党组书记、厅长某某 on a line of its own)
    speaks for that body: in its paragraphs about the body's province, a clause with no
    subject written that 支持 / 组建 X has the body support X, 举办 Y has the body organise Y,
    组织实施 / 开展 Z has the body issue Z (all inferred, and the notes say so)."""
    bodies: dict[str, str] = {}  # province → body
    for r in ctx.cands.relations:
        if r.p != "holdsPost" or not squash_marks(r.sentence).startswith(squash_marks(r.quote)):
            continue  # a byline opens its line: the body, the post, the name
        body = ctx.cands.entities[r.o]
        place = leading_place(_name_of(ctx, body.id))
        if body.cls == "GovernmentBody" and place and place[1].endswith(("省", "自治区")):
            bodies.setdefault(place[1], body.id)
    if not bodies:
        return
    note = {"zh": "署名文章：按署名单位理解", "en": "a signed article: read as its author's"}
    for place, views in _paragraph_provinces(ctx):
        body = bodies.get(_name_of(ctx, place))
        if body is None:
            continue
        for view in views:
            text = view.text
            spans = _spans(view)
            starts = [0] + [m.end() for m in re.finditer(r"[，,。；;：:]", text)]
            for a in starts:
                verb = _AUTHOR_VERB.match(text[a:])
                if verb is None:
                    continue
                b = _clause_of(text, a + verb.end())[1]
                kind = verb.group("verb")
                for s in spans:
                    if not (a + verb.end() <= s.start and s.end <= b):
                        continue
                    quote = text[a:b]
                    if kind in ("支持", "组建", "成立") and s.cls in (
                        "Platform", "Enterprise", "Organization",
                    ):  # fmt: skip
                        ctx.relate(
                            body,
                            "supports",
                            s.id,
                            quote=quote,
                            sentence=text,
                            confidence=0.5,
                            rule="a signed article",
                            inferred=True,
                            note=note,
                        )
                    elif kind == "举办" and s.cls == "Event":
                        ctx.relate(
                            s.id,
                            "organizedBy",
                            body,
                            quote=quote,
                            sentence=text,
                            confidence=0.5,
                            rule="a signed article",
                            inferred=True,
                            note=note,
                        )
                    elif kind not in ("支持", "组建", "成立", "举办") and s.cls == "Policy":
                        ctx.relate(
                            s.id,
                            "issuedBy",
                            body,
                            quote=quote,
                            sentence=text,
                            confidence=0.5,
                            rule="a signed article",
                            inferred=True,
                            note=note,
                        )
