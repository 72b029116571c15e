"""Entity candidates: known names found in the text, and new names recognised by how the
genre writes them (a suffix such as 局 / 联盟 / 平台 / 高新区, 《title》, a quoted programme
name, a post before a person's name, a list of responsible units, an enumeration of sectors).
Every new name is resolved against the graph before it becomes a new entity.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from loaders.documents.candidates import Alternative, Candidates, EntityCandidate
from loaders.documents.lexicon import Lexicon, fold
from loaders.documents.names import clause_around, english_of, new_id
from loaders.documents.places import leading_place, place_before
from loaders.documents.rules import (
    DESIGNATION_LEVEL,
    DESIGNATION_SUFFIXES,
    DESIGNATION_TRIGGER,
    GENERIC_NAMES,
    LEVELLED_DESIGNATION_SUFFIXES,
    NAME_SUFFIXES,
    POSTS,
    PROGRAMME_TAILS,
    PROGRAMME_VERB,
)

__all__ = ["EntityFinder", "Home", "Span", "tokens"]

# tokens a name may hold, and words that open a clause without being part of a name
_NAME_FLAGS = {"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "vn", "j", "l", "b", "eng", "an", "v", "m", "a", "s", "f", "i", "x", "q"}  # fmt: skip
_STOP_FLAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "y", "e", "o", "zg", "t", "k", "h"}  # fmt: skip
_LEAD_WORDS = frozenset(
    [
        "建设",
        "打造",
        "培育",
        "组建",
        "支持",
        "推动",
        "推进",
        "加快",
        "做强",
        "做优",
        "做大",
        "建成",
        "创建",
        "争创",
        "实施",
        "开展",
        "组织",
        "深化",
        "强化",
        "提升",
        "引进",
        "发挥",
        "依托",
        "鼓励",
        "引导",
        "推广",
        "落实",
        "贯彻",
        "成立",
        "设立",
        "举办",
        "召开",
        "出台",
        "印发",
        "发布",
        "制定",
        "编制",
        "完善",
        "积极",
        "持续",
        "深入",
        "全面",
        "大力",
        "着力",
        "聚焦",
        "围绕",
        "面向",
        "带动",
        "拥有",
        "形成",
        "入选",
        "获批",
        "获评",
        "认定",
        "遴选",
        "选定",
        "新增",
        "累计",
        "共",
        "已",
        "新",
        "首批",
        "助力",
        "服务",
        "赋能",
        "落户",
        "位于",
        "牵头",
        "联合",
        "共建",
        "参与",
        "参加",
        "出席",
        "主持",
        "扎实",
        "抓紧",
        "抓实",
        "高标准",
        "高规格",
        "提级",
        "优化",
        "做实",
        "加力",
        "提速",
        "纵深",
        "一批",
        "一个",
        "两个",
        "多个",
        "各类",
        "相关",
        "有关",
        "重点",
        "系列",
        "该",
        "此",
        "这",
        "其",
        "本",
        "为",
        "以",
        "对",
        "向",
        "与",
        "和",
        "及",
        "接入",
        "设在",
        "进",
        "入",
        "上",
        "用",
        "到",
        "在",
        "从",
        "由",
        "被",
        "将",
        "把",
        "让",
        "使",
        "通过",
        "包括",
        "含",
        "如",
        "即",
        "等",
        "融入",
        "争取",
        "力争",
        "实现",
        "提供",
        "构建",
        "全力",
        "努力",
        "进一步",
        "不断",
        "加大",
        "加强",
        "壮大",
        "培优",
        "做好",
        "用好",
        "建好",
        "搭建",
        "布局",
        "谋划",
        "探索",
        "统筹",
        "协调",
        "督促",
    ]
)
_SUFFIXES_BY_LAST: dict[str, list[tuple[str, str, str]]] = {}
for _item in NAME_SUFFIXES:  # longest first within each last character, as in NAME_SUFFIXES
    _SUFFIXES_BY_LAST.setdefault(_item[0][-1], []).append(_item)
_PUNCT_INSIDE = set('“”‘’"·・（）()-—+＋')
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PERSON = re.compile(
    "(" + "|".join(sorted(POSTS, key=len, reverse=True)) + r")\*{0,2}([\u4e00-\u9fff]{2,3}?)"
    r"(?=出席|主持|讲话|告诉|表示|说|介绍|在|接受|指出|强调|作|参加|认为|谈|向|同志|[，。、；：（\*]|$)"
)
_BOOK = re.compile(r"《([^《》]{2,80})》")
_QUOTED_PROGRAMME = re.compile(r"“[^“”]{1,20}”")
_COUNT_OPEN = re.compile(
    r"^(?:为|了)?(?:\d+(?:家|个|项|批|座)|[一二三四五六七八九十百]+(?:家|个|项|批|座)?)"
)
_DESIGNATION_END = re.compile(
    "(?:" + "|".join(sorted(DESIGNATION_SUFFIXES, key=len, reverse=True)) + ")$"
)
_LEVELLED_END = re.compile(
    "(?:" + "|".join(sorted(LEVELLED_DESIGNATION_SUFFIXES, key=len, reverse=True)) + ")$"
)


@functools.cache
def _pseg():  # jieba's tagger, loaded once (its dictionary ships with the package)
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return pseg


@functools.lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, part of speech, offset) for each token of ``text`` (jieba)."""
    out = []
    pos = 0
    for pair in _pseg().cut(text):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return tuple(out)


