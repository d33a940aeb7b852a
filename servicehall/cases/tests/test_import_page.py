"""The import page writes a good file and shows every bad row of a bad one, writing nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from servicehall.cases.models import CaseEvent

pytestmark = pytest.mark.django_db

HEADER = "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_import_page_rejects_a_bad_file_showing_the_row(client, center_admin, police):
    client.force_login(center_admin)
    text = (
        HEADER
        + "E1,C1,受理,2024-01-22T09:30:00,公安厅,,A01,张三\n"
        + "E2,C2,吃饭,2024-01-22T09:40:00,公安厅,,A01,张三\n"
        + "E3,C3,accept,昨天下午,公安厅,,A01,张三\n"
    )
    response = client.post(reverse("cases:import"), {"file": upload("events.csv", text)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共 2 处错误，未写入任何数据" in html
    assert "第 3 行" in html and "未知环节“吃饭”" in html
    assert "第 4 行" in html and "occurred_at" in html
    assert not CaseEvent.objects.exists()


def test_the_import_page_imports_a_good_file_once(client, center_admin, police):
    client.force_login(center_admin)
    text = (
        HEADER
        + "E1,C1,受理,2024-01-22T09:30:00,公安厅,,A01,张三\nE2,,consult,2024-01-22T10:00:00,公安厅,,A01,张三\n"
    )
    response = client.post(reverse("cases:import"), {"file": upload("week4.csv", text)})
    assert "新增 2 条" in response.content.decode()
    again = client.post(reverse("cases:import"), {"file": upload("week4.csv", text)})
    assert "新增 0 条，已存在 2 条" in again.content.decode()
    assert CaseEvent.objects.count() == 2


def test_an_unsupported_file_type_is_refused(client, center_admin):
    client.force_login(center_admin)
    response = client.post(reverse("cases:import"), {"file": upload("events.txt", "x")})
    assert "不支持的文件类型 .txt" in response.content.decode()


def test_only_a_center_admin_may_import(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("cases:import"), {"file": upload("e.csv", HEADER)})
    assert response.status_code == 403
