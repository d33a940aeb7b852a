from typing import Any

from django.apps import AppConfig
from django.db import models
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "servicehall.core"
    verbose_name = "公共"

    def ready(self) -> None:
        pre_save.connect(make_storable, dispatch_uid="servicehall.core.make_storable")


_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def make_storable(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Every saved row's text is made storable first (`core.text.storable`): one NUL in a
    name must not make PostgreSQL refuse the save, and with it the job that saves it."""
    from servicehall.core.text import storable

    for field in sender._meta.concrete_fields:
        if isinstance(field, _TEXT_FIELDS):
            value = getattr(instance, field.attname)
            if value is not None and not isinstance(value, int | float | bool):
                setattr(instance, field.attname, storable(value))
