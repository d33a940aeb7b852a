"""servicehall push-bundle --center NAME --since DATE --url URL: make a signed bundle and push it
to the parent's API (POST /api/federation/bundles/) with this center's token at the parent."""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.request
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.context import acting_as
from servicehall.federation.bundle import BundleError
from servicehall.federation.services import export_bundle


class Command(BaseCommand):
    help = (
        "生成本中心自某日起的签名数据包并推送到上级中心的接口；令牌取自 --token-file 或环境变量 "
        "SERVICEHALL_PARENT_TOKEN（上级为本中心账号生成的接口令牌）。"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--center", required=True, help="中心名称或简称")
        parser.add_argument("--since", required=True, help="起始日期 YYYY-MM-DD")
        parser.add_argument(
            "--url", required=True, help="上级中心系统的地址，如 https://sheng.example/"
        )
        parser.add_argument("--token-file", help="存放上级接口令牌的文件")
        parser.add_argument("--timeout", type=float, default=120, help="等待上级应答的秒数")

    def handle(self, *args: Any, center: str, since: str, url: str, **options: Any) -> None:
        token_file = options.get("token_file")
        token = (
            Path(token_file).read_text(encoding="utf-8").strip()
            if token_file
            else os.environ.get("SERVICEHALL_PARENT_TOKEN", "").strip()
        )
        if not token:
            raise CommandError(
                "缺少上级中心的接口令牌：请用 --token-file 或环境变量 SERVICEHALL_PARENT_TOKEN 提供"
            )
        try:
            start = dt.date.fromisoformat(since)
        except ValueError as exc:
            raise CommandError(f"起始日期格式应为 YYYY-MM-DD：{since}") from exc
        with acting_as(None, source="command"):
            try:
                data = export_bundle(center, start)
            except BundleError as exc:
                raise CommandError(str(exc)) from exc
        request = urllib.request.Request(
            url.rstrip("/") + "/api/federation/bundles/",
            data=data,
            method="POST",
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=options["timeout"]) as answer:
                body = json.loads(answer.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise CommandError(f"上级中心拒绝（HTTP {exc.code}）：{_said(exc.read())}") from exc
        except urllib.error.URLError as exc:
            raise CommandError(f"无法连接上级中心 {url}：{exc.reason}") from exc
        self.stdout.write(str(body.get("message", body)))


def _said(raw: bytes) -> str:
    try:
        body = json.loads(raw.decode("utf-8"))
    except ValueError:
        return raw.decode("utf-8", "replace")[:300]
    return str(body.get("detail") or body.get("message") or body)
