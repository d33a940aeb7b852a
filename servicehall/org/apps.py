from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "servicehall.org"
    verbose_name = "机构与窗口"
