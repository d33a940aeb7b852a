"""Sessions written only when they change (会话只在改变时保存), their idle end kept moving.

Django's ``SESSION_SAVE_EVERY_REQUEST`` rewrites the whole session at the end of every request:
two overlapping requests of one browser (a slow fetch, a page's poll, a second tab) each write
back the copy they read, and the later one undoes what the other changed. Here a session's data
is saved only by the request that changed it (``SESSION_SAVE_EVERY_REQUEST = False``), and the
idle end (``SESSION_COOKIE_AGE`` after the last request) moves by an update of its end alone,
at most once a ``TOUCH_INTERVAL``, which never writes anybody's data back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# How stale the stored end may get before a request moves it: the idle limit is then between
# SESSION_COOKIE_AGE - TOUCH_INTERVAL and SESSION_COOKIE_AGE, without a write per request.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


class SessionStore(db.SessionStore):
    """The database session store, remembering the end its row had when it was read."""

    stored_expiry: dt.datetime | None = None
    # The key and serialized data this store last saved: a second save of the same data in
    # the same request (the sign-in saves inside its one transaction, then SessionMiddleware
    # saves again) writes nothing, so it does not wait again for SQLite's one writer.
    saved: tuple[str, bytes] | None = None

    def _get_session_from_db(self) -> Any:
        found = super()._get_session_from_db()  # type: ignore[misc]  # not in django-stubs
        self.stored_expiry = found.expire_date if found is not None else None
        return found

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            super().save(must_create)
            return
        data = self.serializer().dumps(
            self._get_session(no_load=must_create)  # type: ignore[attr-defined]  # not in django-stubs
        )
        if not must_create and self.saved == (self.session_key, data):
            return
        super().save(must_create)
        self.saved = (self.session_key, data)


def touch(session: SessionBase) -> bool:
    """Move the idle end of a session this request read but did not change; True when it did.

    Only the end is written (``UPDATE … SET expire_date``), and only when it is more than
    ``TOUCH_INTERVAL`` behind: the data stays as the request that last changed it left it."""
    if not isinstance(session, SessionStore):
        return False  # another engine (a test's settings): its own rules
    stored = session.stored_expiry
    if stored is None or session.modified or not session.session_key:
        return False
    now = timezone.now()
    # SESSION_COOKIE_AGE from now, or the session's own (set_expiry) age or end.
    new_end = session.get_expiry_date(modification=now)
    if new_end - stored < TOUCH_INTERVAL:
        return False
    # The end only moves later, and only for the row still live: a session signed out (deleted)
    # or ended meanwhile stays gone.
    moved = (
        SessionStore.get_model_class()
        .objects.filter(
            session_key=session.session_key, expire_date__gt=now, expire_date__lt=new_end
        )
        .update(expire_date=new_end)
    )
    session.stored_expiry = new_end
    return bool(moved)


class IdleSessionMiddleware:
    """After the view, move the idle end of the session it read without changing (``touch``).

    Listed after ``SessionMiddleware``, so it answers before that one decides whether to save."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and response.status_code != 500:
            touch(session)
        return response
