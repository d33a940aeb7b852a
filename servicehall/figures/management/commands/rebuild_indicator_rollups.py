"""servicehall rebuild-indicator-rollups: recount the indicators' monthly rollups, or check them."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.figures import indicator_rollups


class Command(BaseCommand):
    help = (
        "从办件和评价重新统计考核指标月汇总（正常情况下无需执行：每次写入都同步更新）；"
        "--check 只核对，不一致时以非零状态退出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="只核对月汇总与逐件统计是否一致")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["check"]:
            wrong = indicator_rollups.mismatches()
            if wrong:
                raise CommandError(f"考核指标月汇总有 {wrong} 项与逐件统计不一致，请执行重建。")
            self.stdout.write("考核指标月汇总与逐件统计一致。")
            return
        rows = indicator_rollups.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(f"已重建考核指标月汇总：{rows} 行，用时 {seconds:.1f} 秒。")
