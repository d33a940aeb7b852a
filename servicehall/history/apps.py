from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "servicehall.history"
    verbose_name = "变更记录"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.core.roles import Role

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(290, "变更记录", "history:list", {Role.ADMIN})
        from servicehall.history import signals  # noqa: F401  (connects the receivers)
