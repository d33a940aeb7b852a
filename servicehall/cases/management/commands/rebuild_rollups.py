"""servicehall rebuild-rollups: recount the daily rollups from the event log."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from servicehall.cases import rollups
from servicehall.cases.models import CaseEvent


class Command(BaseCommand):
    help = "从办件事件日志重新统计每日汇总（正常情况下无需执行：每次写入都同步更新汇总）。"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = rollups.rebuild()
        events = CaseEvent.objects.count()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"已按 {events} 条办件事件重建每日汇总：{rows} 行，用时 {seconds:.1f} 秒。"
        )
