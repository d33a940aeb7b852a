"""servicehall federate-center NAME --parent NAME --public-key KEY: register a child center that
runs its own copy (联网报送) with its public key, at the parent's instance."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.core.context import acting_as
from servicehall.federation.bundle import BundleError, fingerprint
from servicehall.federation.services import federate_center
from servicehall.org.models import Center


class Command(BaseCommand):
    help = "登记独立部署、联网报送的下级中心及其公钥（再次运行可追加新公钥）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", help="下级中心名称（与其自身系统中的名称一致）")
        parser.add_argument("--parent", required=True, help="上级中心名称或简称")
        parser.add_argument(
            "--public-key", required=True, help="下级 servicehall federation-key 打印的公钥"
        )
        parser.add_argument("--level", default=Center.Level.COUNTY, choices=Center.Level.values)
        parser.add_argument("--short-name", default="")

    def handle(self, *args: Any, name: str, **options: Any) -> None:
        with acting_as(None, source="command"):
            try:
                center = federate_center(
                    name,
                    parent_name=options["parent"],
                    level=options["level"],
                    public_key=options["public_key"],
                    short_name=options["short_name"],
                )
            except BundleError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已登记联网报送的下级中心“{center.name}”（上级：{center.parent}），公钥指纹 "
            f"{fingerprint(options['public_key'])}"
        )
