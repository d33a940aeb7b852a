"""一单一图一表 on the web: the items with the current version of each part, new versions that
supersede the old (which stay downloadable), files checked before they are stored and served
only as attachments, to whoever may see the item."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from servicehall.accounts.models import User
from servicehall.catalog.models import ItemKind, ItemSpecVersion, ServiceItem
from servicehall.org.models import Department

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def passport(police: Department) -> ServiceItem:
    return ServiceItem.objects.create(
        department=police, code="GA-001", name="普通护照签发", kind=ItemKind.LICENSE
    )


@pytest.fixture
def irrigation(water: Department) -> ServiceItem:
    return ServiceItem.objects.create(
        department=water, code="SL-001", name="取水许可", kind=ItemKind.LICENSE
    )


def pdf(name: str = "清单.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def upload(
    client: Client,
    item: ServiceItem,
    part: str = "list",
    day: str = "2024-03-01",
    file: SimpleUploadedFile | None = None,
    content: str = "",
) -> TestResponse:
    data: dict[str, str | SimpleUploadedFile] = {
        "part": part,
        "effective_on": day,
        "content": content,
    }
    if file is not None:
        data["file"] = file
    return client.post(reverse("catalog:spec_item", args=[item.pk]), data)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_new_version_supersedes_the_current_one_whose_file_stays_downloadable(
    client: Client, police_liaison: User, passport: ServiceItem
) -> None:
    client.force_login(police_liaison)
    assert upload(client, passport, file=pdf(data=PDF + b"v1")).status_code == 302
    response = upload(client, passport, day="2024-05-06", file=pdf(data=PDF + b"v2"))
    assert response.status_code == 302
    v1, v2 = ItemSpecVersion.objects.filter(service_item=passport).order_by("version")
    assert (v1.version, v2.version, v2.effective_on) == (1, 2, dt.date(2024, 5, 6))
    html = client.get(reverse("catalog:spec_item", args=[passport.pk])).content.decode()
    assert "已被 v2 取代（2024-05-06 起）" in html and "现行" in html
    for version, body in ((v1, PDF + b"v1"), (v2, PDF + b"v2")):
        answer = client.get(reverse("catalog:spec_download", args=[version.pk]))
        assert answer.status_code == 200
        assert isinstance(answer, StreamingHttpResponse)
        assert b"".join(answer.streaming_content) == body
        assert answer["Content-Type"] == "application/pdf"
        assert answer["Content-Disposition"] == (
            "attachment; filename*=UTF-8''"
            + f"GA-001-%E4%BA%8B%E9%A1%B9%E6%B8%85%E5%8D%95-v{version.version}.pdf"
        )
        assert answer["X-Content-Type-Options"] == "nosniff"
    # The list shows the current version of each part.
    page = client.get(reverse("catalog:spec_list"))
    row = next(r for r in page.context["rows"] if r["object"] == passport)
    assert row["cells"][3:] == ["v2（2024-05-06 起）", "未上传", "未上传"]


def test_a_version_dated_before_the_current_one_is_refused(
    client: Client, center_admin: User, passport: ServiceItem
) -> None:
    client.force_login(center_admin)
    upload(client, passport, day="2024-05-06", content="第一版")
    response = upload(client, passport, day="2024-03-01", content="更早")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "生效日期 2024-03-01 早于现行版本 v1 的生效日期 2024-05-06，新版本应在其后生效"
    ]
    assert ItemSpecVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "“page.html”的类型 .html 不能上传"),
        ("page.pdf", b"<html><script>alert(1)</script>", "“page.pdf”的内容不是 .pdf 文件"),
        ("表.xlsx", b"PK\x03\x04broken", "“表.xlsx”不是有效的压缩格式文件"),
    ],
)
def test_a_file_of_the_wrong_type_or_content_is_refused_and_nothing_stored(
    client: Client,
    center_admin: User,
    passport: ServiceItem,
    media: Path,
    name: str,
    data: bytes,
    message: str,
) -> None:
    client.force_login(center_admin)
    response = upload(client, passport, file=SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(message)
    assert not ItemSpecVersion.objects.exists() and not any(media.rglob("*.*"))


def test_a_file_past_the_size_limit_is_refused_naming_the_limit(
    client: Client, center_admin: User, passport: ServiceItem, settings: Settings
) -> None:
    settings.SERVICEHALL_UPLOAD_LIMITS_MB = {
        **settings.SERVICEHALL_UPLOAD_LIMITS_MB,
        "item-spec": 1,
    }
    client.force_login(center_admin)
    big = pdf(data=PDF + b"0" * (1 << 20))
    response = upload(client, passport, file=big)
    assert response.context["form"].errors["file"] == [
        "文件“清单.pdf”有 1.0 MiB，超过此类文件的上限 1 MiB"
    ]


def test_a_word_file_is_served_as_word_never_as_a_page(
    client: Client, center_admin: User, passport: ServiceItem
) -> None:
    client.force_login(center_admin)
    upload(client, passport, part="table", file=SimpleUploadedFile("要素.docx", docx_bytes()))
    version = ItemSpecVersion.objects.get(part="table")
    answer = client.get(reverse("catalog:spec_download", args=[version.pk]))
    assert answer["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert answer["Content-Disposition"].startswith("attachment;")
    # A stored file of a suffix not on the list (put there by hand) is bytes to save.
    version.file.name = version.file.name.replace(".docx", ".html")
    version.file.storage.save(version.file.name, io.BytesIO(b"<html>x</html>"))
    version.save()
    answer = client.get(reverse("catalog:spec_download", args=[version.pk]))
    assert answer["Content-Type"] == "application/octet-stream"
    assert answer["Content-Disposition"].startswith("attachment;")


def test_a_liaison_sees_uploads_and_downloads_only_its_own_departments_items(
    client: Client,
    police_liaison: User,
    center_admin: User,
    passport: ServiceItem,
    irrigation: ServiceItem,
) -> None:
    client.force_login(center_admin)
    upload(client, irrigation, file=pdf())
    other = ItemSpecVersion.objects.get(service_item=irrigation)
    client.force_login(police_liaison)
    page = client.get(reverse("catalog:spec_list"))
    assert [r["object"] for r in page.context["rows"]] == [passport]
    assert client.get(reverse("catalog:spec_item", args=[irrigation.pk])).status_code == 404
    assert upload(client, irrigation, content="越权").status_code == 404
    assert client.get(reverse("catalog:spec_download", args=[other.pk])).status_code == 404
    html = client.get(reverse("catalog:spec_item", args=[passport.pk])).content.decode()
    assert "上传新版本" in html


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_clerk_and_leader_read_and_download_but_upload_nothing(
    client: Client,
    request: pytest.FixtureRequest,
    center_admin: User,
    passport: ServiceItem,
    persona: str,
) -> None:
    client.force_login(center_admin)
    upload(client, passport, file=pdf())
    version = ItemSpecVersion.objects.get()
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("catalog:spec_item", args=[passport.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    assert "上传新版本" not in page.content.decode()
    assert client.get(reverse("catalog:spec_download", args=[version.pk])).status_code == 200
    assert upload(client, passport, content="越权").status_code == 403
    assert ItemSpecVersion.objects.count() == 1


def test_the_list_finds_the_items_lacking_a_part(
    client: Client, center_admin: User, passport: ServiceItem, irrigation: ServiceItem
) -> None:
    client.force_login(center_admin)
    upload(client, passport, part="map", content="运行图谱")
    page = client.get(reverse("catalog:spec_list"), {"lacking": "map"})
    assert [r["object"] for r in page.context["rows"]] == [irrigation]
    page = client.get(reverse("catalog:spec_list"), {"lacking": "list"})
    assert {r["object"] for r in page.context["rows"]} == {passport, irrigation}


def test_the_history_of_a_version_reads_in_chinese(
    client: Client, center_admin: User, passport: ServiceItem
) -> None:
    client.force_login(center_admin)
    upload(client, passport, part="map", day="2024-03-01", file=pdf("图谱.pdf"))
    version = ItemSpecVersion.objects.get()
    html = client.get(
        reverse("history:object", args=["catalog", "itemspecversion", version.pk])
    ).content.decode()
    assert "<strong>类别</strong>：— → 运行图谱" in html
    assert "<strong>政务服务事项</strong>：— → 普通护照签发（GA-001）" in html
    assert "<strong>生效日期</strong>：— → 2024-03-01" in html
    assert "<strong>附件</strong>：— → item-specs/" in html and "/GA-001-map-v1.pdf" in html
    assert "service_item" not in html and ">map<" not in html


def test_the_api_refuses_a_file_the_page_would_refuse(
    client: Client, center_admin: User, passport: ServiceItem
) -> None:
    client.force_login(center_admin)
    answer = client.post(
        "/api/item-specs/",
        {
            "service_item": passport.pk,
            "part": "list",
            "version": 1,
            "effective_on": "2024-03-01",
            "file": SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script>"),
        },
    )
    assert answer.status_code == 400
    assert answer.json()["file"] == ["“page.pdf”的内容不是 .pdf 文件（扩展名与内容不符）"]
    assert not ItemSpecVersion.objects.exists()
