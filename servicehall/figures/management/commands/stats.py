"""servicehall stats --from DATE --to DATE --json [--repeat N] [--center NAME [--with-children]]:
case counts for a period and its year to date, of one center (本级) or its subtree (本级及下级)."""

import datetime as dt
import json as jsonlib
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.cases.models import EventKind
from servicehall.core.dates import DateError, parse_date
from servicehall.figures import Period, stats
from servicehall.figures.scope import UnknownCenter, named_scope


def _date(text: str, label: str) -> dt.date:
    try:
        return parse_date(text, label)
    except DateError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = "统计期间及今年以来的综窗办件数（咨询、受理、流转、颁发、办结）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD（含）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument(
            "--repeat", type=int, default=1, help="重复计算 N 次（计时用），只输出一次"
        )
        parser.add_argument(
            "--center", default=None, help="中心名称或简称（默认：默认中心），只计本级"
        )
        parser.add_argument(
            "--with-children", action="store_true", help="计入该中心全部下级中心（本级及下级）"
        )

    def handle(
        self,
        *args: Any,
        start: str,
        end: str,
        json: bool,
        repeat: int,
        center: str | None = None,
        with_children: bool = False,
        **options: Any,
    ) -> None:
        try:
            period = Period(_date(start, "--from"), _date(end, "--to"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if repeat < 1:
            raise CommandError("--repeat 至少为 1")
        try:
            center_scope = named_scope(center, with_children)
        except UnknownCenter as exc:
            raise CommandError(str(exc)) from exc
        for _ in range(repeat):
            result = stats(period, scope=center_scope)
        if json:
            self.stdout.write(_dumps(result))
            return
        for scope, title in (("period", f"{period.start}—{period.end}"), ("ytd", "今年以来")):
            parts = "，".join(f"{EventKind(k).label} {v}" for k, v in result[scope].items())
            self.stdout.write(f"{title}：{parts}")


def _dumps(data: object) -> str:
    return jsonlib.dumps(data, ensure_ascii=False)
