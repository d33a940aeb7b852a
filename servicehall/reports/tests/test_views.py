"""The report pages: drafting, editing, review, downloads, layouts, archive import job, trends."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from servicehall.core.jobs import work
from servicehall.core.models import Job
from servicehall.gbt9704.document import document_from_json
from servicehall.reports.drafting import find_series
from servicehall.reports.models import Issue, ReportLayout
from servicehall.testing.seeds import SEED_2024_4, SEEDS

if TYPE_CHECKING:
    from typing import Any

    from django.test import Client

    from servicehall.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, center_admin: User) -> Client:
    client.force_login(center_admin)
    return client


@pytest.fixture
def leader_client(client: Client, leader: User) -> Client:
    client.force_login(leader)
    return client


def draft(admin_client: Client, title: str = "窗口工作周报", week: str = "2024-01-24") -> Issue:
    series = find_series(title)
    response = admin_client.post("/reports/draft/", {"series": series.pk, "week": week})
    assert response.status_code == 302
    return Issue.objects.get(series=series, origin="drafted")


def test_an_admin_drafts_edits_and_submits_an_issue_in_the_browser_flow(
    admin_client: Client,
) -> None:
    issue = draft(admin_client)
    page = admin_client.get(f"/reports/{issue.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "省本级综窗办件情况" in html and "发布前检查" in html and "本周咨询" in html
    )  # provenance label
    # An empty database: the sections without content are left out, 综窗改革攻坚行动 comes first.
    form = admin_client.get(f"/reports/{issue.pk}/paragraph/?path=0,0,0")
    assert "本周，共计咨询" in form.content.decode()
    saved = admin_client.post(
        f"/reports/{issue.pk}/paragraph/", {"path": "0,0,0", "text": "本周**咨询**很多。"}
    )
    assert saved.status_code == 204
    doc = document_from_json(Issue.objects.get(pk=issue.pk).document)
    assert [(r.text, r.bold) for r in doc.sections[0].subsections[0].paragraphs[0].runs] == [
        ("本周", False),
        ("咨询", True),
        ("很多。", False),
    ]
    assert admin_client.post(f"/reports/{issue.pk}/submit/").status_code == 302
    assert Issue.objects.get(pk=issue.pk).status == "submitted"


def test_a_leader_approves_but_cannot_draft_or_publish(
    client: Client, center_admin: User, leader: User
) -> None:
    client.force_login(center_admin)
    issue = draft(client)
    client.post(f"/reports/{issue.pk}/submit/")
    client.logout()
    client.force_login(leader)
    assert (
        client.post(
            "/reports/draft/", {"series": issue.series_id, "week": "2024-01-24"}
        ).status_code
        == 403
    )
    client.post(f"/reports/{issue.pk}/approve/", {"note": "同意"})
    assert Issue.objects.get(pk=issue.pk).status == "approved"
    client.post(f"/reports/{issue.pk}/publish/", {"issue_date": "2024-02-08"})
    assert Issue.objects.get(pk=issue.pk).status == "approved"  # refused: only admins publish


def test_downloads_of_a_draft_come_in_every_format(admin_client: Client) -> None:
    issue = draft(admin_client)
    docx = admin_client.get(f"/reports/{issue.pk}/download/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "filename*=UTF-8''" in docx["Content-Disposition"]
    txt = admin_client.get(f"/reports/{issue.pk}/download/txt/").content.decode()
    assert "窗口工作周报" in txt and "（共印103份）" in txt
    assert admin_client.get(f"/reports/{issue.pk}/download/exe/").status_code == 404


def test_a_liaison_cannot_edit_layouts_or_upload_reports(
    client: Client, police_liaison: User
) -> None:
    client.force_login(police_liaison)
    series = find_series("窗口工作周报")
    assert client.get(f"/reports/layouts/{series.pk}/edit/").status_code == 403
    assert client.get("/archive/upload/").status_code == 403


def test_editing_a_layout_saves_a_new_version_and_rejects_bad_json(admin_client: Client) -> None:
    series = find_series("政务服务工作")
    bad = admin_client.post(f"/reports/layouts/{series.pk}/edit/", {"definition": "{oops"})
    assert "JSON 格式有误" in bad.content.decode()
    wrong = admin_client.post(
        f"/reports/layouts/{series.pk}/edit/",
        {
            "definition": '{"sections": [{"heading": "甲", "blocks": [{"type": "text", "template": "{% include \\"x\\" %}"}]}]}'
        },
    )
    assert "不允许使用" in wrong.content.decode()
    ok = admin_client.post(
        f"/reports/layouts/{series.pk}/edit/",
        {
            "definition": '{"sections": [{"heading": "数据", "blocks": [{"type": "text", "template": "咨询{{ window.week.consult }}人次"}]}]}',
            "note": "试",
        },
    )
    assert ok.status_code == 302
    assert list(
        ReportLayout.objects.filter(series=series)
        .values_list("version", flat=True)
        .order_by("version")
    ) == [1, 2]


def test_uploading_reports_runs_a_background_job_with_progress(admin_client: Client) -> None:
    files = [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/plain") for p in SEEDS]
    files.append(SimpleUploadedFile("scan.pdf", b"%PDF-1.4 broken", content_type="application/pdf"))
    response = admin_client.post("/archive/upload/", {"files": files})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.total, job.done) == ("queued", 3, 0)
    assert work(once=True) == 1
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3)
    assert [r["status"] for r in job.results if "file" in r] == ["created", "created", "error"]
    assert job.results[-1] == {
        "summary": {
            "created": 2,
            "disputed": 0,
            "exists": 0,
            "document": 0,
            "conflict": 0,
            "error": 1,
        }
    }
    assert Issue.objects.filter(origin="imported").count() == 2
    fragment = admin_client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "已处理 3 / 3" in fragment and "hx-trigger" not in fragment


def _trend_data(html: str) -> dict[str, Any]:
    import json

    tag = '<script id="trend-data" type="application/json">'
    start = html.index(tag) + len(tag)
    data: dict[str, Any] = json.loads(html[start : html.index("</script>", start)])  # the JSON
    return data


def test_the_trend_page_reaches_back_through_imported_issues_with_last_years_week(
    admin_client: Client,
) -> None:
    from servicehall.archive.services import store_report
    from servicehall.figures.registry import FIGURES
    from servicehall.testing.factories import IssueFactory

    for seed in SEEDS:
        store_report(seed)  # 2023-9 (3月6日—10日, 815) and 2024-4 (1月22日—26日, 1291)
    series = find_series("政务服务工作")
    for number, serial, start, end, consult in [
        (3, 423, dt.date(2023, 1, 16), dt.date(2023, 1, 20), 300),  # ISO week 3 of 2023
        (4, 424, dt.date(2023, 1, 30), dt.date(2023, 2, 3), 400),  # after the Spring Festival
        (3, 474, dt.date(2024, 1, 15), dt.date(2024, 1, 19), 500),  # ISO week 3 of 2024
    ]:
        IssueFactory(
            series=series,
            status=Issue.Status.PUBLISHED,
            year=start.year,
            number=number,
            serial=serial,
            period_start=start,
            period_end=end,
            figures={"window.week.consult": consult},
        )
    page = admin_client.get("/reports/trends/?key=window.week.consult")
    html = page.content.decode()
    assert page.status_code == 200
    chart = _trend_data(html)
    assert chart["x"] == ["2023-3", "2023-4", "2023-9", "2024-3", "2024-4"]
    figure = FIGURES["window.week.consult"]
    assert [s["name"] for s in chart["series"]] == [figure.label, "去年同期"]
    # every point of the line has its value: the line reaches the last one
    assert chart["series"][0]["y"] == [300, 400, 815, 500, 1291]
    # 2024-3 has 2023's ISO week 3; 2024-4's week 4 of 2023 had no issue (Spring Festival):
    # the nearest, 2023-3 and 2023-4 both a week off, gives the earlier
    assert chart["series"][1]["y"] == [None, None, None, 300, 300]
    assert 'id="table-trend" hidden' in html and 'data-table-toggle="table-trend"' in html
    assert ">2023-9</a></td><td>政务服务工作</td><td>2023-03-06—2023-03-10</td>" in html
    csv = admin_client.get("/reports/trends/?key=window.week.consult&export=csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        f"期次,周报,统计期间,{figure.label}（{figure.unit}）,去年同期期次,去年同期（{figure.unit}）"
    )
    assert lines[1:] == [
        "2023-3,政务服务工作,2023-01-16—2023-01-20,300,,",
        "2023-4,政务服务工作,2023-01-30—2023-02-03,400,,",
        "2023-9,政务服务工作,2023-03-06—2023-03-10,815,,",
        "2024-3,政务服务工作,2024-01-15—2024-01-19,500,2023-3,300",
        "2024-4,窗口工作周报,2024-01-22—2024-01-26,1291,2023-3,300",
    ]
    xlsx = admin_client.get("/reports/trends/?key=window.ytd.consult&export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "期次" and [r[3] for r in rows[1:]] == [4281, 5501]


def test_the_issue_list_shows_imported_and_drafted_issues(admin_client: Client) -> None:
    from servicehall.archive.services import store_report

    store_report(SEED_2024_4)
    draft(admin_client, week="2024-01-31")
    html = admin_client.get("/reports/").content.decode()
    assert "2024年第4期（总第475期）" in html and "往期导入" in html and "系统生成" in html
    assert dt.date.today().isoformat() in html


def test_a_layout_edit_can_be_previewed_on_a_weeks_data_without_saving(
    admin_client: Client,
) -> None:
    from servicehall.cases.services import record_event

    record_event(event_id="P1", kind="consult", occurred_at=dt.datetime(2024, 1, 23, 9))
    series = find_series("政务服务工作")
    definition = '{"sections": [{"heading": "数据", "blocks": [{"type": "text", "template": "本周咨询{{ window.week.consult }}人次。"}]}]}'
    page = admin_client.post(
        f"/reports/layouts/{series.pk}/edit/",
        {"definition": definition, "week": "2024-01-24", "preview": "1"},
    )
    html = page.content.decode()
    assert "本周咨询1人次。" in html and "预览" in html
    assert list(ReportLayout.objects.filter(series=series).values_list("version", flat=True)) == [1]
    bad = admin_client.post(
        f"/reports/layouts/{series.pk}/edit/",
        {"definition": definition, "week": "2020-01-29", "preview": "1"},
    )
    assert "没有工作日" in bad.content.decode()


def test_a_paragraph_path_that_does_not_exist_is_a_clear_400(admin_client: Client) -> None:
    issue = draft(admin_client)
    assert admin_client.get(f"/reports/{issue.pk}/paragraph/?path=9,9,9").status_code == 400
    assert admin_client.get(f"/reports/{issue.pk}/paragraph/?path=a,b").status_code == 400
    assert (
        admin_client.post(
            f"/reports/{issue.pk}/paragraph/", {"path": "9,0", "text": "x"}
        ).status_code
        == 409
    )


def test_more_than_a_hundred_reports_can_be_uploaded_at_once(admin_client: Client) -> None:
    files = [
        SimpleUploadedFile(f"r{i}.txt", "全市办件3382件。".encode(), content_type="text/plain")
        for i in range(120)
    ]
    response = admin_client.post("/archive/upload/", {"files": files})
    assert response.status_code == 302
    assert Job.objects.get().total == 120


def test_a_zip_of_past_reports_is_opened_by_the_worker_with_a_summary(admin_client: Client) -> None:
    import io
    import zipfile

    class WindowsName(zipfile.ZipInfo):
        """A member named in GBK without the UTF-8 flag, as Windows' zip writes it."""

        def _encodeFilenameFlags(self) -> tuple[bytes, int]:
            return self.filename.encode("gb18030"), self.flag_bits

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for seed in SEEDS:
            archive.writestr(WindowsName(f"往期/{seed.name}"), seed.read_bytes())
        archive.writestr("往期/说明.xls", b"not a report")
        archive.writestr("__MACOSX/._x.txt", b"junk")
        archive.writestr(
            "往期/会议纪要.txt", "关于做好政务服务工作的会议纪要\n会议要求各部门加强窗口管理。\n"
        )
    upload = SimpleUploadedFile("往期报告.zip", packed.getvalue(), content_type="application/zip")
    response = admin_client.post("/archive/upload/", {"files": [upload]})
    job = Job.objects.get()
    assert response.status_code == 302
    assert work(once=True) == 1
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    by_file = {r["file"]: r["status"] for r in job.results if "file" in r}
    assert by_file == {
        f"往期报告.zip/往期/{SEEDS[0].name}": "created",
        f"往期报告.zip/往期/{SEEDS[1].name}": "created",
        "往期报告.zip/往期/说明.xls": "error",
        "往期报告.zip/往期/会议纪要.txt": "document",
    }
    page = admin_client.get(f"/jobs/{job.pk}/").content.decode()
    assert (
        "汇总：已导入 2 期，数字与记录不符（存为争议期次）0 期，已存在 0 期，未编号（存为往期文档）1 份，"
        "与已有期次内容不同（存为待核对文档）0 份，失败 1 个。"
    ) in page
    assert "不支持的文件格式“.xls”，已跳过" in page
    assert Issue.objects.filter(origin="imported").count() == 2


def test_the_shipped_layouts_author_reads_in_chinese(client: Client, center_admin: User) -> None:
    client.force_login(center_admin)
    html = client.get("/reports/layouts/").content.decode()
    assert "<td>系统内置</td><td>系统</td>" in html and "<td>system</td>" not in html
