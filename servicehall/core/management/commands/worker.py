"""servicehall worker: run background jobs (imports of past reports …)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from servicehall.core.jobs import work


class Command(BaseCommand):
    help = "运行后台任务（如批量导入往期报告）。--once 处理完排队任务后退出。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--poll", type=float, default=2.0, help="空闲时轮询间隔（秒）")

    def handle(self, *args: Any, once: bool, poll: float, **options: Any) -> None:
        ran = work(once=once, poll_seconds=poll)
        if once:
            self.stdout.write(f"已运行 {ran} 个任务")
