"""API routes of journal (动态、巡查、惠企政策、平台统计、好差评), merged into ``/api/`` by ``servicehall.api_urls``."""

from rest_framework.routers import SimpleRouter

from servicehall.journal import api

router = SimpleRouter()
router.register("news-categories", api.NewsCategoryViewSet)
router.register("news", api.NewsItemViewSet)
router.register("leader-visits", api.LeaderVisitViewSet)
router.register("patrols", api.PatrolViewSet)
router.register("patrol-findings", api.PatrolFindingViewSet)
router.register("benefit-batches", api.BenefitPolicyBatchViewSet)
router.register("benefit-policies", api.BenefitPolicyViewSet)
router.register("benefit-fulfilments", api.BenefitFulfilmentViewSet)
router.register("platform-counts", api.PlatformDailyCountViewSet)
router.register("evaluations", api.ServiceEvaluationViewSet)
router.register("rectifications", api.RectificationViewSet)
