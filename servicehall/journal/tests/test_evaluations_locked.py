"""好差评 are the applicants' words, only ever added: followed up by staff and liaisons through
their rectification (差评整改), never rewritten except by a center admin correcting them with a
reason that the change history keeps, and deleted by nobody."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from servicehall.cases.models import Case
from servicehall.core.localtime import SHANGHAI
from servicehall.history.models import ChangeRecord
from servicehall.journal.models import ServiceEvaluation

if TYPE_CHECKING:
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def bad_review(police: Department) -> ServiceEvaluation:
    case = Case.objects.create(case_no="GA-9001", department=police)
    return ServiceEvaluation.objects.create(
        case=case,
        evaluated_at=dt.datetime(2024, 1, 22, 10, 0, tzinfo=SHANGHAI),
        level=ServiceEvaluation.Level.VERY_DISSATISFIED,
        channel="政务服务网",
        comment="等候时间太长",
    )


def api(
    client: Client, method: str, path: str, data: dict[str, Any] | None = None
) -> _MonkeyPatchedWSGIResponse:
    call = getattr(client, method)
    response: _MonkeyPatchedWSGIResponse = (
        call(path, data, content_type="application/json") if data is not None else call(path)
    )
    return response


@pytest.mark.parametrize("persona", ["clerk", "police_liaison"])
def test_staff_and_the_departments_liaison_follow_up_but_cannot_rewrite_or_delete(
    client: Client, bad_review: ServiceEvaluation, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    url = f"/api/evaluations/{bad_review.pk}/"
    rewritten = api(client, "patch", url, {"level": 5})
    assert rewritten.status_code == 403
    assert "好差评一经登记不可修改（评价等级）" in rewritten.json()["detail"]
    assert api(client, "delete", url).status_code == 403
    # The follow-up fields are the rectification's copies: a PATCH of them changes nothing.
    copied = api(client, "patch", url, {"followed_up_on": "2024-01-24", "follow_up_note": "已致电"})
    assert copied.status_code == 200 and copied.json()["followed_up_on"] is None
    rectification = f"/api/rectifications/{bad_review.rectification.pk}/advance/"
    call = {"revisited_on": "2024-01-26", "revisit_method": "phone", "revisit_satisfaction": 4}
    for to, note, more in [
        ("rectify", "已核实", {}),
        ("revisit", "已整改", {}),
        ("closed", "已致电", call),
    ]:
        body = {"to_state": to, "note": note, **more}
        assert api(client, "post", rectification, body).status_code == 200
    bad_review.refresh_from_db()
    assert bad_review.level == 1 and bad_review.comment == "等候时间太长"
    assert bad_review.follow_up_note == "已致电"


def test_an_admin_corrects_with_a_reason_that_the_history_keeps(
    client: Client, bad_review: ServiceEvaluation, center_admin: User
) -> None:
    client.force_login(center_admin)
    url = f"/api/evaluations/{bad_review.pk}/"
    without = api(client, "patch", url, {"level": 2})
    assert without.status_code == 400 and "reason" in without.json()
    corrected = api(client, "patch", url, {"level": 2, "reason": "平台重复推送，按原始评价更正"})
    assert corrected.status_code == 200
    record = ChangeRecord.objects.filter(model_name="serviceevaluation", action="update").get()
    assert record.reason == "平台重复推送，按原始评价更正"
    assert record.before is not None and record.after is not None
    assert (record.before["level"], record.after["level"]) == (1, 2)
    # Corrected, never deleted: not even an admin with a reason.
    refused = client.delete(f"{url}?reason=测试数据误录")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "好差评一经登记不可删除"
    assert ServiceEvaluation.objects.filter(pk=bad_review.pk).exists()
    assert not ChangeRecord.objects.filter(model_name="serviceevaluation", action="delete").exists()


def test_the_edit_page_shows_the_recorded_facts_read_only_to_a_clerk(
    client: Client, bad_review: ServiceEvaluation, clerk: User
) -> None:
    client.force_login(clerk)
    url = reverse("journal:evaluation_edit", args=[bad_review.pk])
    page = client.get(url).content.decode()
    level = re.search(r'<select name="level"[^>]*>', page)
    assert level and "disabled" in level.group(0)
    assert "已登记，不可修改" in page
    data = {
        "case": bad_review.case.case_no,
        "evaluated_at": "2024-01-22T10:00",
        "level": 5,
        "channel": "现场",
        "comment": "很满意",
    }
    assert client.post(url, data).status_code == 302
    bad_review.refresh_from_db()
    assert (bad_review.level, bad_review.comment, bad_review.channel) == (
        1,
        "等候时间太长",
        "政务服务网",
    )


def test_the_edit_page_asks_an_admin_for_the_reason_of_a_correction(
    client: Client, bad_review: ServiceEvaluation, center_admin: User
) -> None:
    client.force_login(center_admin)
    url = reverse("journal:evaluation_edit", args=[bad_review.pk])
    data = {
        "case": bad_review.case.case_no,
        "evaluated_at": "2024-01-22T10:00",
        "level": 3,
        "channel": "政务服务网",
        "comment": "等候时间太长",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "更正评价等级须填写更正原因" in refused.content.decode()
    assert client.post(url, {**data, "reason": "申请人电话更正评价"}).status_code == 302
    bad_review.refresh_from_db()
    assert bad_review.level == 3
    record = ChangeRecord.objects.get(model_name="serviceevaluation", action="update")
    assert record.reason == "申请人电话更正评价"


def test_the_django_admin_never_deletes_or_rewrites_an_evaluation(
    client: Client, bad_review: ServiceEvaluation, center_admin: User
) -> None:
    client.force_login(center_admin)
    page = client.get(f"/admin/journal/serviceevaluation/{bad_review.pk}/change/").content.decode()
    assert 'name="level"' not in page  # shown read-only
    delete = client.get(f"/admin/journal/serviceevaluation/{bad_review.pk}/delete/")
    assert delete.status_code == 403


@pytest.mark.parametrize("persona", ["clerk", "police_liaison", "leader", "center_admin"])
def test_nobody_deletes_a_rating_on_a_page_or_in_the_api(
    client: Client, bad_review: ServiceEvaluation, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    url = f"/api/evaluations/{bad_review.pk}/"
    assert client.delete(f"{url}?reason=误录").status_code == 403
    page = client.get(reverse("journal:evaluation_list")).content.decode()
    assert "删除" not in page
    assert ServiceEvaluation.objects.filter(pk=bad_review.pk).count() == 1
