from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "servicehall.journal"
    verbose_name = "工作记录"
