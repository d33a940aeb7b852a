"""API routes of catalog (事项与办理项), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.catalog import api

router = SimpleRouter()
router.register("service-items", api.ServiceItemViewSet)
router.register("handling-items", api.HandlingItemViewSet)
router.register("authorization-changes", api.AuthorizationChangeViewSet)
router.register("handbook-changes", api.HandbookChangeViewSet)
router.register("item-specs", api.ItemSpecVersionViewSet)
