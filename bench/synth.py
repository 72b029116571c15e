"""Synthetic graphs in the project's ontology, for benchmarks and scale tests (``gongfu synth``).

The output is N-Triples, written as it is generated, so memory stays flat however many
triples are asked for. What the generator keeps is the *backbone* — regions, platforms,
parks, government bodies, policies, indicators, which grow much more slowly than the
graph — and a Fenwick tree of platform weights for preferential attachment. Enterprises,
the bulk, are written one at a time; an enterprise's name and city are pure functions of
(seed, index), so that a later enterprise can quote an earlier one without keeping it.

The shape follows the curated graph, scaled up: a few hub platforms (the real tier IRIs,
``tier-cross-industry`` …) serving thousands of enterprises with power-law degrees;
enterprises located in cities and hosted by parks; policies with task groups, actions and
responsible bodies; indicators with target and reported observations (some conflicting);
people, events, infrastructure. Every entity has one ``@zh`` and one ``@en`` label and
aliases; every relation is reified as a ``gf:Fact`` with a quote and a source document.
Same seed, same N → byte-identical file.

Example:
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     r = generate(3000, pathlib.Path(d) / "g.nt", seed=1)
    ...     2400 < r.triples < 4500 and r.counts["Platform"] >= 4
    True
"""

from __future__ import annotations

import bisect
import json
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from graph.search import SEARCH_KEY as SEARCH_KEY_IRI
from graph.search import name_keys

__all__ = ["SynthReport", "generate", "write_synth"]

ID = "https://gongfu-graph.org/id/"
_GF = "https://gongfu-graph.org/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _i(iri: str) -> str:
    return f"<{iri}>"


def _gf(name: str) -> str:
    return f"<{_GF}{name}>"


def _syn(local: str) -> str:
    return f"<{ID}syn-{local}>"


A = _i(_RDF + "type")
LABEL = _i("http://www.w3.org/2000/01/rdf-schema#label")
ALT = _i("http://www.w3.org/2004/02/skos/core#altLabel")
SEARCH_KEY = _i(SEARCH_KEY_IRI)
IN_SCHEME = _i("http://www.w3.org/2004/02/skos/core#inScheme")
DERIVED = _i("http://www.w3.org/ns/prov#wasDerivedFrom")
SUBJ, PRED, OBJ = _i(_RDF + "subject"), _i(_RDF + "predicate"), _i(_RDF + "object")
_TRUE = f'"true"^^<{_XSD}boolean>'
_FALSE = f'"false"^^<{_XSD}boolean>'
TIERS = {  # the real tier IRIs and labels (data/curated/common.yaml), so a synthetic graph
    # loaded beside the seed adds no second label to them
    "tier-cross-industry": (
        "国家级跨行业跨领域工业互联网平台",
        "National cross-industry cross-domain industrial internet platform (双跨)",
        "双跨平台",
    ),
    "tier-national-specialised": (
        "国家级特色专业型工业互联网平台",
        "National featured / specialised industrial internet platform",
        "国家级特色平台",
    ),
    "tier-provincial-key": (
        "省重点工业互联网平台",
        "Provincial key industrial internet platform",
        "省重点平台",
    ),
    "tier-provincial": (
        "省级工业互联网平台",
        "Provincial industrial internet platform",
        "省级平台",
    ),
}


def _esc(text: str) -> str:
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


def _lit(text: str) -> str:
    return f'"{_esc(text)}"'


def _lang(text: str, lang: str) -> str:
    return f'"{_esc(text)}"@{lang}'


def _int(v: int) -> str:
    return f'"{v}"^^<{_XSD}integer>'


