"""URL map of the REST API (/api/): every app's routes under one browsable root, and the figures."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from servicehall.cases.api_urls import router as cases_router
from servicehall.catalog.api_urls import router as catalog_router
from servicehall.federation import api as federation_api
from servicehall.figures import api as figures_api
from servicehall.figures.api_urls import router as figures_router
from servicehall.history.api_urls import router as history_router
from servicehall.journal.api_urls import router as journal_router
from servicehall.liaison import api as liaison_api
from servicehall.liaison.api_urls import router as liaison_router
from servicehall.org.api_urls import router as org_router
from servicehall.reports.api_urls import router as reports_router

router = DefaultRouter()
for app_router in (
    org_router,
    catalog_router,
    cases_router,
    journal_router,
    liaison_router,
    history_router,
    reports_router,
    figures_router,
):
    router.registry.extend(app_router.registry)

urlpatterns = [
    *figures_api.urlpatterns,
    *liaison_api.urlpatterns,
    *federation_api.urlpatterns,
    path("", include(router.urls)),
]
