"""Reads of the change history (变更记录查询): who may read which records."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from servicehall.core.permissions import VIEW
from servicehall.history.models import ChangeRecord

SOURCE_LABELS = {
    "web": "网页",
    "api": "接口",
    "admin": "管理后台",
    "import": "导入",
    "command": "命令",
    "system": "系统",
}


def all_records(user):
    """The whole history: center admins only (it copies every department's rows)."""
    if not (user.is_authenticated and user.is_center_admin):
        raise PermissionDenied("仅中心管理员可查看变更记录")
    return ChangeRecord.objects.all()


def object_records(user, app_label: str, model_name: str, object_id: str):
    """The history of one record, for anyone who may see that record (or saw it, if deleted:
    admins only then)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("未知的数据类型") from None
    records = ChangeRecord.objects.filter(
        app_label=app_label, model_name=model_name, object_id=str(object_id)
    )
    if user.is_center_admin:
        return model, records
    manager = model._default_manager
    if not hasattr(manager, "for_user") or not (
        manager.for_user(user, VIEW).filter(pk=object_id).exists()
    ):
        raise Http404("记录不存在或不在可查看范围内")
    return model, records


def model_label(app_label: str, model_name: str) -> str:
    try:
        return str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except LookupError:
        return f"{app_label}.{model_name}"
