from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "servicehall.cases"
    verbose_name = "综窗办件"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.core.roles import Role

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(40, "综窗登记", "cases:desk", {Role.STAFF, Role.ADMIN})
        hooks.register_menu_entry(50, "事件导入", "cases:import", {Role.ADMIN})
        hooks.register_menu_entry(70, "办件事件", "cases:event_list")
        hooks.register_menu_entry(80, "在办件", "cases:open_list")
        from servicehall.cases import jobs, rollups  # jobs: registers import_events

        rollups.connect()
        del jobs
