from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "servicehall.journal"
    verbose_name = "工作记录"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.core.roles import Role

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(60, "平台数据导入", "journal:platform_import", {Role.ADMIN})
        hooks.register_menu_entry(160, "工作动态", "journal:news_list")
        hooks.register_menu_entry(170, "厅长进大厅", "journal:visit_list")
        hooks.register_menu_entry(
            180, "大厅巡查", "journal:patrol_list", {Role.STAFF, Role.ADMIN, Role.LEADER}
        )
        hooks.register_menu_entry(190, "惠企政策", "journal:policy_list")
        hooks.register_menu_entry(210, "好差评", "journal:evaluation_list")
        hooks.register_menu_entry(220, "差评整改", "journal:rectification_list")
        hooks.register_menu_entry(
            230,
            "整改逾期",
            "journal:rectification_overdue",
            {Role.ADMIN, Role.LEADER, Role.LIAISON},
        )
        from servicehall.journal import jobs  # registers import_platform

        del jobs
