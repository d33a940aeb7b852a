"""A county that runs its own copy (联网报送) pushes its week to the parent: the parent's figures
count it as a local county with the same events; a bundle again changes nothing; a replayed,
altered or foreign bundle is refused, whole, naming what is wrong."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.forms import ModelChoiceField
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from servicehall.accounts.models import User
from servicehall.cases import rollups
from servicehall.cases.models import DailyCount
from servicehall.cases.services import record_event
from servicehall.core.context import acting_as
from servicehall.core.periods import Period
from servicehall.core.roles import Role
from servicehall.federation.bundle import (
    BundleError,
    Forged,
    OutsideSubtree,
    Replayed,
    day_checksum,
    public_text,
    read_envelope,
)
from servicehall.federation.models import PushedDay, ReceivedBundle, ReceivedIssue
from servicehall.federation.services import (
    bundle_payload,
    export_bundle,
    federate_center,
    federation_key,
    freshness,
    import_bundle,
)
from servicehall.federation.tests.helpers import (
    EXPECTED,
    FEDERATED,
    MARKET,
    MONDAY,
    POLICE,
    SUNDAY,
    WEEK,
    sealed,
    week_payload,
)
from servicehall.figures.cases import case_counts, daily_case_counts
from servicehall.figures.network import child_table
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center, Department

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

WEEK_PERIOD = Period(MONDAY, SUNDAY)
LOCAL = "金牛区政务服务中心"


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def net(key: Ed25519PrivateKey) -> dict[str, Center]:
    """省 → 成都市 → 金牛区 (local, the same week recorded as events) and 成华区 (federated);
    武侯区, a local sibling county with nothing."""
    with acting_as(None, source="system"):
        province = Center.objects.create(
            name="四川省政务服务中心", short_name="省中心", is_default=True
        )
        city = Center.objects.create(
            name="成都市政务服务中心", short_name="成都市", level="city", parent=province
        )
        local = Center.objects.create(name=LOCAL, short_name="金牛区", level="county", parent=city)
        Center.objects.create(name="武侯区政务服务中心", level="county", parent=city)
        departments = {
            name: Department.objects.create(center=local, name=name, sort_order=i)
            for i, name in enumerate((POLICE, MARKET), 1)
        }
        n = 0
        for day, department, kind, times in WEEK:
            for _ in range(times):
                n += 1
                record_event(
                    event_id=f"JN{n:04d}",
                    kind=kind,
                    occurred_at=dt.datetime.combine(day, dt.time(10, n % 50)),
                    department=departments[department],
                )
        federate_center(
            FEDERATED,
            parent_name="成都市",
            level="county",
            public_key=public_text(key.public_key()),
        )
    return {c.short_name or c.name: c for c in Center.objects.all()}


def login(username: str, role: str, center_name: str) -> User:
    with acting_as(None, source="system"):
        return User.objects.create(
            username=username, role=role, center=Center.objects.get(name=center_name)
        )


def counts(name: str, with_children: bool = False, period: Period = WEEK_PERIOD) -> dict[str, int]:
    return case_counts(period, scope=CenterScope(Center.objects.get(name=name), with_children))


def test_a_pushed_week_counts_as_a_local_county_with_the_same_events(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    assert counts(FEDERATED) == dict.fromkeys(EXPECTED, 0)
    result = import_bundle(sealed(week_payload(1), key))
    assert result.changed and result.days_changed == 7
    assert counts(FEDERATED) == EXPECTED == counts(LOCAL)
    assert counts(FEDERATED, True) == EXPECTED
    # The year to date and each day, too: the same functions read both counties.
    assert counts(FEDERATED, period=WEEK_PERIOD.year_to_date) == EXPECTED
    fed_days = daily_case_counts(WEEK_PERIOD, scope=CenterScope(Center.objects.get(name=FEDERATED)))
    assert fed_days == daily_case_counts(
        WEEK_PERIOD, scope=CenterScope(Center.objects.get(name=LOCAL))
    )
    assert fed_days[dt.date(2024, 1, 22)] == {
        "consult": 3,
        "accept": 3,
        "transfer": 0,
        "issue": 0,
        "complete": 0,
    }
    # The city and the province roll both up: twice the week.
    doubled = {k: 2 * v for k, v in EXPECTED.items()}
    assert counts("成都市政务服务中心", True) == doubled
    assert counts("四川省政务服务中心", True) == doubled
    rows = {
        r.label: r for r in child_table(WEEK_PERIOD, Center.objects.get(name="成都市政务服务中心"))
    }
    assert rows["成华区政务服务中心"].period == rows["金牛区"].period == EXPECTED
    assert rows["合计"].period == doubled
    out = io.StringIO()
    call_command(
        "stats",
        "--from",
        "2024-01-22",
        "--to",
        "2024-01-28",
        "--json",
        "--center",
        FEDERATED,
        "--with-children",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == {"period": EXPECTED, "ytd": EXPECTED}


def test_the_same_bundle_again_changes_nothing_and_says_so(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    data = sealed(week_payload(1), key)
    import_bundle(data)
    before = sorted(DailyCount.objects.values_list("day", "kind", "department_id", "count"))
    again = import_bundle(data)
    assert not again.changed
    assert "第1号数据包已于" in again.message and "未做任何更改" in again.message
    assert sorted(DailyCount.objects.values_list("day", "kind", "department_id", "count")) == before
    assert ReceivedBundle.objects.count() == 1


def test_a_newer_push_replaces_only_the_days_that_changed(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    import_bundle(sealed(week_payload(1), key))
    late = [*WEEK, (dt.date(2024, 1, 26), POLICE, "complete", 2)]  # Friday's work, added late
    result = import_bundle(sealed(week_payload(2, late), key))
    assert (result.days_changed, result.days_unchanged) == (1, 6)
    assert counts(FEDERATED)["complete"] == EXPECTED["complete"] + 2
    # Nothing new since: a newer bundle with the same days changes no day.
    same = import_bundle(sealed(week_payload(3, late), key))
    assert (same.days_changed, same.days_unchanged, same.changed) == (0, 7, False)


def test_an_older_bundle_after_a_newer_one_is_refused(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    old = sealed(week_payload(1), key)
    import_bundle(sealed(week_payload(2), key))
    with pytest.raises(Replayed, match="序号 1 早于已导入的第 2 号"):
        import_bundle(old)


def test_a_sequence_number_used_again_by_other_bytes_is_refused(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    import_bundle(sealed(week_payload(1), key))
    other = [*WEEK, (dt.date(2024, 1, 25), MARKET, "consult", 9)]
    with pytest.raises(Replayed, match="序号 1 已被另一个内容不同的数据包使用"):
        import_bundle(sealed(week_payload(1, other), key))
    assert counts(FEDERATED) == EXPECTED


def test_an_altered_byte_is_refused(net: dict[str, Center], key: Ed25519PrivateKey) -> None:
    data = sealed(week_payload(1), key)
    envelope = json.loads(data)
    envelope["payload"] = envelope["payload"].replace('"consult",3]', '"consult",30]')
    assert envelope["payload"] != json.loads(data)["payload"]
    with pytest.raises(
        Forged, match="签名验证失败：数据包内容在“成华区政务服务中心”签名后被改动过"
    ):
        import_bundle(json.dumps(envelope, ensure_ascii=False).encode())
    assert not DailyCount.objects.filter(department__center__name=FEDERATED).exists()
    with pytest.raises(Forged, match="不是有效的联网数据包"):
        import_bundle(data[:-40])


def test_a_bundle_signed_with_another_key_is_refused(net: dict[str, Center]) -> None:
    with pytest.raises(Forged, match="不是“成华区政务服务中心”登记的密钥"):
        import_bundle(sealed(week_payload(1), Ed25519PrivateKey.generate()))
    assert ReceivedBundle.objects.count() == 0


def test_a_bad_day_refuses_the_whole_bundle(net: dict[str, Center], key: Ed25519PrivateKey) -> None:
    payload = week_payload(1)
    payload["days"][2]["counts"][0][3] = 5  # 2024-01-24: a count changed, its checksum not
    with pytest.raises(Forged, match="2024-01-24 的汇总与其校验值不符"):
        import_bundle(sealed(payload, key))
    assert not DailyCount.objects.filter(department__center__name=FEDERATED).exists()
    assert not Department.objects.filter(center__name=FEDERATED).exists()
    assert (ReceivedBundle.objects.count(), PushedDay.objects.count()) == (0, 0)


def test_a_bundle_for_a_center_not_federated_here_is_refused(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    with pytest.raises(BundleError, match="“金牛区政务服务中心”是本实例直接管理的中心"):
        import_bundle(sealed(week_payload(1, center=LOCAL), key))
    with pytest.raises(BundleError, match="没有登记联网报送的下级中心“青羊区政务服务中心”"):
        import_bundle(sealed(week_payload(1, center="青羊区政务服务中心"), key))
    assert counts(LOCAL) == EXPECTED


def test_a_recount_of_the_log_keeps_the_pushed_counts(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    import_bundle(sealed(week_payload(1), key))
    rollups.rebuild()
    assert counts(FEDERATED) == EXPECTED == counts(LOCAL)
    assert rollups.mismatches() == 0


def test_the_child_pushes_over_the_api_with_its_own_centers_token(
    net: dict[str, Center], key: Ed25519PrivateKey, client: Client
) -> None:
    from knox.models import AuthToken

    child = login("chenghua", Role.ADMIN, FEDERATED)
    sibling = login("wuhou", Role.ADMIN, "武侯区政务服务中心")
    clerk = login("chenghua-clerk", Role.STAFF, FEDERATED)

    def push(user: User, data: bytes) -> TestResponse:
        _, token = AuthToken.objects.create(user=user)
        return client.post(
            reverse("api-federation-bundles"),
            data=data,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )

    first, second = sealed(week_payload(1), key), sealed(week_payload(2), key)
    refused = push(sibling, first)
    assert refused.status_code == 403
    assert "不在账号“wuhou”所属中心的管辖范围" in refused.json()["detail"]
    assert push(clerk, first).status_code == 403
    answer = push(child, first)
    assert answer.status_code == 200, answer.content
    assert answer.json()["days_changed"] == 7 and answer.json()["changed"] is True
    assert counts(FEDERATED) == EXPECTED
    assert push(child, first).json()["changed"] is False
    assert push(child, second).status_code == 200
    replay = push(child, first)
    assert replay.status_code == 409 and "重放" in replay.json()["detail"]
    assert ReceivedBundle.objects.get(sequence=2).via == "api"


def test_published_issues_arrive_with_their_files_and_a_changed_file_is_refused(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    pdf = b"%PDF-1.7 a child's issue"
    issue: dict[str, Any] = {  # a bundle's JSON
        "series": "成华区窗口工作周报",
        "year": 2024,
        "number": 4,
        "serial": 40,
        "period_start": "2024-01-22",
        "period_end": "2024-01-26",
        "issue_date": "2024-01-29",
        "published_at": "2024-01-29T16:00:00+08:00",
        "figures": {"window.week.accept": 4},
        "files": [
            {
                "format": "pdf",
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "size": len(pdf),
                "content": base64.b64encode(pdf).decode(),
            }
        ],
    }
    result = import_bundle(sealed(week_payload(1, issues=[issue]), key))
    assert result.issues_added == 1
    held = ReceivedIssue.objects.get(center__name=FEDERATED, number=4)
    assert (held.serial, held.figures, bytes(held.files.get().content)) == (
        40,
        {"window.week.accept": 4},
        pdf,
    )
    # Sent again in the next bundle: kept as it is.
    assert import_bundle(sealed(week_payload(2, issues=[issue]), key)).issues_added == 0
    # A file whose bytes do not match its hash.
    bad = {
        **issue,
        "number": 5,
        "files": [{**issue["files"][0], "content": base64.b64encode(b"x").decode()}],
    }
    with pytest.raises(Forged, match="第5期的 pdf 文件与其 SHA-256 不符"):
        import_bundle(sealed(week_payload(3, issues=[bad]), key))
    # The same number with other content: a published issue never changes.
    other = b"%PDF-1.7 rewritten"
    changed = {
        **issue,
        "files": [
            {
                "format": "pdf",
                "sha256": hashlib.sha256(other).hexdigest(),
                "size": len(other),
                "content": base64.b64encode(other).decode(),
            }
        ],
    }
    with pytest.raises(Replayed, match="第4期与此前收到的同一期内容不同"):
        import_bundle(sealed(week_payload(3, issues=[changed]), key))
    assert ReceivedIssue.objects.count() == 1


def test_the_parent_sees_each_childs_freshness_in_its_subtree_only(
    net: dict[str, Center], key: Ed25519PrivateKey, client: Client
) -> None:
    import_bundle(sealed(week_payload(1), key))
    leader = login("sheng", Role.LEADER, "四川省政务服务中心")
    sibling = login("wuhou", Role.ADMIN, "武侯区政务服务中心")
    rows = freshness(Center.objects.for_user(leader, "view"), today=dt.date(2024, 1, 29))
    assert [(r.center.name, r.last_day, r.sequence, r.stale) for r in rows] == [
        (FEDERATED, SUNDAY, 1, False)
    ]
    late = freshness(Center.objects.for_user(leader, "view"), today=dt.date(2024, 2, 5))
    assert late[0].stale and late[0].status == "滞后 8 天"
    assert freshness(Center.objects.for_user(sibling, "view")) == []
    client.force_login(leader)
    page = client.get(reverse("federation:children")).content.decode()
    assert FEDERATED in page and "2024-01-28" in page and "滞后" in page
    body = client.get(reverse("api-federation-children")).json()
    assert [c["name"] for c in body["children"]] == [FEDERATED]
    network = client.get(
        reverse("network"), {"center": Center.objects.get(name="成都市政务服务中心").pk}
    )
    row = network.content.decode().split(f"<td>{FEDERATED}", 1)[1].split("</td>", 1)[0]
    assert "联网报送" in row
    client.force_login(sibling)
    assert FEDERATED not in client.get(reverse("federation:children")).content.decode()
    assert client.get(reverse("api-federation-children")).json() == {"children": []}


def test_a_child_makes_numbered_signed_bundles_of_its_rollups_and_issues(
    net: dict[str, Center], settings: Settings, tmp_path: Path
) -> None:
    """The export side, in this instance: 金牛区 exports its own week."""
    settings.SERVICEHALL_FEDERATION_KEY_FILE = str(tmp_path / "federation" / "signing.key")
    public = federation_key(create=True)
    assert (tmp_path / "federation" / "signing.key").stat().st_mode & 0o777 == 0o600
    payload = bundle_payload(Center.objects.get(name=LOCAL), MONDAY, SUNDAY)
    day = {d["day"]: d["counts"] for d in payload["days"]}
    assert day["2024-01-22"] == [
        [LOCAL, POLICE, "accept", 2],
        [LOCAL, POLICE, "consult", 3],
        [LOCAL, MARKET, "accept", 1],
    ]
    assert sum(n for d in payload["days"] for *_, n in d["counts"]) == sum(EXPECTED.values())
    assert [d["name"] for d in payload["departments"]] == [POLICE, MARKET]
    first = export_bundle(LOCAL, MONDAY, SUNDAY)
    second = export_bundle(LOCAL, MONDAY, SUNDAY)
    assert [read_envelope(b).payload["sequence"] for b in (first, second)] == [1, 2]
    assert read_envelope(first).verify(public)
    assert not read_envelope(first).verify(public_text(Ed25519PrivateKey.generate().public_key()))


def test_a_center_with_its_own_events_here_cannot_become_federated(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    with pytest.raises(BundleError, match="已有办件记录"):
        federate_center(
            LOCAL, parent_name="成都市", level="county", public_key=public_text(key.public_key())
        )
    with pytest.raises(BundleError, match="公钥"):
        federate_center("青羊区", parent_name="成都市", level="county", public_key="rsa:abc")


def test_a_childs_townships_are_mirrored_below_it_and_roll_up(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    payload = week_payload(1)
    town = "成华区龙潭街道便民服务中心"
    payload["centers"].append(
        {"name": town, "short_name": "龙潭街道", "level": "township", "parent": FEDERATED}
    )
    payload["departments"].append(
        {"center": town, "name": "社保所", "aliases": "", "sort_order": 1}
    )
    monday = payload["days"][0]
    monday["counts"] = sorted([*monday["counts"], [town, "社保所", "consult", 4]])
    monday["sha256"] = day_checksum(monday["counts"])
    import_bundle(sealed(payload, key))
    mirrored = Center.objects.get(name=town)
    assert mirrored.parent is not None
    assert (mirrored.parent.name, mirrored.federated, mirrored.level) == (
        FEDERATED,
        True,
        "township",
    )
    assert counts(FEDERATED) == EXPECTED
    assert counts(town)["consult"] == 4
    assert counts(FEDERATED, True)["consult"] == EXPECTED["consult"] + 4
    rows = {r.label: r for r in child_table(WEEK_PERIOD, Center.objects.get(name=FEDERATED))}
    assert rows["龙潭街道"].period["consult"] == 4
    assert rows["合计"].period == counts(FEDERATED, True)


def test_a_bundle_may_not_claim_a_center_of_another_subtree(
    net: dict[str, Center], key: Ed25519PrivateKey
) -> None:
    payload = week_payload(1)
    payload["centers"].append(
        {"name": "武侯区政务服务中心", "short_name": "", "level": "township", "parent": FEDERATED}
    )
    with pytest.raises(OutsideSubtree, match="“武侯区政务服务中心”在本实例是另一处的中心"):
        import_bundle(sealed(payload, key))
    parent = Center.objects.get(name="武侯区政务服务中心").parent
    assert parent is not None and parent.name == "成都市政务服务中心"
    assert not DailyCount.objects.filter(department__center__name=FEDERATED).exists()


def test_work_of_no_department_travels_as_the_default_centers_unregistered_department(
    net: dict[str, Center],
) -> None:
    with acting_as(None, source="system"):
        record_event(
            event_id="X1", kind="consult", occurred_at=dt.datetime(2024, 1, 23, 9), department=None
        )
    province = Center.objects.get(name="四川省政务服务中心")
    payload = bundle_payload(province, MONDAY, SUNDAY)
    tuesday = next(d for d in payload["days"] if d["day"] == "2024-01-23")
    assert ["四川省政务服务中心", "（未登记部门）", "consult", 1] in tuesday["counts"]
    assert {
        "center": "四川省政务服务中心",
        "name": "（未登记部门）",
        "aliases": "",
        "sort_order": 9999,
    } in payload["departments"]
    # A county's bundle holds none of it: the default center is not in its subtree.
    county = bundle_payload(Center.objects.get(name=LOCAL), MONDAY, SUNDAY)
    assert all(row[1] != "（未登记部门）" for d in county["days"] for row in d["counts"])


def test_a_push_larger_than_djangos_form_limit_is_taken(
    net: dict[str, Center], key: Ed25519PrivateKey, client: Client, settings: Settings
) -> None:
    from knox.models import AuthToken

    big = bytes(range(256)) * (3 * 4096)  # 3 MiB of PDF: above DATA_UPLOAD_MAX_MEMORY_SIZE
    issue = {
        "series": "成华区窗口工作周报",
        "year": 2024,
        "number": 4,
        "published_at": "2024-01-29T16:00:00+08:00",
        "files": [
            {
                "format": "pdf",
                "sha256": hashlib.sha256(big).hexdigest(),
                "size": len(big),
                "content": base64.b64encode(big).decode(),
            }
        ],
    }
    data = sealed(week_payload(1, issues=[issue]), key)
    assert len(data) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    _, token = AuthToken.objects.create(user=login("chenghua", Role.ADMIN, FEDERATED))
    answer = client.post(
        reverse("api-federation-bundles"),
        data=data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert answer.status_code == 200, answer.content
    assert bytes(ReceivedIssue.objects.get().files.get().content) == big


def test_a_federated_centers_mirrored_departments_take_no_step_here(
    net: dict[str, Center], key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    """Its steps are recorded in its own hall: one recorded here would be overwritten by the next
    push (an acknowledged write lost), so the desk and the import refuse it, naming why."""
    from servicehall.cases.importer import import_events
    from servicehall.cases.models import CaseEvent
    from servicehall.cases.window import WindowError, register
    from servicehall.core.tabular import ImportRejected

    import_bundle(sealed(week_payload(1), key))
    mirrored = Department.objects.get(center__name=FEDERATED, name=MARKET)
    clerk = login("city-clerk", Role.STAFF, "成都市政务服务中心")
    before = CaseEvent.objects.count()
    from servicehall.cases.forms import WindowEventForm

    field = WindowEventForm(user=clerk, day=dt.date(2024, 1, 24)).fields["department"]
    assert isinstance(field, ModelChoiceField)
    offered = field.queryset
    assert offered is not None
    assert (
        mirrored not in offered
        and Department.objects.get(center__name=LOCAL, name=MARKET) in offered
    )
    with pytest.raises(WindowError) as refused:
        register(clerk, kind="consult", department=mirrored)
    assert str(refused.value) == (
        "市场监管局属于独立部署的成华区政务服务中心：其办件在该中心自己的系统中登记、"
        "按日联网报送，不能在本系统登记"
    )
    events = tmp_path / "events.csv"
    events.write_text(
        "event_id,case_id,kind,occurred_at,department,center,item_code,window,staff\n"
        "F1,,咨询,2024-01-24T10:00:00,公安局,,,,\n"
        "F2,,咨询,2024-01-24T10:00:00,税务分局,,,,\n"
        f"F3,,咨询,2024-01-24T10:00:00,{POLICE},{FEDERATED},,,\n",
        encoding="utf-8",
    )
    Department.objects.create(center=Center.objects.get(name=LOCAL), name="公安局")
    # A department only the federated county has (its own name, mirrored by a push).
    Department.objects.create(center=mirrored.center, name="税务分局")
    with pytest.raises(ImportRejected) as rejected:
        import_events(events, strict=True)
    assert [(e.row, e.field) for e in rejected.value.errors] == [(3, "department"), (4, "center")]
    assert "属于独立部署的成华区政务服务中心" in rejected.value.errors[0].message
    # A lenient import counts a name no register knows with no department: this one is known.
    lenient = tmp_path / "lenient.csv"
    lenient.write_text(
        "event_id,case_id,kind,occurred_at,department,item_code,window,staff\n"
        "G1,,咨询,2024-01-24T10:00:00,税务分局,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_events(lenient, strict=False)
    assert [(e.row, e.field) for e in rejected.value.errors] == [(2, "department")]
    assert CaseEvent.objects.count() == before
    assert counts(FEDERATED) == EXPECTED
