"""A filter's choices are the reader's subtree's (筛选项按中心): every choice list of a
FilterSet — a department, a window, a center — lists rows of the user's center and the centers
below it, on the pages and the API.

A FilterSet may declare a choice's queryset itself (``queryset=visible_departments``); one it
derives from ``Meta.fields`` (the department list's ``center``) would list every row of the
table, a sibling's name included. Applied once here, after the FilterSet is built.
"""

from __future__ import annotations

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend

from servicehall.core.permissions import center_filter


def scope_choices(filterset: Any, user: Any) -> Any:
    """Narrow every choice field of ``filterset``'s form to the rows of ``user``'s center
    subtree (the role's narrower rules stay the FilterSet's own, as ``visible_departments``)."""
    for field in filterset.form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "for_user"):
            field.queryset = center_filter(queryset, user)
    return filterset


class ScopedFilterBackend(DjangoFilterBackend):  # type: ignore[misc]  # django-filter is untyped
    """The API's filters, their choices narrowed as the pages' are (a sibling's id is 400)."""

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        return scope_choices(filterset, request.user)
