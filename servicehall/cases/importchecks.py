"""What an events file must agree with before it is written (导入核对): the registers (办理项,
its department, 窗口), the entry rules of a 受理 (``cases.entry``: its item; a department's
window and another department's item) and the life of each case (``cases.lifecycle``), checked
in SQL on the staged rows so that a file of millions of rows is checked in a few set-based
statements.

Strict (the web upload's default): each problem is a row error and the file is refused.
Lenient (the command line's default, for files from other systems, and the upload's choice):
each kind of problem is one named warning, with its count and examples, and the rows go in.
Events already in the log (a re-import) are not checked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection

from servicehall.cases import entry
from servicehall.cases.lifecycle import refusal
from servicehall.cases.models import Case, CaseEvent, EventKind
from servicehall.catalog.models import HandlingItem, ServiceItem
from servicehall.core.bulk import table
from servicehall.core.tabular import MAX_REPORTED_ERRORS, RowError
from servicehall.org.models import Center, Department, Window

LIFE = "servicehall_import_life"
WINDOWS = "servicehall_import_windows"
NAMES_SHOWN = 10  # distinct values a warning names before "等"
EXAMPLES_SHOWN = 3


@dataclass
class RecordProblems:
    """What the checks found (导入核对结果)."""

    errors: list[RowError] = field(default_factory=list)
    error_total: int = 0
    warnings: list[str] = field(default_factory=list)


def _tables() -> dict[str, str]:
    return {
        "log": table(CaseEvent),
        "case": table(Case),
        "item": table(HandlingItem),
        "service": table(ServiceItem),
        "dept": table(Department),
        "window": table(Window),
        "center": table(Center),
    }


def cross_department_sql(staging: str, *, proxy: bool) -> str:
    """The new 受理 rows at a department's window (open that day) of an item of another
    department (``entry.cross_department``): at centers that refuse them, or (``proxy``) that
    take them as 代收. Columns: the row, the window, "window's department|item's department",
    the case. The item's department, else the row's when its item is not named.

    The staged rows drive the join (one pass, each row looking its window up by code in
    ``WINDOWS``, ``build_life``'s small table of department windows): joining the owning
    department on ``COALESCE(…)`` let SQLite put the departments outside and read the staged
    rows once per department (11 s of a 50,000-row import into the demo)."""
    t = _tables()
    owner = "COALESCE(si.department_id, s.department_id)"
    return (
        f"SELECT s.row AS r, s.window_code AS v, w.department_name || '|' || "
        f"(SELECT od.name FROM {t['dept']} od WHERE od.id = {owner}) AS o, "
        f"s.case_no AS case_no FROM {staging} s "
        f"JOIN {WINDOWS} w ON w.code = s.window_code AND w.opened_on <= s.occurred_on "
        "AND (w.closed_on IS NULL OR w.closed_on > s.occurred_on) "
        f"LEFT JOIN {t['item']} h ON h.code = s.item_code AND s.item_code <> '' "
        f"LEFT JOIN {t['service']} si ON si.id = h.service_item_id "
        f"WHERE s.kind = 'accept' AND s.seen = 0 AND {owner} <> w.department_id "
        f"AND w.proxy = {1 if proxy else 0}"
    )


def _build_windows() -> None:
    """The department windows with their department's name and whether their center takes
    another department's items as 代收: a few hundred rows, indexed by code."""
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {WINDOWS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {WINDOWS} AS SELECT w.code, w.opened_on, w.closed_on, "
            "w.department_id, wd.name AS department_name, "
            f"CASE WHEN c.cross_department = '{Center.CrossDepartment.PROXY}' THEN 1 ELSE 0 END "
            f"AS proxy FROM {t['window']} w JOIN {t['center']} c ON c.id = w.center_id "
            f"JOIN {t['dept']} wd ON wd.id = w.department_id "
            f"WHERE w.kind = '{Window.Kind.DEPARTMENT}'"
        )
        cursor.execute(f"CREATE INDEX {WINDOWS}_code ON {WINDOWS} (code)")
    analyze(WINDOWS)


def build_life(staging: str) -> None:
    """Mark the rows already in the log (a re-import), then per case named by the file's new
    rows: its 受理 count, first 受理 and first 办结; and the department windows
    (``cross_department_sql``'s)."""
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {t['log']} LIMIT 1")
        if cursor.fetchone() is not None:  # into an empty log every row is new
            cursor.execute(
                f"UPDATE {staging} SET seen = 1 WHERE EXISTS "
                f"(SELECT 1 FROM {t['log']} e WHERE e.event_id = {staging}.event_id)"
            )
        cursor.execute(f"DROP TABLE IF EXISTS {LIFE}")
        # The registered case's state joined once per case, not once per row.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {LIFE} AS SELECT g.*, "
            "CASE WHEN c.id IS NULL THEN 0 ELSE 1 END AS known, "
            "CASE WHEN c.accepted_at IS NOT NULL OR COALESCE(c.accepted_elsewhere, FALSE) = TRUE "
            "THEN 1 ELSE 0 END AS was_accepted, c.completed_at AS done_at FROM ("
            "SELECT s.case_no, SUM(CASE WHEN s.kind = 'accept' THEN 1 ELSE 0 END) AS accepts, "
            "MIN(CASE WHEN s.kind = 'accept' THEN s.occurred_at END) AS first_accept, "
            "MIN(CASE WHEN s.kind = 'complete' THEN s.occurred_at END) AS first_complete, "
            "MIN(CASE WHEN s.kind IN ('transfer', 'issue', 'complete') THEN s.occurred_at END) "
            "AS first_step, "
            "MAX(CASE WHEN s.kind IN ('transfer', 'complete') THEN s.occurred_at END) AS last_step "
            f"FROM {staging} s WHERE s.case_no <> '' AND s.seen = 0 GROUP BY s.case_no) g "
            f"LEFT JOIN {t['case']} c ON c.case_no = g.case_no"
        )
        cursor.execute(f"CREATE UNIQUE INDEX {LIFE}_case ON {LIFE} (case_no)")
    analyze(LIFE)
    _build_windows()


