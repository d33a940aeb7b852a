"""servicehall indicators --from DATE --to DATE --json [--center NAME [--with-children]]."""

import json as jsonlib
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.periods import Period
from servicehall.figures import indicators
from servicehall.figures.management.commands.stats import _date
from servicehall.figures.scope import UnknownCenter, named_scope


class Command(BaseCommand):
    help = "统计期间的政务服务考核指标（按时办结率、好评率等），口径见 docs/indicators.md。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD（含）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--center", help="只统计该中心（名称或简称）的部门")
        parser.add_argument(
            "--with-children", action="store_true", help="与 --center 同用：含其下级中心"
        )

    def handle(self, *args: Any, start: str, end: str, json: bool, **options: Any) -> None:
        try:
            period = Period(_date(start, "--from"), _date(end, "--to"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if refusal := indicators.period_refusal(period):
            raise CommandError(refusal)
        try:
            center_scope = named_scope(options["center"], options["with_children"])
        except UnknownCenter as exc:
            raise CommandError(str(exc)) from exc
        departments = indicators.departments_in(center_scope)
        result = indicators.as_json(indicators.Scope(period, departments))
        if json:
            self.stdout.write(jsonlib.dumps(result, ensure_ascii=False))
            return
        for row in result.values():
            value = "—" if row["value"] is None else f"{row['value']}{row['unit']}"
            ratio = (
                "" if row["denominator"] is None else f"（{row['numerator']}/{row['denominator']}）"
            )
            self.stdout.write(f"{row['label']}：{value}{ratio}")
