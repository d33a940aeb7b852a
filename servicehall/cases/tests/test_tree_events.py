"""Steps of a child center count at that center (登记计入本中心): a step through the API or an
events file never lands at a center outside the subtree of who records it, and a retried POST
counts once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from servicehall.cases.models import CaseEvent
from servicehall.core.periods import Period
from servicehall.core.roles import Role
from servicehall.figures.cases import case_counts
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Department
from servicehall.testing.tree import Tree

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

DAY = "2024-01-22T09:00:00+08:00"
WEEK = Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))


def consults(tree: Tree, key: str, with_children: bool = False) -> int:
    return case_counts(WEEK, scope=CenterScope(tree.centers[key], with_children))["consult"]


def post_consult(client: Client, **body: Any) -> TestResponse:  # JSON fields and HTTP_ headers
    headers = {k: body.pop(k) for k in list(body) if k.startswith("HTTP_")}
    return client.post(
        "/api/case-events/",
        {"kind": "consult", "occurred_at": DAY, **body},
        content_type="application/json",
        **headers,
    )


def test_a_county_clerks_consult_without_a_department_is_refused_not_counted_at_the_province(
    client: Client, tree: Tree
) -> None:
    client.force_login(tree.login("county_a1", Role.STAFF))
    answer = post_consult(client)
    assert answer.status_code == 400
    assert "须选择部门" in answer.json()["department"][0]
    assert not CaseEvent.objects.exists()
    answer = post_consult(client, department=tree.departments["county_a1"].pk)
    assert answer.status_code == 201
    event = CaseEvent.objects.get()
    assert event.department == tree.departments["county_a1"]
    assert consults(tree, "county_a1") == 1
    assert consults(tree, "province") == 0
    assert consults(tree, "province", with_children=True) == 1


def test_the_default_centers_clerk_may_still_record_a_consult_of_no_department(
    client: Client, tree: Tree
) -> None:
    client.force_login(tree.login("province", Role.STAFF))
    assert post_consult(client).status_code == 201
    assert CaseEvent.objects.get().department is None


def test_a_post_retried_with_its_idempotency_key_counts_once(client: Client, tree: Tree) -> None:
    client.force_login(tree.login("county_a1", Role.STAFF))
    body = {"department": tree.departments["county_a1"].pk}
    first = post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="desk-7-0001")
    assert first.status_code == 201
    again = post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="desk-7-0001")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert CaseEvent.objects.count() == 1
    assert consults(tree, "county_a1") == 1
    # Another key is another step; the same key for a different step is a conflict.
    assert post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="desk-7-0002").status_code == 201
    other = client.post(
        "/api/case-events/",
        {"kind": "accept", "department": body["department"], "occurred_at": DAY},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="desk-7-0001",
    )
    assert other.status_code == 409
    assert "幂等键" in other.json()["detail"]
    assert consults(tree, "county_a1") == 2
    # Without a key every POST is a new step, as before.
    assert post_consult(client, **body).status_code == 201
    assert consults(tree, "county_a1") == 3


def test_another_logins_same_key_is_its_own_step(client: Client, tree: Tree) -> None:
    body = {"department": tree.departments["county_a1"].pk}
    for role in (Role.STAFF, Role.ADMIN):
        client.force_login(tree.login("county_a1", role))
        assert post_consult(client, **body, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201
    assert consults(tree, "county_a1") == 2


def test_an_idempotency_key_of_control_characters_is_refused(client: Client, tree: Tree) -> None:
    client.force_login(tree.login("county_a1", Role.STAFF))
    answer = post_consult(
        client, department=tree.departments["county_a1"].pk, HTTP_IDEMPOTENCY_KEY="a b"
    )
    assert answer.status_code == 400
    assert not CaseEvent.objects.exists()


# ---- the events file: its ``center`` column, and the importer's subtree ---------------------

HEADER = "event_id,case_id,kind,occurred_at,department,item_code,window,staff,channel,center\n"


def events_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def same_named_departments(tree: Tree) -> dict[str, Department]:
    """公安局 at 甲一县 and at its township, as in a real tree (names repeat across centers)."""
    from servicehall.org.models import Department

    return {
        key: Department.objects.create(
            center=tree.centers[key], name="公安局", stationed_on=dt.date(2020, 1, 1)
        )
        for key in ("province", "county_a1", "town_a1", "county_a2")
    }


def test_the_center_column_says_whose_department_a_repeated_name_is(
    tree: Tree, tmp_path: Path
) -> None:
    from servicehall.cases.importer import import_events

    depts = same_named_departments(tree)
    town = tree.centers["town_a1"].name
    path = events_file(
        tmp_path,
        f"E1,,consult,2024-01-22T09:00:00,公安局,,,x,,{town}",
        "E2,,consult,2024-01-22T09:00:00,公安局,,,x,,",  # no center: the importer's own
    )
    import_events(path, strict=True, imported_by=tree.login("county_a1", Role.ADMIN).username)
    placed = dict(CaseEvent.objects.values_list("event_id", "department"))
    assert placed == {"E1": depts["town_a1"].pk, "E2": depts["county_a1"].pk}
    assert consults(tree, "town_a1") == 1 and consults(tree, "county_a1") == 1


@pytest.mark.parametrize("strict", [True, False])
def test_a_county_admins_file_naming_a_sibling_or_the_parent_is_refused_strict_or_not(
    tree: Tree, tmp_path: Path, strict: bool
) -> None:
    from servicehall.cases.importer import import_events
    from servicehall.core.tabular import ImportRejected

    same_named_departments(tree)
    admin = tree.login("county_a1", Role.ADMIN)
    sibling, parent = tree.centers["county_a2"], tree.centers["city_a"]
    bad = [
        (f"E3,,consult,2024-01-22T09:00:00,公安局,,,x,,{sibling.name}", "center"),
        (f"E4,,consult,2024-01-22T09:00:00,,,,x,,{parent.short_name}", "center"),
        (
            f"E5,,consult,2024-01-22T09:00:00,{tree.departments['county_a2'].name},,,x,,",
            "department",
        ),
        ("E6,,consult,2024-01-22T09:00:00,,,,x,,", "department"),  # would count at the province
        ("E7,,consult,2024-01-22T09:00:00,不存在局,,,x,,", "department"),
    ]
    for row, column in bad:
        with pytest.raises(ImportRejected) as refused:
            import_events(events_file(tmp_path, row), strict=strict, imported_by=admin.username)
        assert [(e.row, e.field) for e in refused.value.errors] == [(2, column)], row
    assert not CaseEvent.objects.exists()
    # The command line (no login) places the same rows anywhere in the tree.
    import_events(events_file(tmp_path, bad[0][0], bad[3][0]), strict=True)
    assert consults(tree, "county_a2") == 1 and consults(tree, "province") == 1


def test_a_name_repeated_in_the_subtree_and_not_at_the_importers_center_needs_the_column(
    tree: Tree, tmp_path: Path
) -> None:
    from servicehall.cases.importer import import_events
    from servicehall.core.tabular import ImportRejected

    same_named_departments(tree)
    city_admin = tree.login("city_a", Role.ADMIN)  # 公安局 at 甲一县 and at 甲二县, none at 甲市
    with pytest.raises(ImportRejected) as refused:
        import_events(
            events_file(tmp_path, "E8,,consult,2024-01-22T09:00:00,公安局,,,x,,"),
            strict=False,
            imported_by=city_admin.username,
        )
    assert "须在 center 列填写所属中心" in refused.value.errors[0].message


def test_a_countys_slips_name_the_county_not_the_default_center(tree: Tree) -> None:
    import io

    import docx
    from django.utils import timezone

    from servicehall.cases import slips
    from servicehall.testing.factories import CaseFactory

    case = CaseFactory(
        department=tree.departments["county_a1"], accepted_at=timezone.now(), case_no="XL-1"
    )
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(slips.acceptance_notice(case).docx)).paragraphs
    )
    assert tree.centers["county_a1"].name in text
    assert tree.centers["province"].name not in text


# serialized_rollback: a plain transactional flush re-creates the content types under new ids,
# and the next serialized test on this worker could not restore its own.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_copies_of_one_request_at_the_same_moment_count_once(tree: Tree) -> None:
    """On PostgreSQL two requests really run at once: both may pass the look for an earlier
    event; the log's unique event id lets one through, and the other answers 200 with it.
    SQLite writes one at a time, so there the two threads send one after the other (the retry
    path) and the answers must be the same."""
    import threading

    from django.db import connection
    from django.test import Client

    together = connection.vendor == "postgresql"
    user = tree.login("county_a1", Role.STAFF)
    department = tree.departments["county_a1"].pk
    barrier = threading.Barrier(2 if together else 1)
    answers: list[tuple[int, int]] = []

    def send() -> None:
        client = Client()
        client.force_login(user)
        barrier.wait()
        answer = post_consult(client, department=department, HTTP_IDEMPOTENCY_KEY="same-moment")
        answers.append((answer.status_code, answer.json()["id"]))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
        if not together:
            thread.join()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _ in answers) == [200, 201]
    assert len({pk for _, pk in answers}) == 1
    assert CaseEvent.objects.count() == 1
    assert consults(tree, "county_a1") == 1


def test_a_short_name_two_centers_share_places_no_row(tree: Tree, tmp_path: Path) -> None:
    from servicehall.cases.importer import import_events
    from servicehall.core.tabular import ImportRejected
    from servicehall.org.models import Center

    Center.objects.filter(pk=tree.centers["county_a2"].pk).update(short_name="甲一县")
    row = f"E9,,consult,2024-01-22T09:00:00,{tree.departments['county_a1'].name},,,x,,甲一县"
    with pytest.raises(ImportRejected) as refused:
        import_events(events_file(tmp_path, row), strict=True)
    assert refused.value.errors[0].field == "center"
    assert "请填写中心全称" in refused.value.errors[0].message
    full = row.removesuffix("甲一县") + tree.centers["county_a1"].name
    import_events(events_file(tmp_path, full), strict=True)
    assert consults(tree, "county_a1") == 1


def test_the_desk_asks_a_county_clerk_for_the_department_of_a_consult(
    client: Client, tree: Tree
) -> None:
    from django.urls import reverse

    client.force_login(tree.login("county_a1", Role.STAFF))
    page = client.post(reverse("cases:desk"), {"kind": "consult"})
    assert "须选择部门" in page.content.decode()
    assert not CaseEvent.objects.exists()
    client.post(
        reverse("cases:desk"), {"kind": "consult", "department": tree.departments["county_a1"].pk}
    )
    assert CaseEvent.objects.get().department == tree.departments["county_a1"]  # today's
