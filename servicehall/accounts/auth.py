"""API token authentication (接口令牌认证): django-rest-knox's, without its per-request sweep."""

from __future__ import annotations

import binascii
from hmac import compare_digest
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS
from knox.signals import token_expired
from rest_framework import exceptions


class TokenAuthentication(KnoxTokenAuthentication):  # type: ignore[misc]  # knox is untyped
    """knox's token check, minus the query it spends on every request loading the login's
    other tokens to delete the expired ones (issue 24: one of the three queries of the bare
    view). This project never gives a token an expiry (``services.api_token``: ``expiry=None``),
    so that sweep never finds anything; a token that does carry one is still refused, and
    deleted, once past it — it is the token at hand, loaded already, so that costs no query.

    The token's query also brings its login's center (``select_related``): every scope check
    of the request starts from it, and a login of the default center — most of a hall's —
    then needs no query of the centers at all (``User._center_scope``)."""

    def authenticate_credentials(self, token: bytes) -> tuple[Any, Any]:
        # knox's own loop, its query joined to the login's center.
        message = _("Invalid token.")  # DRF's translation: 认证令牌无效。
        text = token.decode("utf-8")
        found = get_token_model().objects.filter(token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH])
        for auth_token in found.select_related("user__center"):
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(text)
            except (TypeError, binascii.Error) as exc:
                raise exceptions.AuthenticationFailed(message) from exc
            if compare_digest(digest, auth_token.digest):
                user_and_token: tuple[Any, Any] = self.validate_user(auth_token)
                return user_and_token
        raise exceptions.AuthenticationFailed(message)

    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


# drf-spectacular leaves OpenApiAuthenticationExtension.__init_subclass__ unannotated.
class TokenScheme(KnoxTokenScheme):  # type: ignore[no-untyped-call]
    """The OpenAPI security scheme of this token (knox's own, ``Authorization: Token …``):
    drf-spectacular knows knox's class by name only, not a subclass of it."""

    target_class = "servicehall.accounts.auth.TokenAuthentication"
