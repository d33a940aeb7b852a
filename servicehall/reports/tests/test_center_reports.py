"""A report per center, and upward (每个中心的周报与报送): each center numbers its own series,
its figures are its own (本级 or 本级及下级 as its layout says), a parent's layout prints its
children's figures, a child submits its published issue to its parent, and the parent tracks
the week — submitted, late, and where the printed figures no longer match the records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.db import IntegrityError, transaction

from servicehall import figures
from servicehall.cases.services import record_event
from servicehall.core.localtime import SHANGHAI
from servicehall.core.roles import Role
from servicehall.figures.scope import CenterScope, counting_in
from servicehall.liaison.models import Notice
from servicehall.org.models import Center
from servicehall.reports import submission, workflow
from servicehall.reports.children import child_figures
from servicehall.reports.drafting import draft_issue, find_series
from servicehall.reports.layouts import LayoutError, validate_definition
from servicehall.reports.models import Issue, IssueSubmission, ReportLayout, ReportSeries
from servicehall.reports.scoping import series_center
from servicehall.testing.factories import (
    CaseFactory,
    NewsCategoryFactory,
    NewsItemFactory,
    ServiceEvaluationFactory,
)
from servicehall.workcal.workdays import working_week

if TYPE_CHECKING:
    from django.test import Client

    from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db

WEEK = figures.Period(dt.date(2024, 1, 22), dt.date(2024, 1, 26))
NEXT = figures.Period(dt.date(2024, 1, 29), dt.date(2024, 2, 2))
# 受理 on Tuesday 2024-01-23 per center (办结 on Wednesday, half as many): distinct powers of two,
# so a sum tells its parts.
ACCEPTS = {
    "province": 1,
    "city_a": 2,
    "city_b": 4,
    "county_a1": 8,
    "county_a2": 16,
    "county_b1": 32,
    "town_a1": 64,
}
LAYOUT = {
    "sections": [
        {
            "heading": "综窗办件情况",
            "blocks": [
                {
                    "type": "text",
                    "template": "本周受理{{ window.week.accept }}件，"
                    "办结{{ window.week.complete }}件。",
                }
            ],
        },
        {"heading": "工作动态", "blocks": [{"type": "news", "category": "工作动态"}]},
    ]
}
PARENT_LAYOUT = {
    "with_children": True,
    "sections": [
        *LAYOUT["sections"],
        {"heading": "下级中心办件情况", "blocks": [{"type": "children"}]},
        {
            "heading": "下级中心工作亮点",
            "blocks": [{"type": "child_highlights", "section": "工作动态"}],
        },
    ],
}


def record_week(
    tree: Tree, period: figures.Period = WEEK, extra: dict[str, int] | None = None, tag: str = ""
) -> None:
    n = 0
    for key, count in (extra or ACCEPTS).items():
        for i in range(count):
            n += 1
            record_event(
                event_id=f"A{tag}{period.start:%m%d}-{n}",
                kind="accept",
                occurred_at=dt.datetime.combine(period.start, dt.time(10), SHANGHAI)
                + dt.timedelta(days=1),
                department=tree.departments[key],
            )
            if i % 2 == 0:
                record_event(
                    event_id=f"C{tag}{period.start:%m%d}-{n}",
                    kind="complete",
                    occurred_at=dt.datetime.combine(period.start, dt.time(15), SHANGHAI)
                    + dt.timedelta(days=2),
                    department=tree.departments[key],
                )


def completes(count: int) -> int:
    return (count + 1) // 2


def series_of(
    center: Center, layout: dict[str, Any] | None = None, title: str = "窗口工作周报"
) -> ReportSeries:
    series = ReportSeries.objects.create(
        title=title, issuer=center.name, center=center, masthead="title_first"
    )
    ReportLayout.objects.create(series=series, version=1, definition=layout or LAYOUT)
    return series


def publish(issue: Issue, day: dt.date) -> Issue:
    workflow.submit(issue)
    workflow.approve(issue)
    return workflow.publish(issue, issue_date=day, office_files=False)


@pytest.fixture
def events(tree: Tree) -> Tree:
    record_week(tree)
    return tree


# ---- each center its own series ------------------------------------------------------------------


def test_two_centers_each_number_their_own_series_from_the_first_issue(events: Tree) -> None:
    tree = events
    city_a, city_b = series_of(tree.centers["city_a"]), series_of(tree.centers["city_b"])
    a1 = publish(draft_issue(city_a, WEEK.start), dt.date(2024, 1, 29))
    b1 = publish(draft_issue(city_b, WEEK.start), dt.date(2024, 1, 29))
    assert (a1.year, a1.number, a1.serial) == (2024, 1, 1)
    assert (b1.year, b1.number, b1.serial) == (2024, 1, 1)
    record_week(tree, NEXT, {"city_a": 3})
    a2 = publish(draft_issue(city_a, NEXT.start), dt.date(2024, 2, 5))
    assert (a2.number, a2.serial) == (2, 2)
    # The province's own shipped series has published nothing: the cities took none of its numbers.
    shipped = find_series("窗口工作周报")
    assert series_center(shipped) == tree.centers["province"]
    assert not Issue.objects.filter(series=shipped, status=Issue.Status.PUBLISHED).exists()
    # Per center, a title once.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSeries.objects.create(title="窗口工作周报", issuer="x", center=tree.centers["city_a"])
    assert find_series("窗口工作周报", tree.centers["city_b"]) == city_b


def test_a_centers_draft_counts_its_own_records_alone_or_with_children_as_the_layout_says(
    events: Tree,
) -> None:
    tree = events
    alone = draft_issue(series_of(tree.centers["city_a"]), WEEK.start)
    assert alone.figures["window.week.accept"] == 2
    assert alone.figures["window.week.complete"] == 1
    subtree = draft_issue(
        series_of(tree.centers["city_b"], {**LAYOUT, "with_children": True}), WEEK.start
    )
    assert subtree.figures["window.week.accept"] == 4 + 32
    assert subtree.figures["window.week.complete"] == completes(4) + completes(32)
    # The default center's shipped series still counts the province alone.
    shipped = draft_issue(find_series("窗口工作周报"), WEEK.start)
    assert shipped.figures["window.week.accept"] == 1


def test_news_of_one_center_print_in_its_own_report_only(events: Tree) -> None:
    tree = events
    category = NewsCategoryFactory(name="工作动态")
    NewsItemFactory(
        category=category,
        center=tree.centers["city_b"],
        department=tree.departments["city_b"],
        occurred_on=dt.date(2024, 1, 23),
        text="乙市公安局推出夜间延时服务。",
    )
    a = draft_issue(series_of(tree.centers["city_a"]), WEEK.start)
    b = draft_issue(series_of(tree.centers["city_b"]), WEEK.start)
    assert "夜间延时服务" in str(b.document)
    assert "夜间延时服务" not in str(a.document)
    province = draft_issue(find_series("政务服务工作"), WEEK.start)
    assert "夜间延时服务" not in str(province.document)


def test_a_city_admin_drafts_its_own_issue_on_the_page_and_never_a_siblings(
    client: Client, events: Tree
) -> None:
    tree = events
    own, sibling = series_of(tree.centers["city_a"]), series_of(tree.centers["city_b"])
    client.force_login(tree.login("city_a", Role.ADMIN))
    page = client.get("/reports/").content.decode()
    draft_choices = page.split('id="series"')[1].split("</select>")[0]
    assert f'value="{own.pk}"' in draft_choices and f'value="{sibling.pk}"' not in draft_choices
    response = client.post("/reports/draft/", {"series": own.pk, "week": "2024-01-24"})
    issue = Issue.objects.get(series=own)
    assert response.status_code == 302 and response["Location"] == f"/reports/{issue.pk}/"
    assert issue.figures["window.week.accept"] == 2
    assert (
        client.post("/reports/draft/", {"series": sibling.pk, "week": "2024-01-24"}).status_code
        == 404
    )
    assert not Issue.objects.filter(series=sibling).exists()


def test_a_parent_drafts_its_own_shipped_series_but_never_a_childs_it_may_read(
    client: Client, events: Tree
) -> None:
    tree = events
    child = series_of(tree.centers["city_a"])
    shipped = find_series("窗口工作周报")
    assert shipped.center_id is None  # made at migrate time, before any center: the default's
    client.force_login(tree.login("province", Role.ADMIN))
    page = client.get("/reports/").content.decode()
    draft_choices = page.split('id="series"')[1].split("</select>")[0]
    assert f'value="{shipped.pk}"' in draft_choices and f'value="{child.pk}"' not in draft_choices
    # The child's series is readable (its issues are on the list) and still not the parent's to draft.
    assert ReportSeries.objects.for_user(tree.login("province", Role.ADMIN)).filter(pk=child.pk)
    refused = client.post("/reports/draft/", {"series": child.pk, "week": "2024-01-24"})
    assert refused.status_code == 404 and not Issue.objects.filter(series=child).exists()
    done = client.post("/reports/draft/", {"series": shipped.pk, "week": "2024-01-24"})
    assert done.status_code == 302 and Issue.objects.filter(series=shipped).count() == 1


def test_a_layout_says_with_children_as_true_or_false() -> None:
    with pytest.raises(LayoutError, match="with_children"):
        validate_definition({**LAYOUT, "with_children": "yes"})
    validate_definition(PARENT_LAYOUT)


# ---- the parent's section from its children -----------------------------------------------------


def rate(tree: Tree, key: str, *levels: int) -> None:
    case = CaseFactory(department=tree.departments[key])
    for level in levels:
        ServiceEvaluationFactory(
            case=case, level=level, evaluated_at=dt.datetime(2024, 1, 24, 10, tzinfo=SHANGHAI)
        )


def test_the_childrens_table_adds_up_to_the_parents_roll_up(events: Tree) -> None:
    tree = events
    rate(tree, "city_a", 5, 4)  # two 好评
    rate(tree, "town_a1", 1)  # a 差评 in city_a's subtree
    rate(tree, "county_b1", 3)
    rows = {row.name: row for row in child_figures(WEEK, tree.centers["province"])}
    assert list(rows) == ["测试（本级）", "甲市", "乙市", "合计"]
    assert rows["测试（本级）"].accept == 1
    assert rows["甲市"].accept == 2 + 8 + 16 + 64
    assert rows["乙市"].accept == 4 + 32
    assert (rows["甲市"].rated, rows["甲市"].good, rows["甲市"].bad) == (3, 2, 1)
    assert rows["甲市"].good_rate == Decimal("66.67")
    assert (rows["乙市"].rated, rows["乙市"].good_rate) == (1, Decimal("100"))
    assert rows["测试（本级）"].good_rate is None
    parts = [row for row in rows.values() if row.kind != "total"]
    roll_up = figures.case_counts(WEEK, scope=CenterScope(tree.centers["province"], True))
    for measure, kind in (("accept", "accept"), ("complete", "complete")):
        assert sum(getattr(row, measure) for row in parts) == roll_up[kind]
        assert getattr(rows["合计"], measure) == roll_up[kind]
    assert rows["合计"].accept == 127
    assert rows["合计"].complete == sum(completes(n) for n in ACCEPTS.values())
    assert sum(row.rated for row in parts) == rows["合计"].rated == 4


def test_the_parents_layout_prints_its_childrens_figures_and_highlights(events: Tree) -> None:
    tree = events
    rate(tree, "city_a", 5, 4, 2)
    category = NewsCategoryFactory(name="工作动态")
    NewsItemFactory(
        category=category,
        center=tree.centers["city_b"],
        department=tree.departments["city_b"],
        occurred_on=dt.date(2024, 1, 23),
        text="乙市公安局推出夜间延时服务。",
    )
    child = publish(
        draft_issue(series_of(tree.centers["city_b"]), WEEK.start), dt.date(2024, 1, 26)
    )
    submission.submit(child)
    parent = draft_issue(series_of(tree.centers["province"], PARENT_LAYOUT, "全省周报"), WEEK.start)
    texts = [
        "".join(run[0] for run in paragraph["runs"])
        for section in parent.document["sections"]
        for paragraph in section["paragraphs"]
    ]
    assert parent.figures["window.week.accept"] == 127  # 本级及下级
    assert "甲市：受理90件，办结" in "".join(texts)
    assert "甲市：受理90件，办结45件；收到评价3条，其中差评1条，好评率66.67%。" in texts
    assert "乙市：受理36件，办结18件；收到评价0条，其中差评0条。" in texts
    assert "合计：受理127件，办结64件；收到评价3条，其中差评1条，好评率66.67%。" in texts
    assert "乙市：乙市公安局推出夜间延时服务。" in texts


# ---- 报送 and the tracker --------------------------------------------------------------------------


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


@pytest.fixture
def network(events: Tree) -> tuple[Tree, dict[str, Issue]]:
    """The province's children this week: 甲市 and 乙市 publish their issue; 丙市 does not."""
    tree = events
    tree.centers["city_c"] = Center.objects.create(
        name="丙市政务服务中心",
        short_name="丙市",
        level=Center.Level.CITY,
        parent=tree.centers["province"],
    )
    issues = {
        key: publish(draft_issue(series_of(tree.centers[key]), WEEK.start), dt.date(2024, 1, 26))
        for key in ("city_a", "city_b")
    }
    return tree, issues


