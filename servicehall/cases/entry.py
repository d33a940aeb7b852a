"""What a 受理 must name (受理录入规则), written once for every way in: the window desk, the API
(``window.register``), the admin's case form, and the events import (``importchecks``, the same
rule in SQL, its messages from here).

- A 受理 names its 办理项, and so its department: a department named beside it must be the
  item's. (An item registered without a department cannot be accepted.)
- Where the way in asks for an applicant (the desk, the API, the admin), it is given.
- A department of a center that runs its own ServiceHall (``Center.federated``) takes no step
  here: its steps are recorded there and arrive as signed daily counts, which the next push
  would overwrite (an acknowledged write lost).
- At a department's window (``Window.Kind.DEPARTMENT``) an item of another department is refused,
  or — when the center's ``cross_department`` says so — accepted as 代收 with the reason the
  clerk gives, recorded on the case (``Case.proxy_reason``). Comprehensive and issuing windows
  take every department's items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from servicehall.org.models import Center, Department, Window

if TYPE_CHECKING:
    from servicehall.catalog.models import HandlingItem


PROXY_REASON_LENGTH = 200


@dataclass(frozen=True)
class EntryProblem:
    """One reason a 受理 is refused, and the field (or file column) it is about."""

    field: str
    message: str


class EntryRefused(ValueError):
    """A 受理 breaks the entry rules; ``problems`` says each reason and its field."""

    def __init__(self, problems: list[EntryProblem]) -> None:
        self.problems = problems
        super().__init__("；".join(p.message for p in problems))


# The words of each rule, shared with the importer's checks in SQL.
def no_item() -> str:
    return "受理须选定办理项（办理部门随办理项确定）"


def item_without_department(item: object) -> str:
    return f"办理项“{item}”未登记实施部门，不能受理"


def item_of_other_department(item: object, owner: object, department: object) -> str:
    return f"办理项“{item}”属于{owner}，不是{department}的办理项"


def recorded_by_its_own_hall(department: object, center: object) -> str:
    return (
        f"{department}属于独立部署的{center}：其办件在该中心自己的系统中登记、按日联网报送，"
        "不能在本系统登记"
    )


def no_applicant() -> str:
    return "受理须填写申请人"


def window_refuses(window_code: str, window_department: object, owner: object) -> str:
    return (
        f"窗口 {window_code} 是{window_department}的部门窗口，不能受理{owner}的办理项"
        "（本中心部门窗口不代收其他部门事项）"
    )


def proxy_needs_reason(window_code: str, window_department: object, owner: object) -> str:
    return f"窗口 {window_code} 是{window_department}的部门窗口，代收{owner}的办理项须填写代收原因"


def window_on(code: str, day: dt.date, center_id: int | None = None) -> Window | None:
    """The window numbered ``code`` open on ``day`` (a number is one window of a center at a
    time): the one of the center ``center_id`` (the item's) when it has one — every county
    numbers its windows from A01 too — else the first of that number."""
    if not code:
        return None
    windows = Window.objects.filter(Window.open_on_q(day), code=code).select_related(
        "center", "department"
    )
    own = windows.filter(center_id=center_id).first() if center_id is not None else None
    return own or windows.first()


def center_of_item(item: Any) -> int | None:
    """The center whose hall accepts ``item``: its department's (None: no item or department).
    Every way in looks a window number up in it (``window_on``)."""
    department = item.service_item.department if item is not None else None
    return department.center_id if department is not None else None


def cross_department(window: Window | None, owner_id: int | None) -> bool:
    """Whether ``window`` is a department's window and the item is another department's."""
    return (
        window is not None
        and window.kind == Window.Kind.DEPARTMENT
        and window.department_id is not None
        and owner_id is not None
        and owner_id != window.department_id
    )


def federated_problem(department: Department | None, field: str) -> EntryProblem | None:
    """Why a step of ``department`` cannot be recorded here: its center runs its own hall."""
    if department is None:
        return None
    center = department.center
    if not center.federated:
        return None
    return EntryProblem(field, recorded_by_its_own_hall(department.name, center.name))


def acceptance_problems(
    *,
    item: HandlingItem | None,
    department: Department | None,
    window: Window | None,
    applicant: str = "",
    proxy_reason: str = "",
    asks_applicant: bool = True,
) -> list[EntryProblem]:
    """Every reason a 受理 of ``item`` (a ``HandlingItem`` or None) at ``window`` is refused."""
    problems: list[EntryProblem] = []
    owner = None
    if item is None:
        problems.append(EntryProblem("handling_item", no_item()))
    else:
        owner = item.service_item.department
        if owner is None:
            problems.append(EntryProblem("handling_item", item_without_department(item)))
        elif department is not None and owner.pk != department.pk:
            problems.append(
                EntryProblem("department", item_of_other_department(item, owner, department))
            )
        elif problem := federated_problem(owner, "handling_item"):
            problems.append(problem)
    if asks_applicant and not applicant.strip():
        problems.append(EntryProblem("applicant", no_applicant()))
    if window is not None and cross_department(window, owner.pk if owner else None):
        assert owner is not None and window.department is not None
        center = window.center
        if center.cross_department != Center.CrossDepartment.PROXY:
            problems.append(
                EntryProblem("window_code", window_refuses(window.code, window.department, owner))
            )
        elif not proxy_reason.strip():
            problems.append(
                EntryProblem(
                    "proxy_reason", proxy_needs_reason(window.code, window.department, owner)
                )
            )
    return problems


def recorded_proxy_reason(
    window: Window | None, item: HandlingItem | None, proxy_reason: str
) -> str:
    """The 代收原因 a case keeps: the reason given when the acceptance is a 代收, else none."""
    owner_id = item.service_item.department_id if item is not None else None
    if cross_department(window, owner_id):
        return proxy_reason.strip()[:PROXY_REASON_LENGTH]
    return ""


# ---- a step's center (登记所属中心) ----------------------------------------------------------
#
# A step counts at its department's center; one that names no department (a 咨询 at a
# comprehensive window) counts at the default center (docs/decisions.md, "The tree of centers").
# A login whose subtree does not hold the default center must therefore name a department of its
# own subtree, or its step would count at a center it cannot even read.


def no_department_here(default: Center | None) -> str:
    where = f"默认中心（{default.name}）" if default is not None else "默认中心"
    return f"须选择部门：未选部门的登记计入{where}，不计入本中心"


def unplaced_problem(user: object, department: Department | None) -> EntryProblem | None:
    """Why a step of ``user`` naming ``department`` (or none) would count outside the user's
    subtree, or in a center that records its own steps; None when it counts within it."""
    if department is not None:
        return federated_problem(department, "department")
    if user is None or getattr(user, "scope_sees_unassigned", True):
        return None
    from servicehall.org.models import default_center

    return EntryProblem("department", no_department_here(default_center()))
