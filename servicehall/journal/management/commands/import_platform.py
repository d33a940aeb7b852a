"""servicehall import-platform PATH: the integrated platform's daily 受理/办结 per item kind."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.core.context import acting_as
from servicehall.core.tabular import ImportRejected
from servicehall.journal.platform_import import import_platform_counts


class Command(BaseCommand):
    help = "导入一体化政务服务平台每日办件统计（列：day, item_kind, accepted, completed），全部校验通过才写入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        with acting_as(None, source="import"):
            try:
                result = import_platform_counts(path, imported_by="servicehall import-platform")
            except (ImportRejected, OSError) as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"共 {result.rows} 行：新增 {result.created} 条，更新 {result.updated} 条，未变 {result.unchanged} 条。"
        )
