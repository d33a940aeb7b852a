"""The demo's week-by-week records (演示工作记录): news, visits, patrols, benefit policies and
the integrated platform's daily counts, with the seed reports' own entries in their weeks."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from servicehall.demo import workcal
from servicehall.demo.catalog import Catalog
from servicehall.demo.departments import DEPARTMENT_NAMES, chinese_name
from servicehall.demo.events import DEPARTMENT_WEIGHTS, apportion

D = dt.date
SEED_WEEKS = [(D(2023, 3, 6), D(2023, 3, 10)), (D(2024, 1, 22), D(2024, 1, 26))]

CATEGORIES = [
    "政务工作动态",
    "综窗改革推进",
    "优化营商环境",
    "窗口服务效能提升",
    "惠企政策直达快享",
    "一件事一次办",
]


@dataclass(frozen=True)
class NewsRow:
    category: str
    department: str | None
    occurred_on: dt.date
    text: str
    group: int | None = None
    sort_order: int = 100
    author: str = ""


@dataclass(frozen=True)
class VisitRow:
    visited_on: dt.date
    department: str | None
    organization: str
    title: str
    name: str
    companions: str = ""
    activity: str = "窗口调研值守"
    remarks: str = ""


@dataclass(frozen=True)
class PatrolRow:
    patrolled_at: dt.datetime
    inspector: str
    findings: tuple[tuple[str, str, str], ...]  # (check item, rating, remarks)


@dataclass(frozen=True)
class PolicyRow:
    department: str
    name: str
    mode: str
    amounts: tuple[tuple[dt.date, Decimal], ...]  # cumulative amount in 元 as of a date


@dataclass
class Journal:
    news: list[NewsRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    patrols: list[PatrolRow] = field(default_factory=list)
    batches: list[tuple[str, int, dt.date]] = field(default_factory=list)
    policies: dict[str, list[PolicyRow]] = field(default_factory=dict)  # batch → policies
    platform: list[tuple[dt.date, str, int, int]] = field(default_factory=list)


# ---- the seed reports' own entries -------------------------------------------------------------

SEED_NEWS = [
    # 2024年第4期 一、政务工作动态
    NewsRow(
        "政务工作动态",
        None,
        D(2024, 1, 22),
        "1月22日，省十四届人大二次会议在成都开幕，省委书记王晓晖主持开幕会并宣布开幕，省长黄强代表省人民政府作政府工作报告。报告分2023年工作回顾、2024年工作安排建议、加强政府自身建设三个部分。黄强要求，各级政府要深刻领悟“两个确立”的决定性意义，坚决做到“两个维护”，认真贯彻落实党中央、国务院和省委决策部署，树立和践行正确政绩观，加强行政效能建设，提高推动高质量发展能力，坚持崇严尚实作风，当好执行者、行动派、实干家，以勤勉务实高效的工作为党分忧、为国尽责、为民谋利。",
        None,
        1,
    ),
    NewsRow(
        "政务工作动态",
        None,
        D(2024, 1, 22),
        "日前，省政府办公厅发布《关于加强行政许可事项“一单一图一表”运用切实提升政务服务效能的通知》（以下简称《通知》），要求严格按照“一单一图一表”实施行政许可，积极推广“一单一图一表”提升服务效能，建立完善“一单一图一表”（行政许可事项清单、运行图谱、实施要素一览表）动态管理机制，加强组织领导提升工作实效。《通知》要求，要严格按照“一单一图一表”实施行政许可，省政务服务和资源交易服务中心要根据“一单一图一表”升级省一体化政务服务平台及“天府通办”等办事服务平台，推进省本级大厅综合窗口建设，规范提供服务。",
        None,
        2,
    ),
    NewsRow(
        "政务工作动态",
        "经济和信息化厅",
        D(2024, 1, 23),
        "本周，经济和信息化厅印发《四川省经济和信息化厅分类检查事项目录》和《四川省经济和信息化厅行政处罚裁量基准表》。分类检查事项目录涵盖了监控化学品、盐业、无线电等5个检查事项，并明确了监管方式；行政处罚裁量基准表涵盖了涉及盐业、无线电、电力、监控化学品等38项违法行为处罚，明确了适用条件和具体标准。",
        3,
        3,
    ),
    NewsRow(
        "政务工作动态",
        "住房和城乡建设厅",
        D(2024, 1, 23),
        "住房城乡建设厅印发《四川省住房和城乡建设厅关于暂停办理企业资质审批业务的通知》，明确分时间段暂停办理相关资质审批业务，于3月1日上线新“企业资质审批系统”，全面实施企业资质证书电子证照。",
        3,
        4,
    ),
    NewsRow(
        "政务工作动态",
        "省市场监管局",
        D(2024, 1, 23),
        "省市场监管局和省医保局对基本医疗保险单位参保登记纳入企业开办环节并联办理推出新举措，实行企业在登记机关办理企业设立登记时同步办理基本医疗保险单位参保登记（新参保）；企业在登记机关办理企业变更登记同步推送更新数据给医保部门，医保部门依据企业更新数据及时完成基本医疗保险单位参保信息变更登记。",
        3,
        5,
    ),
    NewsRow(
        "政务工作动态",
        "自然资源厅",
        D(2024, 1, 25),
        "本周，自然资源厅公布2023年第十一批次、第十二批次地质灾害防治单位资质审批公告，共有60个单位提交的83个资质申请予以审批通过。该事项推行告知承诺、全程网办，经审查后8个工作日内即作出审批决定。",
        4,
        6,
    ),
    NewsRow(
        "政务工作动态",
        "省卫生健康委",
        D(2024, 1, 25),
        "省卫生健康委制定《四川省互联网医院执业登记现场审查细则》《四川省血液透析中心执业登记现场审查细则》和《四川省医疗消毒供应中心执业登记现场审查细则》3个审查细则，对互联网医院、血液透析中心、医疗消毒供应中心等民营资本注入较多机构规范审批，提升服务效能，持续做好事前指导，加强事中事后监管，促进新型业态医疗机构持续健康发展。",
        4,
        7,
    ),
    NewsRow(
        "政务工作动态",
        "省林草局",
        D(2024, 1, 25),
        "省林草局印发规范国家二级保护野生植物行政许可委托实施工作通知，提出规范委托审批、提高履职能力、强化监督检查、定期报送情况等四方面要求，明确委托审批指引、行政许可文书模板、办理台账及汇总模板等，确保委托行政许可事项同要素管理、同标准办理。",
        4,
        8,
    ),
    # 2023年第9期 一、（三）推进情况 1.–2.
    NewsRow(
        "综窗改革推进",
        None,
        D(2023, 3, 7),
        "完善《四川省政务服务综合窗口攻坚破难行动方案》和《省本级政务服务综合窗口改革工作方案》，并报党委会审定。",
        None,
        1,
    ),
    NewsRow(
        "综窗改革推进",
        None,
        D(2023, 3, 8),
        "召开综合窗口改革攻坚专班工作会，明确责任分工，安排部署无差别综合窗口、“一件事一次办”、重大项目和惠企政策、跨域通办等工作，确保综合窗口改革攻坚顺利推进。",
        None,
        2,
    ),
    # 三、（一）优化营商环境工作开展情况
    NewsRow(
        "优化营商环境",
        "省市场监管局",
        D(2023, 3, 6),
        "省市场监管局发布《关于简化检验检测机构人员信息变更办理程序的通知》。明确自2023年3月1日起，检验检测机构法定代表人、最高管理者、技术负责人的变更，由检验检测机构根据《检验检测机构资质认定能力评价检验检测机构通用要求（RB/T214-2017）》，自行在资质认定审批系统修改，不再到市场监管部门审批备案，进一步简化办事程序，提升企业群众办事便利度。",
        None,
        3,
    ),
    NewsRow(
        "优化营商环境",
        "生态环境厅",
        D(2023, 3, 8),
        "生态环境厅“三举措”提升环境影响评价报告质量。一是持续开展环评文件抽查复核，扎实推进环评单位和环评工程师诚信档案专项整治；二是发布环评质量考评“红黑榜”，开展环评文件质量评分和评优工作；三是严把环评审批质量关，对环评文件编制质量差、报告书支撑力度弱的，严格依法不予批准。",
        None,
        4,
    ),
    # 三、（二）窗口服务效能提升工作情况
    NewsRow(
        "窗口服务效能提升",
        "公安厅",
        D(2023, 3, 6),
        "3月6日至9日，公安厅窗口开展综合窗口工作人员业务培训。通过详细讲授审批事项的办理指南、业务流程和操作平台应用，仔细分析受理过程中的疑难问题、注意事项，进一步提升综合窗口工作人员业务技能、服务水平和综合素质。",
        None,
        5,
    ),
    NewsRow(
        "窗口服务效能提升",
        "交通运输厅",
        D(2023, 3, 7),
        "交通运输厅召开全省道路运输高频服务事项“跨省通办”工作业务培训会议。强调，办理人员要强化责任意识，主动靠前服务，指导帮助申请人办理相关事项；审批人员要学深吃透法律法规，熟练掌握审批知识，依法快速审批；技术服务单位要认真研究技术服务方面问题，不断拓展服务功能，提高服务效能。",
        None,
        6,
    ),
    NewsRow(
        "窗口服务效能提升",
        "省林草局",
        D(2023, 3, 9),
        "3月9日，省林草局窗口为四川省林业和草原调查规划院、四川省林业勘察设计研究院有限公司开展“上门服务”。针对“永久使用林地”、“林木采伐”等行政许可事项为两院近百名职工代表开展业务培训和政策答疑。",
        None,
        7,
    ),
    NewsRow(
        "窗口服务效能提升",
        "省卫生健康委",
        D(2023, 3, 9),
        "3月9-10日，省卫生健康委召开全省系统行政审批工作培训会议。强调，要始终坚持问题导向、目标导向和结果导向，大力开展四川卫生健康系统政务服务“零跑腿”行动，不断推进政务政务服务标准化、规范化、便利化建设，努力打造一流四川卫生健康政务服务环境，为“健康四川”贡献审批力量。",
        None,
        8,
    ),
]

SEED_VISITS = [
    VisitRow(D(2024, 1, 22), "经济和信息化厅", "", "二级巡视员", "陈岚"),
    VisitRow(D(2024, 1, 24), "公安厅", "", "二级警务专员", "王建明"),
    VisitRow(D(2024, 1, 25), "水利厅", "", "二级巡视员", "刘金山"),
    VisitRow(
        D(2023, 3, 6),
        "水利厅",
        "",
        "党组成员、副厅长",
        "王华",
        "",
        "该厅窗口调研综窗改革工作",
        "强调，要持续做优“综窗改革”“一网通办”等重点工作，加强前、后台衔接配合，进一步优化流程、减少环节、精简材料、压缩时限，不断减轻企业群众负担，创建一流水利营商环境，续写四川水利高质量发展新篇章。",
    ),
    VisitRow(
        D(2023, 3, 7),
        None,
        "文化和旅游部市场管理司",
        "一级巡视员",
        "李建伟",
        "二级巡视员邹端等一行人",
        "窗口调研",
        "指出，要科学使用“好差评”工作机制，通过主动评价、及时回访、追评反馈等方式，发现不足，及时整改，确保政务服务水平不断优化、政务服务质效不断提升。",
    ),
]

CHECK_ITEMS = ["on_time", "work_area", "dress", "badge", "discipline", "prevention"]
SEED_PREVENTION = "大厅人员管控到位，物业对大厅各点位消杀落实到位，大厅运行保障有序。"
SEED_PATROL = PatrolRow(
    dt.datetime(2023, 3, 8, 9, 30),
    "中心督查室 何静",
    (*((item, "good", "") for item in CHECK_ITEMS[:-1]), ("prevention", "good", SEED_PREVENTION)),
)
FINDINGS = {
    "on_time": "个别窗口工作人员8:40后到岗，已现场提醒并通报所在部门。",
    "work_area": "个别窗口台面摆放私人物品，已要求整改。",
    "dress": "个别工作人员未按要求着工装，已现场提醒。",
    "badge": "个别工作人员未佩戴工作牌，已现场纠正。",
    "discipline": "个别窗口工作人员工作时间使用手机处理私事，已提醒。",
    "prevention": "部分自助设备消毒记录不全，已要求物业补齐。",
}

# ---- generated entries for the other weeks ------------------------------------------------------

TEMPLATES = {
    "优化营商环境": [
        "{dept}印发《关于进一步优化“{item}”办理流程的通知》，将承诺办理时限由{a}个工作日压缩至{b}个工作日，申请材料精简{c}项。",
        "{dept}对“{item}”推行告知承诺制，申请人签署承诺书后当场办结，进一步降低制度性交易成本。",
        "{dept}上线“{item}”全程网办功能，实现申请、受理、审核、发证全流程线上办理，企业群众办事“零跑腿”。",
    ],
    "窗口服务效能提升": [
        "{dept}窗口开展“{item}”业务培训，围绕办事指南、材料审核要点和常见问题进行讲解，进一步提升窗口工作人员业务能力。",
        "{dept}窗口为{company}开展“上门服务”，现场指导企业办理“{item}”等事项。",
        "{dept}窗口推行“帮办代办”服务，本周为{n}家企业提供“{item}”帮办代办服务。",
    ],
    "政务工作动态": [
        "{dept}召开全省系统政务服务工作会议，部署深化“放管服”改革、优化政务服务重点工作。",
        "{dept}印发《政务服务事项标准化工作实施方案》，明确事项要素统一、办事指南规范等要求，涉及“{item}”等{n}个事项。",
    ],
    "综窗改革推进": [
        "组织召开综合窗口改革攻坚专班周例会，梳理本周综合窗口运行中的问题{n}个，已协调解决{m}个。",
        "对新纳入综合窗口受理的{n}个办理项开展业务培训，审核受理工作手册{c}份。",
        "开展综合窗口“好差评”回访，本周回访差评{c}件，均已整改到位。",
    ],
    "一件事一次办": [
        "{dept}会同相关部门推出“{item}”一件事一次办，实现“一次告知、一表申请、一窗受理、一次办结”。",
    ],
}
COMPANIES = [
    "四川省建筑设计研究院有限公司",
    "四川路桥建设集团股份有限公司",
    "四川省交通勘察设计研究院有限公司",
    "中国五冶集团有限公司",
    "四川省地质矿产勘查开发局",
    "成都天府国际机场建设指挥部",
]
VISIT_TITLES = [
    "厅长",
    "副厅长",
    "党组成员、副厅长",
    "一级巡视员",
    "二级巡视员",
    "局长",
    "副局长",
    "总经济师",
]
INSPECTORS = ["中心督查室 何静", "中心督查室 罗军", "中心综合窗口处 蒋丽", "中心督查室 唐伟"]


def _week_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        days = workcal.between(monday, monday + dt.timedelta(days=6))
        if days:
            weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def _in_seed_week(day: dt.date) -> bool:
    return any(a <= day <= b for a, b in SEED_WEEKS)


def build_journal(rng: random.Random, catalog: Catalog) -> Journal:
    journal = Journal()
    items_by_dept: dict[str, list[str]] = {}
    for service in catalog.services:
        if service.kind in ("license", "public"):  # what applicants come to the hall for
            items_by_dept.setdefault(service.department, []).append(service.name)
    departments = [d for d in DEPARTMENT_NAMES if d in items_by_dept]
    weights = [DEPARTMENT_WEIGHTS.get(d, 1) for d in departments]
    taken: set[str] = {"陈岚", "王建明", "刘金山", "王华", "李建伟"}

    journal.news.extend(SEED_NEWS)
    journal.visits.extend(SEED_VISITS)
    journal.patrols.append(SEED_PATROL)
    for monday in _week_starts(workcal.START, workcal.END):
        days = workcal.between(max(monday, workcal.START), monday + dt.timedelta(days=6))
        if not days or _in_seed_week(days[0]):
            continue
        # News: a few entries a week, in the categories of both layouts.
        order = 0
        for category in rng.sample(list(TEMPLATES), k=rng.randint(2, 4)):
            for _ in range(rng.randint(1, 2)):
                order += 1
                dept = None if category == "综窗改革推进" else rng.choices(departments, weights)[0]
                n = rng.randint(8, 40)
                text = rng.choice(TEMPLATES[category]).format(
                    dept=dept or "",
                    item=rng.choice(items_by_dept[dept]) if dept else "",
                    company=rng.choice(COMPANIES),
                    a=rng.choice([15, 20, 30]),
                    b=rng.choice([3, 5, 7, 10]),
                    c=rng.randint(2, 6),
                    n=n,
                    m=rng.randint(n // 2, n),
                )
                journal.news.append(NewsRow(category, dept, rng.choice(days), text, None, order))
        # 厅（局）长进大厅: most weeks someone comes to sit at the window.
        for _ in range(rng.choices([0, 1, 2, 3], [30, 40, 22, 8])[0]):
            dept = rng.choices(departments, weights)[0]
            journal.visits.append(
                VisitRow(
                    rng.choice(days), dept, "", rng.choice(VISIT_TITLES), chinese_name(rng, taken)
                )
            )
        # 大厅巡查: one or two patrols, now and then something found.
        for day in sorted(rng.sample(days, k=min(len(days), rng.choice([1, 1, 2])))):
            findings = []
            for item in CHECK_ITEMS:
                if rng.random() < 0.06:
                    findings.append((item, "fair", FINDINGS[item]))
                else:
                    findings.append((item, "good", ""))
            at = dt.datetime(
                day.year, day.month, day.day, rng.choice([9, 10, 14, 15]), rng.choice([0, 15, 30])
            )
            journal.patrols.append(PatrolRow(at, rng.choice(INSPECTORS), tuple(findings)))
    journal.visits.sort(key=lambda v: v.visited_on)
    journal.patrols.sort(key=lambda p: p.patrolled_at)
    _benefit(rng, journal)
    journal.platform = build_platform(rng)
    return journal


# ---- 惠企政策直达快享 ------------------------------------------------------------------------------

BATCH_1 = "2023年省级惠企政策事项清单（第一批）"
BATCH_2 = "2023年省级惠企政策事项清单（第二批）"
# Policies fulfilled by 2023-12-31: 36 of 14 departments (2024年第4期 三、).
FULFILLED = [
    ("省发展改革委", "非居民用气价格阶段性下调", "reduction", 3.0),
    ("省发展改革委", "省级服务业发展引导资金", "payout", 4.0),
    ("省发展改革委", "重点项目前期工作经费补助", "payout", 2.0),
    ("人力资源社会保障厅", "阶段性降低失业保险费率", "reduction", 60.0),
    ("人力资源社会保障厅", "阶段性降低工伤保险费率", "reduction", 18.0),
    ("人力资源社会保障厅", "失业保险稳岗返还", "payout", 25.0),
    ("人力资源社会保障厅", "一次性扩岗补助", "payout", 6.0),
    ("人力资源社会保障厅", "吸纳高校毕业生社会保险补贴", "payout", 8.0),
    ("人力资源社会保障厅", "以工代训补贴", "payout", 3.0),
    ("自然资源厅", "工业用地弹性年期出让", "reduction", 6.0),
    ("自然资源厅", "小微企业不动产登记费减免", "reduction", 1.5),
    ("交通运输厅", "货车ETC通行费优惠", "reduction", 55.0),
    ("交通运输厅", "国际标准集装箱运输车辆通行费优惠", "reduction", 4.0),
    ("交通运输厅", "道路客运企业燃油补贴", "payout", 8.0),
    ("农业农村厅", "农机购置与应用补贴", "payout", 30.0),
    ("农业农村厅", "农产品产地冷藏保鲜设施建设补助", "payout", 4.0),
    ("农业农村厅", "新型农业经营主体贷款贴息", "payout", 2.0),
    ("四川省税务局", "小型微利企业所得税优惠", "reduction", 380.0),
    ("四川省税务局", "增值税小规模纳税人减免增值税", "reduction", 300.0),
    ("四川省税务局", "研发费用税前加计扣除", "reduction", 420.0),
    ("四川省税务局", "六税两费减免", "reduction", 95.0),
    ("四川省税务局", "先进制造业企业增值税加计抵减", "reduction", 120.0),
    ("成都海关", "进口环节减免税", "reduction", 45.0),
    ("成都海关", "跨境电商零售进口税收优惠", "reduction", 8.0),
    ("四川银保监局", "普惠型小微企业贷款降费让利", "reduction", 20.0),
    ("四川银保监局", "政府性融资担保费率下调", "reduction", 3.0),
    ("人民银行成都分行", "普惠小微贷款支持工具激励资金", "payout", 10.0),
    ("人民银行成都分行", "支农支小再贷款优惠利率", "reduction", 12.0),
    ("省气象局", "防雷装置检测费减免", "reduction", 0.3),
    ("省通信管理局", "中小企业宽带和专线资费下降", "reduction", 15.0),
    ("国网四川省电力公司", "阶段性降低企业用电成本", "reduction", 70.0),
    ("国网四川省电力公司", "高可靠性供电费减免", "reduction", 5.0),
    ("省贸促会", "原产地证书签证费减免", "reduction", 0.2),
    ("省贸促会", "商事认证费减免", "reduction", 0.1),
    ("省残联", "超比例安置残疾人就业奖励", "payout", 1.0),
    ("省残联", "残疾人就业保障金减免", "reduction", 12.0),
]
# Policies of the list still being counted (其余事项兑享情况还在陆续统计中).
PENDING = [
    ("经济和信息化厅", "专精特新中小企业奖励", "payout"),
    ("经济和信息化厅", "工业企业技术改造补助", "payout"),
    ("科技厅", "高新技术企业认定奖励", "payout"),
    ("科技厅", "科技型中小企业研发投入后补助", "payout"),
    ("财政厅", "政府采购支持中小企业价格扣除", "reduction"),
    ("商务厅", "外经贸发展专项资金", "payout"),
    ("商务厅", "消费券促销活动补贴", "payout"),
    ("文化和旅游厅", "旅行社质量保证金暂退", "payout"),
    ("省市场监管局", "个体工商户登记注册费用减免", "reduction"),
    ("省地方金融监管局", "小额贷款公司监管费减免", "reduction"),
    ("省能源局", "分布式光伏发电项目补助", "payout"),
    ("教育厅", "普惠性民办幼儿园补助", "payout"),
    ("省卫生健康委", "民营医疗机构等级评审费用减免", "reduction"),
    ("应急管理厅", "安全生产责任保险费率优惠", "reduction"),
    ("省林草局", "林业贷款贴息", "payout"),
    ("住房和城乡建设厅", "建筑业企业农民工工资保证金降低比例", "reduction"),
    ("水利厅", "水资源费减免", "reduction"),
    ("人力资源社会保障厅", "创业担保贷款贴息", "payout"),
]
# 147.59 亿元 reduced and 20 亿元 paid out by 2023-12-31, in 分.
REDUCTION_CENTS = 1_475_896_123_746
PAYOUT_CENTS = 200_018_765_432


def _benefit(rng: random.Random, journal: Journal) -> None:
    journal.batches = [(BATCH_1, 2023, D(2023, 3, 31)), (BATCH_2, 2023, D(2023, 10, 16))]
    amounts: dict[int, int] = {}
    for mode, total in (("reduction", REDUCTION_CENTS), ("payout", PAYOUT_CENTS)):
        rows = [i for i, p in enumerate(FULFILLED) if p[2] == mode]
        shares = apportion(total, [FULFILLED[i][3] * rng.uniform(0.85, 1.15) for i in rows])
        amounts.update(zip(rows, shares, strict=True))
    policies = []
    for i, (dept, name, mode, _) in enumerate(FULFILLED):
        final = Decimal(amounts[i]) / 100
        history = [(D(2023, 12, 31), final)]
        if i % 6 != 5:  # most were already counted at the end of September
            history.insert(
                0,
                (
                    D(2023, 9, 30),
                    (final * Decimal(rng.uniform(0.55, 0.75))).quantize(Decimal("0.01")),
                ),
            )
        policies.append(PolicyRow(dept, name, mode, tuple(history)))
    for n, (dept, name, mode) in enumerate(PENDING):
        pending: tuple[tuple[dt.date, Decimal], ...] = (
            ((D(2023, 12, 31), Decimal("0.00")),) if n % 2 == 0 else ()
        )
        policies.append(PolicyRow(dept, name, mode, pending))
    journal.policies[BATCH_1] = policies
    journal.policies[BATCH_2] = [
        PolicyRow("经济和信息化厅", "中小企业数字化转型补助", "payout", ()),
        PolicyRow("商务厅", "外贸企业出口信用保险保费补助", "payout", ()),
        PolicyRow("四川省税务局", "个体工商户减半征收个人所得税", "reduction", ()),
    ]


# ---- 一体化政务服务平台 ---------------------------------------------------------------------------

PLATFORM_2023_YTD = {
    # 2023-01-01..2023-03-10 (2023年第9期 二、): kind group → (受理, 办结)
    "license": (86756, 87071),
    "public": (887013, 821703),
    "other": (7389, 7571),
}
OTHER_KIND_WEIGHTS = {
    "confirmation": 34,
    "benefit": 21,
    "reward": 4,
    "adjudication": 2,
    "levy": 9,
    "inspection": 15,
    "penalty": 6,
    "enforcement": 2,
    "other": 7,
}
PLATFORM_LEVELS = {"license": 1900, "public": 19500, "other": 160}


def build_platform(rng: random.Random) -> list[tuple[dt.date, str, int, int]]:
    """Platform 受理/办结 per working day and item kind (一体化平台每日办件)."""
    days = workcal.between(workcal.START, workcal.END)
    seed_days = workcal.between(D(2023, 1, 1), D(2023, 3, 10))
    kinds = [("license", "license", 1), ("public", "public", 1)] + [
        ("other", k, w) for k, w in OTHER_KIND_WEIGHTS.items()
    ]
    counts: dict[tuple[dt.date, str], list[int]] = {}
    for group, kind, weight in kinds:
        share = weight / (sum(OTHER_KIND_WEIGHTS.values()) if group == "other" else 1)
        for day in days:
            growth = 1 + 0.12 * (day - workcal.START).days / 365
            level = PLATFORM_LEVELS[group] * share * growth * (1.12 if day.weekday() == 0 else 1)
            accepted = round(level * rng.uniform(0.85, 1.15))
            counts[(day, kind)] = [accepted, round(accepted * rng.uniform(0.9, 1.05))]
    for group, (accepted, completed) in PLATFORM_2023_YTD.items():
        cells = [
            (day, kind, weight) for g, kind, weight in kinds if g == group for day in seed_days
        ]
        for measure, total in ((0, accepted), (1, completed)):
            shares = apportion(
                total,
                [
                    w * rng.uniform(0.8, 1.2) * (1.12 if d.weekday() == 0 else 1)
                    for d, _, w in cells
                ],
            )
            for (day, kind, _), n in zip(cells, shares, strict=True):
                counts[(day, kind)][measure] = n
    return [(day, kind, a, c) for (day, kind), (a, c) in counts.items()]