@dataclass(frozen=True)
class Span:
    """An entity candidate's place in one sentence."""

    start: int
    end: int
    id: str
    cls: str
    surface: str


@dataclass
class Home:
    """The document's own place: the city and province its 市X / 省X abbreviations mean."""

    city: str | None = None  # entity id
    city_name: str = ""
    province: str | None = None
    province_name: str = ""


class EntityFinder:
    """Finds and registers entity candidates sentence by sentence."""

    def __init__(self, lexicon: Lexicon, cands: Candidates, home: Home) -> None:
        self.lex = lexicon
        self.cands = cands
        self.home = home
        self.new_by_name: dict[str, str] = {}  # folded name → new candidate id
        self.taken = set(lexicon.known)

    # -- registering ------------------------------------------------------------------------
    def register(
        self,
        name: str,
        cls: str,
        *,
        sentence: str,
        start: int,
        end: int,
        rule: str,
        confidence: float,
        kind: str = "",
        aliases: tuple[str, ...] = (),
        props: dict | None = None,
        quote: str | None = None,
    ) -> EntityCandidate | None:
        """Resolve ``name`` against the graph (and this document's new names) and keep it."""
        name = name.strip()
        key = fold(name)
        if len(key) < 2:
            return None
        quote = quote or clause_around(sentence, start, end)
        hits = self.lex.exact(name) if self.resolvable(cls) else {}
        # a name of another place is another entity (河南省X厅 is not 山东省X厅)
        hits = {i: how for i, how in hits.items() if not self._other_place(name, i)}
        for alias in aliases:
            if not hits and not _relative(alias):
                hits = self.lex.exact(alias)
            elif not hits:
                # 省政府 in a Shandong text: the alias holder whose name starts with the place
                places = [
                    p.rstrip("市省") for p in (self.home.city_name, self.home.province_name) if p
                ]
                hits = {
                    i: how
                    for i, how in self.lex.exact(alias).items()
                    if any(self.lex.known[i].name.startswith(p) for p in places)
                }
        if hits:
            same = [i for i in hits if self.lex.known[i].cls == cls]
            pick = sorted(same or hits, key=lambda i: ("name", "alias", "core").index(hits[i]))
            eid = pick[0]
            known = self.lex.known[eid]
            alts = [
                Alternative(i, self.lex.known[i].name, self.lex.known[i].cls, 100.0, hits[i])
                for i in pick[1:]
            ]
            cand = EntityCandidate(
                id=eid,
                cls=known.cls,
                zh=name,
                en=known.name_en,
                quote=quote,
                sentence=sentence,
                confidence=confidence if hits[eid] != "core" else confidence * 0.95,
                rule=rule,
                existing=True,
                match="linked",
                score=100.0 if hits[eid] != "core" else 95.0,
                alternatives=alts,
            )
            return self.cands.add_entity(cand)
        if key in self.new_by_name:
            have = self.cands.entities.get(self.new_by_name[key])
            if have is not None:
                return self.cands.add_entity(
                    EntityCandidate(
                        have.id, have.cls, name, have.en, quote, sentence, confidence, rule
                    )
                )
        match = self.lex.resolve(name, cls) if self.resolvable(cls) else type_match_new()
        alts: list[Alternative] = []
        if match.status == "linked" and match.how == "fuzzy" and match.iri:
            # a fuzzy match is for the reviewer to merge, never linked on its own
            match = type(match)("uncertain", candidate=match.iri, score=match.score, how="fuzzy")
        if match.status == "linked" and match.iri:
            eid = match.iri.rsplit("/", 1)[-1]
            if eid in self.lex.known and not self._other_place(name, eid):
                known = self.lex.known[eid]
                cand = EntityCandidate(
                    id=eid,
                    cls=known.cls,
                    zh=name,
                    en=known.name_en,
                    quote=quote,
                    sentence=sentence,
                    confidence=confidence * (0.95 if match.how == "name variant" else 0.85),
                    rule=rule,
                    existing=True,
                    match="linked",
                    score=match.score,
                )
                return self.cands.add_entity(cand)
        if match.status == "uncertain" and match.candidate:
            cid = match.candidate.rsplit("/", 1)[-1]
            if cid in self.lex.known:
                alts.append(
                    Alternative(
                        cid,
                        self.lex.known[cid].name,
                        self.lex.known[cid].cls,
                        match.score,
                        match.how,
                    )
                )
        eid = new_id(name, self.taken)
        self.taken.add(eid)
        self.new_by_name[key] = eid
        cand = EntityCandidate(
            id=eid,
            cls=cls,
            zh=name,
            en=english_of(name),
            quote=quote,
            sentence=sentence,
            confidence=confidence * (0.8 if alts else 1.0),
            rule=rule,
            match="uncertain" if alts else "new",
            score=alts[0].score if alts else 0.0,
            aliases=[a for a in aliases if fold(a) != key],
            props=dict(props or {}),
            kind=kind or None,
            alternatives=alts,
        )
        for alias in aliases:
            self.new_by_name.setdefault(fold(alias), eid)
        return self.cands.add_entity(cand)

    def _place_written_before(self, sentence: str, m, entity) -> tuple[int, str] | None:
        """A province or city written just before a name the graph knows without it (or with
        another): where the longer name starts, and the name."""
        if entity.cls == "Region" or m.how == "name":
            return None
        for pos in (m.start + 1, m.start) if m.surface[0] in "省市" else (m.start,):
            found = place_before(sentence, pos)
            if found is None:
                continue
            place, k = found
            theirs = leading_place(entity.name)
            if theirs and theirs[1] == place:
                return None
            return pos - k, sentence[pos - k : m.end]
        return None

    def _other_place(self, name: str, eid: str) -> bool:
        """The name opens with one province or city, the known entity's with another."""
        known = self.lex.known[eid]
        if known.cls == "Region":
            return False
        mine = leading_place(name)
        theirs = leading_place(known.name)
        return bool(mine and theirs and mine[1] != theirs[1])

    def resolvable(self, cls: str) -> bool:
        """A plan's tasks are its own: resolved against the graph only when the plan is known."""
        if cls != "PolicyTask":
            return True
        policy = getattr(self, "policy", None)
        return bool(policy) and policy in self.lex.known

    # -- finding ------------------------------------------------------------------------------
    def find(self, sentence: str) -> list[Span]:
        """Every entity named in one (whitespace-free) sentence, registered as candidates."""
        spans: list[Span] = []
        spans += self._books(sentence)
        spans += self._persons(sentence)
        spans += self._designations(sentence, taken=spans)
        spans += self._programmes(sentence, taken=spans)
        spans += self._launched(sentence, taken=spans)
        spans += self._founded(sentence, taken=spans)
        known = [
            m
            for m in self.lex.find(sentence)
            if not any(s.start <= m.start and m.end <= s.end for s in spans)
            and (not m.weak or (m.how != "core" and _listed(sentence, m.start, m.end)))
        ]
        spans += self._suffixed(sentence, taken=spans, known=known)
        spans += self._known(sentence, known, taken=spans)
        spans.sort(key=lambda s: (s.start, -s.end))
        return spans

    def _add_span(
        self, spans: list[Span], cand: EntityCandidate | None, start: int, end: int, surface: str
    ) -> None:
        if cand is not None:
            spans.append(Span(start, end, cand.id, cand.cls, surface))

    def _known(self, sentence: str, known: list, taken: list[Span]) -> list[Span]:
        spans: list[Span] = []
        for m in known:
            inside = any(
                s.start <= m.start and m.end <= s.end and (s.start, s.end) != (m.start, m.end)
                for s in taken
            )
            if inside and not all(self.lex.known[i].cls == "Region" for i in m.ids):
                continue
            ids = m.ids
            if len(ids) > 1:
                ids = tuple(
                    sorted(ids, key=lambda i: _class_fit(self.lex.known[i].cls, sentence, m.end))
                )
            entity = self.lex.known[ids[0]]
            conf = 0.7 if m.weak else 0.95 if m.how != "core" else 0.85
            other = self._place_written_before(sentence, m, entity)
            if other is not None:
                # 河南省X厅 where the graph knows 山东省X厅: the other place's own body
                start, name = other
                cand = self.register(
                    name, entity.cls, sentence=sentence, start=start, end=m.end,
                    rule="name suffix", confidence=0.8,
                )  # fmt: skip
                self._add_span(spans, cand, start, m.end, name)
                continue
            full, aliases = self.expand(m.surface)
            place = [w for w, f, pos in tokens(sentence) if pos + len(w) == m.start and f == "ns"]
            if full != m.surface and place:
                # 某省政府: the place before the relative name is its own, not the document's
                cand = self.register(
                    place[-1] + m.surface[1:] if place[-1].endswith(m.surface[0]) else place[-1] + m.surface,
                    entity.cls, sentence=sentence, start=m.start - len(place[-1]), end=m.end,
                    rule="name suffix", confidence=0.8,
                )  # fmt: skip
                self._add_span(spans, cand, m.start - len(place[-1]), m.end, place[-1] + m.surface)
                continue
            if full != m.surface:
                # 市X局 means this document's city: resolve the full name, not a shared alias
                cand = self.register(
                    full, entity.cls, sentence=sentence, start=m.start, end=m.end,
                    rule="known name", confidence=0.9, aliases=aliases,
                )  # fmt: skip
                self._add_span(spans, cand, m.start, m.end, m.surface)
                continue
            cand = self.register(
                entity.name if m.how == "core" else m.surface,
                entity.cls,
                sentence=sentence,
                start=m.start,
                end=m.end,
                rule="known name",
                confidence=conf,
            )
            if cand is not None and cand.id != ids[0] and ids[0] in self.cands.entities:
                cand = self.cands.entities[ids[0]]
            self._add_span(spans, cand, m.start, m.end, m.surface)
        return spans

    def _books(self, sentence: str) -> list[Span]:
        spans: list[Span] = []
        for m in _BOOK.finditer(sentence):
            title = m.group(1)
            if re.search(r"(?:报|杂志|网|周刊)$", title):
                cls, kind = "Organization", "newspaper"
            else:
                cls, kind = "Policy", _policy_kind(title)
            cand = self.register(
                title,
                cls,
                sentence=sentence,
                start=m.start(),
                end=m.end(),
                rule="《title》",
                confidence=0.9,
                kind=kind,
                aliases=(m.group(0),) if cls == "Organization" else (),
                props=_period_of(title),
                quote=clause_around(sentence, m.start(), m.end(), limit=160),
            )
            self._add_span(spans, cand, m.start(), m.end(), m.group(0))
        return spans

    def _designations(self, sentence: str, taken: list[Span]) -> list[Span]:
        """Titles and lists an entity is selected into: the items after 入选 / 获评 / 争创 …
        that end as titles do (…工厂, …示范基地, …标杆), and a level's titles (国家级X中心)."""
        found: dict[tuple[int, int], str] = {}
        for m in DESIGNATION_TRIGGER.finditer(sentence):
            ends = [i for i in (sentence.find(c, m.end()) for c in "，,。；;：:（(") if i >= 0]
            clause_end = min(ends) if ends else len(sentence)
            pos = m.end()
            for part in re.split(r"[、和]", sentence[m.end() : clause_end]):
                start, pos = pos, pos + len(part) + 1
                item = re.sub(r"等.*$", "", part)
                if m.group(0) == "一批" and "的" in item:  # 一批成效显著的X: the title is X
                    cut = item.rindex("的") + 1
                    item, start = item[cut:], start + cut
                lead = _COUNT_OPEN.match(item)
                if lead and lead.end():
                    item, start = item[lead.end() :], start + lead.end()
                levelled = DESIGNATION_LEVEL.match(item)
                if _DESIGNATION_END.search(item) or (levelled and _LEVELLED_END.search(item)):
                    found[(start, start + len(item))] = item
        for m in DESIGNATION_LEVEL.finditer(sentence):
            if m.start() and sentence[m.start() - 1] in "全本该我各":
                continue  # 全省 / 我省: the place, not a level
            rest = re.split(
                r"[，,。；;：:、（(]", sentence[m.start() : m.start() + 30], maxsplit=1
            )[0]
            best = None
            for k in range(len(rest), len(m.group(0)) + 1, -1):
                head = rest[:k]
                if _DESIGNATION_END.search(head) or _LEVELLED_END.search(head):
                    best = head
                    break
            if best:
                found.setdefault((m.start(), m.start() + len(best)), best)
        spans: list[Span] = []
        for (start, end), name in sorted(found.items()):
            bare = DESIGNATION_LEVEL.sub("", name, count=1).strip("“”")
            if not (4 <= len(name) <= 30) or bare in GENERIC_NAMES or len(bare) < 2:
                continue
            if name.count("“") != name.count("”") or name.count("（") != name.count("）"):
                continue
            if any(not (end <= s.start or s.end <= start) for s in taken + spans):
                continue
            # a title is a noun phrase: a verb, preposition or pronoun inside means a clause
            toks = tokens(name.replace("“", "").replace("”", ""))
            if re.search(r"\d+(?:家|个|项|座|批)|了|已|累计|担任", name):
                continue
            if any(f in ("p", "r") for _w, f, _p in toks) or (
                toks and toks[0][1] in ("v", "d") and not DESIGNATION_LEVEL.match(name)
            ):
                continue
            cand = self.register(
                name, "Designation", sentence=sentence, start=start, end=end,
                rule="title after 入选 / a level", confidence=0.7,
            )  # fmt: skip
            self._add_span(spans, cand, start, end, name)
        return spans

    def _programmes(self, sentence: str, taken: list[Span]) -> list[Span]:
        """Quoted programmes: “某某”工程 / “某某”新模式 (the quote and its closing word), and a
        quote alone after the verb that launches it (推行“某某”)."""
        spans: list[Span] = []
        for m in _QUOTED_PROGRAMME.finditer(sentence):
            start, end = m.start(), m.end()
            rest = re.split(r"[，,。；;：:、（(“]", sentence[end : end + 10], maxsplit=1)[0]
            cls = None
            for k in range(len(rest), 0, -1):
                cls = next((c for tail, c in PROGRAMME_TAILS if rest[:k].endswith(tail)), None)
                if cls:
                    end += k
                    break
            if cls is None and PROGRAMME_VERB.search(sentence[max(0, start - 4) : start]):
                cls = "Policy"
            if cls is None or any(not (end <= s.start or s.end <= start) for s in taken):
                continue
            name = sentence[start:end]
            if name.strip("“”") in GENERIC_NAMES:
                continue
            cand = self.register(
                name, cls, sentence=sentence, start=start, end=end,
                rule="quoted programme", confidence=0.65,
                aliases=(name.strip("“”"),) if name.endswith("”") else (),
            )  # fmt: skip
            self._add_span(spans, cand, start, end, name)
        return spans

    def _launched(self, sentence: str, taken: list[Span]) -> list[Span]:
        """A programme named after the verb that launches it, whatever its words: 实施X工程,
        开展X试点, 组织开展X活动; a list sharing one closing word names one each (实施A、B两大
        工程 → A工程, B工程)."""
        spans: list[Span] = []
        for m in _LAUNCH_OPEN.finditer(sentence):
            clause = re.split(r"[，,。；;：:（(]", sentence[m.end() : m.end() + 70], maxsplit=1)[0]
            tail = None
            for t in _LAUNCH_TAIL.finditer(clause):
                if re.fullmatch(r"(?:建设|工作|等)?", clause[t.end() : t.end() + 2][:2]) or (
                    clause[t.end() :] in ("", "建设", "工作")
                ):
                    tail = t
            if tail is None:
                continue
            body = clause[: tail.start()]
            word = tail.group("tail")
            if "等" in body:
                continue  # A、B等方面X试点: the list is not the programme's name
            items = body.split("、") if "、" in body else [body]
            pos = m.end()
            for k, item in enumerate(items):
                start = pos
                pos += len(item) + 1
                last = k == len(items) - 1
                name = item + word if last or not item.endswith(word) else item
                end = start + len(item) + (len(tail.group(0)) if last else 0)
                if not (3 <= len(item) <= 22) or re.search(r"[的“”]|\d", item):
                    continue
                if item in GENERIC_NAMES or any(
                    not (end <= s.start or s.end <= start) for s in taken
                ):
                    continue
                cls = next((c for t, c in PROGRAMME_TAILS if name.endswith(t)), "Policy")
                quote = sentence[m.start() : m.end() + tail.end()]
                cand = self.register(
                    name, cls, sentence=sentence, start=start, end=end,
                    rule="实施X工程", confidence=0.65, quote=quote,
                )  # fmt: skip
                if cand is not None:
                    spans.append(Span(start, end, cand.id, cand.cls, sentence[start:end]))
        return spans

    def _founded(self, sentence: str, taken: list[Span]) -> list[Span]:
        """What a text sets up or builds, named right after the verb even when its words are
        all generic: 组建X委员会, 引导设立X基金, 建立X“白名单”, 推进X平台建设, and the title a
        subsidy rewards (对新认定的X给予奖励)."""
        spans: list[Span] = []
        for m in _FOUNDED.finditer(sentence):
            group = "name" if m.group("name") else "name2"
            name, start = m.group(group), m.start(group)
            tail = m.group("tail") or m.group("tail2")
            end = start + len(name)
            if any(not (end <= s.start or s.end <= start) for s in taken + spans):
                continue
            if name.count("“") != name.count("”") or re.search(r"[、，的]", name):
                continue
            suffix = next((x for x, _c, _k in NAME_SUFFIXES if name.endswith(x)), None)
            cls = _FOUNDED_CLASS.get(tail) or next(
                (c for x, c, _k in NAME_SUFFIXES if x == suffix), None
            )
            if cls is None or name in GENERIC_NAMES or len(name) - len(tail) < 2:
                continue
            cand = self.register(
                name, cls, sentence=sentence, start=start, end=end, rule="组建 / 设立X",
                confidence=0.7,
            )  # fmt: skip
            self._add_span(spans, cand, start, end, name)
        for m in _REWARDED.finditer(sentence):
            name, start = m.group("name"), m.start("name")
            end = start + len(name)
            if any(not (end <= s.start or s.end <= start) for s in taken + spans):
                continue
            if not (4 <= len(name) <= 30) or re.search(r"[，。]", name):
                continue
            if all(w in GENERIC_NAMES for w, _f, _p in tokens(name)):
                continue  # 示范项目: a kind, not a title
            cand = self.register(
                name, "Designation", sentence=sentence, start=start, end=end,
                rule="对新认定的X给予奖励", confidence=0.7,
            )  # fmt: skip
            self._add_span(spans, cand, start, end, name)
        return spans

    def _persons(self, sentence: str) -> list[Span]:
        spans: list[Span] = []
        for m in _PERSON.finditer(sentence):
            name = m.group(2)
            if name in GENERIC_NAMES or any(name.startswith(p) for p in POSTS):
                continue
            if name.endswith(("时", "后", "中")):
                continue  # 记者采访时: a time, not a name
            flags = {f for w, f, _ in tokens(sentence) if w == name}
            if flags and not flags & {"nr", "nrfg", "nrt", "n", "ns", "nz"}:
                continue
            cand = self.register(
                name,
                "Person",
                sentence=sentence,
                start=m.start(),
                end=m.end(),
                rule="post before a name",
                confidence=0.85,
                props={"post": m.group(1)},
            )
            self._add_span(spans, cand, m.start(2), m.end(2), name)
        return spans

    def _suffixed(self, sentence: str, taken: list[Span], known: list) -> list[Span]:
        spans: list[Span] = []
        toks = tokens(sentence)
        ends = sorted({pos + len(w) for w, _f, pos in toks})
        found: list[tuple[int, int, str, str, str]] = []
        for end in ends:
            for suffix, cls, kind in _SUFFIXES_BY_LAST.get(sentence[end - 1], ()):
                if not sentence.endswith(suffix, 0, end):
                    continue
                start = _name_start(sentence, toks, end - len(suffix))
                if start is not None:
                    name = sentence[start:end]
                    if _is_name(name, suffix, cls, toks, start, end):
                        found.append((start, end, name, cls, kind))
                break
        # the longest name wins where two overlap (甲平台创新合作中心乙分中心)
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        kept: list[tuple[int, int, str, str, str]] = []
        for f in found:
            if any(not (f[1] <= k[0] or k[1] <= f[0]) for k in kept):
                continue
            if any(s.start <= f[0] and f[1] <= s.end for s in taken):
                continue
            # a known name ending where this one ends is its head: 甲云国家级“某某”平台
            if any(m.end == f[1] and m.start > f[0] for m in known):
                continue
            # a known name crossing its start or end: the boundary is wrong
            if any(m.start < f[0] < m.end or m.start < f[1] < m.end for m in known):
                continue
            kept.append(f)
        for start, end, name, cls, kind in sorted(kept):
            full, aliases = self.expand(name)
            cand = self.register(
                full,
                cls,
                sentence=sentence,
                start=start,
                end=end,
                rule="name suffix",
                confidence=0.8,
                kind=kind if cls not in ("Enterprise", "Platform") else "",
                aliases=aliases,
                props=_period_of(name) if cls == "Policy" else None,
            )
            self._add_span(spans, cand, start, end, name)
        return spans

    def expand(self, name: str) -> tuple[str, tuple[str, ...]]:
        """市X局 → 济南市X局 (the document's city), 省X厅 → 山东省X厅; the short form kept as alias."""
        if name.startswith("市") and self.home.city_name and not name.startswith("市场"):
            return self.home.city_name + name[1:], (name,)
        if name.startswith("省") and self.home.province_name:
            return self.home.province_name + name[1:], (name,)
        if name.startswith("各区县") and self.home.city_name:
            return self.home.city_name + name, (name,)
        return name, ()


