"""API routes of cases (办件与办件事件), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.cases import api

router = SimpleRouter()
router.register("cases", api.CaseViewSet)
router.register("case-events", api.CaseEventViewSet)
router.register("import-batches", api.ImportBatchViewSet)
