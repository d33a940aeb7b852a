"""The event log's list on a long log (issue 24): newest first across days without sorting the
whole log, and the count capped (共 N 条以上) instead of counting every row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from servicehall.accounts.models import User
from servicehall.cases.views import CaseEventListView
from servicehall.core.generic import CappedPaginator
from servicehall.core.localtime import SHANGHAI
from servicehall.org.models import Department
from servicehall.testing.factories import CaseEventFactory

pytestmark = pytest.mark.django_db


def test_the_event_list_is_newest_first_and_its_count_stops_at_the_cap(
    client: Client, center_admin: User, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    moments = [
        dt.datetime(2024, 1, 22, 23, 30, tzinfo=SHANGHAI),  # late on the 22nd, local time
        dt.datetime(2024, 1, 23, 0, 15, tzinfo=SHANGHAI),  # just after midnight: the 23rd
        dt.datetime(2024, 1, 23, 9, 0, tzinfo=SHANGHAI),
        dt.datetime(2024, 1, 21, 10, 0, tzinfo=SHANGHAI),
        dt.datetime(2024, 1, 23, 8, 0, tzinfo=SHANGHAI),
    ]
    for i, moment in enumerate(moments):
        # Ids no random token of the page (a CSP nonce, the CSRF token) can hold: "EV1" can.
        CaseEventFactory(
            event_id=f"事件{i}号", case_no=f"C{i}", occurred_at=moment, department=police
        )
    client.force_login(center_admin)
    page = client.get("/cases/events/").content.decode()
    order = [f"事件{i}号" for i in (2, 4, 1, 0, 3)]
    assert [page.index(e) for e in order] == sorted(page.index(e) for e in order)
    assert "共 5 条" in page and "以上" not in page.split("共 5 条")[1][:3]
    monkeypatch.setattr(CappedPaginator, "limit", 3)
    monkeypatch.setattr(CaseEventListView, "paginate_by", 2)
    capped = client.get("/cases/events/").content.decode()
    assert "第 1 / 2 页，共 3 条以上" in capped
