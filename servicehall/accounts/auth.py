"""API token authentication (接口令牌认证): django-rest-knox's, without its per-request sweep."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's token check, minus the query it spends on every request loading the login's
    other tokens to delete the expired ones (issue 24: one of the three queries of the bare
    view). This project never gives a token an expiry (``services.api_token``: ``expiry=None``),
    so that sweep never finds anything; a token that does carry one is still refused, and
    deleted, once past it — it is the token at hand, loaded already, so that costs no query."""

    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False
