"""Platform figures: imported all or nothing, revisions recorded, re-imports change nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from servicehall.figures import Period, compute_all
from servicehall.history.models import ChangeRecord
from servicehall.journal.models import PlatformDailyCount
from servicehall.journal.platform_import import import_platform_counts

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.django_db
HEADER = "day,item_kind,accepted,completed\n"


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_platform_rows_feed_the_platform_figures(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.csv",
        '2023-01-03,行政许可,100,90\n2023-01-03,public,"1,000",900\n2023-01-04,行政处罚,5,4\n2023-01-04,行政确认,1,2\n',
    )
    result = import_platform_counts(path)
    assert (result.rows, result.created) == (4, 4)
    figures = compute_all(Period(dt.date(2023, 1, 2), dt.date(2023, 1, 6)))
    assert (
        figures["platform.license.accept"],
        figures["platform.public.accept"],
        figures["platform.other.complete"],
    ) == (100, 1000, 6)


def test_reimport_changes_nothing_and_a_revision_updates_with_history(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", "2023-01-03,license,100,90\n")
    import_platform_counts(first)
    assert import_platform_counts(first).unchanged == 1
    revised = write(tmp_path, "b.csv", "2023-01-03,license,101,90\n")
    assert import_platform_counts(revised).updated == 1
    row = PlatformDailyCount.objects.get()
    assert row.accepted == 101
    record = ChangeRecord.objects.filter(model_name="platformdailycount", action="update").get()
    assert record.before is not None and record.after is not None
    assert (record.before["accepted"], record.after["accepted"]) == (100, 101)


def test_a_bad_row_rejects_the_file_naming_row_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.csv",
        "2023-01-03,license,100,90\n2023-02-30,license,1,1\n2023-01-05,许可,1,1\n2023-01-06,license,-1,1\n",
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_platform", str(path))
    message = str(caught.value)
    assert (
        "第 3 行，day" in message
        and "第 4 行，item_kind" in message
        and "第 5 行，accepted" in message
    )
    assert PlatformDailyCount.objects.count() == 0
