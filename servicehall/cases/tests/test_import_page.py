"""The import page queues the file; the job imports it all or nothing, its page shows progress,
every bad row of a bad file, or what was added."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from servicehall.accounts.models import User
from servicehall.cases import importer, jobs
from servicehall.cases.models import CaseEvent, ImportBatch
from servicehall.catalog.models import HandlingItem
from servicehall.core import jobs as core_jobs
from servicehall.core.jobs import work
from servicehall.core.models import Job
from servicehall.org.models import Center, Department, Window

pytestmark = pytest.mark.django_db

HEADER = "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"


@pytest.fixture(autouse=True)
def window_a01(center: Center) -> Window:
    """The window the files name: the upload is strict by default."""
    from servicehall.org.models import Window

    return Window.objects.create(
        center=center,
        code="A01",
        kind=Window.Kind.COMPREHENSIVE_ACCEPT,
        opened_on=dt.date(2020, 1, 1),
    )


@pytest.fixture(autouse=True)
def item_of_police(police: Department) -> HandlingItem:
    """The 办理项 the files' 受理 name (a 受理 needs its item: cases.entry)."""
    from servicehall.testing.factories import HandlingItemFactory

    return HandlingItemFactory(code="H-GA-1", service_item__department=police)


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def submit(client: Client, name: str, text: str, **choices: str) -> Job:
    """Upload as the page does, let a worker run the job, and return it."""
    response = client.post(reverse("cases:import"), {"file": upload(name, text), **choices})
    job = Job.objects.get(kind=jobs.IMPORT_EVENTS_JOB, status=Job.Status.QUEUED)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert work(once=True) == 1
    job.refresh_from_db()
    return job


def test_a_bad_file_is_rejected_showing_each_bad_row_and_nothing_is_written(
    client: Client, center_admin: User, police: Department
) -> None:
    client.force_login(center_admin)
    text = (
        HEADER
        + "E1,C1,受理,2024-01-22T09:30:00,公安厅,H-GA-1,A01,张三\n"
        + "E2,C2,吃饭,2024-01-22T09:40:00,公安厅,H-GA-1,A01,张三\n"
        + "E3,C3,accept,昨天下午,公安厅,H-GA-1,A01,张三\n"
    )
    job = submit(client, "events.csv", text)
    assert job.status == Job.Status.FAILED
    assert job.error == "导入失败：events.csv 共 2 处错误，未写入任何数据"
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "events.csv 共 2 处错误，未写入任何数据" in html
    assert "第 3 行" in html and "未知环节“吃饭”" in html
    assert "第 4 行" in html and "occurred_at" in html
    assert "Traceback" not in html
    assert not CaseEvent.objects.exists() and not job.files.exists()


def test_a_good_file_is_imported_once_under_its_own_name(
    client: Client, center_admin: User, police: Department
) -> None:
    client.force_login(center_admin)
    text = (
        HEADER
        + "E1,C1,受理,2024-01-22T09:30:00,公安厅,H-GA-1,A01,张三\n"
        + "E2,,consult,2024-01-22T10:00:00,公安厅,H-GA-1,A01,张三\n"
    )
    job = submit(client, "week4.csv", text)
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.DONE, 2, 2, 100)
    assert "新增 2 条，已存在 0 条" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert ImportBatch.objects.get().file_name == "week4.csv"
    again = submit(client, "week4.csv", text)
    assert "新增 0 条，已存在 2 条" in client.get(f"/jobs/{again.pk}/").content.decode()
    assert CaseEvent.objects.count() == 2
    page = client.get(reverse("cases:import")).content.decode()
    # Both jobs listed under 最近的导入, and the one batch they made under 导入批次.
    assert page.count("week4.csv") == 3


def test_the_job_reports_rows_read_and_the_stage_while_it_runs(
    client: Client, center_admin: User, police: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "STAGE_BATCH", 10)
    seen: list[tuple[int, str, int]] = []
    real_report = core_jobs.report  # the function cases.jobs calls by that name

    def spy(job: Job, *, done: int, stage: str = "", total: int | None = None) -> None:
        real_report(job, done=done, stage=stage, total=total)
        stored = Job.objects.get(pk=job.pk)  # what the polling page reads
        seen.append((stored.done, stored.stage, stored.total))

    monkeypatch.setattr(jobs, "report", spy)
    client.force_login(center_admin)
    rows = "".join(
        f"E{i},C{i},受理,2024-01-22T09:{i:02d}:00,公安厅,H-GA-1,A01,张三\n" for i in range(35)
    )
    job = submit(client, "many.csv", HEADER + rows)
    assert job.status == Job.Status.DONE
    reading, writing = importer.READING, importer.WRITING
    assert seen == [
        (0, reading, 35),
        (10, reading, 35),
        (20, reading, 35),
        (30, reading, 35),
        (35, reading, 35),
        (35, writing, 35),
    ]


