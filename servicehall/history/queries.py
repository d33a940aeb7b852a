"""Reads of the change history (变更记录查询): who may read which records."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from servicehall.core.permissions import CHANGE
from servicehall.history.models import ChangeRecord

SOURCE_LABELS = {
    "web": "网页",
    "api": "接口",
    "admin": "管理后台",
    "import": "导入",
    "command": "命令",
    "system": "系统",
}


def _whole_tree(user: Any) -> bool:
    """Whether the user's subtree holds the default center, the root whose records (the
    system's, the commands') every history has: its admins read the whole history."""
    return bool(getattr(user, "scope_sees_unassigned", True))


def all_records(user: Any) -> QuerySet[ChangeRecord]:
    """The history: center admins only (it copies every department's rows); an admin below the
    default center reads the changes made by the logins of its own subtree only."""
    if not (user.is_authenticated and user.is_center_admin):
        raise PermissionDenied("仅中心管理员可查看变更记录")
    if _whole_tree(user):
        return ChangeRecord.objects.all()
    return ChangeRecord.objects.filter(user__center__path__startswith=user.reader_center_path)


def object_records(
    user: Any, app_label: str, model_name: str, object_id: str
) -> tuple[type[Model], QuerySet[ChangeRecord]]:
    """The history of one record, for anyone who may change that record — the rule of its edit
    page, which links here (``core.permissions``, ``for_user(user, CHANGE)``): a register every
    liaison may read (the windows) is not thereby its history. A deleted record's: admins only."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("未知的数据类型") from None
    records = ChangeRecord.objects.filter(
        app_label=app_label, model_name=model_name, object_id=str(object_id)
    )
    if user.is_center_admin and _whole_tree(user):
        return model, records
    manager = model._default_manager
    if not hasattr(manager, "for_user") or not (
        manager.for_user(user, CHANGE).filter(pk=object_id).exists()
    ):
        raise Http404("记录不存在或不在可查看范围内")
    return model, records


def _model(app_label: str, model_name: str) -> Any:
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def model_label(app_label: str, model_name: str) -> str:
    model = _model(app_label, model_name)
    return str(model._meta.verbose_name) if model is not None else f"{app_label}.{model_name}"


def _changed(record: Any) -> list[tuple[str, Any]]:
    """Each changed field's name and model field (None when the model no longer has it)."""
    model = _model(record.app_label, record.model_name)
    found = []
    for name in record.changed_fields():
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        found.append((name, field))
    return found


def changed_labels(record: Any) -> list[str]:
    """The changed fields by their Chinese names (the list page shows no values)."""
    return [str(field.verbose_name) if field else name for name, field in _changed(record)]


def readable_changes(record: Any) -> list[tuple[str, Any, Any]]:
    """A record's changed fields as a person reads them: the field's Chinese name, choices by
    their label, yes/no for flags, a related row by its name (变更内容)."""
    changes = []
    for name, field in _changed(record):
        before, after = (record.before or {}).get(name), (record.after or {}).get(name)
        if field is None:
            changes.append((name, before, after))
        else:
            changes.append((str(field.verbose_name), _shown(field, before), _shown(field, after)))
    return changes


def _shown(field: Any, value: Any) -> Any:
    if value is None or value == "":
        return value
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if field.many_to_one or field.one_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"（已删除 #{value}）"
    return value
