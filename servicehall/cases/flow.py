"""Where each case stands in a period (办件进度): the buckets of the period report, written once
for its counts (``figures.case_flow``) and for the list of cases behind each count.

A case is *received* in the period when accepted in it, *carried over* when accepted before it
and still open at its start, *completed* when 办结 in it — *on time* by its promised date (or
with none), *late* after it — *in progress* when still open at the period's end, and *overdue*
when in progress past its promised date at the period's end. A case accepted elsewhere (no 受理
in the log) counts as accepted before any period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncDate

from servicehall.core.localtime import SHANGHAI
from servicehall.core.periods import Period

if TYPE_CHECKING:
    from servicehall.cases.models import Case


@dataclass(frozen=True)
class Bucket:
    """One column of the period report (进度类别)."""

    key: str
    label: str


BUCKETS = (
    Bucket("carried", "上期结转"),
    Bucket("received", "本期受理"),
    Bucket("completed", "本期办结"),
    Bucket("on_time", "按时办结"),
    Bucket("late", "超期办结"),
    Bucket("in_progress", "期末在办"),
    Bucket("overdue", "期末逾期"),
)
BUCKET_LABELS = {b.key: b.label for b in BUCKETS}


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period's first and after-last instants, Asia/Shanghai."""
    start = dt.datetime.combine(period.start, dt.time(), SHANGHAI)
    return start, dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), SHANGHAI)


def _accepted_before(moment: dt.datetime) -> Q:
    return Q(accepted_at__lt=moment) | Q(accepted_at__isnull=True, accepted_elsewhere=True)


def _open_at(moment: dt.datetime) -> Q:
    return Q(completed_at__isnull=True) | Q(completed_at__gte=moment)


def with_completed_on(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with the local day of their 办结 (``completed_on``), which ``bucket_q`` compares
    with the promised date."""
    return cases.annotate(completed_on=TruncDate("completed_at", tzinfo=SHANGHAI))


def counted_q(period: Period) -> Q:
    """The cases in any bucket of ``period``: open at its start, or received in it (every
    bucket implies one of the two). The period report counts only these — a few thousand of
    the demo's 105,000 cases, found by the indexes on ``completed_at`` and ``accepted_at``."""
    start, after = _bounds(period)
    return _open_at(start) | Q(accepted_at__gte=start, accepted_at__lt=after)


def bucket_q(key: str, period: Period) -> Q:
    """The cases of bucket ``key`` in ``period``: a filter of ``with_completed_on(cases)``."""
    start, after = _bounds(period)
    completed = Q(completed_at__gte=start, completed_at__lt=after)
    in_progress = _accepted_before(after) & _open_at(after)
    # On time: 办结 on or before the promised date (a local day), or no promise at all.
    on_time_day = Q(promised_by__isnull=True) | Q(completed_on__lte=F("promised_by"))
    return {
        "carried": _accepted_before(start) & _open_at(start),
        "received": Q(accepted_at__gte=start, accepted_at__lt=after),
        "completed": completed,
        "on_time": completed & on_time_day,
        "late": completed & ~on_time_day,
        "in_progress": in_progress,
        "overdue": in_progress & Q(promised_by__lt=period.end),
    }[key]
