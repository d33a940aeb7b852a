"""The people of the tests (测试人物): built here directly, never from the demo data.

Registered for the whole suite by the root ``conftest.py`` (``pytest_plugins``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from servicehall.accounts.models import User
from servicehall.accounts.services import create_login
from servicehall.cases.models import CaseEvent
from servicehall.core.context import acting_as
from servicehall.core.roles import Role
from servicehall.org.models import Center, Department

PASSWORD = "ceshi-mima-2024"


@pytest.fixture
def center(db: None) -> Center:
    with acting_as(None, source="system"):
        return Center.objects.create(
            name="测试政务服务中心", short_name="测试中心", is_default=True
        )


@pytest.fixture
def police(center: Center) -> Department:
    """公安厅, stationed in the hall."""
    return Department.objects.create(
        center=center, name="公安厅", sort_order=1, stationed_on=dt.date(2020, 1, 1)
    )


@pytest.fixture
def water(center: Center) -> Department:
    """水利厅, stationed in the hall."""
    return Department.objects.create(
        center=center, name="水利厅", sort_order=2, stationed_on=dt.date(2020, 1, 1)
    )


def _login(username: str, role: str, department: Department | None = None) -> User:
    with acting_as(None, source="system"):
        user = create_login(
            username,
            role=role,
            password=PASSWORD,
            department_name=department.name if department else None,
        )
    user.last_name = {"clerk": "王综窗", "admin": "李管理", "leader": "赵主任"}.get(username, "")
    user.save(update_fields=["last_name"])
    return user


@pytest.fixture
def clerk(db: None, police: Department, water: Department) -> User:
    """A window clerk (综窗工作人员)."""
    return _login("clerk", Role.STAFF)


@pytest.fixture
def police_liaison(db: None, police: Department) -> User:
    """The liaison of 公安厅 (公安厅联络员)."""
    return _login("gat", Role.LIAISON, police)


@pytest.fixture
def water_liaison(db: None, water: Department) -> User:
    """The liaison of 水利厅 (水利厅联络员)."""
    return _login("slt", Role.LIAISON, water)


@pytest.fixture
def center_admin(db: None, police: Department, water: Department) -> User:
    """A center admin (中心管理员), who may also use the Django admin."""
    return _login("admin", Role.ADMIN)


@pytest.fixture
def leader(db: None, police: Department, water: Department) -> User:
    """A leader of the center (中心领导): reads, never writes."""
    return _login("leader", Role.LEADER)


@pytest.fixture
def week_records(center: Center) -> CaseEvent:
    """Records behind the figures of the week of 2024-01-22…26 (one event, one 办理项 in the
    register): a draft printing figures of an empty log is refused publication (无数据来源)."""
    from servicehall.cases.services import record_event
    from servicehall.testing.factories import HandlingItemFactory

    with acting_as(None, source="system"):
        item = HandlingItemFactory.create(service_item__department__center=center)
        return record_event(
            event_id="R1",
            kind="consult",
            occurred_at=dt.datetime(2024, 1, 23, 9),
            department=item.service_item.department,
        )
