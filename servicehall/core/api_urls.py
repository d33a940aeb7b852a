"""URL map of the REST API (/api/): one viewset per model, plus the figures endpoints."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from servicehall.cases import api as cases_api
from servicehall.catalog import api as catalog_api
from servicehall.core.api import FiguresView, StatsView
from servicehall.history import api as history_api
from servicehall.journal import api as journal_api
from servicehall.org import api as org_api
from servicehall.reports import api as reports_api

router = DefaultRouter()
router.register("centers", org_api.CenterViewSet)
router.register("departments", org_api.DepartmentViewSet)
router.register("windows", org_api.WindowViewSet)
router.register("staff", org_api.StaffViewSet)
router.register("trainings", org_api.TrainingSessionViewSet)
router.register("service-items", catalog_api.ServiceItemViewSet)
router.register("handling-items", catalog_api.HandlingItemViewSet)
router.register("authorization-changes", catalog_api.AuthorizationChangeViewSet)
router.register("handbook-changes", catalog_api.HandbookChangeViewSet)
router.register("item-specs", catalog_api.ItemSpecVersionViewSet)
router.register("cases", cases_api.CaseViewSet)
router.register("case-events", cases_api.CaseEventViewSet)
router.register("import-batches", cases_api.ImportBatchViewSet)
router.register("news-categories", journal_api.NewsCategoryViewSet)
router.register("news", journal_api.NewsItemViewSet)
router.register("leader-visits", journal_api.LeaderVisitViewSet)
router.register("patrols", journal_api.PatrolViewSet)
router.register("patrol-findings", journal_api.PatrolFindingViewSet)
router.register("benefit-batches", journal_api.BenefitPolicyBatchViewSet)
router.register("benefit-policies", journal_api.BenefitPolicyViewSet)
router.register("benefit-fulfilments", journal_api.BenefitFulfilmentViewSet)
router.register("platform-counts", journal_api.PlatformDailyCountViewSet)
router.register("evaluations", journal_api.ServiceEvaluationViewSet)
router.register("changes", history_api.ChangeRecordViewSet)
router.register("issues", reports_api.IssueViewSet)

urlpatterns = [
    path("stats/", StatsView.as_view(), name="api-stats"),
    path("figures/", FiguresView.as_view(), name="api-figures"),
    path("", include(router.urls)),
]