def test_a_running_job_shows_its_rate_and_time_left(
    client: Client, center_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clock stands still: under load the request came long enough after the job's start
    # to read 21 seconds left instead of 20.
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    job = Job.objects.create(
        kind=jobs.IMPORT_EVENTS_JOB,
        status=Job.Status.RUNNING,
        started_at=now - dt.timedelta(seconds=10),
        done=100_000,
        total=300_000,
        stage=importer.READING,
    )
    assert round(job.rate or 0, -2) == 10_000 and job.eta_seconds == 20
    client.force_login(center_admin)
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment  # polls while it runs
    assert "进行中</strong>（读取校验），已处理 100000 / 300000（33%）" in fragment
    assert "预计还需 20 秒" in fragment


def test_an_unsupported_file_type_is_refused_before_any_job(
    client: Client, center_admin: User
) -> None:
    client.force_login(center_admin)
    response = client.post(reverse("cases:import"), {"file": upload("events.txt", "x")})
    assert "不支持的文件类型 .txt，应为 .csv 或 .xlsx" in response.content.decode()
    assert not Job.objects.exists()


def test_only_a_center_admin_may_import(client: Client, clerk: User) -> None:
    client.force_login(clerk)
    response = client.post(reverse("cases:import"), {"file": upload("e.csv", HEADER)})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_a_file_past_the_events_limit_is_refused_before_any_job(
    client: Client, center_admin: User, settings: Settings
) -> None:
    settings.SERVICEHALL_UPLOAD_LIMITS_MB = {**settings.SERVICEHALL_UPLOAD_LIMITS_MB, "events": 1}
    client.force_login(center_admin)
    big = HEADER + "E1,C1,受理,2024-01-22T09:30:00,公安厅,H-GA-1,A01,张三\n" * 30_000
    response = client.post(reverse("cases:import"), {"file": upload("big.csv", big)})
    assert "超过此类文件的上限 1 MiB" in response.content.decode()
    assert not Job.objects.exists()


def test_a_request_past_the_total_limit_is_read_away_and_explained(
    client: Client, center_admin: User, settings: Settings
) -> None:
    settings.SERVICEHALL_MAX_REQUEST_MB = 1
    client.force_login(center_admin)
    big = HEADER + "E1,C1,受理,2024-01-22T09:30:00,公安厅,H-GA-1,A01,张三\n" * 30_000
    response = client.post(reverse("cases:import"), {"file": upload("big.csv", big)})
    assert response.status_code == 200
    assert "一次上传的文件合计超过 1 MiB，请分批上传" in response.content.decode()
    assert not Job.objects.exists()


UNREGISTERED = (
    HEADER
    + "E1,C1,受理,2024-01-22T09:30:00,公安厅,H-GA-1,A01,张三\n"
    + "E2,C2,受理,2024-01-22T09:40:00,不存在厅,H-GA-1,A01,张三\n"
    + "E3,C3,受理,2024-01-22T09:50:00,公安厅,NO-SUCH-ITEM,A01,张三\n"
    + "E4,C4,受理,2024-01-22T10:00:00,公安厅,H-GA-1,Z99,张三\n"
    + "E5,C1,办结,2024-01-23T10:00:00,公安厅,H-GA-1,A01,张三\n"
    + "E6,C1,流转,2024-01-24T10:00:00,公安厅,H-GA-1,A01,张三\n"
)


def test_an_upload_naming_what_no_register_holds_is_refused_row_by_row(
    client: Client, center_admin: User, police: Department
) -> None:
    """Strict, the upload's default: an unknown department, item and window, and a 流转 after
    its case's 办结, each a row error; nothing is written."""
    client.force_login(center_admin)
    job = submit(client, "unregistered.csv", UNREGISTERED)
    assert job.status == Job.Status.FAILED
    errors = {(e["row"], e["field"], e["message"]) for e in job.results[0]["errors"]}
    assert errors == {
        (3, "department", "部门“不存在厅”不在进驻部门名录中"),
    }  # the row checks come first: a file with bad rows is not checked further
    fixed = UNREGISTERED.replace("不存在厅", "公安厅")
    job = submit(client, "unregistered-2.csv", fixed)
    errors = {(e["row"], e["field"], e["message"]) for e in job.results[0]["errors"]}
    assert errors == {
        (4, "item_code", "办理项编码“NO-SUCH-ITEM”不在办理项目录中"),
        (5, "window", "窗口“Z99”不在窗口名录中"),
        (7, "kind", "办件 C1 已办结，不能再流转"),
    }
    assert not CaseEvent.objects.exists()


def test_a_lenient_upload_keeps_the_rows_and_names_each_problem(
    client: Client, center_admin: User, police: Department
) -> None:
    client.force_login(center_admin)
    job = submit(client, "lenient.csv", UNREGISTERED, lenient="on")
    assert job.status == Job.Status.DONE
    result = job.results[0]
    assert result["created"] == 6 and result["unknown_departments"] == ["不存在厅"]
    assert result["warnings"] == [
        "名录外的办理项编码（1 行，已按原文保存）：NO-SUCH-ITEM",
        "名录外的窗口（1 行，已按原文保存）：Z99",
        "不合办件流程的办件 1 件（事件已按原文保存），如 第 7 行：办件 C1 已办结，不能再流转",
    ]
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "名录外的窗口（1 行，已按原文保存）：Z99" in html
