"""URL map of the dashboard (首页) and the indicator pages (考核指标)."""

from django.urls import path

from servicehall.figures import indicator_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("flow/", views.case_flow_report, name="case_flow"),
    path("ranking/", views.monthly_ranking, name="monthly_ranking"),
    path("network/", views.network_table, name="network"),
    path("indicators/", indicator_views.indicators_page, name="indicators"),
    path("indicators/cases/", indicator_views.indicator_cases, name="indicator_cases"),
    path(
        "indicators/targets/",
        indicator_views.IndicatorTargetListView.as_view(),
        name="indicator_target_list",
    ),
    path(
        "indicators/targets/add/",
        indicator_views.IndicatorTargetCreateView.as_view(),
        name="indicator_target_add",
    ),
    path(
        "indicators/targets/<int:pk>/",
        indicator_views.IndicatorTargetUpdateView.as_view(),
        name="indicator_target_edit",
    ),
]
