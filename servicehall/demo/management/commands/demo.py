"""servicehall demo [--if-empty] [--logins]: load the demo data set into an empty database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.demo.network import NETWORK_LOGINS
from servicehall.demo.people import DEMO_LOGINS, DEMO_PASSWORD

ROLE_NAMES = {
    "admin": "中心管理员",
    "leader": "中心领导",
    "staff": "综窗工作人员",
    "liaison": "部门联络员",
}


class Command(BaseCommand):
    help = (
        "载入演示数据（部门、事项、窗口、人员、办件事件、工作记录和演示账号），只能载入空数据库。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库已有数据时不报错，直接退出"
        )
        parser.add_argument("--logins", action="store_true", help="只列出演示账号和密码")

    def handle(self, *args: Any, if_empty: bool, logins: bool, **options: Any) -> None:
        if logins:
            self._print_logins()
            return
        from servicehall.demo.loader import AlreadyLoaded, is_loaded, load

        if is_loaded():
            if if_empty:
                self.stdout.write("演示数据已载入（数据库中已有进驻部门），未做任何改动。")
                self._print_logins()
                return
            raise CommandError(
                "数据库中已有进驻部门：演示数据只能载入空数据库（已有数据时可用 --if-empty 跳过）。"
            )
        try:
            result = load()
        except AlreadyLoaded as exc:
            raise CommandError(str(exc)) from exc
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入演示数据：{counts['departments']} 个进驻部门、{counts['handling_items']} 个办理项、"
                f"{counts['windows']} 个窗口、{counts['staff']} 名工作人员、{counts['cases']} 件办件、"
                f"{counts['case_events']} 条办件事件、{counts['news']} 条工作动态、{counts['published_issues'] + counts['imported_issues']} 期已发布周报，用时 {result.total_seconds:.1f} 秒。"
            )
        )
        if options.get("verbosity", 1) > 1:
            for step, seconds in result.seconds.items():
                self.stdout.write(f"  {step}: {seconds:.2f} s")
        self._print_logins()

    def _print_logins(self) -> None:
        rows = [("账号", "密码", "角色", "中心", "部门")]
        rows += [
            (name, DEMO_PASSWORD, ROLE_NAMES[role], "省中心", dept or "—")
            for name, role, dept in DEMO_LOGINS
        ]
        rows += [
            (n.username, DEMO_PASSWORD, ROLE_NAMES[n.role], n.center, n.department or "—")
            for n in NETWORK_LOGINS
        ]
        widths = [max(_width(r[i]) for r in rows) for i in range(5)]
        self.stdout.write("演示账号：")
        for row in rows:
            self.stdout.write(
                "  "
                + "  ".join(
                    cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
                ).rstrip()
            )


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
