from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "servicehall.workcal"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.core.roles import Role

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(280, "工作日历", "workcal:list", {Role.ADMIN, Role.LEADER})
        from servicehall.workcal import checks, signals  # noqa: F401  (registers them)

        # A missing or estimated year: said to the center admins on the home page.
        hooks.register_home_panel("workcal.calendar", checks.home_panel)
