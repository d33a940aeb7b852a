"""The period report (办件进度统计): for any dates, per department and item kind, the cases
carried over, received, completed on time or late, in progress and overdue at its end."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count

from servicehall.cases.flow import BUCKETS, bucket_q, counted_q, with_completed_on
from servicehall.cases.models import Case
from servicehall.cases.stages import case_times
from servicehall.catalog.models import ItemKind
from servicehall.core.periods import Period
from servicehall.figures.cases import NO_DEPARTMENT

NO_KIND = "（未登记办理项）"


def case_flow(period: Period, cases: Any = None) -> list[dict[str, Any]]:
    """One row per department and item kind with any case in a bucket: ``department`` (id or
    None), ``department_name``, ``item_kind`` (value or ""), ``item_kind_label``, and a count
    per bucket key. ``cases``: the cases to count (a user's scope); all by default."""
    cases = Case.objects.all() if cases is None else cases
    rows = (
        with_completed_on(cases.filter(counted_q(period)))
        .values("department", "department__name", "handling_item__service_item__kind")
        # 超期办结 is 本期办结 less 按时办结 (bucket_q's two halves of the completed): counted
        # by subtraction, the local day of each 办结 is computed once per case, not twice.
        .annotate(
            **{
                b.key: Count("pk", filter=bucket_q(b.key, period))
                for b in BUCKETS
                if b.key != "late"
            }
        )
        .order_by("department__name", "handling_item__service_item__kind")
    )
    labels = dict(ItemKind.choices)
    found = []
    for row in rows:
        counts = {b.key: int(row[b.key]) for b in BUCKETS if b.key != "late"}
        counts["late"] = counts["completed"] - counts["on_time"]
        counts = {b.key: counts[b.key] for b in BUCKETS}
        if not any(counts.values()):
            continue
        kind = row["handling_item__service_item__kind"] or ""
        found.append(
            {
                "department": row["department"],
                "department_name": row["department__name"] or NO_DEPARTMENT,
                "item_kind": kind,
                "item_kind_label": labels.get(kind, NO_KIND),
                **counts,
            }
        )
    return found


def flow_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The report's last line: each bucket summed over the rows."""
    return {b.key: sum(row[b.key] for row in rows) for b in BUCKETS}


def late_stages(period: Period, cases: Any = None) -> list[dict[str, Any]]:
    """Which stage made the period's late cases late (延误环节): the cases done late in the
    period and those overdue at its end, by the department and kind (受理 / 流转) of the stage
    furthest beyond its share of the promised time (``cases.stages``). One row per department
    and kind: ``department_name``, ``stage`` (受理 or 流转), ``cases``, ``days`` (working days
    those stages used), ``share`` (their shares summed), most cases first."""
    cases = Case.objects.all() if cases is None else cases
    late = with_completed_on(cases).filter(bucket_q("late", period) | bucket_q("overdue", period))
    late = late.select_related("department", "handling_item")
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for time in case_times(late, as_of=period.end).values():
        stage = time.culprit
        if stage is None:
            continue
        kind = "受理" if stage.label == "受理" else "流转"
        row = found.setdefault(
            (stage.department_name, kind),
            {
                "department_name": stage.department_name,
                "stage": kind,
                "cases": 0,
                "days": 0,
                "share": Decimal(0),
            },
        )
        row["cases"] += 1
        row["days"] += stage.days
        row["share"] += stage.share or 0
    return sorted(found.values(), key=lambda r: (-r["cases"], r["department_name"], r["stage"]))
