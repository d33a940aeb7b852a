"""API routes of the liaison portal (联络员工作台), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.liaison import api

router = SimpleRouter()
router.register("notices", api.NoticeViewSet)
