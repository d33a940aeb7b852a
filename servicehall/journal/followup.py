"""Follow-up of bad service evaluations (差评整改时限)."""

from __future__ import annotations

from django.conf import settings
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
