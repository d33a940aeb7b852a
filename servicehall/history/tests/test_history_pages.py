"""The change history records UI and admin edits with their user and source, and only center
admins read the whole of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.history.models import ChangeRecord
from servicehall.journal.models import NewsCategory, NewsItem
from servicehall.org.models import Center, Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(police: Department) -> NewsItem:
    return NewsItem.objects.create(
        category=NewsCategory.objects.create(name="政务工作动态"),
        department=police,
        occurred_on=dt.date(2024, 1, 22),
        text="原文",
    )


def edit_data(news: NewsItem, text: str) -> dict[str, str | int | None]:
    return {
        "category": news.category_id,
        "department": news.department_id,
        "occurred_on": "2024-01-22",
        "text": text,
        "sort_order": 100,
    }


def last_update(obj: Model) -> ChangeRecord:
    return ChangeRecord.objects.filter(
        model_name=obj._meta.model_name, object_id=str(obj.pk), action="update"
    ).latest("id")


def test_a_ui_edit_is_recorded_with_the_users_name_and_source_web(
    client: Client, police_liaison: User, news: NewsItem
) -> None:
    client.force_login(police_liaison)
    client.post(reverse("journal:news_edit", args=[news.pk]), edit_data(news, "新文"))
    record = last_update(news)
    assert (record.username, record.source, record.user_id) == ("gat", "web", police_liaison.pk)
    assert record.before is not None and record.after is not None
    assert record.before["text"] == "原文" and record.after["text"] == "新文"
    assert "text" in record.changed_fields()


def test_an_admin_site_edit_is_recorded_with_source_admin(
    client: Client, center_admin: User, news: NewsItem
) -> None:
    client.force_login(center_admin)
    url = reverse("admin:journal_newsitem_change", args=[news.pk])
    assert client.get(url).status_code == 200
    data = edit_data(news, "后台修改")
    data["group"] = ""
    data["author"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = last_update(news)
    assert (record.username, record.source) == ("admin", "admin")


def test_an_api_edit_is_recorded_with_source_api(
    client: Client, police_liaison: User, news: NewsItem
) -> None:
    client.force_login(police_liaison)
    client.patch(f"/api/news/{news.pk}/", {"text": "接口修改"}, content_type="application/json")
    assert last_update(news).source == "api"


def test_the_history_page_lists_who_when_source_and_fields(
    client: Client, center_admin: User, police_liaison: User, news: NewsItem
) -> None:
    client.force_login(police_liaison)
    client.post(reverse("journal:news_edit", args=[news.pk]), edit_data(news, "新文"))
    client.force_login(center_admin)
    html = client.get(reverse("history:list"), {"source": "web"}).content.decode()
    assert (
        "gat" in html
        and "网页" in html
        and "工作动态" in html
        and "内容</td>" in html
        and "text" not in html.split("history-table")[1]
    )
    detail = client.get(reverse("history:object", args=["journal", "newsitem", news.pk]))
    assert "原文" in detail.content.decode() and "新文" in detail.content.decode()


def test_a_liaison_reads_the_history_of_its_own_records_only(
    client: Client, police_liaison: User, water_liaison: User, news: NewsItem
) -> None:
    url = reverse("history:object", args=["journal", "newsitem", news.pk])
    client.force_login(police_liaison)
    assert client.get(url).status_code == 200
    assert client.get(reverse("history:list")).status_code == 403
    client.force_login(water_liaison)
    assert client.get(url).status_code == 404


def test_the_history_api_is_for_center_admins(
    client: Client, center_admin: User, clerk: User, news: NewsItem
) -> None:
    client.force_login(clerk)
    assert client.get("/api/changes/").status_code == 403
    client.force_login(center_admin)
    data = client.get("/api/changes/", {"model_name": "newsitem"}).json()
    assert data["count"] == 1 and data["results"][0]["action"] == "create"


def test_a_change_reads_in_chinese_names_and_labels(
    client: Client, center_admin: User, center: Center, police: Department
) -> None:
    """Field names by their Chinese name, choices by their label, a related row by its name:
    never "kind：accept" or a department's key."""
    from servicehall.org.models import Window

    window = Window.objects.create(
        center=center, code="B01", kind=Window.Kind.ISSUE, opened_on="2024-01-01"
    )
    client.force_login(center_admin)
    data = {"center": center.pk, "code": "B01", "kind": "department", "department": police.pk,
            "opened_on": "2024-01-01"}  # fmt: skip
    assert client.post(reverse("org:window_edit", args=[window.pk]), data).status_code == 302
    detail = client.get(reverse("history:object", args=["org", "window", window.pk]))
    html = detail.content.decode()
    assert "<strong>类型</strong>：出件窗口 → 部门窗口" in html
    assert "<strong>部门</strong>：— → 公安厅" in html
    assert "kind" not in html.split("<table")[1]


def test_another_departments_window_history_is_refused_as_its_edit_page_is(
    client: Client, center: Center, police: Department, water: Department, police_liaison: User
) -> None:
    """A liaison reads every window (a register visible to all) but changes none: its history
    follows the edit page, not the list."""
    from servicehall.org.models import Window

    window = Window.objects.create(
        center=center, code="S01", kind="department", department=water, opened_on="2024-01-01"
    )
    client.force_login(police_liaison)
    assert "S01" in client.get(reverse("org:window_list")).content.decode()  # listed to all
    assert client.get(reverse("org:window_edit", args=[window.pk])).status_code == 403
    assert (
        client.get(reverse("history:object", args=["org", "window", window.pk])).status_code == 404
    )


PROJECT_MODELS = sorted(
    (m for m in apps.get_models() if m.__module__.startswith("servicehall.")),
    key=lambda m: m._meta.label,
)


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=[m._meta.label for m in PROJECT_MODELS])
def test_every_records_history_is_read_by_those_who_may_change_the_record(
    client: Client,
    model: type[Model],
    police_liaison: User,
    clerk: User,
    leader: User,
    center_admin: User,
) -> None:
    from servicehall.core.permissions import CHANGE, can
    from servicehall.testing.factories import FACTORIES

    row = FACTORIES[model]()
    url = reverse("history:object", args=[model._meta.app_label, model._meta.model_name, row.pk])
    for user in (police_liaison, clerk, leader, center_admin):
        client.force_login(user)
        expected = 200 if can(user, CHANGE, row) else 404
        assert (user.username, client.get(url).status_code) == (user.username, expected)


def test_the_history_filters_name_data_by_their_chinese_names(
    client: Client, center_admin: User, police_liaison: User, news: NewsItem
) -> None:
    client.force_login(police_liaison)
    client.post(reverse("journal:news_edit", args=[news.pk]), edit_data(news, "新文"))
    client.force_login(center_admin)
    page = client.get(reverse("history:list"))
    form = page.content.decode().split('class="filters panel"')[1].split("</form>")[0]
    assert '<option value="journal.newsitem">工作记录 · 工作动态</option>' in form
    assert '<option value="org.window">机构与窗口 · 窗口</option>' in form
    # No field asks for an app's or a model's code.
    assert 'name="app_label"' not in form and 'name="model_name"' not in form
    assert ">应用<" not in form and ">模型<" not in form
    shown = client.get(reverse("history:list"), {"data": "journal.newsitem"}).context["rows"]
    assert {r["model"] for r in shown} == {"工作动态"} and len(shown) >= 2
    none = client.get(reverse("history:list"), {"data": "org.window"}).context["rows"]
    assert none == []
