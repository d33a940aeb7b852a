"""servicehall worker: run background jobs (imports of past reports …)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from servicehall.core.jobs import work


class Command(BaseCommand):
    help = (
        "运行后台任务（如批量导入往期报告）。每个任务在受监视的子进程中运行：子进程异常退出时"
        "该任务记为失败并写明原因，本进程继续处理后面的任务。--once 处理完排队任务后退出。"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--poll", type=float, default=2.0, help="空闲时轮询间隔（秒）")
        parser.add_argument(
            "--in-process", action="store_true", help="在本进程内运行任务（仅供调试）"
        )

    def handle(self, *args: Any, once: bool, poll: float, in_process: bool, **options: Any) -> None:
        ran = work(once=once, poll_seconds=poll, isolate=not in_process)
        if once:
            self.stdout.write(f"已运行 {ran} 个任务")
