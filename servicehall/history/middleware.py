"""Attach the request's user to every change it makes (请求变更上下文)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from servicehall.core.context import acting_as


class ChangeContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path
        if path.startswith("/admin/"):
            source = "admin"
        elif path.startswith("/api/"):
            source = "api"
        else:
            source = "web"
        user = getattr(request, "user", None)
        with acting_as(user if user and user.is_authenticated else None, source=source):
            return self.get_response(request)
