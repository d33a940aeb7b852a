"""Who is changing records right now (变更上下文), carried through a request or a command: read
by the change history (history app) and by the rules that ask for a reason (core.permissions)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class ChangeContext:
    """The actor and channel of the changes being made (操作人与来源)."""

    user_id: int | None = None
    username: str = ""
    source: str = "system"  # web, api, admin, import, command, system
    request_id: str = ""
    reason: str = ""  # why: a correction of recorded facts states one (更正原因)


_current: ContextVar[ChangeContext | None] = ContextVar("servicehall_change_context", default=None)
_NOBODY = ChangeContext()


def current() -> ChangeContext:
    return _current.get() or _NOBODY


@contextlib.contextmanager
def acting_as(
    user: Any = None, source: str = "command", request_id: str | None = None
) -> Iterator[ChangeContext]:
    """Attribute the changes made inside the block to ``user`` through ``source``."""
    ctx = ChangeContext(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        source=source,
        request_id=request_id or uuid.uuid4().hex,
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


@contextlib.contextmanager
def because(reason: str) -> Iterator[None]:
    """Record ``reason`` with the changes made inside the block (an admin's correction)."""
    token = _current.set(replace(current(), reason=reason))
    try:
        yield
    finally:
        _current.reset(token)
