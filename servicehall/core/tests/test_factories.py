"""Every model has a factory, and each factory saves a row its model accepts."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model

from servicehall.testing.factories import FACTORIES

pytestmark = pytest.mark.django_db

PROJECT_MODELS = sorted(
    (m for m in apps.get_models() if m.__module__.startswith("servicehall.")),
    key=lambda m: m._meta.label,
)


def test_every_model_of_the_project_has_a_factory() -> None:
    missing = [m._meta.label for m in PROJECT_MODELS if m not in FACTORIES]
    assert missing == []
    assert len(FACTORIES) == len(PROJECT_MODELS) == 65


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_the_factory_saves_a_row_that_passes_the_models_validation(model: type[Model]) -> None:
    row: Any = FACTORIES[model]()
    row.full_clean()
    assert model._default_manager.filter(pk=row.pk).count() == 1


def test_factories_make_distinct_rows_and_reuse_the_default_center() -> None:
    first, second = FACTORIES[apps.get_model("org", "Department")].create_batch(2)
    assert first.name != second.name and first.center_id == second.center_id
