from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "servicehall.archive"
    verbose_name = "往期报告"

    def ready(self) -> None:
        # Registers the background job that imports uploaded past reports (import_reports),
        # and keeps the search index in step with published and imported issues.
        from servicehall.archive import jobs, signals  # noqa: F401
        from servicehall.archive.figures import extract_figures
        from servicehall.gbt9704.document import Paragraph
        from servicehall.reports.reading import register_figure_reader

        signals.connect()
        # The drafts' checks read an edited paragraph's numbers as a past report's are read.
        register_figure_reader(lambda text: extract_figures([Paragraph.of(text)]))
