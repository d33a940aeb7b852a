from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "servicehall.workcal"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from servicehall.workcal import checks, signals  # noqa: F401  (registers them)
