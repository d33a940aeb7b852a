"""servicehall backup PATH: the whole database in one file (SQLite backup API / pg_dump)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份整个数据库（记录、变更记录、已发布文件）到一个文件：SQLite 在线备份，PostgreSQL 用 pg_dump。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="备份文件路径（不覆盖已有文件）")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            self.stdout.write(backup(Path(path)))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
