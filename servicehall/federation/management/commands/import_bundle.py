"""servicehall import-bundle PATH: take a federated child's signed bundle in, all or nothing;
the same bundle again changes nothing and says so; a replayed or altered one is refused."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.context import acting_as
from servicehall.federation.bundle import BundleError
from servicehall.federation.services import import_bundle


class Command(BaseCommand):
    help = "导入联网下级中心的签名数据包（每日汇总与已发布期次）；重复导入不做更改，重放或被改动的数据包拒绝导入。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="数据包文件")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取数据包文件 {path}：{exc.strerror}") from exc
        with acting_as(None, source="command"):
            try:
                result = import_bundle(data)
            except BundleError as exc:
                raise CommandError(f"拒绝导入：{exc}") from exc
        self.stdout.write(result.message)
