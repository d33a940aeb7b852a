"""Pages every app shares: a background job's progress and results."""

from django.urls import path

from servicehall.core import views

app_name = "core"
urlpatterns = [
    path("jobs/<int:pk>/", views.job_detail, name="job"),
]
