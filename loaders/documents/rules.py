"""The genre's vocabulary: what Chinese policy texts and industry news write around names.

Everything here is about how the genre writes (suffixes of organisation and platform names,
the words that open a list of responsible units, the verbs of support and selection, the
headings of an action plan), never about one document: no entity, document or sentence is
named (tests/test_ingest.py checks this file against the curated data).
"""

from __future__ import annotations

import re

__all__ = [
    "DESIGNATION_SUFFIXES",
    "GENERIC_NAMES",
    "HEADING",
    "NAME_SUFFIXES",
    "NON_TASK_SECTIONS",
    "POSTS",
    "TASK_SECTIONS",
]

# --- names by their last word: (suffix, class, kind) — longest match wins ----------------------
NAME_SUFFIXES: list[tuple[str, str, str]] = sorted(
    [
        # government
        ("人民政府", "GovernmentBody", "government"),
        ("政府", "GovernmentBody", "government"),
        ("管理委员会", "GovernmentBody", "administrative committee"),
        ("管委会", "GovernmentBody", "administrative committee"),
        ("党工委", "GovernmentBody", "party working committee"),
        ("工作委员会", "GovernmentBody", "committee"),
        ("监督管理委员会", "GovernmentBody", "commission"),
        ("改革委员会", "GovernmentBody", "commission"),
        ("发展改革委", "GovernmentBody", "commission"),
        ("国资委", "GovernmentBody", "commission"),
        ("办公厅", "GovernmentBody", "general office"),
        ("办公室", "GovernmentBody", "office"),
        ("领导小组", "GovernmentBody", "leading group"),
        ("主管部门", "GovernmentBody", "department"),
        ("厅", "GovernmentBody", "department"),
        ("局", "GovernmentBody", "bureau"),
        ("部", "GovernmentBody", "ministry"),
        ("省委", "GovernmentBody", "party committee"),
        ("市委", "GovernmentBody", "party committee"),
        ("保障中心", "GovernmentBody", "support centre"),
        ("服务中心", "GovernmentBody", "service centre"),
        # organisations
        ("协会", "Organization", "association"),
        ("学会", "Organization", "society"),
        ("商会", "Organization", "chamber"),
        ("联盟", "Organization", "alliance"),
        ("研究院", "Organization", "institute"),
        ("研究所", "Organization", "institute"),
        ("研究中心", "Organization", "institute"),
        ("创新中心", "Organization", "innovation centre"),
        ("促进中心", "Organization", "promotion centre"),
        ("推广中心", "Organization", "promotion centre"),
        ("体验中心", "Organization", "experience centre"),
        ("分中心", "Organization", "branch centre"),
        ("实验室", "Organization", "laboratory"),
        ("大学", "Organization", "university"),
        ("学院", "Organization", "college"),
        ("专家委员会", "Organization", "expert committee"),
        ("咨询委", "Organization", "advisory committee"),
        ("工委", "Organization", "working committee"),
        ("日报", "Organization", "newspaper"),
        ("电子报", "Organization", "newspaper"),
        ("信通院", "Organization", "institute"),
        # enterprises
        ("股份有限公司", "Enterprise", ""),
        ("有限公司", "Enterprise", ""),
        ("公司", "Enterprise", ""),
        ("集团", "Enterprise", ""),
        ("智造", "Enterprise", ""),
        # platforms
        ("工业互联网平台", "Platform", ""),
        ("服务平台", "Platform", ""),
        ("平台", "Platform", ""),
        # parks
        ("高新技术产业开发区", "Park", "high-tech zone"),
        ("经济技术开发区", "Park", "development zone"),
        ("高新区", "Park", "high-tech zone"),
        ("经开区", "Park", "development zone"),
        ("开发区", "Park", "development zone"),
        ("工业园区", "Park", "industrial park"),
        ("产业园", "Park", "industrial park"),
        ("园区", "Park", "park"),
        ("起步区", "Park", "zone"),
        ("试验区", "Park", "pilot zone"),
        ("片区", "Park", "zone"),
        ("新区", "Park", "new area"),
        ("老工业区", "Park", "old industrial area"),
        # regions
        ("省", "Region", "province"),
        ("市", "Region", "city"),
        ("县", "Region", "county"),
        ("经济圈", "Region", "metropolitan area"),
        # infrastructure
        ("超级节点", "Infrastructure", "超级节点"),
        ("二级节点", "Infrastructure", "标识解析二级节点"),
        ("顶级节点", "Infrastructure", "顶级节点"),
        ("数据中心", "Infrastructure", "数据中心"),
        ("计算中心", "Infrastructure", "计算中心"),
        ("算力中心", "Infrastructure", "计算中心"),
        ("直联点", "Infrastructure", "骨干直联点"),
        ("骨干网络", "Infrastructure", "网络"),
        ("确定性网络", "Infrastructure", "网络"),
        ("专网", "Infrastructure", "网络"),
        ("链", "Infrastructure", "标识体系"),
        # events
        ("工作会议", "Event", "meeting"),
        ("圆桌会议", "Event", "meeting"),
        ("座谈会", "Event", "meeting"),
        ("会议", "Event", "meeting"),
        ("大会", "Event", "conference"),
        ("论坛", "Event", "forum"),
        ("峰会", "Event", "summit"),
        ("博览会", "Event", "expo"),
        ("大赛", "Event", "competition"),
        ("对接会", "Event", "matchmaking"),
        ("对接活动", "Event", "matchmaking"),
        ("仪式", "Event", "ceremony"),
        ("深度行", "Event", "tour"),
        # policies
        ("行动计划", "Policy", "action plan"),
        ("实施意见", "Policy", "opinions"),
        ("实施方案", "Policy", "implementation plan"),
        ("指导意见", "Policy", "guidance"),
        ("若干措施", "Policy", "measures"),
        ("若干政策", "Policy", "measures"),
        ("规划", "Policy", "plan"),
        ("条例", "Policy", "regulation"),
        ("办法", "Policy", "measures"),
        ("指南", "Policy", "guide"),
        ("专项行动", "Policy", "campaign"),
        ("行动", "Policy", "campaign"),
        ("工程", "Policy", "programme"),
        ("战略", "Policy", "strategy"),
        ("计划", "Policy", "plan"),
        ("政策", "Policy", "policy"),
    ],
    key=lambda item: len(item[0]),
    reverse=True,
)

