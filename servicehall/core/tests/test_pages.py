"""Each page opens for the roles that use it and is refused to the others."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.accounts.models import User
from servicehall.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

EVERYONE = ["clerk", "police_liaison", "center_admin", "leader"]

# (URL name, personas answered 200, personas answered 403)
PAGES = [
    ("home", EVERYONE, []),
    ("cases:desk", ["clerk", "center_admin"], ["police_liaison", "leader"]),
    ("cases:events_today", ["clerk", "center_admin"], ["police_liaison", "leader"]),
    ("cases:import", ["center_admin"], ["clerk", "police_liaison", "leader"]),
    ("journal:platform_import", ["center_admin"], ["clerk", "police_liaison", "leader"]),
    ("org:staff_add", ["center_admin"], ["clerk", "police_liaison", "leader"]),
    ("org:department_list", EVERYONE, []),
    ("org:window_list", EVERYONE, []),
    ("org:training_list", EVERYONE, []),
    ("catalog:serviceitem_list", EVERYONE, []),
    ("catalog:handlingitem_list", EVERYONE, []),
    ("journal:news_list", EVERYONE, []),
    ("journal:visit_list", EVERYONE, []),
    ("journal:patrol_list", EVERYONE, []),
    ("journal:policy_list", EVERYONE, []),
    ("journal:evaluation_list", EVERYONE, []),
    ("journal:rectification_overdue", EVERYONE, []),
    ("monthly_ranking", EVERYONE, []),
    ("history:list", ["center_admin"], ["clerk", "police_liaison", "leader"]),
    ("org:department_add", ["center_admin"], ["clerk", "police_liaison", "leader"]),
    ("org:window_add", ["center_admin"], ["clerk", "police_liaison", "leader"]),
    ("catalog:handlingitem_add", ["center_admin", "police_liaison"], ["clerk", "leader"]),
    ("journal:news_add", ["center_admin", "police_liaison"], ["clerk", "leader"]),
    ("journal:patrol_add", ["center_admin"], ["clerk", "police_liaison", "leader"]),
    ("journal:evaluation_add", ["center_admin", "clerk", "police_liaison"], ["leader"]),
    ("liaison:portal", ["police_liaison", "center_admin"], ["clerk", "leader"]),
    ("liaison:center", ["center_admin", "leader"], ["clerk", "police_liaison"]),
    ("liaison:notices", EVERYONE, []),
    ("indicators", ["center_admin", "leader"], ["clerk", "police_liaison"]),
]


@pytest.mark.parametrize(("name", "allowed", "refused"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_answers_its_roles_and_refuses_the_others(
    client: Client,
    request: pytest.FixtureRequest,
    name: str,
    allowed: list[str],
    refused: list[str],
) -> None:
    for persona in allowed + refused:
        client.force_login(request.getfixturevalue(persona))
        response = client.get(reverse(name))
        expected = 200 if persona in allowed else 403
        assert response.status_code == expected, (persona, name)


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_logs_in_with_the_chinese_login_page_and_out_by_post(
    client: Client, clerk: User
) -> None:
    page = client.get(reverse("login"))
    assert "账号" in page.content.decode() and "密码" in page.content.decode()
    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_the_menu_shows_each_role_only_its_pages(
    client: Client, clerk: User, police_liaison: User, center_admin: User
) -> None:
    client.force_login(clerk)
    html = client.get(reverse("home")).content.decode()
    assert "综窗登记" in html and "变更记录" not in html and "事件导入" not in html
    client.force_login(police_liaison)
    html = client.get(reverse("home")).content.decode()
    assert "综窗登记" not in html and "大厅巡查" not in html and "工作动态" in html
    assert "公安厅" in html  # the liaison's department beside its name
    client.force_login(center_admin)
    html = client.get(reverse("home")).content.decode()
    assert all(label in html for label in ("综窗登记", "事件导入", "变更记录", "管理后台", "周报"))


def test_pages_load_their_scripts_and_styles_from_local_static_files(
    client: Client, clerk: User
) -> None:
    client.force_login(clerk)
    html = client.get(reverse("home")).content.decode()
    assert "/static/vendor/htmx.min.js" in html and "/static/vendor/echarts.custom.min.js" in html
    assert "http://" not in html and "https://" not in html
