"""servicehall verify-issues [--json]: recompute every published file's checksum."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.reports.integrity import verify_issue_files


class Command(BaseCommand):
    help = "重新计算每个已发布期次文件的 SHA-256，与登记值不符时以非零状态退出。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, json: bool = False, **options: Any) -> None:
        result = verify_issue_files()
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(f"已校验 {result.issues} 期已发布周报的 {result.files} 个文件。")
            for problem in result.problems:
                self.stdout.write(f"  不符：{problem}")
        if result.problems:
            raise CommandError(f"{len(result.problems)} 处不符")


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)
