"""servicehall verify-issues [--json]: walk the archive's ledger, recompute every published
issue's row and file, and name each break."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.reports.integrity import verify_issue_files
from servicehall.reports.ledger import verify


class Command(BaseCommand):
    help = (
        "沿发布台账逐条核对：重新计算每条记录的校验码、每期已发布周报的字段和每个文件的 "
        "SHA-256，逐处指出不符（被改动的字段或文件、缺失的期次、顺序被调换的记录），有不符时"
        "以非零状态退出。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, json: bool = False, **options: Any) -> None:
        ledger = verify()
        files = verify_issue_files()
        problems = [str(b) for b in ledger.breaks] + [f"{p}（文件登记）" for p in files.problems]
        if json:
            self.stdout.write(_dumps({**ledger.as_dict(), "problems": problems}))
        else:
            self.stdout.write(
                f"已沿台账核对 {ledger.entries} 条记录、{ledger.issues} 期已发布周报的 "
                f"{ledger.files} 个文件。"
            )
            self.stdout.write(f"台账链首：第 {ledger.head_seq} 条 {ledger.head_mac or '（空）'}")
            for problem in problems:
                self.stdout.write(f"  不符：{problem}")
        if problems:
            raise CommandError(f"{len(problems)} 处不符")


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)