# what a text sets up (组建 / 设立 / 建立 X) or builds (推进X平台建设), and the class of the
# word that closes it where the name suffixes do not say
_FOUNDED = re.compile(
    r"(?:组建|成立|设立|建立|筹建)(?P<name>[^，,。；;、（(]{2,20}?"
    r"(?P<tail>专家委员会|委员会|联盟|基金|协会|研究院|中心|专班|领导小组|白名单”?|清单|资源池))"
    r"|(?:推进|加快|支持|推动)(?P<name2>[^，,。；;、（(]{4,20}?(?P<tail2>平台|中心|专网|节点))建设"
)
_FOUNDED_CLASS = {
    "基金": "Organization",
    "专班": "GovernmentBody",
    "白名单": "Designation",
    "白名单”": "Designation",
    "清单": "Designation",
    "资源池": "Designation",
    "专家委员会": "Organization",
    "平台": "Infrastructure",
}
# the title a subsidy rewards: 对新认定的X给予奖励 / 对获批的X予以补助
_REWARDED = re.compile(
    r"对(?:新)?(?:认定|获批|评定|认证)(?:为)?的(?P<name>[^，,。；;]{4,30}?)(?:给予|予以|按)"
)


# the verb that launches a programme (实施 / 开展 / 组织开展 …) and the word that closes its
# name (…工程, …专项行动, …试点), a count of items before it (两大工程) left out
_LAUNCH_OPEN = re.compile(r"(?:组织开展|组织实施|实施|开展|启动|推行)(?:了|好)?")
_LAUNCH_TAIL = re.compile(
    r"(?:[两二三四五六七八九十]大|等)?(?P<tail>专项行动|行动计划|工程|行动|试点|活动)"
)


