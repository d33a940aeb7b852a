from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "servicehall.history"
    verbose_name = "变更记录"

    def ready(self) -> None:
        from servicehall.history import signals  # noqa: F401  (connects the receivers)
