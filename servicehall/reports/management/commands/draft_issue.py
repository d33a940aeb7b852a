"""servicehall draft-issue --week DATE [--layout TITLE] --json.

The output is always the draft made from the data (SPEC.md's parsed form, keys unchanged). When
the week's draft has an editor's changes they are not overwritten: the new draft waits beside
it for the editor to take each differing paragraph (the 比对新草稿 page), and a line on
standard error says so — the JSON on standard output stays exactly the contract's."""

import json as jsonlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.core.context import acting_as
from servicehall.core.dates import DateError, parse_date
from servicehall.gbt9704.document import document_from_json
from servicehall.reports.drafting import DraftError, draft_issue, find_series, named_center
from servicehall.reports.facts import attach_facts
from servicehall.workcal.workdays import NoWorkingDays


class Command(BaseCommand):
    help = "按工作日历取 DATE 所在工作周，用数据生成一期周报草稿，并输出其解析格式。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", required=True, help="周内任一日期 YYYY-MM-DD")
        parser.add_argument(
            "--layout", default=None, help="周报名称（版式），如 窗口工作周报、政务服务工作"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析格式")
        parser.add_argument(
            "--center", default=None, help="中心名称或简称（默认：默认中心），起草该中心自己的周报"
        )

    def handle(
        self,
        *args: Any,
        week: str,
        layout: str | None,
        json: bool,
        center: str | None = None,
        **options: Any,
    ) -> None:
        try:
            day = parse_date(week, "--week")
        except DateError as exc:
            raise CommandError(str(exc)) from None
        with acting_as(None, source="command"):
            try:
                issue = draft_issue(find_series(layout, named_center(center)), day)
            except (DraftError, NoWorkingDays) as exc:
                raise CommandError(str(exc)) from exc
        differences = getattr(issue, "redraft_differences", None)
        pending = issue.pending_redraft or {}
        data_side = pending.get("document") if differences is not None else None
        doc = attach_facts(document_from_json(data_side or issue.document))
        if differences is not None:
            self.stderr.write(
                f"草稿 #{issue.pk} 已有编辑修改，未覆盖：新数据生成的草稿与当前稿有 {differences} 段不同，"
                f"请在 /reports/{issue.pk}/redraft/ 逐段选择（保留修改或采用新数据）。"
            )
        if json:
            self.stdout.write(jsonlib.dumps(doc.to_parsed(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"已生成草稿 #{issue.pk}：{issue}（{issue.period_start}—{issue.period_end}）"
        )