def submitted_at(done: IssueSubmission, when: dt.datetime) -> None:
    IssueSubmission.objects.filter(pk=done.pk).update(submitted_at=when)


def test_the_parents_tracker_says_who_submitted_who_is_late_and_what_no_longer_matches(
    client: Client, network: tuple[Tree, dict[str, Issue]]
) -> None:
    tree, issues = network
    province = tree.centers["province"]
    # The province wants them by the second working day after the week, 12:00: Tue 2024-01-30.
    submission.set_rule(province, 2, dt.time(12), None)
    week = working_week(WEEK.start)
    assert submission.deadline(province, week) == at(dt.date(2024, 1, 30), 12)
    a = submission.submit(issues["city_a"], tree.login("city_a", Role.ADMIN))
    submitted_at(a, at(dt.date(2024, 1, 29), 9))
    b = submission.submit(issues["city_b"], tree.login("city_b", Role.ADMIN))
    submitted_at(b, at(dt.date(2024, 1, 31), 9))
    assert a.figures == {"window.week.accept": 2, "window.week.complete": 1}
    assert a.username == "city_a-admin" and a.parent == province
    # A 受理 of 甲市 for that week recorded after it printed.
    record_week(tree, WEEK, {"city_a": 1}, tag="late")
    before = submission.tracker(province, week, now=at(dt.date(2024, 1, 30), 11))
    after = submission.tracker(province, week, now=at(dt.date(2024, 1, 30), 13))
    assert [(row.center.short_name, row.state) for row in before.rows] == [
        ("甲市", "on_time"),
        ("乙市", "late_submitted"),
        ("丙市", "pending"),
    ]
    assert [row.state for row in after.rows] == ["on_time", "late_submitted", "late"]
    a_row, b_row, _ = after.rows
    assert [d.text for d in a_row.differences] == [
        "本周受理印为2件，现有记录为3件",
        "本周办结印为1件，现有记录为2件",
    ]
    assert b_row.differences == []
    client.force_login(tree.login("province", Role.LEADER))
    page = client.get("/reports/submissions/?week=2024-01-24").content.decode()
    assert "本周受理印为2件，现有记录为3件" in page
    assert "已报送" in page and "逾期报送" in page and "逾期未报送" in page


