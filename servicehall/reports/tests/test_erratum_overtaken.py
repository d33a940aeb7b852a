"""A draft erratum overtaken by a correction of its original (勘误草稿已过时, session 10): a
correction published or withdrawn after the draft was opened changed the text that stands, and
publishing the draft would put back what it changed. Publishing is refused — by the service,
so the page, the API and the worker alike — naming that correction; nothing changes; the 勘误
form re-drafts from the standing text."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from servicehall.archive.services import store_report
from servicehall.archive.tests.test_erratum_hostile import CONSULT
from servicehall.core.models import Job
from servicehall.reports import corrections
from servicehall.reports.models import Issue
from servicehall.reports.tests.test_corrections import publish_erratum
from servicehall.reports.workflow import WorkflowError, approve, publish, submit
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(center: Center) -> Issue:
    return Issue.objects.get(pk=store_report(SEED_2024_4).object_id)


def approved_draft(original: Issue, admin: User, leader: User) -> Issue:
    draft = corrections.start_erratum(original, admin, "本周受理件数录入有误")
    corrections.correct_figure(draft, "window.week.accept", "641", admin)
    submit(draft, admin)
    approve(draft, leader, "同意更正")
    return draft


def overtake_by_import(tmp_path: Path) -> None:
    path = tmp_path / "更正.txt"
    path.write_text(CONSULT, encoding="utf-8")
    assert store_report(path).kind == "issue"


def test_a_draft_opened_after_the_correction_publishes(
    original: Issue, center_admin: User, leader: User, tmp_path: Path
) -> None:
    overtake_by_import(tmp_path)
    draft = approved_draft(original, center_admin, leader)
    assert corrections.stale_reason(draft) == ""
    publish(draft, center_admin, issue_date=dt.date(2024, 3, 1), office_files=False)
    assert corrections.effective_figures(original)["window.ytd.consult"] == 4210


def test_a_draft_opened_before_an_errata_withdrawal_is_refused_and_redrafted(
    original: Issue, center_admin: User, leader: User
) -> None:
    first = publish_erratum(original, center_admin, leader)  # 5501 → 4210
    draft = corrections.start_erratum(original, center_admin, "本周受理件数录入有误")
    assert draft.figures["window.ytd.consult"] == 4210
    corrections.withdraw(first, center_admin, "4210 有误，原数正确")
    submit(draft, center_admin)
    approve(draft, leader, "同意更正")
    with pytest.raises(WorkflowError, match=r"原文的勘误《窗口工作周报》2024年第5期.*已于.*撤回"):
        publish(draft, center_admin, issue_date=dt.date(2024, 3, 1), office_files=False)
    draft.refresh_from_db()
    assert draft.status == Issue.Status.APPROVED
    again = corrections.start_erratum(original, center_admin, "本周受理件数录入有误")
    assert (again.pk, again.status) == (draft.pk, Issue.Status.DRAFT)
    assert again.figures["window.ytd.consult"] == 5501  # the original's own, standing again
    assert again.actions.filter(note__startswith="按现行文本重新起草：原文的勘误").exists()


def test_the_page_and_the_api_refuse_with_the_reason_and_queue_nothing(
    client: Client, original: Issue, center_admin: User, leader: User, tmp_path: Path
) -> None:
    draft = approved_draft(original, center_admin, leader)
    overtake_by_import(tmp_path)
    client.force_login(center_admin)
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert 'id="stale-erratum"' in page and "被《更正.txt》更正" in page
    assert "按现行文本重新起草" in page
    answer = client.post(f"/reports/{draft.pk}/publish/", {"issue_date": "2024-03-01"}, follow=True)
    assert "未发布：原文已于" in answer.content.decode()
    api = client.post(f"/api/issues/{draft.pk}/publish/", {"issue_date": "2024-03-01"})
    assert api.status_code == 409 and "请按现行文本重新起草" in api.json()["detail"]
    assert not Job.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Issue.Status.APPROVED and draft.number is None
    # The page's button: the 勘误 form of the original, with the draft's reason.
    client.post(f"/reports/{original.pk}/erratum/", {"reason": draft.correction_reason})
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT
    assert draft.figures["window.ytd.consult"] == 4210
    assert 'id="stale-erratum"' not in client.get(f"/reports/{draft.pk}/").content.decode()
