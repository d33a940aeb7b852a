"""The request of a signed-in page (已登录的请求), for annotations only.

Behind ``login_required`` a request's user is a login, never ``AnonymousUser``; Django types
``HttpRequest.user`` as either. A view so guarded takes an ``AuthenticatedHttpRequest`` (the
django-stubs way): no such object is ever made, Django passes its own ``HttpRequest``.
Where a request's type cannot say it (an API view, a class-based view), ``signed_in`` does.
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.request import Request

from servicehall.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def signed_in(request: HttpRequest | Request) -> User:
    """The login of a request that got past ``login_required`` or the API's ``IsAuthenticated``
    (never ``AnonymousUser`` there: the assertion states it for the type checker)."""
    user = request.user
    assert isinstance(user, User)
    return user