def analyze(temporary: str) -> None:
    """PostgreSQL's planner statistics for one of the import's temporary tables: autovacuum
    never analyzes them, and without statistics the planner takes the staged rows for one and
    joins them in nested loops (the cross-department check: 0.15 s → 4.6 s at 200,000 rows).
    SQLite's planner does without (its plans here were measured)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {temporary}")


def drop_life() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {LIFE}")
        cursor.execute(f"DROP TABLE IF EXISTS {WINDOWS}")


def check_records(staging: str, *, strict: bool) -> RecordProblems:
    """Every check on the staged rows (alias ``s``); ``build_life`` first."""
    t = _tables()
    fresh = "s.seen = 0"
    found = RecordProblems()
    register_checks = [
        (
            "item_code",
            "名录外的办理项编码",
            f"SELECT s.row AS r, s.item_code AS v, '' AS o FROM {staging} s LEFT JOIN {t['item']} h "
            f"ON h.code = s.item_code WHERE s.item_code <> '' AND h.id IS NULL AND {fresh}",
            lambda value, _: f"办理项编码“{value}”不在办理项目录中",
        ),
        (
            "item_code",
            "办理项与部门不符",
            f"SELECT s.row AS r, s.item_code AS v, d.name || '|' || s.department_name AS o "
            f"FROM {staging} s JOIN {t['item']} h ON h.code = s.item_code "
            f"JOIN {t['service']} si ON si.id = h.service_item_id "
            f"JOIN {t['dept']} d ON d.id = si.department_id "
            f"WHERE s.department_id IS NOT NULL AND si.department_id <> s.department_id AND {fresh}",
            lambda value, owners: entry.item_of_other_department(value, *owners.split("|", 1)),
        ),
        (
            # The entry rules of every 受理 (cases.entry): its item, and at a department's
            # window only that department's items unless the center takes others as 代收.
            "item_code",
            "未填办理项的受理",
            f"SELECT s.row AS r, s.case_no AS v, '' AS o FROM {staging} s "
            f"WHERE s.kind = 'accept' AND s.item_code = '' AND {fresh}",
            lambda value, _: f"办件 {value}：{entry.no_item()}",
        ),
        (
            "window",
            "部门窗口受理其他部门的办理项",
            cross_department_sql(staging, proxy=False),
            lambda value, owners: entry.window_refuses(value, *owners.split("|", 1)),
        ),
        (
            "window",
            "名录外的窗口",
            f"SELECT s.row AS r, s.window_code AS v, '' AS o FROM {staging} s "
            "WHERE s.window_code <> '' "
            f"AND NOT EXISTS (SELECT 1 FROM {t['window']} w WHERE w.code = s.window_code) "
            f"AND {fresh}",
            lambda value, _: f"窗口“{value}”不在窗口名录中",
        ),
    ]
    for column, title, sql, message in register_checks:
        _run(found, strict, column, title, sql, message)
    if strict:
        _run(
            found,
            strict,
            "kind",
            "不合办件流程的事件",
            _lifecycle_sql(staging, fresh),
            _lifecycle_message,
        )
    else:
        _lifecycle_warning(found, staging, fresh)
    elsewhere = _scalar(f"SELECT COUNT(*) FROM {LIFE} l WHERE l.accepts = 0 AND l.known = 0")
    if elsewhere:
        found.warnings.append(
            f"{elsewhere:,} 件办件在本文件和系统中都没有受理记录，其后续环节按他处受理计"
        )
    return found


def _lifecycle_sql(staging: str, fresh: str) -> str:
    """Rows breaking the life of their case, each with its reason: ``dup`` (a second 受理),
    ``ended`` (流转/办结 after 办结), ``early`` (a step before the case's 受理 in the file)."""
    dup = "s.kind = 'accept' AND (l.was_accepted = 1 OR s.occurred_at > l.first_accept)"
    ended = (
        "s.kind IN ('transfer', 'complete') "
        "AND (l.done_at < s.occurred_at OR s.occurred_at > l.first_complete)"
    )
    early = (
        "s.kind IN ('transfer', 'issue', 'complete') AND l.was_accepted = 0 "
        "AND s.occurred_at < l.first_accept"
    )
    return (
        f"SELECT s.row AS r, s.case_no AS v, s.kind || ':' || CASE WHEN {dup} THEN 'dup' "
        f"WHEN {ended} THEN 'ended' ELSE 'early' END AS o "
        f"FROM {staging} s JOIN {LIFE} l ON l.case_no = s.case_no "
        f"WHERE {fresh} AND (({dup}) OR ({ended}) OR ({early}))"
    )


# A case some of whose new rows break its life, read from its aggregates alone (one row per
# case): a lenient import counts these cases without comparing each row.
BAD_CASE = (
    "l.accepts > 1 OR (l.accepts > 0 AND l.was_accepted = 1) "
    "OR l.last_step > l.first_complete OR l.last_step > l.done_at "
    "OR (l.was_accepted = 0 AND l.first_step < l.first_accept)"
)


def _lifecycle_warning(found: RecordProblems, staging: str, fresh: str) -> None:
    """Lenient: the cases whose new rows break their life, counted from the cases' aggregates,
    with the first rows of the first few of them as examples."""
    bad = _scalar(f"SELECT COUNT(*) FROM {LIFE} l WHERE {BAD_CASE}")
    if not bad:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.case_no FROM {LIFE} l WHERE {BAD_CASE} ORDER BY l.case_no "
            f"LIMIT {EXAMPLES_SHOWN}"
        )
        cases = [case_no for (case_no,) in cursor.fetchall()]
        marks = ", ".join(["%s"] * len(cases))
        cursor.execute(
            f"SELECT x.r, x.v, x.o FROM ({_lifecycle_sql(staging, fresh)} "
            f"AND s.case_no IN ({marks})) x ORDER BY x.r LIMIT {EXAMPLES_SHOWN}",
            cases,
        )
        examples = cursor.fetchall()
    shown = "；".join(
        f"第 {row} 行：{_lifecycle_message(case_no, reason)}" for row, case_no, reason in examples
    )
    found.warnings.append(f"不合办件流程的办件 {bad:,} 件（事件已按原文保存），如 {shown}")


