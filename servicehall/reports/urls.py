from django.urls import path

from servicehall.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.issue_list, name="list"),
    path("draft/", views.issue_draft, name="draft"),
    path("<int:pk>/", views.issue_detail, name="detail"),
    path("<int:pk>/paragraph/", views.paragraph_edit, name="paragraph"),
    path("<int:pk>/<str:action>/", views.issue_action, name="action"),
    path("<int:pk>/download/<str:fmt>/", views.issue_download, name="download"),
    path("layouts/", views.layout_list, name="layouts"),
    path("layouts/<int:pk>/edit/", views.layout_edit, name="layout_edit"),
    path("archive/", views.archive_upload, name="archive"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("trends/", views.trend, name="trend"),
]
