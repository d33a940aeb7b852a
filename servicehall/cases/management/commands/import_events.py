"""servicehall import-events PATH: import case events, all or nothing."""

from __future__ import annotations

import json as jsonlib
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.cases.importer import WRITING, import_events
from servicehall.core.context import acting_as
from servicehall.core.tabular import ImportRejected, estimated_rows

PROGRESS_SECONDS = 1.0  # at most one progress line a second


class Command(BaseCommand):
    help = "导入办件事件（.csv 或 .xlsx）：全部校验通过才写入；重复导入同一文件不产生变化。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--strict",
            "--strict-departments",
            dest="strict",
            action="store_true",
            default=None,
            help="部门、办理项、窗口必须在名录中，事件须合办件流程，否则逐行报错、不导入"
            "（默认宽松：只作提示）",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--quiet", action="store_true", help="不显示进度")

    def handle(
        self,
        *args: Any,
        path: str,
        strict: bool | None,
        json: bool = False,
        quiet: bool = False,
        **options: Any,
    ) -> None:
        started = time.perf_counter()
        expected = estimated_rows(Path(path))
        tty = sys.stderr.isatty()

        shown = [0.0]

        def progress(rows: int, stage: str) -> None:
            now = time.perf_counter()
            if stage != WRITING and now - shown[0] < PROGRESS_SECONDS:
                return
            shown[0] = now
            rate = rows / max(now - started, 1e-6)
            if stage == WRITING:
                line = f"已校验 {rows:,} 行，{rate:,.0f} 行/秒；写入数据库……"
            else:
                eta = f"，约 {max(expected - rows, 0) / rate:.0f} 秒后读完" if expected else ""
                line = f"已校验 {rows:,} 行，{rate:,.0f} 行/秒{eta}"
            sys.stderr.write(f"\r{line}\033[K" if tty else f"{line}\n")
            sys.stderr.flush()

        with acting_as(None, source="import"):
            try:
                result = import_events(
                    path,
                    strict=strict,
                    imported_by="servicehall import-events",
                    progress=None if quiet else progress,
                )
            except ImportRejected as exc:
                raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        if tty and not quiet:
            sys.stderr.write("\n")
        if json:
            self.stdout.write(_json(result.as_dict()))
            return
        self.stdout.write(
            f"共 {result.rows} 行：新增 {result.created} 条，已存在 {result.skipped} 条；"
            f"用时 {seconds:.1f} 秒（{result.rows / max(seconds, 1e-6):,.0f} 行/秒）。"
        )
        if result.unknown_departments:
            self.stdout.write(
                "名录外部门（已按原文保存）：" + "、".join(result.unknown_departments)
            )
        for warning in result.warnings:
            self.stdout.write(warning)


def _json(data: object) -> str:
    return jsonlib.dumps(data, ensure_ascii=False)