def test_only_the_childs_own_admin_submits_a_published_issue_once(
    client: Client, network: tuple[Tree, dict[str, Issue]]
) -> None:
    tree, issues = network
    issue = issues["city_a"]
    client.force_login(tree.login("city_b", Role.ADMIN))  # the sibling: the issue is not there
    assert client.post(f"/reports/{issue.pk}/submit-upward/").status_code == 404
    client.force_login(tree.login("province", Role.ADMIN))  # the parent never files for it
    assert client.post(f"/reports/{issue.pk}/submit-upward/").status_code == 403
    client.force_login(tree.login("city_a", Role.LEADER))
    assert client.post(f"/reports/{issue.pk}/submit-upward/").status_code == 403
    assert not IssueSubmission.objects.exists()
    client.force_login(tree.login("city_a", Role.ADMIN))
    assert client.post(f"/reports/{issue.pk}/submit-upward/").status_code == 302
    assert IssueSubmission.objects.get().issue == issue
    with pytest.raises(submission.SubmissionError, match="已于"):
        submission.submit(issue, tree.login("city_a", Role.ADMIN))
    draft = draft_issue(issue.series, NEXT.start)
    with pytest.raises(submission.SubmissionError, match="只能报送已发布的期次"):
        submission.submit(draft)


def test_a_sibling_never_sees_anothers_submissions_nor_a_parents_tracker(
    client: Client, network: tuple[Tree, dict[str, Issue]]
) -> None:
    tree, issues = network
    submission.submit(issues["city_a"])
    submission.submit(issues["city_b"])
    a_admin, b_admin = tree.login("city_a", Role.ADMIN), tree.login("city_b", Role.ADMIN)
    assert [s.center.short_name for s in IssueSubmission.objects.for_user(b_admin)] == ["乙市"]
    assert [s.center.short_name for s in IssueSubmission.objects.for_user(a_admin)] == ["甲市"]
    province_admin = tree.login("province", Role.ADMIN)
    assert IssueSubmission.objects.for_user(province_admin).count() == 2
    client.force_login(b_admin)
    province = tree.centers["province"]
    assert client.get(f"/reports/submissions/?center={province.pk}").status_code == 404
    city_a = tree.centers["city_a"]
    assert client.get(f"/reports/submissions/?center={city_a.pk}").status_code == 404
    # Its own tracker: its own child only.
    page = client.get("/reports/submissions/?week=2024-01-24").content.decode()
    assert "乙一县政务服务中心" in page and "甲市" not in page
    client.force_login(tree.login("county_a1", Role.ADMIN))
    assert client.get(f"/reports/submissions/?center={city_a.pk}").status_code == 404
    client.force_login(tree.login("city_a", Role.STAFF))
    assert client.get("/reports/submissions/").status_code == 403


