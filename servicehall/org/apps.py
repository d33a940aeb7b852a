from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "servicehall.org"
    verbose_name = "机构与窗口"

    def ready(self) -> None:
        from servicehall.core import hooks

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(100, "部门", "org:department_list")
        hooks.register_menu_entry(110, "窗口", "org:window_list")
        hooks.register_menu_entry(120, "工作人员", "org:staff_list")
        hooks.register_menu_entry(200, "培训", "org:training_list")
