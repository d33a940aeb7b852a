from django.urls import path

from servicehall.workcal import views

app_name = "workcal"
urlpatterns = [
    path("", views.year_list, name="list"),
    path("estimate/", views.year_estimate, name="estimate"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/edit/", views.year_edit, name="edit"),
    path("local/", views.local_list, name="local"),
    path("local/<int:pk>/delete/", views.local_delete, name="local_delete"),
]
