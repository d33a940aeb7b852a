from django.urls import path

from servicehall.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
