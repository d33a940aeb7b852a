"""Forms shared by the registers (表单基类): related choices limited to what the user may see."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django import forms

from servicehall.core.permissions import locked_changes, may_correct, own_center
from servicehall.core.tabular import TABULAR_SUFFIXES
from servicehall.core.uploads import UploadRefused, check_size


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
        # A new record is made in the user's own center unless they choose one below it.
        if self.instance.pk is None:
            if "center" in self.fields:
                if not self.is_bound:
                    self.initial.setdefault("center", getattr(user, "center_id", None))
            else:
                for name, value in own_center(self._meta.model, user).items():
                    setattr(self.instance, name, value)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            elif isinstance(widget, forms.DateTimeInput):
                widget.input_type = "datetime-local"
                widget.format = "%Y-%m-%dT%H:%M"
        self._lock_recorded_facts()

    def _lock_recorded_facts(self) -> None:
        """Locked facts of a saved row: read-only, or for an admin editable with a reason."""
        locked = getattr(self._meta.model, "locked_fields", ())
        if not locked or self.instance.pk is None:
            return
        if not may_correct(self.user):
            for name in locked:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "已登记，不可修改；如需更正请联系中心管理员"
            return
        self.fields["reason"] = forms.CharField(
            label="更正原因",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="更正已登记的信息时必填，记入变更记录",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if "reason" in self.fields:
            # Before _post_clean, self.instance still holds the values as saved.
            changed = locked_changes(self.instance, cleaned)
            if changed and not cleaned.get("reason", "").strip():
                self.add_error("reason", f"更正{'、'.join(changed)}须填写更正原因")
        return cleaned

    @property
    def correction(self) -> str:
        """The admin's reason for this save, for the change history ("" when none)."""
        return str(self.cleaned_data.get("reason", "")).strip() if "reason" in self.fields else ""


SEEN_FIELD = "seen_version"


def row_fingerprint(instance: Any, names: list[str]) -> str:
    """A short digest of ``instance``'s fields ``names`` as stored (what an edit page showed)."""
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in names:
            values[field.name] = str(getattr(instance, field.attname))
    text = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


class GuardedEditForm(ScopedModelForm):
    """An edit that never saves over a change made after its page was opened (two tabs, two
    admins): the page carries a digest of the row as it showed it (``seen_version``), and a
    save whose row has changed since is refused with the reason — the other edit stays.
    A post without the digest (an old page, a script) is judged as before."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk is None:
            return
        self.fields[SEEN_FIELD] = forms.CharField(
            label="页面版本", widget=forms.HiddenInput, required=False
        )
        if not self.is_bound:
            self.initial[SEEN_FIELD] = row_fingerprint(self.instance, self._edited())

    def _edited(self) -> list[str]:
        return [name for name in self.fields if name != SEEN_FIELD]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        seen = (data or {}).get(SEEN_FIELD)
        if self.instance.pk is not None and seen:
            model = type(self.instance)
            stored = model._default_manager.filter(pk=self.instance.pk).first()
            if stored is not None and row_fingerprint(stored, self._edited()) != seen:
                raise forms.ValidationError(
                    f"此{model._meta.verbose_name}在您打开本页后已被修改（见“变更记录”）；"
                    "为免覆盖，本次修改未保存。请重新打开本页，按当前内容修改后再保存",
                    code="stale",
                )
        return data


class TabularUploadForm(forms.Form):
    """An uploaded table (.csv or .xlsx) checked for its type and size before it is read: the
    subclass names its field's label and which upload limit holds it."""

    upload_limit = "events"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in TABULAR_SUFFIXES:
            raise forms.ValidationError(
                f"不支持的文件类型 {suffix or '（无扩展名）'}，应为 .csv 或 .xlsx"
            )
        try:
            check_size(upload.name or "", upload.size or 0, self.upload_limit)
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
