"""The platform figures upload page (平台数据导入): the center admin's file is imported by a job,
all rows or none with each bad row and column named in Chinese; the same file again changes
nothing; a revised file lists what it added and what it changed; the figures are listed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from servicehall.cases.models import ImportBatch
from servicehall.core.jobs import work
from servicehall.core.models import Job
from servicehall.journal.jobs import IMPORT_PLATFORM_JOB
from servicehall.journal.models import PlatformDailyCount

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db

HEADER = "day,item_kind,accepted,completed\n"
WEEK = (
    HEADER
    + "2024-01-22,行政许可,120,98\n"
    + "2024-01-22,public,45,45\n"
    + "2024-01-23,行政许可,131,102\n"
)


def submit(client: Client, name: str, text: str) -> Job:
    """Upload as the page does, let a worker run the job, and return it."""
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("journal:platform_import"), {"file": file})
    job = Job.objects.get(kind=IMPORT_PLATFORM_JOB, status=Job.Status.QUEUED)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert work(once=True) == 1
    job.refresh_from_db()
    return job


def figures() -> set[tuple[str, str, int, int]]:
    return {
        (r.day.isoformat(), r.item_kind, r.accepted, r.completed)
        for r in PlatformDailyCount.objects.all()
    }


def test_a_file_with_a_bad_row_writes_nothing_and_names_each_row_and_column(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    text = (
        WEEK
        + "2024-01-24,行政许可,十二,3\n"
        + "2024-02-30,公共服务,1,1\n"
        + "2024-01-25,吃饭,1,1\n"
    )
    job = submit(client, "week.csv", text)
    assert job.status == Job.Status.FAILED
    assert job.error == "导入失败：week.csv 共 3 处错误，未写入任何数据"
    assert [(e["row"], e["field"]) for e in job.results[0]["errors"]] == [
        (5, "accepted（受理）"),
        (6, "day（日期）"),
        (7, "item_kind（事项类型）"),
    ]
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "第 5 行" in html and "应为非负整数，而不是“十二”" in html
    assert "第 6 行" in html and "日期“2024-02-30”不是有效的日期" in html
    assert "第 7 行" in html and "未知事项类型“吃饭”" in html
    assert "Traceback" not in html
    assert not PlatformDailyCount.objects.exists() and not ImportBatch.objects.exists()


def test_the_same_file_twice_changes_nothing_and_a_revision_lists_what_changed(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    job = submit(client, "week4.csv", WEEK)
    assert job.status == Job.Status.DONE
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "共 3 行：新增 3 条，更新 0 条，未变 0 条。" in html
    assert figures() == {
        ("2024-01-22", "license", 120, 98),
        ("2024-01-22", "public", 45, 45),
        ("2024-01-23", "license", 131, 102),
    }

    again = submit(client, "week4.csv", WEEK)
    html = client.get(f"/jobs/{again.pk}/").content.decode()
    assert "共 3 行：新增 0 条，更新 0 条，未变 3 条。" in html
    assert "未作任何改动" in html
    assert PlatformDailyCount.objects.count() == 3 and ImportBatch.objects.count() == 1

    # The platform revised one figure and added a day.
    revised = WEEK.replace("2024-01-23,行政许可,131,102", "2024-01-23,行政许可,133,102")
    job = submit(client, "week4-revised.csv", revised + "2024-01-24,行政处罚,2,2\n")
    result = job.results[0]
    assert (result["created"], result["updated"], result["unchanged"]) == (1, 1, 2)
    assert result["changes"] == [
        {
            "row": 4,
            "day": "2024-01-23",
            "item_kind": "行政许可",
            "accepted": 133,
            "completed": 102,
            "action": "更新",
            "was_accepted": 131,
            "was_completed": 102,
        },
        {
            "row": 5,
            "day": "2024-01-24",
            "item_kind": "行政处罚",
            "accepted": 2,
            "completed": 2,
            "action": "新增",
        },
    ]
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "131 → 133" in html and "行政处罚" in html
    assert ("2024-01-23", "license", 133, 102) in figures() and len(figures()) == 4
    page = client.get(reverse("journal:platform_import")).content.decode()
    assert page.count("week4-revised.csv") == 2  # under 最近的导入 and 导入批次
    assert ImportBatch.objects.filter(kind="platform").count() == 2


def test_a_file_of_another_type_is_refused_on_the_page(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    file = SimpleUploadedFile("week.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("journal:platform_import"), {"file": file})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["不支持的文件类型 .pdf，应为 .csv 或 .xlsx"]
    assert not Job.objects.exists()


@pytest.mark.parametrize("persona", ["clerk", "police_liaison", "leader"])
def test_only_the_center_admin_uploads(
    client: Client, request: pytest.FixtureRequest, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    file = SimpleUploadedFile("week.csv", WEEK.encode(), content_type="text/csv")
    assert client.post(reverse("journal:platform_import"), {"file": file}).status_code == 403
    assert not Job.objects.exists()
    # Everyone reads the figures themselves.
    assert client.get(reverse("journal:platform_list")).status_code == 200


def test_the_list_shows_the_figures_newest_first_with_kinds_in_chinese(
    client: Client, leader: User
) -> None:
    PlatformDailyCount.objects.create(
        day=dt.date(2024, 1, 22), item_kind="license", accepted=1, completed=1
    )
    PlatformDailyCount.objects.create(
        day=dt.date(2024, 1, 23), item_kind="public", accepted=7, completed=5
    )
    client.force_login(leader)
    response = client.get(reverse("journal:platform_list"))
    assert [row["cells"][:4] for row in response.context["rows"]] == [
        [dt.date(2024, 1, 23), "公共服务", 7, 5],
        [dt.date(2024, 1, 22), "行政许可", 1, 1],
    ]
    filtered = client.get(reverse("journal:platform_list"), {"item_kind": "license"})
    assert len(filtered.context["rows"]) == 1


def test_a_revised_figure_reads_in_chinese_in_the_change_history(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    submit(client, "a.csv", HEADER + "2024-01-22,行政许可,120,98\n")
    submit(client, "b.csv", HEADER + "2024-01-22,行政许可,121,98\n")
    row = PlatformDailyCount.objects.get()
    html = client.get(
        reverse("history:object", args=["journal", "platformdailycount", row.pk])
    ).content.decode()
    assert "<strong>受理</strong>：120 → 121" in html
    assert "<strong>事项类型</strong>：— → 行政许可" in html
    assert "2024-01-22 行政许可 受理 121 办结 98" in html  # the record's name
    assert "accepted" not in html and "license" not in html
