"""servicehall api-token NAME [--rotate]: the API token of a login (接口令牌)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.accounts.services import UserError, api_token
from servicehall.core.context import acting_as


class Command(BaseCommand):
    help = "显示（或用 --rotate 更换）一个账号的接口令牌；接口请求头：Authorization: Token <令牌>。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="作废旧令牌并生成新令牌")

    def handle(self, *args: Any, username: str, rotate: bool, **options: Any) -> None:
        with acting_as(None, source="command"):
            try:
                key = api_token(username, rotate=rotate)
            except UserError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(key)