def _name_start(sentence: str, toks, suffix_start: int) -> int | None:
    """Walk left from the suffix over name-like tokens; drop leading verbs and modifiers."""
    i = max((k for k, (_w, _f, pos) in enumerate(toks) if pos <= suffix_start), default=0)
    j = i
    quote_open = paren_open = False
    while j > 0:
        word, flag, pos = toks[j - 1]
        if word in ("”", "’"):
            quote_open = True
        elif word in ("“", "‘"):
            quote_open = False
        elif word in ("）", ")"):
            paren_open = True
        elif word in ("（", "("):
            if not paren_open:
                break
            paren_open = False
        elif quote_open:
            pass
        elif word == "和" and j >= 2 and toks[j - 2][0] == "工业" and toks[j][0] == "信息化":
            pass  # 工业和信息化: the genre's department name, not a list
        elif (
            word in _LEAD_WORDS
            or (flag in _STOP_FLAGS and word not in ("和", "与"))
            or (flag == "x" and not set(word) <= _PUNCT_INSIDE)
            or (flag not in _NAME_FLAGS and flag != "c")
            or (flag == "m" and re.fullmatch(r"[一两二三四五六七八九十百千万几多数]+", word))
            or (flag == "m" and re.search(r"\d", word) and not re.fullmatch(r"\d+[A-Za-z]+", word))
        ):
            break
        j -= 1
        if toks[i][2] - pos > 30:
            break
    # trim leading conjunctions, verbs, modifiers, unmatched marks
    while j < i:
        word, flag, _pos = toks[j]
        if word.startswith("“") or word in ("（", "("):
            break
        if flag in ("c", "d", "ad", "q", "f", "x", "p", "m") or word in _LEAD_WORDS:
            j += 1
            continue
        break
    if j == i and toks[i][2] >= suffix_start:
        return None
    start = toks[j][2]
    while start > 0 and sentence[start - 1].isdigit() and sentence[start].isascii():
        start -= 1  # 5G, 10G-PON: the digits belong to the name
    return start


