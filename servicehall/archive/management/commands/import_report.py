"""servicehall import-report PATH [--json]: a past report (.txt, .docx, .pdf) becomes data."""

import json as jsonlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.archive.extract import ReportFileError
from servicehall.archive.services import ImportConflict, store_report
from servicehall.core.context import acting_as


class Command(BaseCommand):
    help = "导入往期周报（.txt、.docx、.pdf）：期号、章节、指标和文中数量入库；重复导入不产生变化。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="输出解析格式 JSON")

    def handle(self, *args: Any, paths: list[str], json: bool, **options: Any) -> None:
        outputs = []
        failed = []
        for raw in paths:
            path = Path(raw)
            if not path.is_file():
                failed.append(f"{raw}：文件不存在")
                continue
            try:
                with acting_as(None, source="import"):
                    result = store_report(path)
            except (ReportFileError, ImportConflict) as exc:
                failed.append(f"{path.name}：{exc}")
                continue
            if json:
                outputs.append(result.document.to_parsed())
            else:
                state = "已导入" if result.created else "已存在，未改变"
                if result.kind == "disputed" and result.created:
                    state = "已导入，但数字与记录不符，存为争议期次（不计入趋势）"
                if result.kind == "conflict":
                    state = "与已有期次内容不同，另存为待核对文档" if result.created else state
                self.stdout.write(f"{path.name}：{state} {result.label}")
                for warning in result.document.warnings:
                    self.stdout.write(f"  注意：{warning}")
        if json and outputs:
            self.stdout.write(
                jsonlib.dumps(
                    outputs[0] if len(outputs) == 1 else outputs, ensure_ascii=False, indent=2
                )
            )
        if failed:
            raise CommandError("\n".join(failed))
