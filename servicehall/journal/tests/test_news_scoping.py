"""A liaison keeps its own department's news, and cannot read or touch another's."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from servicehall.journal.models import NewsCategory, NewsItem

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db: None) -> NewsCategory:
    return NewsCategory.objects.create(name="政务工作动态")


@pytest.fixture
def police_news(category: NewsCategory, police: Department) -> NewsItem:
    return NewsItem.objects.create(
        category=category,
        department=police,
        occurred_on=dt.date(2024, 1, 22),
        text="公安厅推出户籍业务一窗通办",
    )


@pytest.fixture
def water_news(category: NewsCategory, water: Department) -> NewsItem:
    return NewsItem.objects.create(
        category=category,
        department=water,
        occurred_on=dt.date(2024, 1, 23),
        text="水利厅优化取水许可审批",
    )


def test_a_liaison_lists_only_its_own_departments_news(
    client: Client, water_liaison: User, police_news: NewsItem, water_news: NewsItem
) -> None:
    client.force_login(water_liaison)
    html = client.get(reverse("journal:news_list")).content.decode()
    assert "水利厅优化取水许可审批" in html and "公安厅推出户籍业务" not in html
    api = client.get("/api/news/").json()
    assert [row["id"] for row in api["results"]] == [water_news.pk]


def test_liaison_cannot_edit_another_departments_news(
    client: Client, water_liaison: User, police_news: NewsItem
) -> None:
    client.force_login(water_liaison)
    url = reverse("journal:news_edit", args=[police_news.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "改掉"}).status_code == 404
    police_news.refresh_from_db()
    assert police_news.text == "公安厅推出户籍业务一窗通办"


def test_liaison_cannot_read_or_change_another_departments_news_through_the_api(
    client: Client, water_liaison: User, police_news: NewsItem
) -> None:
    client.force_login(water_liaison)
    url = f"/api/news/{police_news.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"text": "改掉"}, content_type="application/json").status_code == 404
    assert client.delete(url).status_code == 404
    assert NewsItem.objects.get(pk=police_news.pk).text == "公安厅推出户籍业务一窗通办"


def test_a_liaison_edits_its_own_news_and_is_named_its_author(
    client: Client,
    police_liaison: User,
    police_news: NewsItem,
    category: NewsCategory,
    police: Department,
) -> None:
    client.force_login(police_liaison)
    url = reverse("journal:news_edit", args=[police_news.pk])
    assert client.get(url).status_code == 200
    data = {
        "category": category.pk,
        "department": police.pk,
        "occurred_on": "2024-01-22",
        "text": "公安厅推出户籍业务“一窗通办”",
        "sort_order": 100,
    }
    assert client.post(url, data).status_code == 302
    police_news.refresh_from_db()
    assert police_news.text == "公安厅推出户籍业务“一窗通办”" and police_news.author == "gat"


def test_a_liaison_cannot_file_news_under_another_department(
    client: Client, police_liaison: User, category: NewsCategory, water: Department
) -> None:
    client.force_login(police_liaison)
    data = {
        "category": category.pk,
        "department": water.pk,
        "occurred_on": "2024-01-22",
        "text": "冒名",
        "sort_order": 1,
    }
    response = client.post(reverse("journal:news_add"), data)
    assert response.status_code == 200 and "department" in response.context["form"].errors
    api = client.post("/api/news/", data, content_type="application/json")
    assert api.status_code in (400, 403)
    assert not NewsItem.objects.filter(text="冒名").exists()


def test_a_liaison_cannot_file_center_news_without_a_department(
    client: Client, police_liaison: User, category: NewsCategory
) -> None:
    client.force_login(police_liaison)
    data = {
        "category": category.pk,
        "occurred_on": "2024-01-22",
        "text": "中心动态",
        "sort_order": 1,
    }
    assert client.post("/api/news/", data, content_type="application/json").status_code == 403
    assert client.post(reverse("journal:news_add"), data).status_code == 403
    assert not NewsItem.objects.filter(text="中心动态").exists()


def test_a_liaison_moving_its_news_to_another_department_is_refused(
    client: Client, police_liaison: User, police_news: NewsItem, water: Department
) -> None:
    client.force_login(police_liaison)
    response = client.patch(
        f"/api/news/{police_news.pk}/", {"department": water.pk}, content_type="application/json"
    )
    assert response.status_code in (400, 403)
    police_news.refresh_from_db()
    assert police_news.department is not None and police_news.department.name == "公安厅"


def test_a_leader_reads_all_news_but_edits_none(
    client: Client, leader: User, police_news: NewsItem, water_news: NewsItem
) -> None:
    client.force_login(leader)
    assert client.get("/api/news/").json()["count"] == 2
    assert client.get(reverse("journal:news_edit", args=[police_news.pk])).status_code == 403
    response = client.patch(
        f"/api/news/{police_news.pk}/", {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_news_list_filters_by_department_with_the_shared_filterset(
    client: Client,
    center_admin: User,
    police_news: NewsItem,
    water_news: NewsItem,
    police: Department,
) -> None:
    client.force_login(center_admin)
    html = client.get(reverse("journal:news_list"), {"department": police.pk}).content.decode()
    assert "公安厅推出户籍业务" in html and "水利厅优化" not in html
    api = client.get("/api/news/", {"department": police.pk}).json()
    assert [row["id"] for row in api["results"]] == [police_news.pk]
