"""An issue's log (审核流转记录): its steps are ``IssueAction.Kind``, shown by their Chinese names."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import pytest
from django.apps import apps

from servicehall.reports.drafting import find_series
from servicehall.reports.models import Issue, IssueAction
from servicehall.testing.factories import IssueFactory

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_issue_log_shows_each_step_by_its_chinese_name(
    client: Client, center_admin: User, leader: User
) -> None:
    client.force_login(center_admin)
    series = find_series("窗口工作周报")
    client.post("/reports/draft/", {"series": series.pk, "week": "2024-01-24"})
    issue = Issue.objects.get(series=series)
    client.post(f"/reports/{issue.pk}/submit/")
    client.force_login(leader)
    client.post(f"/reports/{issue.pk}/send-back/", {"note": "请补充"})
    assert list(issue.actions.values_list("action", flat=True)) == ["draft", "submit", "send-back"]
    client.force_login(center_admin)
    page = client.get(f"/reports/{issue.pk}/").content.decode()
    assert "<td>生成草稿</td>" in page and "<td>提交审核</td>" in page
    assert "<td>退回修改</td>" in page
    assert ">draft<" not in page and ">send-back<" not in page
    # The sent-back queue finds it by the step's value, and says the step in Chinese.
    waiting = client.get("/reports/waiting/").content.decode()
    sent_back = waiting.split('data-queue="sent-back"')[1].split('data-queue="approved"')[0]
    assert "退回修改 · leader" in sent_back
    review = client.get(f"/reports/{issue.pk}/review/").content.decode()
    assert "<td>退回修改</td>" in review and ">send-back<" not in review


def test_record_takes_a_kind_its_value_or_its_label_and_refuses_anything_else() -> None:
    issue = IssueFactory()
    assert IssueAction.record(issue, None, IssueAction.Kind.PUBLISH).action == "publish"
    assert IssueAction.record(issue, None, "approve").action == "approve"
    assert IssueAction.record(issue, None, "撤回").action == "withdraw"
    with pytest.raises(ValueError, match="未知的审核流转操作“盖章”"):
        IssueAction.record(issue, None, "盖章")
    assert str(IssueAction.objects.get(action="withdraw")).endswith(" 撤回 ")


def test_the_migration_gives_the_rows_logged_before_their_kinds() -> None:
    migration = importlib.import_module("servicehall.reports.migrations.0010_issue_action_kinds")
    issue, erratum = IssueFactory(), IssueFactory()
    erratum.corrects = issue
    erratum.save()
    # Written as before the kinds: the free texts, straight rows.
    texts = ["draft", "提交审核", "审核通过", "退回修改", "发布", "更正数据", "确认数字不符"]
    IssueAction.objects.bulk_create(
        [IssueAction(issue=issue, action=t) for t in texts]
        + [IssueAction(issue=erratum, action=t) for t in ("发起勘误", "更正数据", "撤回")]
    )
    migration.to_kinds(apps, None)
    assert list(issue.actions.values_list("action", flat=True)) == [
        "draft", "submit", "approve", "send-back", "publish", "override", "acknowledge",
    ]  # fmt: skip
    assert list(erratum.actions.values_list("action", flat=True)) == [
        "erratum", "erratum-figure", "withdraw",
    ]  # fmt: skip
    migration.to_labels(apps, None)
    assert list(issue.actions.values_list("action", flat=True)) == texts
