"""servicehall indicators --from DATE --to DATE --json [--center NAME [--with-children]]
[--department ID | --window CODE | --item ID] [--dimension center|department|window|item]."""

import json as jsonlib
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.periods import Period
from servicehall.figures import indicators, leader
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
        parser.add_argument("--department", type=int, help="只计这个部门（编号）")
        parser.add_argument("--window", help="只计这个窗口受理的办件（窗口号）")
        parser.add_argument("--item", type=int, help="只计这个办理项（编号）")
        parser.add_argument(
            "--dimension",
            choices=list(indicators.Dimension.values),
            help="分项输出：下级中心、部门、窗口或办理项，每项一组指标",
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
        scope = leader.scope_of(
            period,
            center_scope,
            department=options["department"],
            window=options["window"],
            item=options["item"],
        )
        if dimension := options["dimension"]:
            lines = [
                {"key": g.key, "label": g.label, "indicators": indicators.as_json(g.scope)}
                for g in indicators.groups(scope, dimension, center_scope)
            ]
            self.stdout.write(
                jsonlib.dumps({"dimension": dimension, "lines": lines}, ensure_ascii=False)
            )
            return
        result = indicators.as_json(scope)
        if json:
            self.stdout.write(jsonlib.dumps(result, ensure_ascii=False))
            return
        for row in result.values():
            value = "—" if row["value"] is None else f"{row['value']}{row['unit']}"
            ratio = (
                "" if row["denominator"] is None else f"（{row['numerator']}/{row['denominator']}）"
            )
            self.stdout.write(f"{row['label']}：{value}{ratio}")
