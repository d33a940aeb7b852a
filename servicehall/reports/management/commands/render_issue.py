"""servicehall render-issue YEAR-NUMBER --format txt|html|docx|pdf -o PATH."""

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.gbt9704 import FORMATS
from servicehall.org.models import Center
from servicehall.reports.drafting import DraftError, center_series, named_center
from servicehall.reports.models import Issue
from servicehall.reports.workflow import issue_file


class Command(BaseCommand):
    help = "输出一期周报（如 2024-4）为 txt、html、docx 或 pdf。已发布期次输出其固定文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("issue", help="年度-期号，如 2024-4；或 draft-ID 输出草稿")
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")
        parser.add_argument("--layout", default=None, help="周报名称（同年同期号有多个系列时）")
        parser.add_argument("--center", default=None, help="中心名称或简称（默认：默认中心）")

    def handle(
        self,
        *args: Any,
        issue: str,
        format: str,
        output: str,
        layout: str | None,
        center: str | None = None,
        **options: Any,
    ) -> None:
        try:
            found = find_issue(issue, layout, named_center(center))
        except DraftError as exc:
            raise CommandError(str(exc)) from None
        data = issue_file(found, format)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.stdout.write(f"{found} → {path}（{len(data)} 字节）")


def find_issue(label: str, series_title: str | None = None, center: Center | None = None) -> Issue:
    """The issue ``YEAR-NUMBER`` of a series of ``center`` (the default center's when None:
    every center numbers its own series from 第1期), or the draft ``draft-ID``."""
    draft = re.fullmatch(r"draft-(\d+)", label)
    if draft:
        issue = Issue.objects.filter(pk=int(draft.group(1))).first()
        if issue is None:
            raise CommandError(f"没有草稿 #{draft.group(1)}")
        return issue
    match = re.fullmatch(r"(\d{4})-(\d{1,3})", label.strip())
    if not match:
        raise CommandError(f"期次“{label}”应写作 年度-期号，如 2024-4")
    year, number = int(match.group(1)), int(match.group(2))
    issues = Issue.objects.filter(
        year=year, number=number, series__in=center_series(center)
    ).select_related("series")
    if series_title:
        issues = issues.filter(series__title=series_title)
    found = list(issues)
    if not found:
        raise CommandError(f"没有 {year}年第{number}期")
    if len(found) > 1:
        titles = "、".join(i.series.title for i in found)
        raise CommandError(f"{year}年第{number}期有多个系列（{titles}），请用 --layout 指定")
    return found[0]
