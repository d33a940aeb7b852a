"""API clients authenticate with a token; HTTP Basic is not accepted."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from servicehall.accounts.models import User
from servicehall.org.models import Center, Department
from servicehall.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

STATS = "/api/stats/?from=2024-01-22&to=2024-01-26"


def token_of(username: str, *options: str) -> str:
    out = io.StringIO()
    call_command("api_token", username, *options, stdout=out)
    return out.getvalue().strip()


def test_a_token_from_the_command_opens_the_api_and_a_rotated_one_replaces_it(
    client: Client, police_liaison: User
) -> None:
    from django.core.management.base import CommandError
    from knox.models import AuthToken

    key = token_of("gat")
    assert len(key) == 64
    # Stored as its SHA-512 only: the token is nowhere in the database, and not shown again.
    (stored,) = AuthToken.objects.filter(user=police_liaison)
    assert stored.digest == hashlib.sha512(key.encode()).hexdigest() and key not in stored.digest
    with pytest.raises(CommandError, match="令牌只在生成时显示一次"):
        token_of("gat")
    assert client.get(STATS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    new = token_of("gat", "--rotate")
    assert new != key
    assert client.get(STATS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert client.get(STATS, HTTP_AUTHORIZATION=f"Token {new}").status_code == 200


def test_http_basic_is_refused_even_with_the_right_password(
    client: Client, police_liaison: User
) -> None:
    basic = base64.b64encode(f"gat:{PASSWORD}".encode()).decode()
    assert client.get(STATS, HTTP_AUTHORIZATION=f"Basic {basic}").status_code in (401, 403)


def test_a_token_reads_as_its_login_may(
    client: Client, police_liaison: User, water: Department
) -> None:
    import datetime as dt

    from servicehall.cases.services import record_event
    from servicehall.core.localtime import SHANGHAI

    record_event(
        event_id="W1", kind="accept", department=water,
        occurred_at=dt.datetime(2024, 1, 22, 9, tzinfo=SHANGHAI),
    )  # fmt: skip
    key = token_of("gat")
    listed = client.get("/api/case-events/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert listed["count"] == 0  # 水利厅's event is not 公安厅's liaison's to read


def test_an_unknown_login_gets_no_token() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在或已停用"):
        token_of("nobody")


def test_a_plain_token_made_before_hashing_keeps_working_and_its_table_is_gone(
    client: Client, police_liaison: User
) -> None:
    import importlib

    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
            "user_id integer)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, CURRENT_TIMESTAMP, %s)",
            ["0123456789abcdef0123456789abcdef01234567", police_liaison.pk],
        )
    migration = importlib.import_module("servicehall.accounts.migrations.0002_api_tokens_hashed")

    class Editor:  # what the migration uses of a schema editor, inside the test's transaction
        def __init__(self) -> None:
            self.connection = connection

        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.hash_tokens(apps, Editor())
    assert "authtoken_token" not in connection.introspection.table_names()
    old = "Token 0123456789abcdef0123456789abcdef01234567"
    assert client.get(STATS, HTTP_AUTHORIZATION=old).status_code == 200
    assert client.get(STATS, HTTP_AUTHORIZATION=old[:-1] + "8").status_code == 401


def test_a_token_costs_one_query_and_an_expired_one_is_refused_and_deleted(
    client: Client, police_liaison: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # Issue 24: knox loaded the login's every token on each request to sweep expired ones;
    # the project's tokens never expire (api_token: expiry=None), so only the token is read.
    import datetime as dt

    from django.utils import timezone
    from knox.models import AuthToken
    from rest_framework.test import APIRequestFactory

    from servicehall.accounts.auth import TokenAuthentication

    key = token_of("gat")
    _, other = AuthToken.objects.create(user=police_liaison, expiry=None)
    request = APIRequestFactory().get(STATS, HTTP_AUTHORIZATION=f"Token {key}")
    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate(request)
    assert user == police_liaison and token.expiry is None
    # A token given an expiry (by hand, or by another program) is still refused once past it.
    AuthToken.objects.filter(digest=hashlib.sha512(other.encode()).hexdigest()).update(
        expiry=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(STATS, HTTP_AUTHORIZATION=f"Token {other}").status_code == 401
    assert AuthToken.objects.filter(user=police_liaison).count() == 1
    assert client.get(STATS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_the_token_brings_its_logins_center_so_stats_cost_no_center_query(
    client: Client,
    center: Center,
    police_liaison: User,
    clerk: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # Issue 24: GET /api/stats/ asked for the login's center, then the default one, twice.
    from servicehall.org.models import Center

    key = api_token_of(clerk)
    # The token with its login's center (the default center itself), then the period's and the
    # year's rollups: nothing else.
    with django_assert_num_queries(3):
        answer = client.get(STATS, HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 200 and set(answer.json()) == {"period", "ytd"}
    # A login of a city below reads its own center's figures: its scope needs the default
    # center's place (do the rows of no center count here?), one query more.
    city = Center.objects.create(name="市政务服务中心", short_name="市中心", parent=center)
    clerk.center = city
    clerk.save()
    with django_assert_num_queries(5):
        mine = client.get(STATS + "&with_children=true", HTTP_AUTHORIZATION=f"Token {key}")
    assert mine.status_code == 200 and mine.json()["period"]["accept"] == 0


def api_token_of(user: User) -> str:
    from servicehall.accounts.services import api_token

    return api_token(user.username)
