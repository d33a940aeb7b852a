from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "servicehall.catalog"
    verbose_name = "事项目录"

    def ready(self) -> None:
        from servicehall.core import hooks

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(130, "办理项", "catalog:handlingitem_list")
        hooks.register_menu_entry(140, "事项", "catalog:serviceitem_list")
        hooks.register_menu_entry(150, "一单一图一表", "catalog:spec_list")
