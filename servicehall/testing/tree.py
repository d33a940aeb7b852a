"""A province's network of centers for the tests (测试用中心树), built directly, never from the demo.

 测试中心 (default) ─┬─ 甲市中心 ─┬─ 甲一县中心 ── 甲一县某镇便民服务中心
                      │            └─ 甲二县中心
                      └─ 乙市中心 ─── 乙一县中心

Each center has one department stationed (named after the center, so names never repeat) and,
through ``tree_login``, a login of any role. Registered for the suite by the root conftest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from servicehall.accounts.models import User
from servicehall.core.context import acting_as
from servicehall.core.roles import Role
from servicehall.org.models import Center, Department

# key → (name, level, parent key)
TREE: dict[str, tuple[str, str, str | None]] = {
    # The factories' own center (CenterFactory), so rows they make on the side land here.
    "province": ("测试政务服务中心", Center.Level.PROVINCE, None),
    "city_a": ("甲市政务服务中心", Center.Level.CITY, "province"),
    "city_b": ("乙市政务服务中心", Center.Level.CITY, "province"),
    "county_a1": ("甲一县政务服务中心", Center.Level.COUNTY, "city_a"),
    "county_a2": ("甲二县政务服务中心", Center.Level.COUNTY, "city_a"),
    "county_b1": ("乙一县政务服务中心", Center.Level.COUNTY, "city_b"),
    "town_a1": ("甲一县某镇便民服务中心", Center.Level.TOWNSHIP, "county_a1"),
}


@dataclass
class Tree:
    """The centers of the test province by key, and one department of each."""

    centers: dict[str, Center] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)

    def below(self, key: str) -> set[str]:
        """The keys of ``key``'s subtree (本级及下级), itself included."""
        path = self.centers[key].path
        return {k for k, c in self.centers.items() if c.path.startswith(path)}

    def login(self, key: str, role: str, *, superuser: bool = False) -> User:
        """A login of ``role`` at the center ``key`` (a liaison of its department)."""
        with acting_as(None, source="system"):
            user, _ = User.objects.get_or_create(
                username=f"{key}-{role}{'-su' if superuser else ''}",
                defaults={
                    "role": role,
                    "center": self.centers[key],
                    "department": self.departments[key] if role == Role.LIAISON else None,
                    "is_superuser": superuser,
                },
            )
        return user


def build_tree() -> Tree:
    tree = Tree()
    with acting_as(None, source="system"):
        for key, (name, level, parent) in TREE.items():
            tree.centers[key] = Center.objects.create(
                name=name,
                short_name=name.removesuffix("政务服务中心").removesuffix("便民服务中心"),
                level=level,
                parent=tree.centers[parent] if parent else None,
                is_default=parent is None,
            )
            tree.departments[key] = Department.objects.create(
                center=tree.centers[key],
                name=f"{tree.centers[key].short_name}公安局",
                stationed_on=dt.date(2020, 1, 1),
            )
    return tree


@pytest.fixture
def tree(db: None) -> Tree:
    """The test province: seven centers over four levels, each with a department."""
    return build_tree()


def row_in(model: type[Any], tree: Tree, key: str, **extra: Any) -> Any:
    """A saved row of ``model`` belonging to the center ``key``, by the model's own
    ``scope_center_path`` (through its center, its department, or their owners)."""
    from servicehall.testing.factories import FACTORIES

    declared = model.scope_center_path
    if not isinstance(declared, str):
        # Several ways to a center (a paragraph: its issue's or its document's): the one the
        # model's factory makes by default.
        made = set(FACTORIES[model]._meta.declarations)
        declared = next((d for d in declared if d.split("__")[0] in made), declared[0])
    lookup: str = declared
    if lookup == "path":
        return tree.centers[key]
    if lookup == "center_path" or lookup.endswith("__center_path"):
        # A center's path copied onto the row (a job: its starter's center).
        return FACTORIES[model](**{lookup: tree.centers[key].path}, **extra)
    owner = lookup.removesuffix("__path")  # "department__center", "patrol__center", …
    head, _, last = owner.rpartition("__")
    prefix = f"{head}__" if head else ""
    kwargs: dict[str, Any] = {}
    if last == "center" and head.endswith("department"):
        kwargs[head] = tree.departments[key]
    elif last == "center":
        kwargs[owner] = tree.centers[key]
        if "series" in head or model.__name__ == "ReportSeries":
            kwargs[f"{prefix}title"] = f"{tree.centers[key].short_name}工作周报"
            kwargs[f"{prefix}issuer"] = tree.centers[key].name
        if "recipient" in head:
            kwargs[f"{prefix}username"] = f"recipient-{key}"
    else:
        raise ValueError(f"{model.__name__}: 不认识的中心路径 {lookup}")
    return FACTORIES[model](**kwargs, **extra)
