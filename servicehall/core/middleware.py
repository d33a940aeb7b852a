"""Pages for the answers a view gives without one (中间件): a form's address opened directly."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

METHOD_NAMES = {"GET": "打开", "POST": "提交", "PUT": "修改", "PATCH": "修改", "DELETE": "删除"}


def back_link(request: HttpRequest) -> str:
    """Where the person came from (the page with the form), else the nearest page above this
    address that opens (``/reports/5/publish/`` → ``/reports/5/``), else the home page."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}):
        return referer
    parts = [p for p in request.path.split("/") if p]
    while parts:
        parts.pop()
        candidate = "/" + "".join(f"{p}/" for p in parts)
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        allowed = getattr(match.func, "view_class", None)
        if allowed is None or "get" in getattr(allowed, "http_method_names", ("get",)):
            return candidate
    return reverse("home")


class MethodNotAllowedPage:
    """Every page view's 405 (a POST-only address opened by its link, a bookmark or a reload)
    becomes a Chinese page saying what to do, with a link back; the API's keep DRF's JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or not isinstance(response, HttpResponseNotAllowed):
            return response
        # OPTIONS and HEAD are how programs ask, never what a person means to do.
        allowed = [
            m.strip()
            for m in response.get("Allow", "").split(",")
            if m.strip() and m.strip() not in ("OPTIONS", "HEAD")
        ]
        page = render(
            request,
            "405.html",
            {
                "title": "请从页面上操作",
                "opened": METHOD_NAMES.get(request.method or "", request.method),
                "allowed": "、".join(METHOD_NAMES[m] for m in allowed if m in METHOD_NAMES),
                "form_only": allowed == ["POST"],
                "back": back_link(request),
            },
            status=405,
        )
        page["Allow"] = response["Allow"]
        return page
