"""servicehall adduser NAME --role ROLE [--department NAME] [--center NAME] --password PW."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicehall.accounts.services import UserError, create_login
from servicehall.core.context import acting_as
from servicehall.core.roles import Role


class Command(BaseCommand):
    help = (
        "创建登录账号：admin 中心管理员、staff 综窗工作人员、liaison 部门联络员、leader 中心领导。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--department", default=None, help="部门名称（部门联络员必填）")
        parser.add_argument("--password", required=True)
        parser.add_argument("--center", default=None, help="所属中心名称或简称（默认：默认中心）")

    def handle(
        self,
        *args: Any,
        name: str,
        role: str,
        department: str | None,
        password: str,
        center: str | None = None,
        **options: Any,
    ) -> None:
        with acting_as(None, source="command"):
            try:
                user = create_login(
                    name,
                    role=role,
                    department_name=department,
                    password=password,
                    center_name=center,
                )
            except UserError as exc:
                raise CommandError(str(exc)) from exc
        dept = f"，部门：{user.department.name}" if user.department else ""
        self.stdout.write(
            f"已创建账号 {user.username}（{user.center}，{user.get_role_display()}{dept}）"
        )
