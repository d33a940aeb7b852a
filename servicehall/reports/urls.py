"""URL map of the weekly report pages (周报)."""

from django.urls import path

from servicehall.reports.views import (
    corrections,
    editing,
    issues,
    layouts,
    review,
    submission,
    trends,
)

app_name = "reports"

urlpatterns = [
    path("", issues.issue_list, name="list"),
    path("draft/", editing.issue_draft, name="draft"),
    path("<int:pk>/", issues.issue_detail, name="detail"),
    path("<int:pk>/paragraph/", editing.paragraph_edit, name="paragraph"),
    path("<int:pk>/audit/", issues.issue_audit, name="audit"),
    path("waiting/", review.waiting, name="waiting"),
    path("<int:pk>/review/", review.issue_review, name="review"),
    path("<int:pk>/erratum/", corrections.erratum_start, name="erratum"),
    path("<int:pk>/erratum/figure/", corrections.erratum_figure, name="erratum_figure"),
    path("<int:pk>/withdraw/", corrections.issue_withdraw, name="withdraw"),
    path("<int:pk>/figures/override/", editing.figure_override, name="figure_override"),
    path("<int:pk>/figures/acknowledge/", editing.figure_acknowledge, name="figure_acknowledge"),
    path("<int:pk>/redraft/", editing.redraft, name="redraft"),
    path("<int:pk>/wording/accept/", editing.wording_accept, name="wording_accept"),
    path("<int:pk>/submit-upward/", submission.issue_submit, name="submit_upward"),
    path("submissions/", submission.tracker, name="submissions"),
    path("submissions/remind/", submission.tracker_remind, name="submissions_remind"),
    path("submissions/rule/", submission.tracker_rule, name="submissions_rule"),
    path("<int:pk>/<str:action>/", review.issue_action, name="action"),
    path("<int:pk>/download/<str:fmt>/", issues.issue_download, name="download"),
    path("layouts/", layouts.layout_list, name="layouts"),
    path("layouts/<int:pk>/edit/", layouts.layout_edit, name="layout_edit"),
    path("trends/", trends.trend, name="trend"),
]
