"""servicehall restore PATH [--force]: the database as a backup file holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "由 servicehall backup 的备份文件恢复数据库；数据库已有数据时须加 --force。恢复前请停止网页与后台进程。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="备份文件路径")
        parser.add_argument("--force", action="store_true", help="数据库已有数据时仍以备份覆盖")

    def handle(self, *args: Any, path: str, force: bool = False, **options: Any) -> None:
        try:
            self.stdout.write(restore(Path(path), force=force))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
