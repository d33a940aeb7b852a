from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "servicehall.reports"
    verbose_name = "周报"
