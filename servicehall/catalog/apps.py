from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "servicehall.catalog"
    verbose_name = "事项目录"
