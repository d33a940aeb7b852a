"""servicehall import-events PATH: import case events, all or nothing."""

import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from servicehall.cases.importer import ImportRejected, import_events
from servicehall.history.context import acting_as


class Command(BaseCommand):
    help = "导入办件事件（.csv 或 .xlsx）：全部校验通过才写入；重复导入同一文件不产生变化。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--strict-departments", action="store_true", default=None, help="部门必须在名录中"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, path, strict_departments, json: bool = False, **options):
        with acting_as(None, source="import"):
            try:
                result = import_events(
                    path,
                    strict_departments=strict_departments,
                    imported_by="servicehall import-events",
                )
            except ImportRejected as exc:
                raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_json(result.as_dict()))
            return
        self.stdout.write(
            f"共 {result.rows} 行：新增 {result.created} 条，已存在 {result.skipped} 条。"
        )
        if result.unknown_departments:
            self.stdout.write(
                "名录外部门（已按原文保存）：" + "、".join(result.unknown_departments)
            )


def _json(data) -> str:
    return jsonlib.dumps(data, ensure_ascii=False)
