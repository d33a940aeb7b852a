from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "servicehall.journal"
    verbose_name = "工作记录"

    def ready(self) -> None:
        from servicehall.journal import jobs  # registers import_platform

        del jobs
