from django.urls import path

from servicehall.liaison import views

app_name = "liaison"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("deadline/", views.deadline, name="deadline"),
    path("status/", views.bulk_status, name="bulk_status"),
    path("center/", views.center, name="center"),
    path("center/remind/", views.remind, name="remind"),
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.notices_read, name="notices_read"),
]
