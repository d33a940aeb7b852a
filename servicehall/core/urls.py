"""URL map of the web UI (网页)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from servicehall.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cases/", include("servicehall.cases.urls")),
    path("org/", include("servicehall.org.urls")),
    path("catalog/", include("servicehall.catalog.urls")),
    path("journal/", include("servicehall.journal.urls")),
    path("history/", include("servicehall.history.urls")),
    path("reports/", include("servicehall.reports.urls")),
]
