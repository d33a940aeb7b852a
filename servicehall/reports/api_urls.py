"""API routes of reports (周报), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.reports import api

router = SimpleRouter()
router.register("issues", api.IssueViewSet)
