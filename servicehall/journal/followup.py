"""Follow-up of bad service evaluations (差评整改时限)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from servicehall.journal.models import ServiceEvaluation
from servicehall.workcal.workdays import add_working_days


def default_due(evaluation: ServiceEvaluation):
    """The follow-up deadline of a bad rating: N working days after it was given
    (``SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS``); none for a good one."""
    if not evaluation.is_bad or evaluation.evaluated_at is None:
        return None
    day = timezone.localtime(evaluation.evaluated_at).date()
    return add_working_days(day, settings.SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS)


def overdue_q(today: dt.date) -> Q:
    """整改逾期: past its deadline and not followed up yet, or followed up after it."""
    return Q(follow_up_due__isnull=False) & (
        Q(followed_up_on__isnull=True, follow_up_due__lt=today)
        | Q(followed_up_on__gt=F("follow_up_due"))
    )


def is_overdue(evaluation: ServiceEvaluation, today: dt.date) -> bool:
    """``overdue_q`` for one rating (the list's 逾期 column)."""
    due, done = evaluation.follow_up_due, evaluation.followed_up_on
    if due is None:
        return False
    return done > due if done is not None else due < today
