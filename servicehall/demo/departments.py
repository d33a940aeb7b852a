"""The demo's organisation (演示机构): centers, stationed departments, windows and staff.

The department order is the official order of 省级部门（单位） used in the center's documents:
provincial government departments in the order of the provincial government, then the units
they administer, then the central units in Sichuan and the people's organisations. The seed
reports print lists in this order: the 7 unauthorised departments of 2023年第9期 (科技厅、民政厅、
住房和城乡建设厅、农业农村厅、成都海关、省消防救援总队、省贸促会) and the first six of the 14
benefit departments of 2024年第4期 (省发展改革委 … 四川省税务局).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

D = dt.date
FIRST_STATIONED = dt.date(2019, 12, 16)  # the hall's opening day

PROVINCE_CENTER = "四川省政府政务服务和公共资源交易服务中心"
CENTERS = [
    # name, short name, level, parent
    (PROVINCE_CENTER, "省中心", "province", None),
    ("成都市政务服务中心", "成都市中心", "city", PROVINCE_CENTER),
    ("成都市双流区政务服务中心", "双流区中心", "county", "成都市政务服务中心"),
]


@dataclass(frozen=True)
class DepartmentSpec:
    """One stationed department of the demo (进驻部门) and where it sits in the hall."""

    name: str
    code: str  # used in staff numbers and item codes
    aliases: str = ""
    stationed_on: dt.date = FIRST_STATIONED
    windows: int = 1  # department windows (部门窗口)


DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec(
        "省发展改革委", "FGW", "四川省发展和改革委员会、省发展和改革委员会、发展改革委", windows=2
    ),
    DepartmentSpec("经济和信息化厅", "JXT", "经信厅、四川省经济和信息化厅", windows=2),
    DepartmentSpec("教育厅", "JYT", "四川省教育厅", windows=2),
    DepartmentSpec("科技厅", "KJT", "四川省科学技术厅、科学技术厅"),
    DepartmentSpec("公安厅", "GAT", "四川省公安厅", windows=4),
    DepartmentSpec("民政厅", "MZT", "四川省民政厅"),
    DepartmentSpec("司法厅", "SFT", "四川省司法厅", windows=2),
    DepartmentSpec("财政厅", "CZT", "四川省财政厅"),
    DepartmentSpec(
        "人力资源社会保障厅",
        "RST",
        "人社厅、人力资源和社会保障厅、四川省人力资源和社会保障厅",
        windows=3,
    ),
    DepartmentSpec("自然资源厅", "ZRT", "四川省自然资源厅", windows=3),
    DepartmentSpec("生态环境厅", "STT", "四川省生态环境厅", windows=2),
    DepartmentSpec(
        "住房和城乡建设厅", "ZJT", "住房城乡建设厅、住建厅、四川省住房和城乡建设厅", windows=3
    ),
    DepartmentSpec("交通运输厅", "JTT", "四川省交通运输厅", windows=3),
    DepartmentSpec("水利厅", "SLT", "四川省水利厅", windows=2),
    DepartmentSpec("农业农村厅", "NYT", "四川省农业农村厅", windows=2),
    DepartmentSpec("商务厅", "SWT", "四川省商务厅"),
    DepartmentSpec("文化和旅游厅", "WLT", "省文化和旅游厅、文旅厅、四川省文化和旅游厅", windows=2),
    DepartmentSpec("省卫生健康委", "WJW", "卫生健康委、省卫健委、四川省卫生健康委员会", windows=3),
    DepartmentSpec("省退役军人厅", "TYJ", "退役军人事务厅、四川省退役军人事务厅"),
    DepartmentSpec("应急管理厅", "YJT", "四川省应急管理厅", windows=2),
    DepartmentSpec(
        "省市场监管局", "SCJ", "市场监管局、省市场监督管理局、四川省市场监督管理局", windows=3
    ),
    DepartmentSpec("省广电局", "GDJ", "四川省广播电视局、省广播电视局"),
    DepartmentSpec("省体育局", "TYU", "四川省体育局"),
    DepartmentSpec("省统计局", "TJJ", "四川省统计局"),
    DepartmentSpec("省医保局", "YBJ", "省医疗保障局、四川省医疗保障局", windows=2),
    DepartmentSpec("省林草局", "LCJ", "省林业和草原局、四川省林业和草原局", windows=2),
    DepartmentSpec("省药监局", "YJJ", "省药品监督管理局、四川省药品监督管理局", windows=2),
    DepartmentSpec("省知识产权中心", "ZSC", "省知识产权服务促进中心"),
    DepartmentSpec("省人防办", "RFB", "省人民防空办公室"),
    DepartmentSpec("省地方金融监管局", "JRJ", "省地方金融监督管理局"),
    DepartmentSpec("省能源局", "NYJ", "四川省能源局"),
    DepartmentSpec("省粮食和储备局", "LSJ", "省粮食和物资储备局", windows=1),
    DepartmentSpec("四川省税务局", "SWJ", "国家税务总局四川省税务局、省税务局", windows=3),
    DepartmentSpec("成都海关", "CDH", "中华人民共和国成都海关"),
    DepartmentSpec("四川银保监局", "YBH", "中国银保监会四川监管局"),
    DepartmentSpec("人民银行成都分行", "RMY", "中国人民银行成都分行", stationed_on=D(2020, 6, 1)),
    DepartmentSpec("省气象局", "QXJ", "四川省气象局"),
    DepartmentSpec("省通信管理局", "TXJ", "四川省通信管理局"),
    DepartmentSpec("省邮政管理局", "YZJ", "四川省邮政管理局"),
    DepartmentSpec("省烟草专卖局", "YCJ", "四川省烟草专卖局"),
    DepartmentSpec("国网四川省电力公司", "DLG", "国网四川电力", stationed_on=D(2021, 3, 1)),
    DepartmentSpec("省消防救援总队", "XFZ", "四川省消防救援总队", stationed_on=D(2020, 9, 1)),
    DepartmentSpec(
        "省贸促会",
        "MCH",
        "四川省贸促会、中国国际贸易促进委员会四川省委员会",
        stationed_on=D(2021, 8, 2),
    ),
    DepartmentSpec("省残联", "CLH", "四川省残疾人联合会", stationed_on=D(2021, 3, 1)),
]

DEPARTMENT_NAMES = [d.name for d in DEPARTMENTS]
DEPARTMENT_BY_NAME = {d.name: d for d in DEPARTMENTS}

# Unauthorised to the comprehensive window as of 2023-03-10 (2023年第9期, in register order), and
# when those that came round authorised their items.
UNAUTHORIZED_2023 = [
    "科技厅",
    "民政厅",
    "住房和城乡建设厅",
    "农业农村厅",
    "成都海关",
    "省消防救援总队",
    "省贸促会",
]
LATE_AUTHORIZATION = {
    "民政厅": D(2023, 5, 15),
    "农业农村厅": D(2023, 6, 12),
    "住房和城乡建设厅": D(2023, 8, 1),
    "科技厅": D(2023, 11, 20),
}

# The comprehensive windows (综合窗口) of the hall: code, kind, opened, closed.
# On 2024-01-21: 5 accept + 1 issue; on 2024-01-22 two accept windows and one issue window
# opened (2024年第4期: 增加受理窗口 2 个、出件窗口 1 个 … 受理窗口 7 个、出件窗口 2 个).
COMPREHENSIVE_WINDOWS = [
    ("Z01", "accept", D(2022, 5, 16), None),
    ("Z02", "accept", D(2022, 5, 16), None),
    ("Z03", "accept", D(2022, 5, 16), None),
    ("Z06", "accept", D(2022, 5, 16), D(2023, 2, 1)),  # closed: the area became the help desk
    ("Z04", "accept", D(2023, 4, 3), None),
    ("Z05", "accept", D(2023, 8, 1), None),
    ("Z06", "accept", D(2024, 1, 22), None),
    ("Z07", "accept", D(2024, 1, 22), None),
    ("C01", "issue", D(2022, 5, 16), None),
    ("C02", "issue", D(2024, 1, 22), None),
]
HALL_ZONES = "ABCDE"

SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林谢唐邓冯曾彭蒋袁蔡贾余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖雷熊"
    "向苟饶母蒲税敬"
)
GIVEN_NAMES = [
    "婷",
    "静",
    "敏",
    "丽",
    "芳",
    "娜",
    "洁",
    "霞",
    "颖",
    "倩",
    "雪梅",
    "晓燕",
    "欣怡",
    "雨涵",
    "思雨",
    "梦洁",
    "浩",
    "磊",
    "伟",
    "强",
    "军",
    "杰",
    "鹏",
    "超",
    "俊杰",
    "子涵",
    "宇航",
    "建华",
    "志强",
    "海燕",
    "春梅",
    "佳",
    "璐",
    "媛媛",
    "琳",
    "蕾",
    "丹",
    "晶",
    "莉",
    "萍",
    "小龙",
    "家豪",
    "文静",
    "天宇",
    "诗琪",
    "玉兰",
    "明",
    "勇",
    "涛",
    "斌",
    "刚",
    "亮",
    "瑶",
    "欢",
    "玲",
    "红梅",
    "德明",
    "正华",
    "晓东",
    "国庆",
    "雅琴",
]


def chinese_name(rng: random.Random, taken: set[str]) -> str:
    """A realistic Chinese name not yet used in the demo."""
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in taken:
            taken.add(name)
            return name


@dataclass(frozen=True)
class WindowRow:
    code: str
    name: str
    kind: str
    department: str | None
    opened_on: dt.date
    closed_on: dt.date | None


@dataclass(frozen=True)
class StaffRow:
    staff_no: str
    name: str
    department: str | None  # None: comprehensive-window staff (综窗人员)
    joined_on: dt.date
    left_on: dt.date | None


def build_windows() -> list[WindowRow]:
    rows = [
        WindowRow(
            code,
            f"{'无差别综合受理' if kind == 'accept' else '综合出件'}窗口{code}",
            kind,
            None,
            opened,
            closed,
        )
        for code, kind, opened, closed in COMPREHENSIVE_WINDOWS
    ]
    number = 0
    for dept in DEPARTMENTS:
        for i in range(dept.windows):
            number += 1
            zone = HALL_ZONES[(number - 1) // 20]
            code = f"{zone}{(number - 1) % 20 + 1:02d}"
            rows.append(
                WindowRow(
                    code,
                    f"{dept.name}窗口{i + 1}",
                    "department",
                    dept.name,
                    max(dept.stationed_on, FIRST_STATIONED),
                    None,
                )
            )
    # 省粮食和储备局 gave up its own window when its items moved to the comprehensive window.
    rows = [
        WindowRow(r.code, r.name, r.kind, r.department, r.opened_on, D(2023, 7, 1))
        if r.department == "省粮食和储备局"
        else r
        for r in rows
    ]
    return rows


# The 14 comprehensive-window staff trained by 公安厅 in 2023-03-06..10 are the ones on duty then;
# eight newcomers join in January 2024 for the new windows (新进综窗人员).
COMPREHENSIVE_STAFF_PLAN = [
    # how many, joined, left
    (10, D(2022, 5, 9), None),
    (2, D(2022, 5, 9), D(2023, 6, 30)),
    (2, D(2023, 2, 20), None),
    (3, D(2023, 7, 10), None),
    (8, D(2024, 1, 15), None),
]


def build_staff(rng: random.Random) -> list[StaffRow]:
    taken: set[str] = set()
    rows: list[StaffRow] = []
    number = 0
    for count, joined, left in COMPREHENSIVE_STAFF_PLAN:
        for _ in range(count):
            number += 1
            rows.append(StaffRow(f"ZC{number:03d}", chinese_name(rng, taken), None, joined, left))
    for dept in DEPARTMENTS:
        for i in range(dept.windows + 1):
            joined = (
                dept.stationed_on
                if i < dept.windows
                else D(2023, rng.randint(1, 9), rng.randint(1, 28))
            )
            rows.append(
                StaffRow(
                    f"{dept.code}{i + 1:02d}", chinese_name(rng, taken), dept.name, joined, None
                )
            )
    return rows
