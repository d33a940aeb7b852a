"""URL map of the dashboard (首页)."""

from django.urls import path

from servicehall.figures import views

urlpatterns = [
    path("", views.home, name="home"),
    path("flow/", views.case_flow_report, name="case_flow"),
    path("ranking/", views.monthly_ranking, name="monthly_ranking"),
    path("network/", views.network_table, name="network"),
]