# --- designations: titles and lists an entity is selected into ----------------------------------
DESIGNATION_SUFFIXES: tuple[str, ...] = (
    "工厂", "示范区", "先导区", "示范基地", "产业示范基地", "试点示范", "标杆", "冠军", "小巨人",
    "示范企业", "领航企业", "标杆企业", "服务商", "样板", "案例", "名单", "品牌", "称号", "集群",
    "枢纽中心城市", "示范城市", "示范项目", "产业链", "专板", "资源池", "车间",
)  # fmt: skip

# words that alone make no name: 重点企业, 工业互联网平台, 产业园区 …
GENERIC_NAMES: frozenset[str] = frozenset(
    """重点 龙头 相关 各类 有关 一批 各级 国家级 省级 市级 县级 区级 国家 全国 全省 全市 本地 当地 我市 我省
    工业互联网 工业 互联网 产业 行业 企业 中小 中小企业 数字化 智能化 网络化 转型 创新 发展 新型 优质 优秀
    高水平 高质量 综合型 综合 公共 服务 专业 特色 示范 标杆 重大 项目 领域 骨干 平台 其他 多 各 等 类 该 此
    这 本 其 之 新 老 大 小 上 下 内 外 全 总 省内 市内 区县 各区县 管理 建设 应用 推广 区域 行业性 区域性
    数字 数据 信息 技术 科技 安全 绿色 低碳 智慧 智能 融合 赋能 制造 制造业 先进 现代 传统 未来 新兴
    工作 活动 部门 机构 单位 主体 载体 体系 生态 能力 水平 质量 资源 要素 基础 设施 基础设施 相应 配套
    一 二 三 四 五 六 七 八 九 十 百 千 万 个 家 项 批 首批 第一 首个 首届 一体化 全方位 多层次
    大型 区域性 协会 联盟 高校 院所 高校院所 科研 机构 行业协会 产业联盟 子 跨 混合 虚拟 测试 验证 环境""".split()
)

# --- persons: a post written just before a name ---------------------------------------------
POSTS: tuple[str, ...] = (
    "党组书记", "党组成员", "党工委委员", "党工委书记", "厅长", "副厅长", "局长", "副局长", "部长", "副部长",
    "主任", "副主任", "书记", "副书记", "省长", "副省长", "市长", "副市长", "区长", "副区长", "巡视员",
    "二级巡视员", "一级巡视员", "董事长", "总经理", "副总经理", "总裁", "院长", "副院长", "理事长",
    "秘书长", "会长", "记者", "首席执行官", "总工程师",
)  # fmt: skip

# --- headings of plans: （一）… 1. … 一是… ----------------------------------------------------------
HEADING = {
    "section": re.compile(r"^([一二三四五六七八九十]+)、(.{2,40})$"),
    "group": re.compile(r"^[（(]([一二三四五六七八九十]+)[）)](.{2,40}?)[。.]?$"),
    "item": re.compile(r"^(\d{1,2})[.．、](?!\d)(.{2,60}?)[。.]?$"),
    "ordinal": re.compile(r"^([一二三四五六七八九十]+)是(.{2,80}?)[。；;]"),
}

# sections whose numbered headings are a plan's tasks, and sections whose are not
TASK_SECTIONS: tuple[str, ...] = (
    "重点任务", "主要任务", "重点工作", "工作任务", "保障措施", "主要措施", "工作措施", "重点举措",
    "政策措施", "支持措施", "组织保障", "实施步骤", "任务", "措施", "举措",
)  # fmt: skip
NON_TASK_SECTIONS: tuple[str, ...] = (
    "总体要求", "指导思想", "基本原则", "工作目标", "发展目标", "主要目标", "总体目标", "目标", "背景",
    "发展现状", "形势", "附则",
)  # fmt: skip
SAFEGUARD_SECTIONS: tuple[str, ...] = ("保障措施", "组织保障", "保障")
