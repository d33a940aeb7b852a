"""servicehall audit-issue YEAR-NUMBER [--json]: the GB/T 9704 conformance table of an issue."""

import json as jsonlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.gbt9704.audit import as_json
from servicehall.reports.conformance import audit_issue
from servicehall.reports.management.commands.render_issue import find_issue


class Command(BaseCommand):
    help = "逐条核查一期周报 PDF 是否符合 GB/T 9704-2012（从 PDF 实测）；有不符合项时退出码为 1。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("issue", help="年度-期号，如 2024-4；或 draft-ID")
        parser.add_argument("--layout", default=None, help="周报名称（同年同期号有多个系列时）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(
        self, *args: Any, issue: str, layout: str | None, json: bool, **options: Any
    ) -> None:
        found = find_issue(issue, layout)
        clauses = audit_issue(found)
        failed = [c for c in clauses if not c.ok]
        if json:
            report = {"issue": str(found), "ok": not failed, "clauses": as_json(clauses)}
            self.stdout.write(jsonlib.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{found}：GB/T 9704-2012 版式核查")
            for c in clauses:
                mark = "✔" if c.ok else "✘"
                tolerance = f"（{c.tolerance}）" if c.tolerance else ""
                self.stdout.write(
                    f"{mark} {c.clause:<6} {c.item}：要求 {c.required}{tolerance}；实测 {c.measured}"
                )
            self.stdout.write(f"共 {len(clauses)} 项，不符合 {len(failed)} 项")
        if failed:
            raise CommandError(f"{len(failed)} 项不符合：" + "、".join(c.item for c in failed))
