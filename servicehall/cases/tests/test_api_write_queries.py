"""The queries of one registered step over the API (issue 24): each is counted, so a query
added to the hot path fails here first — and the step is still scoped, validated, idempotent
and counted in every rollup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from servicehall.accounts.models import User
from servicehall.accounts.services import api_token
from servicehall.cases.models import (
    CaseEvent,
    CenterDailyCount,
    CenterMonthlyCount,
    CenterYearlyCount,
    DailyCount,
)
from servicehall.catalog.models import HandlingItem
from servicehall.org.models import Center, Department

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

# Token (one query, joined to the login's center: ``accounts.auth`` drops knox's sweep of the
# login's other tokens); the login's scope: none for a login of the default center, whose center
# came with the token (a login of another center reads it with the default one: one query); the
# event, and the rollups: the daily one and the center's day, month and year — on PostgreSQL in
# the event's own INSERT (``rollups.insert_counted``: data-modifying CTEs), four upserts on
# SQLite; a step with a case runs in a transaction (here a savepoint and its release, inside the
# test's). A 咨询 has none on PostgreSQL (its one statement runs in autocommit, below); on
# SQLite ``record_event``'s transaction shows no statement inside the test's.
TOKEN, SCOPE, EVENT, SAVEPOINT = 1, 0, 1, 2
# Issue 23: a 受理 was 22 (+ the rollups), the case written twice; a later step 6.
ACCEPT, LATER = 8, 5


def rollup_statements() -> int:
    """The rollups' own statements beside the event's INSERT (issue 24: on PostgreSQL they were
    one more statement, and a 咨询 paid BEGIN and COMMIT round trips for the two)."""
    return 0 if connection.vendor == "postgresql" else 4


def indicator_statements() -> int:
    """The indicator rollups' upsert and its centers' (figures.indicator_rollups.add): one
    statement on PostgreSQL (a data-modifying CTE), two on SQLite."""
    return 1 if connection.vendor == "postgresql" else 2


def post(
    client: Client,
    token: str,
    body: dict[str, str | int],
    **headers: Any,  # HTTP_* headers for Client.post's **extra (typed Any there)
) -> TestResponse:
    return client.post(
        "/api/case-events/", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}", **headers,
    )  # fmt: skip


def test_a_consultation_costs_a_fixed_number_of_queries_and_is_counted_everywhere(
    client: Client, clerk: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    token = api_token(clerk.username)
    post(client, token, {"kind": "consult", "window_code": "A01"})  # the first loads the URLs
    expected = TOKEN + SCOPE + EVENT + rollup_statements()  # PostgreSQL 2, SQLite 6
    with django_assert_num_queries(expected):
        answer = post(client, token, {"kind": "consult", "window_code": "A01"})
    assert answer.status_code == 201, answer.content
    event = CaseEvent.objects.get(pk=answer.json()["id"])
    assert (event.kind, event.window_code, event.staff_ref) == ("consult", "A01", "王综窗")
    today = timezone.localdate()
    assert DailyCount.objects.get(day=today, kind="consult", department=None).count == 2
    assert CenterDailyCount.objects.get(day=today, kind="consult", center=None).count == 2
    month, year = today.replace(day=1), dt.date(today.year, 1, 1)
    assert CenterMonthlyCount.objects.get(month=month, kind="consult", center=None).count == 2
    assert CenterYearlyCount.objects.get(year=year, kind="consult", center=None).count == 2


def test_a_repeated_idempotency_key_reads_the_first_step_and_writes_nothing(
    client: Client, clerk: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    token = api_token(clerk.username)
    body: dict[str, str | int] = {"kind": "consult", "window_code": "A01"}
    first = post(client, token, body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    # The token and the look-up of the key's event: no write, no rollup.
    with django_assert_num_queries(TOKEN + 1):
        again = post(client, token, body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert CaseEvent.objects.count() == 1
    assert DailyCount.objects.get().count == 1


def test_the_checks_still_hold_on_the_fast_path(
    client: Client, clerk: User, leader: User, center: Center
) -> None:
    from servicehall.org.models import Center

    token = api_token(clerk.username)
    assert post(client, token, {"kind": "nonsense"}).status_code == 400
    assert post(client, "x" * len(token), {"kind": "consult"}).status_code == 401
    # A leader reads, never writes.
    assert post(client, api_token(leader.username), {"kind": "consult"}).status_code == 403
    # A clerk of a city below names no department: the step would count outside the city.
    city = Center.objects.create(name="市政务服务中心", short_name="市中心", parent=center)
    clerk.center = city
    clerk.save()
    refused = post(client, token, {"kind": "consult"})
    assert refused.status_code == 400 and "department" in refused.json()
    assert not CaseEvent.objects.exists() and not DailyCount.objects.exists()


@pytest.fixture
def permit(police: Department) -> HandlingItem:
    from servicehall.catalog.models import HandlingItem, ItemKind, ServiceItem

    item = ServiceItem.objects.create(
        department=police, code="S-GA-1", name="居民身份证办理", kind=ItemKind.PUBLIC
    )
    return HandlingItem.objects.create(
        service_item=item, code="H-GA-1", name="首次申领", time_limit_days=5, listed_on="2020-01-01"
    )


def test_an_acceptance_and_a_later_step_cost_a_fixed_number_of_queries(
    client: Client,
    clerk: User,
    permit: HandlingItem,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    token = api_token(clerk.username)
    accept: dict[str, str | int] = {
        "kind": "accept",
        "case_no": "GA-0",
        "handling_item": permit.pk,
        "applicant": "张三",
    }
    post(client, token, accept)  # the first loads the URLs and the working calendar
    accept["case_no"] = "GA-1"
    # The token (1, with the login's center: no scope query); the item with its service item,
    # department and the department's center (1: does it run its own hall?); the step's
    # savepoint (2); the new case, accepted already (1: its number's uniqueness is the index's,
    # no read first and, typed, no savepoint of its own); its change record (1); its indicator
    # measures (1: the statements compiled once, none per pair of days for a case not 办结)
    # added to the indicator rollups and its department's center's; the event (1) and its
    # rollups.
    with django_assert_num_queries(ACCEPT + indicator_statements() + rollup_statements()):
        answer = post(client, token, accept)
    assert answer.status_code == 201, answer.content
    # Written once, accepted: one change record, the one of its creation.
    from servicehall.cases.models import Case
    from servicehall.history.models import ChangeRecord

    case = Case.objects.get(case_no="GA-1")
    assert case.accepted_at is not None and case.promised_days == 5
    assert case.promised_by is not None and case.promised_by > timezone.localdate()
    written = ChangeRecord.objects.filter(model_name="case", object_id=str(case.pk))
    assert list(written.values_list("action", flat=True)) == [ChangeRecord.Action.CREATE]
    # The token (1); the savepoint (2); the case with its department, its center and item (1);
    # the event (1) and its rollups. A 流转 changes nothing of the case: no UPDATE, no change record.
    with django_assert_num_queries(LATER + rollup_statements()):
        answer = post(client, token, {"kind": "transfer", "case_no": "GA-1"})
    assert answer.status_code == 201, answer.content
    assert DailyCount.objects.filter(kind="transfer").get().count == 1
    # A completion still writes the case, with its change record.
    records = ChangeRecord.objects.filter(model_name="case").count()
    assert post(client, token, {"kind": "complete", "case_no": "GA-1"}).status_code == 201
    assert Case.objects.get(case_no="GA-1").completed_at is not None
    assert ChangeRecord.objects.filter(model_name="case").count() == records + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_consultation_is_one_statement_in_autocommit_on_postgresql(
    client: Client, clerk: User
) -> None:
    """Issue 24: the API's 咨询 was token, BEGIN, INSERT, the rollups' upsert, COMMIT — five
    round trips against the bare view's four. Now the event and its rollups are one statement
    outside any transaction (atomic by itself): two round trips, and the counts still add up."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no data-modifying CTEs: its step keeps its transaction")
    token = api_token(clerk.username)
    post(client, token, {"kind": "consult", "window_code": "A01"})  # the first loads the URLs
    seen: list[tuple[str, bool]] = []

    def spy(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        seen.append((sql.split(None, 1)[0], connection.get_autocommit()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        answer = post(client, token, {"kind": "consult", "window_code": "A01"})
    assert answer.status_code == 201, answer.content
    assert seen == [("SELECT", True), ("WITH", True)]
    event = CaseEvent.objects.get(pk=answer.json()["id"])
    assert event.recorded_at is not None and answer.json()["recorded_at"]
    today = timezone.localdate()
    assert DailyCount.objects.get(day=today, kind="consult", department=None).count == 2
    assert CenterYearlyCount.objects.get(year=dt.date(today.year, 1, 1), kind="consult").count == 2


def test_a_failed_insert_adds_nothing_to_the_rollups(clerk: User) -> None:
    """The event's INSERT and its rollups are one statement: a refused event (its id taken)
    counts nothing, on either database."""
    from django.db import IntegrityError, transaction

    from servicehall.cases.services import record_event

    now = timezone.now()
    record_event(event_id="E-1", kind="consult", occurred_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        record_event(event_id="E-1", kind="consult", occurred_at=now)
    assert CaseEvent.objects.count() == 1
    assert DailyCount.objects.get().count == 1
    assert CenterDailyCount.objects.get().count == 1


def test_the_one_statement_write_does_what_every_receiver_of_an_event_save_does() -> None:
    """``rollups.insert_counted`` writes a new event without ``save``: it sends ``pre_save``
    and does itself what the receivers of ``post_save`` do — the rollups' and the change
    history's (the log is exempt). A receiver added for a saved ``CaseEvent`` fails this test
    until ``insert_counted`` does its work too."""
    from django.db.models.signals import post_save

    sync, _async = post_save._live_receivers(CaseEvent)
    assert {f"{r.__module__}.{r.__name__}" for r in sync} == {
        "servicehall.cases.rollups._saved",
        "servicehall.history.signals.record_save",
    }
    assert CaseEvent.history_exempt


def test_the_one_statement_write_stores_what_a_save_stores(clerk: User) -> None:
    """The event written in one statement is the row ``save`` writes: text made storable (the
    ``pre_save`` receivers ran), its time recorded, its id returned."""
    from servicehall.cases.services import record_event

    event = record_event(
        event_id="E-2", kind="consult", occurred_at=timezone.now(), window_code="A\x0001"
    )
    stored = CaseEvent.objects.get(pk=event.pk)
    assert (stored.event_id, stored.window_code) == ("E-2", "A\ufffd01")
    assert stored.recorded_at == event.recorded_at is not None