def _dec(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return f'"{text}"^^<{_XSD}decimal>'


# --- names: characters with their pinyin --------------------------------------------------------

_BRAND = (
    "恒heng 泰tai 华hua 瑞rui 德de 信xin 鑫xin 宏hong 源yuan 达da 通tong 海hai 天tian 正zheng "
    "博bo 嘉jia 和he 安an 盛sheng 隆long 创chuang 科ke 汇hui 金jin 明ming 光guang 远yuan 航hang "
    "智zhi 云yun 数shu 联lian 中zhong 兴xing 润run 泽ze 丰feng 益yi 康kang 美mei 佳jia 鸿hong "
    "锦jin 晟sheng 昊hao 宇yu 星xing 辰chen 峰feng 森sen 立li 力li 威wei 凯kai 骏jun 腾teng 飞fei "
    "祥xiang 永yong 诚cheng 拓tuo 卓zhuo 睿rui 铭ming 磊lei 弘hong 骐qi 晨chen 浩hao 维wei 灵ling "
    "捷jie 迅xun 众zhong 合he 致zhi 远yuan 新xin 豪hao 坤kun 乾qian 宸chen 启qi 昌chang 丞cheng"
)
_PLACE = (
    "江jiang 河he 山shan 湖hu 阳yang 州zhou 宁ning 平ping 南nan 北bei 东dong 西xi 原yuan 泉quan "
    "城cheng 昌chang 临lin 清qing 武wu 汉han 岳yue 长chang 沙sha 广guang 福fu 庆qing 滨bin 潍wei "
    "淄zi 烟yan 济ji 青qing 荷he 枣zao 聊liao 莱lai 芜wu 徐xu 扬yang 镇zhen 常chang 苏su 温wen "
    "台tai 衢qu 丽li 舟zhou 岚lan 柳liu 桂gui 梧wu 郴chen 衡heng 邵shao 涟lian 溧li 婺wu 睢sui"
)
_SURNAME = "王wang 李li 张zhang 刘liu 陈chen 杨yang 赵zhao 黄huang 周zhou 吴wu 徐xu 孙sun 胡hu 朱zhu 高gao 林lin 何he 郭guo 马ma 罗luo"


def _chars(spec: str) -> list[tuple[str, str]]:
    return [(w[0], w[1:]) for w in spec.split()]


BRAND, PLACE, SURNAME = _chars(_BRAND), _chars(_PLACE), _chars(_SURNAME)
INDUSTRY = [  # (zh, en, sector index)
    ("智能装备", "Intelligent Equipment"),
    ("精密机械", "Precision Machinery"),
    ("新材料", "New Materials"),
    ("化工", "Chemicals"),
    ("纺织", "Textiles"),
    ("汽车零部件", "Auto Parts"),
    ("电子信息", "Electronics"),
    ("食品", "Food"),
    ("钢铁", "Steel"),
    ("建材", "Building Materials"),
    ("医药", "Pharmaceuticals"),
    ("家电", "Home Appliances"),
    ("新能源", "New Energy"),
    ("轨道交通装备", "Rail Equipment"),
    ("船舶", "Shipbuilding"),
    ("农机", "Agricultural Machinery"),
    ("轮胎", "Tyres"),
    ("造纸", "Paper"),
    ("有色金属", "Non-ferrous Metals"),
    ("工程机械", "Construction Machinery"),
]
SUFFIX = [
    ("有限公司", "Co., Ltd."),
    ("股份有限公司", "Co., Ltd. (joint-stock)"),
    ("科技有限公司", "Technology Co., Ltd."),
    ("集团有限公司", "Group Co., Ltd."),
]
PLATFORM_WORD = [
    ("云", "Cloud"),
    ("智造", "Smart Manufacturing"),
    ("数联", "DataLink"),
    ("工赋", "Gongfu"),
    ("智链", "SmartChain"),
    ("工业云", "Industrial Cloud"),
    ("物联", "IoT"),
]
PARK_WORD = [
    ("高新技术产业开发区", "High-tech Industrial Development Zone", "high-tech zone"),
    ("经济技术开发区", "Economic and Technological Development Zone", "development zone"),
    ("智能制造产业园", "Intelligent Manufacturing Industrial Park", "industrial park"),
    ("工业互联网产业示范基地", "Industrial Internet Demonstration Base", "demonstration base"),
    ("软件园", "Software Park", "industrial park"),
]
BUREAU = [
    ("工业和信息化局", "Bureau of Industry and Information Technology"),
    ("财政局", "Finance Bureau"),
    ("科学技术局", "Science and Technology Bureau"),
    ("发展和改革委员会", "Development and Reform Commission"),
    ("大数据局", "Big Data Bureau"),
]
TITLES = [
    (
        "syn-title-little-giant",
        "专精特新“小巨人”企业",
        "Specialised and sophisticated 'little giant'",
    ),
    (
        "syn-title-smart-factory",
        "智能制造示范工厂",
        "Intelligent manufacturing demonstration factory",
    ),
    ("syn-title-5g-factory", "5G全连接工厂", "5G fully connected factory"),
    ("syn-title-digital-workshop", "数字化车间", "Digital workshop"),
]
METRICS = [  # zh, en, unit, category, typical size
    ("工业互联网平台数量", "Number of industrial internet platforms", "个", "平台", 40),
    ("上云企业数量", "Enterprises on the cloud", "家", "应用", 5000),
    ("工业互联网核心产业规模", "Core industrial-internet industry revenue", "亿元", "产业", 600),
    ("数字化转型企业占比", "Share of digitally transformed enterprises", "%", "应用", 50),
    ("标识解析注册量", "Identifier registrations", "亿个", "基础设施", 30),
    ("5G基站数量", "5G base stations", "万个", "基础设施", 3),
    ("智能工厂数量", "Smart factories", "家", "应用", 60),
    ("数字化车间数量", "Digital workshops", "个", "应用", 150),
    ("关键工序数控化率", "CNC rate of key processes", "%", "应用", 60),
    ("工业APP数量", "Industrial apps", "个", "平台", 2000),
    ("工业设备连接数", "Connected industrial equipment", "万台", "平台", 80),
    ("专精特新企业数量", "Specialised and sophisticated SMEs", "家", "企业", 300),
]
TASK_TOPICS = [
    ("平台培育", "platform cultivation"),
    ("企业上云用数赋智", "cloud, data and AI for enterprises"),
    ("标识解析体系建设", "identifier resolution"),
    ("数字化车间改造", "digital workshop retrofits"),
    ("工业互联网安全保障", "industrial internet security"),
    ("产业生态培育", "ecosystem building"),
    ("人才队伍建设", "talent development"),
    ("园区数字化转型", "digital transformation of parks"),
    ("融合应用推广", "application promotion"),
    ("要素保障", "safeguards"),
]
POLICY_TOPICS = [
    ("工业互联网创新发展行动计划", "Industrial Internet Innovation and Development Action Plan"),
    ("制造业数字化转型实施方案", "Manufacturing Digital Transformation Implementation Plan"),
    ("工赋专项行动方案", "Gongfu Special Action Plan"),
    ("数字经济发展规划", "Digital Economy Development Plan"),
    ("中小企业数字化赋能专项行动", "SME Digital Empowerment Campaign"),
]


def _py(chars: list[tuple[str, str]]) -> tuple[str, str]:
    """Characters as a name and its capitalised pinyin: [(恒, heng), (泰, tai)] → 恒泰, Hengtai."""
    return "".join(c for c, _ in chars), "".join(p for _, p in chars).capitalize()


_M64 = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64: a well-spread hash of an integer (names are pure functions of the index)."""
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


class _Urn:
    """Weighted draws whose weights grow (preferential attachment): a Fenwick tree, O(log n)."""

    def __init__(self, weights: list[int]) -> None:
        self.n = len(weights)
        self.tree = [0] * (self.n + 1)
        self.total = 0
        for i, w in enumerate(weights):
            self.add(i, w)

    def add(self, i: int, w: int) -> None:
        self.total += w
        j = i + 1
        while j <= self.n:
            self.tree[j] += w
            j += j & -j

    def draw(self, rng: random.Random) -> int:
        target = rng.randrange(self.total)
        pos, step = 0, 1 << self.n.bit_length()
        while step:
            nxt = pos + step
            if nxt <= self.n and self.tree[nxt] <= target:
                pos = nxt
                target -= self.tree[nxt]
            step >>= 1
        return pos


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    cum, total = [], 0.0
    for k in range(1, n + 1):
        total += 1.0 / k**s
        cum.append(total)
    return [c / total for c in cum]


@dataclass
class SynthReport:
    """What a generation wrote: where, how many triples, per class, and probe entities
    (a hub platform, an ordinary enterprise, parameters for the named questions)."""

    path: str
    seed: int
    requested: int
    triples: int
    counts: dict[str, int] = field(default_factory=dict)
    serves_degrees: list[int] = field(default_factory=list)
    probes: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class _Name(NamedTuple):
    zh: str
    en: str
    brand: str
    brand_en: str
    short: str
    short_en: str
    city: int


@dataclass
class _Place:
    iri: str
    zh: str
    en: str
    short: str
    short_en: str
    parent: int = -1  # province index of a city


class _Gen:
    def __init__(self, fh: IO[str], n: int, seed: int) -> None:
        self.fh, self.n, self.seed = fh, n, seed
        self.rng = random.Random(seed)
        self.buf: list[str] = []
        self.count = 0
        self.counts: Counter[str] = Counter()
        self.nfact = 0
        self.nobs = 0
        self.key = _mix(seed * 0x100000001B3 + 7)
        self.docs: list[tuple[str, str]] = []  # (iri, file name)
        self.names: dict[str, str] = {}  # zh names of backbone entities, by IRI
        self.probes: dict[str, str] = {}

    # -- writing ---------------------------------------------------------------------------------
    def t(self, s: str, p: str, o: str) -> None:
        self.buf.append(f"{s} {p} {o} .\n")
        self.count += 1
        if len(self.buf) >= 8192:
            self.flush()

    def keys(self, iri: str, names: tuple[str, ...]) -> None:
        """The search keys a build writes for these names (graph/search.py), so that a
        server loading the file as it is can search it."""
        done: set[str] = set()
        for name in names:
            for key, _how in name_keys(name):
                if key not in done:
                    done.add(key)
                    self.t(iri, SEARCH_KEY, _lit(key))

    def flush(self) -> None:
        self.fh.write("".join(self.buf))
        self.buf.clear()

    def entity(
        self, iri: str, cls: str, zh: str, en: str, aliases: tuple[str, ...] = (), kind: str = ""
    ) -> None:
        self.t(iri, A, _gf(cls))
        self.t(iri, LABEL, _lang(zh, "zh"))
        self.t(iri, LABEL, _lang(en, "en"))
        for alias in aliases:
            self.t(iri, ALT, _lang(alias, "en" if alias.isascii() else "zh"))
        self.keys(iri, (zh, en, *aliases))
        if kind:
            self.t(iri, _gf("kind"), _lit(kind))
        self.counts[cls] += 1
        if self.docs and self.rng.random() < 0.25:
            doc = self.docs[self.rng.randrange(len(self.docs))]
            self.fact(doc[0], "mentions", iri, f"……{zh}……", doc=doc)

    def fact(
        self,
        s: str,
        p: str,
        o: str,
        quote: str,
        *,
        inferred: bool = False,
        note: str = "",
        extra: tuple[tuple[str, str], ...] = (),
        doc: tuple[str, str] | None = None,
    ) -> None:
        """The relation ``s p o`` and its Fact: quote, source document, inferred flag."""
        pred = _gf(p)
        self.t(s, pred, o)
        f = _syn(f"fact-{self.nfact}")
        self.nfact += 1
        self.counts["Fact"] += 1
        if doc is None:
            doc = self.docs[int(len(self.docs) * self.rng.random() ** 2)]
        self.t(f, A, _gf("Fact"))
        self.t(f, SUBJ, s)
        self.t(f, PRED, pred)
        self.t(f, OBJ, o)
        self.t(f, DERIVED, doc[0])
        self.t(f, _gf("sourceFile"), _lit(doc[1]))
        self.t(f, _gf("quote"), _lit(quote))
        self.t(f, _gf("inferred"), _TRUE if inferred else _FALSE)
        if inferred:
            self.t(f, _gf("note"), _lit(note or "synthetic: the curator's reading"))
        for prop, value in extra:
            self.t(f, _gf(prop), value)

    # -- backbone --------------------------------------------------------------------------------
    def documents(self) -> None:
        for k in range(max(5, round(self.n / 20000))):
            iri, file = _syn(f"doc-{k}"), f"syn-{k:05d}.txt"
            self.docs.append((iri, file))
            self.t(iri, A, _gf("SourceDocument"))
            self.t(iri, LABEL, _lang(f"合成来源文档 {k:05d}", "zh"))
            self.t(iri, LABEL, _lang(f"Synthetic source document {k:05d}", "en"))
            self.keys(iri, (f"合成来源文档 {k:05d}", f"Synthetic source document {k:05d}"))
            self.t(iri, _gf("fileName"), _lit(file))
            self.t(iri, _gf("publisher"), _lit("gongfu synth"))
            self.t(iri, _gf("date"), _lit(f"{2019 + k % 6}-{1 + k % 12:02d}-{1 + k % 28:02d}"))
            self.counts["SourceDocument"] += 1

    def designations(self) -> None:
        scheme = _gf("PlatformTierScheme")
        for slug, (zh, en, alias) in TIERS.items():
            iri = _i(ID + slug)
            self.entity(iri, "Designation", zh, en, (alias,), kind="platform-tier")
            self.t(iri, IN_SCHEME, scheme)
            self.names[iri] = zh
        for slug, zh, en in TITLES:
            iri = _i(ID + slug)
            self.entity(iri, "Designation", zh, en, kind="enterprise title")
            self.names[iri] = zh

    def sectors(self) -> None:
        self.sector_iris = []
        for k, (zh, en) in enumerate(
            INDUSTRY[: max(6, min(len(INDUSTRY), round(self.n**0.5 / 5)))]
        ):
            iri = _syn(f"sector-{k}")
            self.entity(iri, "IndustrySector", f"{zh}行业", f"{en} industry", (zh,))
            self.sector_iris.append(iri)
            self.names[iri] = f"{zh}行业"

    def _place_name(self, used: set[str]) -> tuple[str, str]:
        for _ in range(200):
            a, b = self.rng.sample(PLACE, 2)
            zh, en = _py([a, b])
            if zh not in used:
                used.add(zh)
                return zh, en
        k = len(used)
        used.add(f"{k}")
        return f"新{PLACE[k % len(PLACE)][0]}{k}", f"Xin{PLACE[k % len(PLACE)][1]}{k}"

    def regions(self) -> None:
        n_city = max(3, min(600, round(self.n**0.5 / 8)))
        n_prov = max(2, min(31, round(n_city / 12)))
        used: set[str] = set()
        country = _syn("region-country")
        self.entity(country, "Region", "合成国", "Synthland", ("Synthland",), kind="country")
        self.names[country] = "合成国"
        self.provinces: list[_Place] = []
        for k in range(n_prov):
            zh, en = self._place_name(used)
            p = _Place(_syn(f"region-p{k}"), f"{zh}省", f"{en} Province", zh, en)
            self.entity(p.iri, "Region", p.zh, p.en, (zh, en), kind="province")
            self.fact(p.iri, "partOf", country, f"{p.zh}是合成国的省份")
            self.provinces.append(p)
            self.names[p.iri] = p.zh
        self.cities: list[_Place] = []
        for k in range(n_city):
            zh, en = self._place_name(used)
            prov = k % n_prov
            c = _Place(_syn(f"region-c{k}"), f"{zh}市", f"{en} City", zh, en, prov)
            self.entity(c.iri, "Region", c.zh, c.en, (zh, en), kind="city")
            self.fact(c.iri, "partOf", self.provinces[prov].iri, f"{self.provinces[prov].zh}{c.zh}")
            self.cities.append(c)
            self.names[c.iri] = c.zh
        self.city_cum = _zipf_cum(n_city, 1.0)
        self.probes["region"] = self.cities[0].iri[1:-1]

    def bodies(self) -> None:
        """Government bodies: two national, one per province, two to five per city."""
        self.national: list[str] = []
        for k, (zh, en) in enumerate(
            [
                (
                    "合成国工业和信息化部",
                    "Synthland Ministry of Industry and Information Technology",
                ),
                ("合成国财政部", "Synthland Ministry of Finance"),
            ]
        ):
            iri = _syn(f"gov-n{k}")
            self.entity(iri, "GovernmentBody", zh, en, kind="ministry")
            self.fact(iri, "locatedIn", _syn("region-country"), f"{zh}（合成国）")
            self.national.append(iri)
            self.names[iri] = zh
        self.prov_body: list[str] = []
        for k, p in enumerate(self.provinces):
            iri = _syn(f"gov-p{k}")
            zh = f"{p.zh}工业和信息化厅"
            en = f"{p.en} Department of Industry and Information Technology"
            self.entity(iri, "GovernmentBody", zh, en, (f"{p.short}工信厅",), kind="department")
            self.fact(iri, "locatedIn", p.iri, f"{zh}（{p.zh}）")
            self.prov_body.append(iri)
            self.names[iri] = zh
        self.city_bodies: list[list[str]] = []
        for k, c in enumerate(self.cities):
            own = []
            extra = 3 if k < len(self.cities) // 8 else 1 if k < len(self.cities) // 2 else 0
            for b, (bzh, ben) in enumerate(BUREAU[: 2 + extra]):
                iri = _syn(f"gov-c{k}-{b}")
                zh, en = f"{c.zh}{bzh}", f"{c.en} {ben}"
                aliases = (f"{c.short}工信局",) if b == 0 else ()
                self.entity(iri, "GovernmentBody", zh, en, aliases, kind="municipal bureau")
                self.fact(iri, "locatedIn", c.iri, f"{zh}（{c.zh}）")
                own.append(iri)
                self.names[iri] = zh
            self.city_bodies.append(own)
        self.probes["body"] = self.city_bodies[0][0][1:-1]

    def people(self) -> None:
        bodies = self.prov_body + [b for own in self.city_bodies for b in own[:1]]
        for k, body in enumerate(bodies[:: 3 if len(bodies) > 6 else 1]):
            s = SURNAME[self.rng.randrange(len(SURNAME))]
            g = self.rng.sample(BRAND, self.rng.choice((1, 2)))
            zh = s[0] + "".join(c for c, _ in g)
            en = f"{s[1].capitalize()} {''.join(p for _, p in g).capitalize()}"
            iri = _syn(f"person-{k}")
            self.entity(iri, "Person", zh, en, (en.replace(" ", ""),))
            posts = ("厅长", "副厅长") if body in self.prov_body else ("局长", "副局长", "处长")
            post = self.rng.choice(posts)
            self.fact(
                iri,
                "holdsPost",
                body,
                f"{self.names[body]}{post}{zh}",
                extra=(("post", _lit(post)),),
            )

    def parks(self) -> None:
        n_park = max(2, round(self.n**0.75 / 40))
        self.parks_of: list[list[int]] = [[] for _ in self.cities]
        self.park_iris: list[str] = []
        used: set[str] = set()
        for k in range(n_park):
            city = bisect.bisect_left(self.city_cum, self.rng.random())
            c = self.cities[city]
            for attempt in range(50):
                wzh, wen, kind = PARK_WORD[self.rng.randrange(len(PARK_WORD))]
                zone = ("", "东部", "西部", "南部", "北部", "新区")[attempt % 6] if attempt else ""
                zone = zone or ("", "东部", "西部")[self.rng.randrange(3)]
                zh = f"{c.short}{zone}{wzh}"
                if zh not in used:
                    break
                zh = f"{zh}{k}"
            used.add(zh)
            en = f"{c.short_en} {wen}" + (f" ({zone})" if zone else "")
            iri = _syn(f"park-{k}")
            short = f"{c.short}{zone}{wzh[:2]}区"
            self.entity(iri, "Park", zh, en, (short,), kind=kind)
            self.fact(iri, "locatedIn", c.iri, f"{zh}位于{c.zh}")
            self.parks_of[city].append(k)
            self.park_iris.append(iri)
            self.names[iri] = zh
        big = max(range(len(self.cities)), key=lambda i: len(self.parks_of[i]))
        self.probes["park"] = self.park_iris[self.parks_of[big][0]][1:-1]

    # -- enterprises: names are pure functions of the index ----------------------------------------
    def enterprise_name(self, i: int) -> _Name:
        """Names and city of enterprise ``i``: a pure function of (seed, i)."""
        h = _mix(self.key ^ (i * 0x9E3779B1 + 1))
        k = len(BRAND)
        picks = [BRAND[h % k], BRAND[(h >> 7) % k]]
        if picks[1][0] == picks[0][0]:
            picks[1] = BRAND[((h >> 7) + 1) % k]
        third = BRAND[(h >> 16) % k]
        if (h >> 14) & 3 == 0 and third[0] not in (picks[0][0], picks[1][0]):
            picks.append(third)
        brand, brand_en = _py(picks)
        ind_zh, ind_en = INDUSTRY[(h >> 24) % len(INDUSTRY)]
        suf_zh, suf_en = SUFFIX[(h >> 32) % len(SUFFIX)]
        city = bisect.bisect_left(self.city_cum, ((h >> 36) & 0xFFFFFF) / float(1 << 24))
        city = min(city, len(self.cities) - 1)
        c = self.cities[city]
        return _Name(
            f"{c.short}{brand}{ind_zh}{suf_zh}",
            f"{c.short_en} {brand_en} {ind_en} {suf_en}",
            brand,
            brand_en,
            f"{brand}{ind_zh[:2]}",
            f"{brand_en} {ind_en.split()[0]}",
            city,
        )

    def enterprise(self, i: int, *, operator: bool = False) -> tuple[str, str, int]:
        """Write enterprise ``i`` (labels, aliases, city, park); return (iri, zh, city)."""
        name = self.enterprise_name(i)
        zh, short, short_en, city = name.zh, name.short, name.short_en, name.city
        iri = _syn(f"ent-{i}")
        aliases = (short, short_en) if (i % 3 == 0 or operator) else (short,)
        self.entity(iri, "Enterprise", zh, name.en, aliases)
        if operator or self.rng.random() < 0.1:
            self.t(iri, _gf("stockName"), _lit(short))
        c = self.cities[city]
        self.fact(iri, "locatedIn", c.iri, f"{zh}位于{c.zh}")
        parks = self.parks_of[city]
        if parks and self.rng.random() < 0.6:
            park = self.park_iris[parks[int(len(parks) * self.rng.random() ** 2)]]
            self.fact(park, "hosts", iri, f"{self.names[park]}集聚了{zh}等一批企业")
        return iri, zh, city

    def platforms(self) -> None:
        n_plat = max(4, round(self.n**0.75 / 60))
        tiers = list(TIERS)
        n_cross = max(2, round(n_plat * 0.03))
        n_spec = max(1, round(n_plat * 0.12))
        n_key = max(1, round(n_plat * 0.2))
        self.platform_iris: list[str] = []
        self.platform_city: list[int] = []
        self.n_operators = n_plat
        for k in range(n_plat):
            tier = tiers[
                0
                if k < n_cross
                else 1
                if k < n_cross + n_spec
                else 2
                if k < n_cross + n_spec + n_key
                else 3
            ]
            op_iri, op_zh, city = self.enterprise(k, operator=True)
            name = self.enterprise_name(k)
            brand, brand_en = name.brand, name.brand_en
            word_zh, word_en = PLATFORM_WORD[k % len(PLATFORM_WORD)]
            zh, en = (
                f"{brand}{word_zh}工业互联网平台",
                f"{brand_en} {word_en} Industrial Internet Platform",
            )
            iri = _syn(f"platform-{k}")
            self.entity(iri, "Platform", zh, en, (f"{brand}{word_zh}", f"{brand_en} {word_en}"))
            self.names[iri] = zh
            self.fact(iri, "selectedAs", _i(ID + tier), f"{zh}入选{TIERS[tier][0]}")
            self.fact(
                iri,
                "operatedBy",
                op_iri,
                f"{op_zh}打造的{zh}",
                inferred=k % 4 == 1,
                note="synthetic: operator read from the platform's name",
            )
            self.fact(op_iri, "develops", iri, f"{op_zh}自主研发{zh}")
            alliance = self.alliances[self.cities[city].parent]
            self.fact(op_iri, "memberOf", alliance, f"{op_zh}加入{self.names[alliance]}")
            self.fact(iri, "locatedIn", self.cities[city].iri, f"{zh}落地{self.cities[city].zh}")
            for s in self.rng.sample(self.sector_iris, 1 + self.rng.randrange(3)):
                rel = "empowers" if self.rng.random() < 0.5 else "covers"
                self.fact(iri, rel, s, f"{zh}深耕{self.names[s]}")
            self.platform_iris.append(iri)
            self.platform_city.append(city)
        # a Zipf prior by rank (hubs first), then preferential attachment on top of it
        harmonic = sum(1.0 / (k + 1) for k in range(n_plat))
        weights = [max(1, round(self.n / 25 / ((k + 1) * harmonic))) for k in range(n_plat)]
        self.urn = _Urn(weights)
        self.serves = [0] * n_plat
        self.probes["hub"] = self.platform_iris[0][1:-1]
        self.probes["tier"] = ID + "tier-cross-industry"

    def infrastructure(self) -> None:
        top = _syn("infra-top")
        self.entity(
            top,
            "Infrastructure",
            "国家顶级节点（合成）",
            "National top-level node (synthetic)",
            ("顶级节点",),
            kind="national top-level node",
        )
        self.fact(top, "covers", _syn("region-country"), "国家顶级节点（合成）覆盖全国")
        for k, p in enumerate(self.provinces):
            for j in range(1 + len(self.sector_iris) // 10):
                sector = self.sector_iris[(k + j) % len(self.sector_iris)]
                zh = f"标识解析二级节点（{p.short}·{self.names[sector]}）"
                iri = _syn(f"infra-{k}-{j}")
                self.entity(
                    iri,
                    "Infrastructure",
                    zh,
                    f"Identifier secondary node ({p.en}, sector {j})",
                    kind="identifier secondary node",
                )
                self.fact(iri, "connectsTo", top, f"{zh}接入国家顶级节点")
                if j == 0:  # one per province: a node built on the national system
                    self.fact(iri, "integrates", top, f"{zh}融合国家标识解析体系")
                self.fact(iri, "covers", p.iri, f"{zh}服务{p.zh}")
                self.fact(iri, "covers", sector, f"{zh}面向{self.names[sector]}")
                op = self.platform_iris[self.rng.randrange(len(self.platform_iris))]
                self.fact(op, "connectsTo", iri, f"{self.names[op]}对接{zh}")

    def organizations(self) -> None:
        """Per province an industry alliance and a research institute (gf:Organization);
        the institute and the platforms' operators are members of the alliance."""
        self.alliances: list[str] = []
        for k, p in enumerate(self.provinces):
            alliance, institute = _syn(f"org-alliance-{k}"), _syn(f"org-institute-{k}")
            azh, izh = f"{p.zh}工业互联网产业联盟", f"{p.zh}工业互联网研究院"
            self.entity(
                alliance,
                "Organization",
                azh,
                f"{p.en} Industrial Internet Alliance",
                (f"{p.short}工联盟",),
                kind="alliance",
            )
            self.entity(
                institute,
                "Organization",
                izh,
                f"{p.en} Industrial Internet Institute",
                (f"{p.short}工研院",),
                kind="institute",
            )
            self.names[alliance], self.names[institute] = azh, izh
            self.fact(alliance, "locatedIn", p.iri, f"{azh}（{p.zh}）")
            self.fact(institute, "locatedIn", p.iri, f"{izh}（{p.zh}）")
            self.fact(institute, "memberOf", alliance, f"{izh}为{azh}理事单位")
            self.alliances.append(alliance)

    def events(self) -> None:
        self.event_iris: list[str] = []
        for k in range(max(2, len(self.platform_iris) // 4)):
            city = bisect.bisect_left(self.city_cum, self.rng.random())
            c = self.cities[min(city, len(self.cities) - 1)]
            year = 2019 + k % 6
            zh, en = (
                f"{year}{c.short}工业互联网大会（第{k + 1}届）",
                f"{year} {c.short_en} Industrial Internet Conference #{k + 1}",
            )
            iri = _syn(f"event-{k}")
            self.entity(iri, "Event", zh, en)
            self.t(iri, _gf("date"), _lit(f"{year}-{1 + k % 12:02d}-15"))
            body = self.city_bodies[min(city, len(self.cities) - 1)][0]
            self.fact(iri, "organizedBy", body, f"{zh}由{self.names[body]}主办")
            for p in self.rng.sample(self.platform_iris, min(3, len(self.platform_iris))):
                self.fact(p, "participatesIn", iri, f"{self.names[p]}亮相{zh}")
            self.event_iris.append(iri)
            self.names[iri] = zh

    def policies(self, budget: int) -> None:
        """Plans with task groups, actions, responsible bodies, indicators and observations,
        until ``budget`` triples have been written."""
        start = self.count
        self.policy_iris: list[str] = []
        indicators: dict[tuple[int, int], str] = {}
        k = 0
        while k < 2 or self.count - start < budget:
            level = "n" if k == 0 else "p" if k % 4 == 1 else "c"
            if level == "n":
                region, body, rzh, ren, rk = (
                    _syn("region-country"),
                    self.national[0],
                    "合成国",
                    "Synthland",
                    -1,
                )
            elif level == "p":
                pi = (k // 4) % len(self.provinces)
                p = self.provinces[pi]
                region, body, rzh, ren, rk = p.iri, self.prov_body[pi], p.zh, p.en, 10_000 + pi
            else:
                ci = min(bisect.bisect_left(self.city_cum, self.rng.random()), len(self.cities) - 1)
                c = self.cities[ci]
                region, body, rzh, ren, rk = c.iri, self.city_bodies[ci][0], c.zh, c.en, ci
            tzh, ten = POLICY_TOPICS[k % len(POLICY_TOPICS)]
            y1 = 2021 + self.rng.randrange(4)
            y2 = y1 + 2
            zh = f"{rzh}{tzh}（{y1}—{y2}年）"
            en = f"{ren} {ten} ({y1}–{y2}) #{k}"
            iri = _syn(f"policy-{k}")
            self.entity(iri, "Policy", zh, en, (f"{rzh}{tzh[:4]}方案{k}",))
            self.t(iri, _gf("issuedOn"), _lit(f"{y1}-{1 + k % 12:02d}-{1 + k % 28:02d}"))
            self.t(iri, _gf("period"), _lit(f"{y1}—{y2}"))
            self.names[iri] = zh
            self.fact(iri, "issuedBy", body, f"{self.names[body]}印发《{zh}》")
            if self.policy_iris:
                parent = self.policy_iris[int(len(self.policy_iris) * self.rng.random() ** 3)]
                self.fact(iri, "implements", parent, f"为贯彻落实《{self.names[parent]}》")
            self.fact(iri, "covers", region, f"《{zh}》适用于{rzh}")
            for s in self.rng.sample(self.sector_iris, 1 + self.rng.randrange(2)):
                self.fact(
                    iri,
                    "covers",
                    s,
                    f"重点推进{self.names[s]}数字化转型",
                    inferred=True,
                    note="synthetic: sector read from the task list",
                )
            bodies = (
                self.national
                if rk == -1
                else [self.prov_body[rk - 10_000], *self.national[:1]]
                if rk >= 10_000
                else self.city_bodies[rk]
            )
            self._tasks(iri, zh, k, bodies)
            for m in self.rng.sample(range(len(METRICS)), 2 + self.rng.randrange(3)):
                key = (rk, m)
                ind = indicators.get(key)
                if ind is None:
                    ind = indicators[key] = self._indicator(len(indicators), m, rzh, ren)
                self.fact(iri, "setsTarget", ind, f"《{zh}》提出{self.names[ind]}目标")
                self._observations(ind, m, region, rk, y1, y2)
            if k == 0:  # every relation type occurs, however small the graph
                self.fact(
                    iri,
                    "funds",
                    _syn("ent-0"),
                    f"对{self.enterprise_name(0).zh}给予500万元奖补",
                    extra=(("amount", _dec(500)), ("unit", _lit("万元"))),
                )
            if self.platform_iris and self.rng.random() < 0.5:
                p = self.platform_iris[self.rng.randrange(len(self.platform_iris))]
                self.fact(iri, "supports", p, f"支持{self.names[p]}做大做强")
            self.policy_iris.append(iri)
            if level == "c" and "plan" not in self.probes:
                self.probes["plan"] = iri[1:-1]
                self.probes["indicator"] = indicators[(rk, m)][1:-1]
            k += 1
        self.policy_cum = _zipf_cum(len(self.policy_iris), 0.8)
        self.probes.setdefault("plan", self.policy_iris[0][1:-1])
        self.probes.setdefault("indicator", next(iter(indicators.values()))[1:-1])

    def _tasks(self, policy: str, pzh: str, k: int, bodies: list[str]) -> None:
        for g in range(2 + self.rng.randrange(3)):
            tzh, ten = TASK_TOPICS[(k + g) % len(TASK_TOPICS)]
            group = _syn(f"task-{k}-{g + 1}")
            gzh = f"{'一二三四五六'[g]}、实施{tzh}行动（{pzh[:8]}…）"
            self.entity(
                group,
                "PolicyTask",
                gzh,
                f"Task group {g + 1}: {ten} (policy {k})",
                kind="task group",
            )
            self.t(group, _gf("code"), _lit(str(g + 1)))
            self.fact(policy, "hasTask", group, f"{'一二三四五六'[g]}、实施{tzh}行动")
            for a in range(1 + self.rng.randrange(3)):
                action = _syn(f"task-{k}-{g + 1}-{a + 1}")
                code = f"{g + 1}.{a + 1}"
                azh = f"（{code}）推进{tzh}第{a + 1}项举措（{pzh[:8]}…）"
                self.entity(
                    action, "PolicyTask", azh, f"Action {code}: {ten} (policy {k})", kind="action"
                )
                self.t(action, _gf("code"), _lit(code))
                self.fact(group, "hasTask", action, f"（{code}）推进{tzh}")
                lead, other = self.rng.randrange(len(bodies)), self.rng.randrange(len(bodies))
                for b in [lead] if other == lead else [lead, other]:
                    role = "牵头" if b == lead else "配合"
                    self.fact(
                        bodies[b],
                        "responsibleFor",
                        action,
                        f"责任单位：{self.names[bodies[b]]}（{role}）",
                        extra=(("role", _lit(role)),),
                    )
                if "task" not in self.probes:
                    self.probes["task"] = action[1:-1]

    def _indicator(self, j: int, m: int, rzh: str, ren: str) -> str:
        mzh, men, unit, cat, _size = METRICS[m]
        iri = _syn(f"ind-{j}")
        zh, en = f"{rzh}{mzh}", f"{men} ({ren})"
        self.entity(iri, "Indicator", zh, en, (mzh,))
        self.t(iri, _gf("category"), _lit(cat))
        self.t(iri, _gf("unit"), _lit(unit))
        self.names[iri] = zh
        return iri

    def _observations(self, ind: str, m: int, region: str, rk: int, y1: int, y2: int) -> None:
        mzh, men, unit, _cat, size = METRICS[m]
        scale = size * (30 if rk == -1 else 4 if rk >= 10_000 else 1) * (0.5 + self.rng.random())
        if unit == "%":
            scale = min(95.0, size * (0.6 + 0.6 * self.rng.random()))
        years = [(y1 - 1, "reported", scale * 0.7), (y2, "target", scale)]
        if self.rng.random() < 0.5:
            years.insert(1, (y1, "target", scale * 0.8))
        for year, kind, value in years:
            self._observation(ind, region, year, kind, round(value, 1), unit, mzh, men)
            if self.rng.random() < 0.08:  # a second source gives another figure
                self._observation(ind, region, year, kind, round(value * 1.1, 1), unit, mzh, men)

    def _observation(
        self,
        ind: str,
        scope: str,
        year: int,
        kind: str,
        value: float,
        unit: str,
        mzh: str,
        men: str,
    ) -> None:
        o = _syn(f"obs-{self.nobs}")
        self.nobs += 1
        doc = self.docs[self.rng.randrange(len(self.docs))]
        cmp = ">=" if kind == "target" and self.rng.random() < 0.3 else ""
        shown = f"{cmp}{_dec(value).split(chr(34))[1]}{unit}"
        word = "目标" if kind == "target" else "报告"
        self.t(o, A, _gf("Observation"))
        self.t(o, _gf("measures"), ind)
        self.t(o, _gf("scope"), scope)
        self.t(o, _gf("year"), _int(year))
        self.t(o, _gf("value"), _dec(value))
        self.t(o, _gf("valueKind"), _lit(kind))
        self.t(o, _gf("unit"), _lit(unit))
        if cmp:
            self.t(o, _gf("comparator"), _lit(cmp))
        self.t(o, DERIVED, doc[0])
        self.t(o, _gf("sourceFile"), _lit(doc[1]))
        self.t(
            o,
            _gf("quote"),
            _lit(f"到{year}年，{self.names[ind]}{'达到' if kind == 'target' else '为'}{shown}"),
        )
        self.t(o, LABEL, _lang(f"{self.names[ind]} · {year}年{word} {shown}", "zh"))
        self.t(o, LABEL, _lang(f"{men} · {year} {kind} {shown}", "en"))
        self.counts["Observation"] += 1

    # -- the bulk ----------------------------------------------------------------------------------
    def enterprises(self) -> None:
        i = self.n_operators
        half = self.n // 2
        while self.count < self.n or i < self.n_operators + 20:
            iri, zh, city = self.enterprise(i)
            r = self.rng.random()
            k = 0 if r < 0.1 else 1 if r < 0.65 else 2 if r < 0.9 else 3
            chosen: list[int] = []
            for _ in range(k):
                p = self.urn.draw(self.rng)
                if p in chosen:
                    continue
                chosen.append(p)
                self.urn.add(p, 1)
                self.serves[p] += 1
                pz = self.names[self.platform_iris[p]]
                if self.rng.random() < 0.8:
                    self.fact(self.platform_iris[p], "serves", iri, f"{pz}为{zh}提供平台服务")
                else:
                    self.fact(self.platform_iris[p], "empowers", iri, f"{pz}赋能{zh}数字化转型")
            r = self.rng.random()
            if r < 0.08:
                t_slug, t_zh, _t_en = TITLES[self.rng.randrange(len(TITLES))]
                self.fact(iri, "selectedAs", _i(ID + t_slug), f"{zh}入选{t_zh}名单")
            if r > 0.95:
                pol = self.policy_iris[bisect.bisect_left(self.policy_cum, self.rng.random())]
                amount = 50 * (1 + self.rng.randrange(40))
                self.fact(
                    pol,
                    "funds",
                    iri,
                    f"给予{zh}{amount}万元奖补",
                    extra=(("amount", _dec(amount)), ("unit", _lit("万元"))),
                )
            elif r > 0.9:
                pol = self.policy_iris[bisect.bisect_left(self.policy_cum, self.rng.random())]
                self.fact(pol, "supports", iri, f"支持{zh}开展数字化改造")
            if i == self.n_operators + 1 or (i > self.n_operators and self.rng.random() < 0.05):
                j = self.rng.randrange(i)
                self.fact(
                    iri,
                    "cooperatesWith",
                    _syn(f"ent-{j}"),
                    f"{zh}与{self.enterprise_name(j).zh}签署战略合作协议",
                )
            if self.rng.random() < 0.03:
                alliance = self.alliances[self.cities[city].parent]
                self.fact(iri, "memberOf", alliance, f"{zh}加入{self.names[alliance]}")
            if self.rng.random() < 0.03 and self.event_iris:
                ev = self.event_iris[self.rng.randrange(len(self.event_iris))]
                self.fact(iri, "participatesIn", ev, f"{zh}参加{self.names[ev]}")
            if self.rng.random() < 0.02:
                op = self.rng.randrange(self.n_operators)
                self.fact(
                    iri,
                    "partOf",
                    _syn(f"ent-{op}"),
                    f"{zh}是{self.enterprise_name(op).zh}的子公司",
                    inferred=True,
                    note="synthetic: group membership read from the name",
                )
            if "enterprise" not in self.probes and self.count >= half and len(chosen) == 1:
                self.probes["enterprise"] = iri[1:-1]
                self.probes["enterprise_name"] = zh
                name = self.enterprise_name(i)
                self.probes["search_pinyin"] = name.brand_en.lower()
                self.probes["search_zh"] = name.short
                self.probes["enterprise_city_body"] = self.city_bodies[city][-1][1:-1]
            i += 1
        self.probes.setdefault("enterprise", _syn(f"ent-{i - 1}")[1:-1])
        last = self.enterprise_name(i - 1)
        self.probes.setdefault("enterprise_name", last.zh)
        self.probes.setdefault("search_pinyin", last.brand_en.lower())
        self.probes.setdefault("search_zh", last.short)
        self.probes.setdefault("enterprise_city_body", self.city_bodies[-1][-1][1:-1])


def generate(n: int, path: Path, *, seed: int = 0) -> SynthReport:
    """Write about ``n`` triples of synthetic graph to ``path`` (N-Triples); deterministic
    for a seed. Returns what was written and probe entities for benchmarks."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", buffering=1 << 20) as fh:
        gen = _Gen(fh, int(n), seed)
        gen.documents()
        gen.designations()
        gen.sectors()
        gen.regions()
        gen.bodies()
        gen.people()
        gen.parks()
        gen.organizations()
        gen.platforms()
        gen.infrastructure()
        gen.events()
        gen.policies(budget=max(1, int(n * 0.2)))
        gen.enterprises()
        gen.flush()
    hub = max(range(len(gen.serves)), key=lambda p: (gen.serves[p], -p))
    gen.probes["hub"] = gen.platform_iris[hub][1:-1]
    hub_city = gen.platform_city[hub]
    gen.probes["hub_city_body"] = gen.city_bodies[hub_city][0][1:-1]
    gen.probes["hub_name"] = gen.names[_i(gen.probes["hub"])]
    counts = dict(sorted(gen.counts.items()))
    return SynthReport(
        path=str(path),
        seed=seed,
        requested=int(n),
        triples=gen.count,
        counts=counts,
        serves_degrees=sorted(gen.serves, reverse=True),
        probes=dict(sorted(gen.probes.items())),
    )


def write_synth(n: int, out_dir: Path, *, seed: int = 0) -> SynthReport:
    """``gongfu synth``: ``out_dir/graph.nt`` and ``out_dir/synth.json`` (the report)."""
    out_dir = Path(out_dir)
    report = generate(n, out_dir / "graph.nt", seed=seed)
    (out_dir / "synth.json").write_text(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return report
