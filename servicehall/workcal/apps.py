from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "servicehall.workcal"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.workcal import checks, signals  # noqa: F401  (registers them)

        # A missing or estimated year: said to the center admins on the home page.
        hooks.register_home_panel("workcal.calendar", checks.home_panel)
