"""API routes of history (变更记录), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.history import api

router = SimpleRouter()
router.register("changes", api.ChangeRecordViewSet)