def type_match_new():
    from loaders.resolve import Match

    return Match("new")


def _relative(name: str) -> bool:
    """A name relative to the document's place: 市X局, 省政府, 各区县X."""
    return name.startswith(("市", "省", "各区县")) and not name.startswith("市场")


def _listed(sentence: str, start: int, end: int) -> bool:
    """A short word stands in a list or before a name's suffix: 万腾、奥太、紫菜云 / 九阳平台."""
    before = sentence[start - 1 : start]
    after = sentence[end : end + 1]
    return before in ("、",) or after in ("、", "等") or sentence[end : end + 2] in ("平台", "集团")


def _class_fit(cls: str, sentence: str, end: int) -> int:
    """Order the meanings of an ambiguous name by what follows it (…平台 → Platform first)."""
    after = sentence[end : end + 12]
    order = ["Platform", "Enterprise"] if "平台" in after else ["Enterprise", "Platform"]
    return order.index(cls) if cls in order else 5


def _is_name(name: str, suffix: str, cls: str, toks, start: int, end: int) -> bool:
    core = name[: -len(suffix)] if suffix else name
    if len(fold(name)) < 3 or len(name) > 36 or not core:
        return False
    if name.count("（") != name.count("）") or name.count("“") != name.count("”"):
        return False
    words = [w for w, _f, _p in tokens(core)]
    content = [
        w
        for w in words
        if w not in GENERIC_NAMES and (_HAN.search(w) or (w.isalnum() and not w.isdigit()))
    ]
    if not content:
        return False
    last = [(w, f) for w, f, p in toks if p < end and p + len(w) >= end]
    if len(suffix) == 1 and last:
        # 局, 厅, 市 …: their own word, or the end of a place or organisation word (济南市)
        word, flag = last[-1]
        if word != suffix and not (flag in ("ns", "nt") and len(word) >= 3):
            return False
    if len(core) < 2:
        return False
    first = tokens(core)[0]
    if cls == "GovernmentBody" and first[1] == "v":
        return False
    if cls == "Event" and re.search(r"出席|参加|召开|讲话|传达|贯彻|落实|^[余性等]", core):
        return False  # 某某出席会议 / 贯彻落实X会议: a clause around the meeting, not its name
    if (
        cls in ("Policy", "Platform")
        and suffix in _WEAK_SUFFIXES
        and not _proper(name, toks, start, end)
        and not (cls == "Policy" and _LAUNCHED.search(_before(toks, start)))
    ):
        return False
    if cls == "Region":
        # 东营市, 历下区: the token holding the suffix, or the one before it, is a place name
        inside = [(w, f) for w, f, p in toks if start <= p < end]
        if not inside:
            return False
        return inside[-1][1] == "ns" or (
            len(inside) >= 2 and inside[-2][1] == "ns" and inside[-1][0] == suffix
        )
    return not (cls == "GovernmentBody" and suffix in ("部", "局", "厅") and len(core) < 2)


