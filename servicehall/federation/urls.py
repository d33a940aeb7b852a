from django.urls import path

from servicehall.federation import views

app_name = "federation"

urlpatterns = [
    path("", views.children, name="children"),
]
