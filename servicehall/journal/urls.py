from django.urls import URLPattern, path
from django.views import View

from servicehall.journal import platform_views, views

app_name = "journal"


def crud(
    prefix: str,
    name: str,
    list_view: type[View],
    create_view: type[View],
    update_view: type[View],
) -> list[URLPattern]:
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", create_view.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", update_view.as_view(), name=f"{name}_edit"),
    ]


urlpatterns = [
    *crud(
        "news", "news", views.NewsItemListView, views.NewsItemCreateView, views.NewsItemUpdateView
    ),
    *crud(
        "visits",
        "visit",
        views.LeaderVisitListView,
        views.LeaderVisitCreateView,
        views.LeaderVisitUpdateView,
    ),
    *crud(
        "patrols", "patrol", views.PatrolListView, views.PatrolCreateView, views.PatrolUpdateView
    ),
    *crud(
        "policies",
        "policy",
        views.BenefitPolicyListView,
        views.BenefitPolicyCreateView,
        views.BenefitPolicyUpdateView,
    ),
    *crud(
        "evaluations",
        "evaluation",
        views.ServiceEvaluationListView,
        views.ServiceEvaluationCreateView,
        views.ServiceEvaluationUpdateView,
    ),
    path("platform/", platform_views.PlatformDailyCountListView.as_view(), name="platform_list"),
    path("platform/import/", platform_views.platform_import, name="platform_import"),
    path("rectifications/", views.RectificationListView.as_view(), name="rectification_list"),
    path(
        "rectification-overdue/",
        views.RectificationOverdueView.as_view(),
        name="rectification_overdue",
    ),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path(
        "rectifications/<int:pk>/reassign/",
        views.rectification_reassign,
        name="rectification_reassign",
    ),
    path(
        "rectification-steps/<int:pk>/evidence/",
        views.rectification_evidence,
        name="rectification_evidence",
    ),
]
