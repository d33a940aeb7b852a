from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "servicehall.archive"
    verbose_name = "往期报告"
