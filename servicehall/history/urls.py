from django.urls import path

from servicehall.history import views

app_name = "history"

urlpatterns = [
    path("", views.change_list, name="list"),
    path(
        "<str:app_label>/<str:model_name>/<str:object_id>/",
        views.object_history,
        name="object",
    ),
]
