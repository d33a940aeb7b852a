"""Filling and editing the working-day calendar (工作日历维护): the years chinese-calendar knows,
estimates of years not yet published, and a year typed in from the State Council's notice."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import chinese_calendar
from django.db import transaction
from lunardate import LunarDate

from servicehall.workcal.models import CalendarDay, CalendarYear

# chinese-calendar's holiday names, as the State Council's notices print them.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
IN_LIEU_SUFFIX = "调休上班"
PACKAGE_SOURCE = "国务院办公厅关于{year}年部分节假日安排的通知（据 chinesecalendar {version} 载入）"
ESTIMATE_SOURCE = "据《全国年节及纪念日放假办法》（2024年修订）推算的法定假日，未含调休"


@dataclass(frozen=True)
class DayEntry:
    """One line of a year's calendar: a date, 休 or 班, and its name."""

    date: dt.date
    kind: str  # CalendarDay.Kind
    name: str


class CalendarError(ValueError):
    """A calendar text that cannot be taken; the message names the line."""


def package_years() -> range:
    """The years chinese-calendar publishes (its data begins in 2004)."""
    last = max(chinese_calendar.constants.holidays)
    return range(2004, last.year + 1)


def package_entries(year: int) -> list[DayEntry]:
    """The holidays and 调休 workdays chinese-calendar knows for ``year``, weekend holidays
    included (a holiday's name is kept even on a Sunday)."""
    entries = [
        DayEntry(day, kind, _name(str(getattr(holiday, "value", holiday))) + suffix)
        for days, kind, suffix in (
            (chinese_calendar.constants.holidays, CalendarDay.Kind.HOLIDAY, ""),
            (chinese_calendar.constants.workdays, CalendarDay.Kind.WORKDAY, IN_LIEU_SUFFIX),
        )
        for day, holiday in days.items()
        if day.year == year
    ]
    return sorted(entries, key=lambda e: e.date)


def _name(english: str) -> str:
    return HOLIDAY_NAMES.get(english, english)


def statutory_entries(year: int) -> list[DayEntry]:
    """The statutory holidays of ``year`` (《全国年节及纪念日放假办法》, as amended in 2024):
    元旦 1 day, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. What the State
    Council's notice adds (调休 weekends, days joined to a weekend) cannot be known before it."""
    spring = LunarDate(year, 1, 1).to_solar_date()
    [(qingming, _)] = chinese_calendar.get_solar_terms(dt.date(year, 4, 3), dt.date(year, 4, 6))
    named = [
        (dt.date(year, 1, 1), "元旦"),
        *((spring + dt.timedelta(days=n), "春节") for n in range(-1, 3)),
        (qingming, "清明节"),
        (dt.date(year, 5, 1), "劳动节"),
        (dt.date(year, 5, 2), "劳动节"),
        (LunarDate(year, 5, 5).to_solar_date(), "端午节"),
        (LunarDate(year, 8, 15).to_solar_date(), "中秋节"),
        *((dt.date(year, 10, n), "国庆节") for n in (1, 2, 3)),
    ]
    days: dict[dt.date, str] = {}
    for day, name in named:  # 中秋 on a 国庆 day (2028-10-03): one day, both names
        days[day] = f"{days[day]}、{name}" if day in days else name
    # 除夕 of next year's 春节 can fall in this year's last days: it belongs to that year.
    return [
        DayEntry(day, CalendarDay.Kind.HOLIDAY, name)
        for day, name in sorted(days.items())
        if day.year == year
    ]


