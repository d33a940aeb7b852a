from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "servicehall.core"
    verbose_name = "公共"
