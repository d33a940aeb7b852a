from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "servicehall.archive"
    verbose_name = "往期报告"

    def ready(self) -> None:
        # Registers the background job that imports uploaded past reports (import_reports).
        from servicehall.archive import jobs  # noqa: F401
