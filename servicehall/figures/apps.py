from django.apps import AppConfig


class FiguresConfig(AppConfig):
    """The figures (统计口径): every number of the report, the dashboard and the stats API."""

    name = "servicehall.figures"
    verbose_name = "统计"
