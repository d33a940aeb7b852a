"""Forms shared by the registers (表单基类): related choices limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django import forms


class ScopedModelForm(forms.ModelForm[Any]):
    """A model form whose related-record choices go through ``for_user``.

    A liaison picks only its own department; everybody else picks among the rows they may
    see. The saved row is checked again by the view (``can(user, "change", obj)``).
    """

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "for_user"):
                continue
            queryset = queryset.for_user(user, "view")
            # The department register itself (scoped by its own key): a liaison acts for one.
            own_key = getattr(queryset.model, "scope_department_path", None) == "pk"
            if own_key and getattr(user, "is_liaison", False):
                queryset = queryset.filter(pk=user.department_id)
            field.queryset = queryset  # type: ignore[attr-defined]  # a choice field, checked above
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            elif isinstance(widget, forms.DateTimeInput):
                widget.input_type = "datetime-local"
                widget.format = "%Y-%m-%dT%H:%M"
