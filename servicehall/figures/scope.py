"""Whose figures (统计范围): one center alone (本级) or with every center below it (本级及下级).

Every figure function takes ``scope=``; without one it counts in the scope set around it by
``counting_in`` (the report's drafter, ``compute_all``), else the default center alone — the
hall the seeds describe, so a province's children never change its own report's figures.
Records that name no center (an event of no department) belong to the default center.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from servicehall.org.models import Center, default_center


@dataclass(frozen=True)
class CenterScope:
    """One center's figures: 本级 (``with_children`` False) or 本级及下级."""

    center: Center | None  # None: no center exists yet, everything counts
    with_children: bool = False

    @property
    def label(self) -> str:
        name = self.center.name if self.center is not None else "全部"
        return f"{name}（{'本级及下级' if self.with_children else '本级'}）"

    @cached_property
    def holds_default(self) -> bool:
        """Whether rows of no center (the default center's) count here."""
        if self.center is not None and self.center.is_default:
            return True  # the default center itself (there is one only): no query
        default = default_center()
        if default is None or self.center is None:
            return True
        if self.with_children:
            return default.path.startswith(self.center.path)
        return default.pk == self.center.pk

    def q(self, to_center: str) -> Q:
        """Rows whose ``to_center`` lookup (``"department__center"``, ``"center"``) is in scope;
        rows where it is empty are the default center's."""
        if self.center is None:
            return Q()
        if self.with_children:
            found = Q(**{f"{to_center}__path__startswith": self.center.path})
        else:
            found = Q(**{to_center: self.center.pk})
        if self.holds_default:
            found |= Q(**{f"{to_center}__isnull": True})
        return found

    def centers(self) -> list[Center]:
        """The centers counted: this one, and with children every one below it."""
        if self.center is None:
            return []
        if not self.with_children:
            return [self.center]
        return list(Center.objects.filter(path__startswith=self.center.path).order_by("path"))


_current: ContextVar[CenterScope | None] = ContextVar("figures_scope", default=None)


def default_scope() -> CenterScope:
    """The default center alone (本级): what a figure counts when nobody says whose."""
    return CenterScope(default_center())


def resolve(scope: CenterScope | None) -> CenterScope:
    """The scope to count in: the one given, the one set around the call, or the default."""
    return scope or _current.get() or default_scope()


@contextmanager
def counting_in(scope: CenterScope | None) -> Iterator[CenterScope]:
    """Count every figure inside the block in ``scope`` (the default center alone if None)."""
    resolved = resolve(scope)
    token = _current.set(resolved)
    try:
        yield resolved
    finally:
        _current.reset(token)


class UnknownCenter(ValueError):
    """No center by that name (or not one the reader may see)."""


def named_scope(name: str | None, with_children: bool = False, user: object = None) -> CenterScope:
    """The scope of the center called ``name`` (or its short name; the default center when
    empty); with ``user``, only a center of the user's subtree, else ``UnknownCenter``."""
    centers = Center.objects.all() if user is None else Center.objects.for_user(user)
    if not name:
        if user is not None and getattr(user, "center_id", None):
            # A login's own center is always in its subtree; loaded with it (the API token's
            # query joins it), it costs no query.
            state = getattr(user, "_state", None)  # (request.user may be a lazy proxy)
            if state is not None and "center" in state.fields_cache:
                own = user.center  # type: ignore[attr-defined]
            else:
                own = centers.filter(pk=user.center_id).first()  # type: ignore[attr-defined]
            if own is not None:
                return CenterScope(own, with_children)
        return CenterScope(default_center(), with_children)
    found = centers.filter(Q(name=name) | Q(short_name=name)).order_by("path").first()
    if found is None and name.isdigit():
        found = centers.filter(pk=int(name)).first()
    if found is None:
        raise UnknownCenter(f"没有名为“{name}”的中心")
    return CenterScope(found, with_children)
