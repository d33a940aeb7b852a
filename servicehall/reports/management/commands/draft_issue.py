"""servicehall draft-issue --week DATE [--layout TITLE] --json."""

import datetime as dt
import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.context import acting_as
from servicehall.reports.document import document_from_json
from servicehall.reports.drafting import DraftError, draft_issue, find_series
from servicehall.reports.facts import attach_facts
from servicehall.workcal.workdays import NoWorkingDays


class Command(BaseCommand):
    help = "按工作日历取 DATE 所在工作周，用数据生成一期周报草稿，并输出其解析格式。"

    def add_arguments(self, parser):
        parser.add_argument("--week", required=True, help="周内任一日期 YYYY-MM-DD")
        parser.add_argument(
            "--layout", default=None, help="周报名称（版式），如 窗口工作周报、政务服务工作"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析格式")

    def handle(self, *args, week, layout, json: bool, **options):
        try:
            day = dt.date.fromisoformat(week)
        except ValueError:
            raise CommandError(f"无法识别的日期“{week}”，应为 YYYY-MM-DD") from None
        with acting_as(None, source="command"):
            try:
                issue = draft_issue(find_series(layout), day)
            except (DraftError, NoWorkingDays) as exc:
                raise CommandError(str(exc)) from exc
        doc = attach_facts(document_from_json(issue.document))
        if json:
            self.stdout.write(jsonlib.dumps(doc.to_parsed(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"已生成草稿 #{issue.pk}：{issue}（{issue.period_start}—{issue.period_end}）"
        )
