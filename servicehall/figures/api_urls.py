"""API routes of figures' registers (考核目标值), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.figures import api

router = SimpleRouter()
router.register("indicator-targets", api.IndicatorTargetViewSet)