def _lifecycle_message(case_no: str, kind_and_reason: str) -> str:
    """A row of ``_lifecycle_sql`` in the words of ``lifecycle.refusal`` (a step before the
    受理 has its own: the case is accepted, later)."""
    kind, _, reason = kind_and_reason.partition(":")
    if reason == "early":
        return f"办件 {case_no} 的受理在此之后，不能先{EventKind(kind).label}"
    said = refusal(kind, case_no=case_no, accepted=True, completed=reason == "ended")
    return said or f"办件 {case_no} 的{EventKind(kind).label}不合流程"


def _scalar(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0] or 0)


def _run(
    found: RecordProblems,
    strict: bool,
    column: str,
    title: str,
    sql: str,
    message: Callable[[str, str], str],
) -> None:
    """One check: its rows counted, the first of them kept as errors (strict) or its values
    named in one warning (lenient). One grouped pass over the rows; only the strict error list
    sorts them."""
    total, names = 0, list[str]()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT x.v, COUNT(*) FROM ({sql}) x GROUP BY x.v ORDER BY 1")
        for value, count in cursor:  # a file may name a million unknown codes
            total += int(count)
            if len(names) <= NAMES_SHOWN:
                names.append(str(value))
    if not total:
        return
    if not strict:
        shown = "、".join(names[:NAMES_SHOWN]) + ("等" if len(names) > NAMES_SHOWN else "")
        found.warnings.append(f"{title}（{total:,} 行，已按原文保存）：{shown}")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT x.r, x.v, x.o FROM ({sql}) x ORDER BY x.r LIMIT {MAX_REPORTED_ERRORS}"
        )
        examples = cursor.fetchall()
    found.error_total += total
    for row, value, extra in examples:
        if len(found.errors) < MAX_REPORTED_ERRORS:
            found.errors.append(RowError(row, column, message(value, extra)))
