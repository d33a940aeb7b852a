"""The demo's 厅（局）长进大厅 titles are those of the unit visited (厅长 of a 厅, 行长 of a bank)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from servicehall.demo.journal import fitting_title

if TYPE_CHECKING:
    from servicehall.demo.loader import LoadResult


@pytest.mark.parametrize(
    ("title", "unit", "expected"),
    [
        ("厅长", "人民银行成都分行", "行长"),
        ("副局长", "住房和城乡建设厅", "副厅长"),
        ("党组成员、副厅长", "省市场监管局", "党组成员、副局长"),
        ("副厅长", "省卫生健康委", "副主任"),
        ("局长", "成都海关", "关长"),
        ("副厅长", "省消防救援总队", "副总队长"),
        ("一级巡视员", "人民银行成都分行", "一级巡视员"),
        ("总经济师", "省统计局", "总经济师"),
    ],
)
def test_a_drawn_title_is_said_in_the_words_of_the_unit(
    title: str, unit: str, expected: str
) -> None:
    assert fitting_title(title, unit) == expected


@pytest.mark.django_db
def test_no_demo_visit_gives_a_unit_the_head_of_another_kind(demo_db: LoadResult) -> None:
    from servicehall.journal.models import LeaderVisit

    wrong = [
        str(v)
        for v in LeaderVisit.objects.select_related("department")
        if (v.unit_name.endswith("厅") and v.title.endswith("局长"))
        or (v.unit_name.endswith("局") and v.title.endswith("厅长"))
        or (
            v.unit_name.endswith(("分行", "委", "中心", "海关"))
            and v.title.endswith(("厅长", "局长"))
        )
    ]
    assert wrong == []
    assert LeaderVisit.objects.count() > 50
