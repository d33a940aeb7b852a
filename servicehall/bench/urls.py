"""The project's URLs and the bench's bare reference view (``servicehall.bench.wsgi`` only)."""

from django.urls import path

from servicehall.bench.bare import insert_one
from servicehall.urls import urlpatterns as project

urlpatterns = [path("bench/bare-insert/", insert_one), *project]