def seed(year_model: type[CalendarYear], day_model: type[CalendarDay]) -> int:
    """Fill an empty calendar: every year chinese-calendar knows as published, and the year
    after it as estimated. Used by the migration (historical models) and on first use after a
    table was emptied; a year already there is left alone. Returns the years added."""
    version = getattr(chinese_calendar, "__version__", "")
    years = list(package_years())
    plan = [
        (year, CalendarYear.Status.PUBLISHED, PACKAGE_SOURCE.format(year=year, version=version),
         package_entries(year))
        for year in years
    ]  # fmt: skip
    following = years[-1] + 1
    plan.append(
        (following, CalendarYear.Status.ESTIMATED, ESTIMATE_SOURCE, statutory_entries(following))
    )
    # Two processes may fill an emptied table at once: both insert, the database keeps one.
    existing = set(year_model.objects.values_list("year", flat=True))
    plan = [step for step in plan if step[0] not in existing]
    year_model.objects.bulk_create(
        [year_model(year=year, status=status, source=source) for year, status, source, _ in plan],
        ignore_conflicts=True,
    )
    ids = dict(
        year_model.objects.filter(year__in=[step[0] for step in plan]).values_list("year", "pk")
    )
    day_model.objects.bulk_create(
        [
            day_model(calendar_id=ids[year], date=e.date, kind=e.kind, name=e.name)
            for year, _, _, entries in plan
            for e in entries
        ],
        ignore_conflicts=True,
    )
    return len(plan)


_LINE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s+(休|班)\s*(\S.*)?$")


def parse_entries(year: int, text: str) -> list[DayEntry]:
    """A year's days typed one a line: ``2027-01-01 休 元旦`` or ``2027-02-20 班 春节调休上班``.
    All or nothing: a bad line raises with its number, and nothing is taken."""
    entries: dict[dt.date, DayEntry] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise CalendarError(f"第 {number} 行“{line[:30]}”：应为“2027-01-01 休 元旦”的格式")
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise CalendarError(
                f"第 {number} 行：{match[1]}-{match[2]}-{match[3]} 不是有效日期"
            ) from None
        if day.year != year:
            raise CalendarError(f"第 {number} 行：{day} 不在 {year} 年")
        if day in entries:
            raise CalendarError(f"第 {number} 行：{day} 重复")
        kind = CalendarDay.Kind.HOLIDAY if match[4] == "休" else CalendarDay.Kind.WORKDAY
        if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
            raise CalendarError(
                f"第 {number} 行：{day} 是周{'一二三四五'[day.weekday()]}，本就上班，不必标“班”"
            )
        name = (match[5] or "").strip()
        if not name:
            raise CalendarError(f"第 {number} 行：请写明名称，如“春节”或“春节调休上班”")
        entries[day] = DayEntry(day, kind, name[:40])
    return sorted(entries.values(), key=lambda e: e.date)


def format_entries(calendar: CalendarYear) -> str:
    """The year's days as ``parse_entries`` reads them (the edit form's text)."""
    return "\n".join(
        f"{d.date:%Y-%m-%d} {d.get_kind_display()} {d.name}" for d in calendar.days.all()
    )


@transaction.atomic
def save_year(
    year: int, *, status: str, source: str, entries: list[DayEntry], source_url: str = "",
    note: str = "",
) -> CalendarYear:  # fmt: skip
    """Replace a year's calendar with ``entries`` (the State Council's notice typed in)."""
    if not source.strip():
        raise CalendarError("请填写依据（国务院办公厅通知的标题和文号）")
    calendar, _ = CalendarYear.objects.update_or_create(
        year=year,
        defaults={"status": status, "source": source.strip(), "source_url": source_url,
                  "note": note},
    )  # fmt: skip
    kept = {e.date for e in entries}
    for gone in calendar.days.all():
        if gone.date not in kept:
            gone.delete()  # one by one: each leaves its change record
    current = {d.date: d for d in calendar.days.all()}
    for entry in entries:
        day = current.get(entry.date)
        if day is None:
            CalendarDay.objects.create(
                calendar=calendar, date=entry.date, kind=entry.kind, name=entry.name
            )
        elif (day.kind, day.name) != (entry.kind, entry.name):
            day.kind, day.name = entry.kind, entry.name
            day.save()
    return calendar


def estimate_year(year: int) -> CalendarYear:
    """Add a year not yet published, from the statutory holidays (marked estimated)."""
    if CalendarYear.objects.filter(year=year).exists():
        raise CalendarError(f"{year} 年已有日历，请直接修改")
    return save_year(
        year,
        status=CalendarYear.Status.ESTIMATED,
        source=ESTIMATE_SOURCE,
        entries=statutory_entries(year),
    )
