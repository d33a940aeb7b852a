from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "servicehall.archive"
    verbose_name = "往期报告"

    def ready(self) -> None:
        from servicehall.core import hooks

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(270, "往期检索", "archive:search")
        # Registers the background job that imports uploaded past reports (import_reports),
        # and keeps the search index in step with published and imported issues.
        from servicehall.archive import jobs, signals  # noqa: F401

        signals.connect()
