"""What the window desk shows beside its form (综窗工作台): the keys of its steps, the handbook
of the chosen 办理项, and the open cases its window accepted, with their working-day countdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from servicehall.cases.lifecycle import step_refusal
from servicehall.cases.models import Case, EventKind
from servicehall.cases.queries import countdown_words, open_cases
from servicehall.catalog import queries as catalog_queries
from servicehall.catalog.models import HandlingItem, ItemSpecVersion
from servicehall.core.permissions import VIEW
from servicehall.workcal.workdays import add_working_days, working_days_left

if TYPE_CHECKING:
    from servicehall.accounts.models import User


# The desk's keys, in the order of a case's life: 1 咨询 … 5 办结 (written once: the form's
# labels, the key handler and the help line all read it).
STEP_KEYS = [
    (EventKind.CONSULT, "1"),
    (EventKind.ACCEPT, "2"),
    (EventKind.TRANSFER, "3"),
    (EventKind.HANDOUT, "4"),
    (EventKind.COMPLETE, "5"),
]
# The steps taken from a case's row: they need the case, not a new one.
ROW_STEPS = [EventKind.TRANSFER, EventKind.HANDOUT, EventKind.COMPLETE]
OPEN_LIMIT = 100
# The longest a case number may be (``Case.case_no``) and a window code (``Window.code``).
CASE_NO_LENGTH, WINDOW_CODE_LENGTH = 64, 20


@dataclass(frozen=True)
class DeskPage:
    """What one desk page carries from its last step to the next (综窗登记页面状态): the step and
    window chosen, and the case of the last step. In the page's address after a step, in its
    form's fields while it is open; each tab has its own, and no other request can change it."""

    kind: str = EventKind.CONSULT
    window_code: str = ""
    last_case: str = ""

    @classmethod
    def read(cls, params: Mapping[str, str]) -> DeskPage:
        """The page named by a query string or a posted form; anything else is left out."""
        kind = params.get("kind", "")
        window_code = params.get("window_code", "")
        last_case = params.get("last_case", "").strip()
        return cls(
            kind=kind if kind in EventKind.values else EventKind.CONSULT,
            window_code=window_code if len(window_code) <= WINDOW_CODE_LENGTH else "",
            last_case=last_case
            if len(last_case) <= CASE_NO_LENGTH and last_case.isprintable()
            else "",
        )

    def url(self) -> str:
        """The desk's address showing this page."""
        params = {
            "kind": self.kind,
            "window_code": self.window_code,
            "last_case": self.last_case,
        }
        query = urlencode({k: v for k, v in params.items() if v})
        return f"{reverse('cases:desk')}?{query}" if query else reverse("cases:desk")


@dataclass(frozen=True)
class Handbook:
    """The handbook of one 办理项 as the clerk needs it at acceptance (受理须知)."""

    item: HandlingItem
    materials: list[str]
    promised_by: dt.date | None
    authorized: bool
    compiled: bool
    specs: list[ItemSpecVersion]


def handbook(item: HandlingItem, today: dt.date) -> Handbook:
    """The checklist, time limit, fees, status and current 一单一图一表 of ``item``."""
    status = catalog_queries.with_status(HandlingItem.objects.filter(pk=item.pk), today).get()
    latest: dict[str, ItemSpecVersion] = {}
    for spec in ItemSpecVersion.objects.filter(
        service_item_id=item.service_item_id, effective_on__lte=today
    ).order_by("part", "-version"):
        latest.setdefault(spec.part, spec)
    days = item.time_limit_days
    return Handbook(
        item=item,
        materials=item.material_list,
        promised_by=add_working_days(today, days, item) if days else None,
        authorized=bool(getattr(status, catalog_queries.AUTHORIZED)),
        compiled=bool(getattr(status, catalog_queries.HANDBOOK)),
        specs=[latest[part] for part in ItemSpecVersion.Part.values if part in latest],
    )


@dataclass(frozen=True)
class OpenCase:
    """A row of the window's open cases: the case, its countdown and the steps it may take."""

    case: Case
    days_left: int | None
    steps: list[tuple[str, str]]

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def countdown(self) -> str:
        return countdown_words(self.days_left)


def window_cases(user: User, window_code: str, today: dt.date) -> tuple[list[OpenCase], int]:
    """The open cases ``window_code`` accepted, soonest promised first (at most ``OPEN_LIMIT``),
    and how many there are in all."""
    if not window_code:
        return [], 0
    cases: QuerySet[Case] = open_cases(
        Case.objects.for_user(user, VIEW).filter(accepted_window=window_code)
    )
    rows = []
    labels = dict(EventKind.choices)
    for case in cases[:OPEN_LIMIT]:
        left = working_days_left(case.promised_by, today, case) if case.promised_by else None
        steps = [(str(k), labels[k]) for k in ROW_STEPS if not step_refusal(case, k)]
        rows.append(OpenCase(case=case, days_left=left, steps=steps))
    return rows, cases.count()
