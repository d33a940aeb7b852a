"""URL map of ServiceHall: each app's pages under its prefix, the API, the admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from servicehall.accounts.urls import AdminLoginView

admin.site.site_header = "ServiceHall 政务大厅管理"
admin.site.site_title = "ServiceHall"
admin.site.index_title = "数据管理"

urlpatterns = [
    # Before the admin's own: its sign-in writes in one transaction (accounts.services.sign_in).
    path("admin/login/", AdminLoginView.as_view(), name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("servicehall.api_urls")),
    path("", include("servicehall.figures.urls")),
    path("", include("servicehall.core.urls")),
    path("accounts/", include("servicehall.accounts.urls")),
    path("cases/", include("servicehall.cases.urls")),
    path("org/", include("servicehall.org.urls")),
    path("catalog/", include("servicehall.catalog.urls")),
    path("journal/", include("servicehall.journal.urls")),
    path("liaison/", include("servicehall.liaison.urls")),
    path("history/", include("servicehall.history.urls")),
    path("calendar/", include("servicehall.workcal.urls")),
    path("reports/", include("servicehall.reports.urls")),
    path("archive/", include("servicehall.archive.urls")),
    path("federation/", include("servicehall.federation.urls")),
]
