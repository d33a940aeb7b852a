"""Links to the records behind a count (办件事件清单链接): the event list, filtered."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse


def event_list_link(kind: str, start: dt.date, end: dt.date) -> str:
    """The event list page showing the events of ``kind`` from ``start`` to ``end``."""
    query = {"kind": kind, "occurred_on_after": start, "occurred_on_before": end}
    return f"{reverse('cases:event_list')}?{urlencode(query)}"
