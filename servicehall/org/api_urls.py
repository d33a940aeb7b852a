"""API routes of org (机构、部门、窗口、人员、培训), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.org import api

router = SimpleRouter()
router.register("centers", api.CenterViewSet)
router.register("departments", api.DepartmentViewSet)
router.register("windows", api.WindowViewSet)
router.register("staff", api.StaffViewSet)
router.register("trainings", api.TrainingSessionViewSet)
