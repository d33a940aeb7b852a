"""servicehall export-bundle --center NAME --since DATE -o PATH: a child center's daily rollups
and published issues, signed, for its parent's instance when the networks do not meet."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.context import acting_as
from servicehall.federation.bundle import BundleError, read_envelope
from servicehall.federation.services import export_bundle


class Command(BaseCommand):
    help = "导出本中心（本级及下级）自某日起的每日汇总和已发布期次，签名后写入数据包文件，供上级中心导入。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--center", required=True, help="中心名称或简称")
        parser.add_argument("--since", required=True, help="起始日期 YYYY-MM-DD")
        parser.add_argument("-o", "--output", required=True, help="数据包文件路径")

    def handle(self, *args: Any, center: str, since: str, output: str, **options: Any) -> None:
        try:
            start = dt.date.fromisoformat(since)
        except ValueError as exc:
            raise CommandError(f"起始日期格式应为 YYYY-MM-DD：{since}") from exc
        with acting_as(None, source="command"):
            try:
                data = export_bundle(center, start)
            except BundleError as exc:
                raise CommandError(str(exc)) from exc
        Path(output).write_bytes(data)
        payload = read_envelope(data).payload
        self.stdout.write(
            f"已写出“{payload['center']}”第{payload['sequence']}号数据包：{output}"
            f"（{payload['since']}至{payload['through']}，{len(payload['days'])} 天，"
            f"已发布期次 {len(payload['issues'])} 期）"
        )
