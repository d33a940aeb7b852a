"""The address a request came from (客户端地址), as login throttling counts it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind a trusted proxy (SERVICEHALL_PROXIES) the address that proxy
    appended to X-Forwarded-For. Earlier entries are the client's own words: never believed."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if remote in settings.SERVICEHALL_PROXIES:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return remote
