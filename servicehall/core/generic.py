"""Plain class-based views for the registers (登记簿通用视图): list, create, edit.

Every read goes through ``Model.objects.for_user(user, "view")``; every write is saved inside a
transaction and kept only if ``can(user, "change", obj)`` holds afterwards, so a liaison cannot
create or move a row into another department (NetBox's ``restrict`` habit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.views.generic import CreateView, UpdateView
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.edit import ModelFormMixin
from django_filters.views import FilterView

from servicehall.core.context import because
from servicehall.core.filtering import scope_choices
from servicehall.core.permissions import CHANGE, VIEW, can, can_add

# A list column: an attribute path ("department.name") or a function of the row.
ColumnSpec = str | Callable[[Any], Any]


def cell(obj: Any, spec: ColumnSpec) -> Any:
    """The display value of ``spec`` (an attribute path or a callable) for ``obj``."""
    if callable(spec):
        return spec(obj)
    value = obj
    for part in spec.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if display is not None else getattr(value, part)
        if isinstance(value, models.Manager):
            value = "、".join(str(v) for v in value.all())
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # any page of rows
    """Pages of a long log counted up to ``limit`` rows (共 N 条 exact below it, "N 条以上"
    past it): an exact COUNT over the event log's 400,000 demo rows, joined to the user's
    scope, was most of the page's time; counting the first rows only is not."""

    limit = 10_000
    capped = False

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            rows: Any = self.object_list
            if hasattr(rows, "query"):
                counted = int(rows[: self.limit + 1].count())
                self.capped = counted > self.limit
                self._capped_count = min(counted, self.limit)
            else:
                self._capped_count = len(rows)
        return self._capped_count


class ScopedListView(LoginRequiredMixin, FilterView):  # type: ignore[misc]  # django-filter is untyped
    """A register's list: its FilterSet, the rows the user may see, and what it may edit."""

    template_name = "core/object_list.html"
    paginate_by = 50
    title = ""
    columns: list[tuple[str, ColumnSpec]] = []
    select_related: list[str] = []
    prefetch_related: list[str] = []
    add_url = ""  # URL name of the create view
    edit_url = ""  # URL name of the edit view
    strict = False

    def get_filterset(self, filterset_class: Any) -> Any:
        return scope_choices(super().get_filterset(filterset_class), self.request.user)

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = self.model.objects.for_user(self.request.user, VIEW)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    export_limit = 100_000

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("export")
        if fmt:
            return self.export(fmt)
        response: HttpResponse = super().get(request, *args, **kwargs)
        return response

    def export(self, fmt: str) -> HttpResponse:
        """The filtered rows (all of them, not one page) as CSV or XLSX, same columns as shown."""
        from servicehall.core.exports import export_response

        filterset = self.get_filterset(self.get_filterset_class())
        queryset = (
            filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
        )
        rows = (
            [cell(obj, spec) for _, spec in self.columns]
            for obj in queryset[: self.export_limit].iterator(chunk_size=2000)
        )
        title = str(self.title or self.model._meta.verbose_name_plural)
        return export_response(fmt, title, [label for label, _ in self.columns], rows)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        user = self.request.user
        page = list(context["object_list"])
        editable = set(
            self.model.objects.for_user(user, CHANGE)
            .filter(pk__in=[o.pk for o in page])
            .values_list("pk", flat=True)
        )
        context.update(
            title=self.title or self.model._meta.verbose_name_plural,
            model_name=self.model._meta.verbose_name,
            headers=[label for label, _ in self.columns],
            rows=[
                {
                    "object": obj,
                    "cells": [cell(obj, spec) for _, spec in self.columns],
                    "edit_url": reverse(self.edit_url, args=[obj.pk])
                    if self.edit_url and obj.pk in editable
                    else "",
                }
                for obj in page
            ],
            add_url=reverse(self.add_url) if self.add_url and can_add(user, self.model) else "",
            query_string=_without_page(self.request.GET),
        )
        return context


def _without_page(query: QueryDict) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


class _ScopedWriteMixin(LoginRequiredMixin, TemplateResponseMixin, ModelFormMixin[Any, Any]):
    request: HttpRequest
    template_name: str | None = "core/object_form.html"
    list_url = ""
    # An inline formset of the edited row's children, if any.
    formset_class: type[forms.BaseInlineFormSet[Any, Any, Any]] | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_formset(self) -> forms.BaseInlineFormSet[Any, Any, Any] | None:
        if self.formset_class is None:
            return None
        data = self.request.POST if self.request.method == "POST" else None
        formset = self.formset_class(data, instance=getattr(self, "object", None))
        user = self.request.user
        base = formset.form

        class ScopedInlineForm(base):  # type: ignore[valid-type,misc]
            """The inline rows' choices go through ``for_user`` too (a stint's window …)."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    queryset = getattr(field, "queryset", None)
                    if queryset is not None and hasattr(queryset, "for_user"):
                        field.queryset = queryset.for_user(user, VIEW)

        formset.form = ScopedInlineForm
        return formset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "formset" not in context:
            context["formset"] = self.get_formset()
        if context["formset"] is not None:
            context["formset_title"] = context["formset"].model._meta.verbose_name_plural
        context["list_url"] = reverse(self.list_url)
        context["model_name"] = self.model._meta.verbose_name
        return context

    def get_success_url(self) -> str:
        return reverse(self.list_url)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and (formset is None or formset.is_valid()):
            return self.save(form, formset)
        response: HttpResponse = self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )
        return response

    def after_save(self, form: forms.ModelForm[Any]) -> None:
        """Write what belongs with the row (dated status changes …); inside the transaction."""

    def save(
        self, form: forms.ModelForm[Any], formset: forms.BaseInlineFormSet[Any, Any, Any] | None
    ) -> HttpResponse:
        with transaction.atomic(), because(getattr(form, "correction", "")):
            self.object = form.save()
            if formset is not None:
                formset.instance = self.object
                formset.save()
            self.after_save(form)
            if not can(self.request.user, CHANGE, self.object):
                # Raising inside the block rolls the row and its change record back.
                raise PermissionDenied("只能维护本部门的数据")
        messages.success(self.request, f"已保存{self.model._meta.verbose_name}：{self.object}")
        return HttpResponseRedirect(self.get_success_url())


class ScopedCreateView(_ScopedWriteMixin, CreateView[Any, Any]):
    """Create a row the user may then change; 403 for a role that adds none of this model."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not can_add(request.user, self.model):
            raise PermissionDenied("无权新增此类数据")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        """Fields named in the query string start with its value (a link from the liaison's
        portal: ``?department=3&occurred_on=2024-01-22``); the saved row is checked as always."""
        initial = super().get_initial()
        fields = getattr(self.form_class, "base_fields", {})
        initial.update({k: v for k, v in self.request.GET.items() if k in fields})
        return initial

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = None
        return super().post(request, *args, **kwargs)


class ScopedUpdateView(_ScopedWriteMixin, UpdateView[Any, Any]):
    """Edit a row: 404 when the user may not see it, 403 when it may see but not change it."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = self.model.objects.for_user(self.request.user, VIEW)
        return queryset

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        obj = super().get_object(queryset)
        if not can(self.request.user, CHANGE, obj):
            raise PermissionDenied("只能维护本部门的数据")
        return obj

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meta = self.object._meta
        context["history_url"] = reverse(
            "history:object", args=[meta.app_label, meta.model_name, self.object.pk]
        )
        return context
