from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    name = "servicehall.liaison"
    verbose_name = "部门联络员工作台"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.core.roles import Role

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(20, "联络员工作台", "liaison:portal", {Role.LIAISON})
        hooks.register_menu_entry(30, "报送情况", "liaison:center", {Role.ADMIN, Role.LEADER})
