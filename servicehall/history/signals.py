"""Write a ChangeRecord for every save and delete of the project's models (变更记录钩子).

Signals catch admin edits, API writes, services and imports alike. Bulk inserts of the case
event log bypass them on purpose: the event log is its own record, and the import batch that
wrote the events is itself recorded here.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.forms.models import model_to_dict

from servicehall.core.context import current
from servicehall.history.models import ChangeRecord

# Secrets and noise that a history must not copy.
SKIPPED_FIELDS = {"password", "last_login"}


def _tracked(sender: type[Model]) -> bool:
    """Every model of the project's apps, unless it says why not (``history_exempt``)."""
    return sender.__module__.startswith("servicehall.") and not getattr(
        sender, "history_exempt", ""
    )


def snapshot(instance: Model) -> dict[str, Any]:
    """The record's fields as JSON-safe data."""
    meta = instance._meta
    many = [f for f in meta.many_to_many if getattr(f, "editable", False)]
    data = model_to_dict(instance, exclude=[f.name for f in many])
    # A many-to-many field as its rows' keys, read as keys: model_to_dict would load each row
    # (a center admin's ~300 permissions, on every save of the login, its last_login included).
    for f in many:
        related = getattr(instance, f.attname)
        data[f.name] = list(related.values_list("pk", flat=True)) if instance.pk is not None else []
    for field in meta.concrete_fields:
        if field.name not in data and not field.primary_key:
            data[field.name] = field.value_from_object(instance)
    for key in SKIPPED_FIELDS:
        data.pop(key, None)
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, FieldFile):  # .url of an empty file raises: read the name only
            data[key] = value.name or None
    safe: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))
    return safe


@receiver(pre_save)
def remember_before(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _tracked(sender) or instance.pk is None:
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    # A note on the instance for post_save, which Model does not declare.
    instance._history_before = snapshot(previous) if previous is not None else None  # type: ignore[attr-defined]


@receiver(post_save)
def record_save(
    sender: type[Model], instance: Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not _tracked(sender):
        return
    before = None if created else getattr(instance, "_history_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return
    _write(
        instance,
        ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
        before,
        after,
    )


@receiver(post_delete)
def record_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if not _tracked(sender):
        return
    _write(instance, ChangeRecord.Action.DELETE, snapshot(instance), None)


def _write(
    instance: Model, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> None:
    ctx = current()
    meta = instance._meta
    assert meta.model_name is not None  # Django sets it on every model class
    ChangeRecord.objects.create(
        user_id=ctx.user_id,
        username=ctx.username,
        source=ctx.source,
        request_id=ctx.request_id,
        action=action,
        app_label=meta.app_label,
        model_name=meta.model_name,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
        reason=ctx.reason,
    )
