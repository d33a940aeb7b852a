"""servicehall reindex: rebuild the full-text index of published and imported issues."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from servicehall.archive.search import reindex


class Command(BaseCommand):
    help = "重建往期全文检索索引（已发布及导入的期次、往期文档）。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"已索引 {reindex()} 个段落。")
