"""Login throttling (登录限制): django-axes' database handler with a second, per-address limit.

Axes locks one account from one address after ``AXES_FAILURE_LIMIT`` wrong passwords (an office
behind one NAT address is not locked out by one person's typing). Alone, that lets one address
try four passwords on every account (password spraying, issue 23). So an address is also
locked, for every account, after ``SERVICEHALL_ADDRESS_FAILURES`` wrong passwords in the
cool-off window, whichever accounts they named; and a successful login clears only its own
account's count from that address, never the address's, so a sprayer's own valid login does
not reset it. Axes stays the one place that counts, records and refuses.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


class AddressLimitHandler(AxesDatabaseHandler):  # type: ignore[misc]  # django-axes is untyped
    """Locks (account, address) at ``AXES_FAILURE_LIMIT`` and an address at
    ``SERVICEHALL_ADDRESS_FAILURES`` across accounts."""

    def _attempts(self, request: HttpRequest, **match: Any) -> QuerySet[AccessAttempt]:
        address = request.axes_ip_address  # type: ignore[attr-defined]  # set by axes' middleware
        attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
            ip_address=address, **match
        )
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        username = get_client_username(request, credentials)
        pair = self._attempts(request, username=username)
        failures = pair.aggregate(n=Sum("failures_since_start"))["n"] or 0
        from_address = self._attempts(request).aggregate(n=Sum("failures_since_start"))["n"] or 0
        if from_address >= settings.SERVICEHALL_ADDRESS_FAILURES:
            limit: int = get_failure_limit(request, credentials)
            return max(failures, limit)
        return int(failures)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        username = get_client_username(request, credentials)
        count, _ = self._attempts(request, username=username).delete()
        return count
