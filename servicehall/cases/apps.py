from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "servicehall.cases"
    verbose_name = "综窗办件"

    def ready(self) -> None:
        from servicehall.cases import jobs, rollups  # jobs: registers import_events

        rollups.connect()
        del jobs