_WEAK_SUFFIXES = frozenset(
    [
        "规划",
        "计划",
        "政策",
        "办法",
        "战略",
        "行动",
        "工程",
        "指南",
        "条例",
        "平台",
        "服务平台",
        "专项行动",
    ]
)


# a programme named right after the verb that launches it: 实施X工程, 开展X行动
_LAUNCHED = re.compile(
    r"(?:实施|推进|开展|深化|启动|组织实施|优化实施|抓紧抓实|扎实推进|积极开展|深入实施)$"
)


def _before(toks, start: int) -> str:
    """The words just before a name (up to three tokens), for the verb that introduces it."""
    words = [w for w, _f, p in toks if p < start][-3:]
    return "".join(words)


def _proper(name: str, toks, start: int, end: int) -> bool:
    """A name with the marks of a proper name: quoted, a place, a year, Latin letters."""
    if "“" in name or re.search(r"[A-Za-z0-9]", name):
        return True
    return any(f in ("ns", "nt", "nz", "nr") for w, f, p in toks if start <= p < end)


def _policy_kind(title: str) -> str:
    for suffix, cls, kind in NAME_SUFFIXES:
        if cls == "Policy" and title.endswith(suffix):
            return kind
    return "policy"


def _period_of(title: str) -> dict:
    m = re.search(r"(20\d{2})\s*[-—–至]\s*(20\d{2})", title)
    return {"period": f"{m.group(1)}-{m.group(2)}"} if m else {}