def test_the_parent_reminds_a_late_childs_admins_once_while_unread(
    client: Client, network: tuple[Tree, dict[str, Issue]]
) -> None:
    tree, _ = network
    city_c_admin = tree.login("city_c", Role.ADMIN)
    client.force_login(tree.login("province", Role.ADMIN))
    form = {"week": "2024-01-24", "child": tree.centers["city_c"].pk}
    assert client.post("/reports/submissions/remind/", form).status_code == 302
    client.post("/reports/submissions/remind/", form)
    notice = Notice.objects.get(recipient=city_c_admin)
    assert "请报送丙市政务服务中心2024年1月22日至2024年1月26日一周的周报" in notice.text
    # A child cannot remind its parent, nor a sibling.
    client.force_login(tree.login("city_a", Role.ADMIN))
    province = tree.centers["province"]
    denied = client.post(
        "/reports/submissions/remind/",
        {**form, "center": province.pk, "child": tree.centers["city_b"].pk},
    )
    assert denied.status_code == 404
    assert Notice.objects.count() == 1


def test_the_api_drafts_the_series_of_the_readers_own_center_or_one_it_names(
    client: Client, events: Tree
) -> None:
    tree = events
    city_a, city_b = series_of(tree.centers["city_a"]), series_of(tree.centers["city_b"])
    client.force_login(tree.login("city_a", Role.ADMIN))
    body = {"series": "窗口工作周报", "week": "2024-01-24"}
    response = client.post("/api/issues/draft/", body, content_type="application/json")
    assert response.status_code == 201
    assert Issue.objects.get(pk=response.json()["id"]).series == city_a
    assert response.json()["figures"]["window.week.accept"] == 2
    sibling = {**body, "center": "乙市政务服务中心"}
    assert (
        client.post("/api/issues/draft/", sibling, content_type="application/json").status_code
        == 400
    )
    client.force_login(tree.login("province", Role.ADMIN))
    response = client.post("/api/issues/draft/", sibling, content_type="application/json")
    assert Issue.objects.get(pk=response.json()["id"]).series == city_b
    response = client.post("/api/issues/draft/", body, content_type="application/json")
    assert Issue.objects.get(pk=response.json()["id"]).series == find_series("窗口工作周报")


