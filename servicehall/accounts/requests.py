"""The request of a signed-in page (已登录的请求), for annotations only.

Behind ``login_required`` a request's user is a login, never ``AnonymousUser``; Django types
``HttpRequest.user`` as either. A view so guarded takes an ``AuthenticatedHttpRequest`` (the
django-stubs way): no such object is ever made, Django passes its own ``HttpRequest``.
"""

from __future__ import annotations

from django.http import HttpRequest

from servicehall.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
