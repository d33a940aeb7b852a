"""Helpers for data migrations (数据迁移辅助): rows saved before the tree of centers.

Imported by migrations of several apps, so it reads models only through ``apps`` (the
historical models) and must keep working for every migration that calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def default_center_pk(apps: Any) -> int | None:
    """The default center's key in the historical models (the first center if none is marked)."""
    Center = apps.get_model("org", "Center")
    pk: int | None = (
        Center.objects.order_by("-is_default", "pk").values_list("pk", flat=True).first()
    )
    return pk


def fill_default_center(app_label: str, *model_names: str) -> Callable[[Any, Any], None]:
    """A RunPython function putting each model's rows without a center in the default one."""

    def put_in_default_center(apps: Any, schema_editor: Any) -> None:
        default = default_center_pk(apps)
        if default is None:
            return
        for name in model_names:
            rows = apps.get_model(app_label, name).objects.filter(center__isnull=True)
            rows.update(center_id=default)

    return put_in_default_center