def test_only_the_parents_admin_sets_its_deadline_on_the_tracker(
    client: Client, tree: Tree
) -> None:
    from servicehall.reports.models import SubmissionRule

    province = tree.centers["province"]
    form = {"week": "2024-01-24", "center": province.pk, "working_days": "3", "at": "09:30"}
    client.force_login(tree.login("province", Role.LEADER))
    assert client.post("/reports/submissions/rule/", form).status_code == 403
    client.force_login(tree.login("city_a", Role.ADMIN))
    assert client.post("/reports/submissions/rule/", form).status_code == 404
    assert not SubmissionRule.objects.exists()
    client.force_login(tree.login("province", Role.ADMIN))
    assert client.post("/reports/submissions/rule/", form).status_code == 302
    rule = SubmissionRule.objects.get(center=province)
    assert (rule.working_days, rule.at) == (3, dt.time(9, 30))
    # Friday 2024-01-26 + 3 working days: Wednesday 2024-01-31, 09:30.
    week = working_week(WEEK.start)
    assert submission.deadline(province, week) == at(dt.date(2024, 1, 31), 9) + dt.timedelta(
        minutes=30
    )
    page = client.get("/reports/submissions/?week=2024-01-24").content.decode()
    assert "截止：2024年1月31日（星期三）09:30" in page


