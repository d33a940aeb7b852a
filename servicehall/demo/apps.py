from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set (演示数据) and its ``servicehall demo`` command; it has no models."""

    name = "servicehall.demo"
    verbose_name = "演示数据"
