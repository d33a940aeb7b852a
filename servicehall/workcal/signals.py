"""An edit of the calendar is seen at once by this process (工作日历变更)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from servicehall.workcal import workdays
from servicehall.workcal.models import CalendarDay, CalendarYear, LocalDay


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
@receiver([post_save, post_delete], sender=LocalDay)
# A center added or moved changes whose local days it inherits (named by label: org is above).
@receiver([post_save, post_delete], sender="org.Center")
def calendar_changed(sender: type[Model], **kwargs: Any) -> None:
    workdays.forget()