# ---- a center's checks and wording look at its own departments and lists -------------------------


def test_a_department_printed_in_bold_is_looked_up_among_the_issues_own_centers(
    events: Tree,
) -> None:
    from servicehall.org.models import Department
    from servicehall.reports.checks import check_department_entries

    tree = events
    # Every county has its own 公安局: the sibling's (made first) has news this week, ours none.
    sibling = Department.objects.create(center=tree.centers["city_b"], name="公安局")
    Department.objects.create(center=tree.centers["city_a"], name="公安局")
    Department.objects.create(center=tree.centers["city_b"], name="乙市外事办")
    NewsItemFactory(
        category=NewsCategoryFactory(name="工作动态"),
        center=tree.centers["city_b"],
        department=sibling,
        occurred_on=dt.date(2024, 1, 23),
        text="公安局推出夜间延时服务。",
    )
    issue = draft_issue(series_of(tree.centers["city_a"]), WEEK.start)
    workflow.edit_paragraph(issue, [0, 0], "**公安局**召开会议，**乙市外事办**到场。")
    assert [f.message for f in check_department_entries(issue)] == [
        "“乙市外事办”不在进驻部门名录中",
        "“公安局”在本期列出，但本周没有该部门的动态或进大厅记录",
    ]


def test_a_lists_pending_policies_are_counted_in_the_drafting_centers_scope(events: Tree) -> None:
    from servicehall.reports.wording import period_context
    from servicehall.testing.factories import (
        BenefitFulfilmentFactory,
        BenefitPolicyBatchFactory,
        BenefitPolicyFactory,
    )

    tree = events
    batch = BenefitPolicyBatchFactory(
        name="惠企政策清单（第一批）", center=tree.centers["province"]
    )
    ours = [BenefitPolicyFactory(batch=batch, department=tree.departments["city_a"]) for _ in "12"]
    BenefitPolicyFactory(batch=batch, department=tree.departments["city_b"])  # not fulfilled yet
    for policy in ours:
        BenefitFulfilmentFactory(policy=policy, as_of=dt.date(2024, 1, 25), amount_yuan=100)
    with counting_in(CenterScope(tree.centers["city_a"])):
        city_a = period_context(WEEK)["benefit"]
    assert (city_a["batch"], city_a["pending"]) == ("惠企政策清单（第一批）", False)
    with counting_in(CenterScope(tree.centers["province"], with_children=True)):
        province = period_context(WEEK)["benefit"]
    assert province["pending"] is True
