"""Who may see and change which rows (权限): one predicate per question, used everywhere."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from servicehall.core.roles import DRAFT_READERS, Role

VIEW = "view"
CHANGE = "change"

# The models window staff write at the counter (综窗人员可录入的数据).
STAFF_WRITABLE = {
    ("cases", "case"),
    ("cases", "caseevent"),
    ("journal", "serviceevaluation"),
    ("journal", "rectification"),  # 差评整改: staff follow the ratings up
    ("journal", "rectificationstep"),
}
# The models a liaison keeps for its own department (部门联络员维护的数据).
LIAISON_WRITABLE_APPS = {"catalog", "journal"}


_Q = TypeVar("_Q", bound=QuerySet[Any])


def center_filter(queryset: _Q, user: Any) -> _Q:
    """Restrict ``queryset`` to the rows of the user's center and the centers below it.

    The model names the lookup to its center's materialised path in ``scope_center_path``
    (``None``: a register shared by every center; a tuple: any of several ways); the user gives its center's path as
    ``reader_center_path`` (``None``: the whole tree). A model whose rows may name no center
    (``scope_center_nullable``) has them in the default center, which the user sees when
    ``scope_sees_unassigned``. Whatever the role, nothing of a sibling or a parent is read.
    """
    model = queryset.model
    declared = getattr(model, "scope_center_path", None)
    path = getattr(user, "reader_center_path", None)
    if declared is None or path is None:
        return queryset
    # A row reaching its center one of several ways (a paragraph: its issue's, or its past
    # document's) names each; it is the subtree's when one of them is, no center's when none is.
    lookups = (declared,) if isinstance(declared, str) else tuple(declared)
    subtree = Q()
    unassigned = Q()
    for lookup in lookups:
        subtree |= Q(**{f"{lookup}__startswith": path})
        unassigned &= Q(**{f"{lookup}__isnull": True})
    if getattr(model, "scope_center_nullable", False) and user.scope_sees_unassigned:
        subtree |= unassigned
    filtered = queryset.filter(subtree)
    many = any("__" in lookup and _crosses_many(model, lookup) for lookup in lookups)
    return filtered.distinct() if many else filtered


def _crosses_many(model: Any, lookup: str) -> bool:
    """Whether ``lookup`` walks a to-many relation (the filter may then repeat rows)."""
    for name in lookup.split("__")[:-1]:
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def own_center(model: type[Model], user: Any, given: Any = ()) -> dict[str, Any]:
    """What a new row of ``model`` takes from its maker when ``given`` names no center: the
    user's own center, for a model with a ``center`` field (a patrol, a news item …)."""
    names = {f.name for f in model._meta.concrete_fields}
    center_id = getattr(user, "center_id", None)
    if "center" not in names or "center" in given or center_id is None:
        return {}
    return {"center_id": center_id}


def scope_filter(queryset: _Q, user: Any, action: str = VIEW) -> _Q:
    """Restrict ``queryset`` to the rows ``user`` may ``action`` (view or change): those of
    the user's center subtree (``center_filter``) that the user's role may reach."""
    model = queryset.model
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    queryset = center_filter(queryset, user)
    if action != VIEW and not _may_keep_shared(model, user):
        return queryset.none()
    role = user.effective_role
    if role == Role.ADMIN:
        return queryset
    # Rows not yet public (an issue before publication, its files and steps): drafts are read
    # only by the report's editors and the leaders who approve them.
    public_rows = getattr(model, "scope_public_rows", None)
    if public_rows and role not in DRAFT_READERS:
        queryset = queryset.filter(**public_rows)
    key = (model._meta.app_label, model._meta.model_name)
    if role == Role.LEADER:
        return queryset if action == VIEW else queryset.none()
    if role == Role.STAFF:
        if action == VIEW or key in STAFF_WRITABLE:
            return queryset
        return queryset.none()
    if role == Role.LIAISON:
        if action != VIEW and model._meta.app_label not in LIAISON_WRITABLE_APPS:
            return queryset.none()
        path = getattr(model, "scope_department_path", None)
        if path is None or user.department_id is None:
            visible = action == VIEW and getattr(model, "scope_visible_to_all", False)
            return queryset if visible else queryset.none()
        if action == VIEW and getattr(model, "scope_visible_to_all", False):
            return queryset
        return queryset.filter(**{path: user.department_id}).distinct()
    return queryset.none()


def can(user: Any, action: str, obj: Model) -> bool:
    """Whether ``user`` may ``action`` this one object."""
    model = type(obj)
    return scope_filter(model._default_manager.filter(pk=obj.pk), user, action).exists()


def _may_keep_shared(model: Any, user: Any) -> bool:
    """A register every center shares (``scope_center_path = None``: the news categories, the
    wording rules) is kept at the default center: read by all, changed only by those whose
    subtree holds it — never by a city or a county for the whole province."""
    if getattr(model, "scope_center_path", "") is not None:
        return True
    return bool(getattr(user, "scope_sees_unassigned", True))


def can_add(user: Any, model: type[Model]) -> bool:
    """Whether ``user`` may create rows of ``model`` at all (the row itself is checked after)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not _may_keep_shared(model, user):
        return False
    role = user.effective_role
    if role == Role.ADMIN:
        return True
    key = (model._meta.app_label, model._meta.model_name)
    if role == Role.STAFF:
        return key in STAFF_WRITABLE
    if role == Role.LIAISON:
        return (
            model._meta.app_label in LIAISON_WRITABLE_APPS
            and getattr(model, "scope_department_path", None) is not None
            and user.department_id is not None
        )
    return False


# ---- facts fixed once recorded (登记后不可改) ------------------------------------------------------
#
# A model may name ``locked_fields``: facts recorded from outside (an applicant's 好差评) that
# nobody changes once saved, except an admin correcting them with a reason, which the change
# history keeps. Such rows are deleted by an admin only, with a reason too.


def may_correct(user: Any) -> bool:
    """Whether ``user`` may correct locked facts, or delete a row that has them."""
    return bool(
        user and user.is_authenticated and user.is_active and user.effective_role == Role.ADMIN
    )


def locked_changes(instance: Model, values: dict[str, Any]) -> list[str]:
    """The locked fields of a saved ``instance`` that ``values`` would change (their labels)."""
    if instance.pk is None:
        return []
    meta = instance._meta
    return [
        str(getattr(meta.get_field(name), "verbose_name", name))
        for name in getattr(type(instance), "locked_fields", ())
        if name in values and values[name] != getattr(instance, name)
    ]


def can_delete(user: Any, obj: Model) -> bool:
    """Whether ``user`` may delete ``obj``: may change it, it is not ``append_only`` (no one
    deletes those), and it has no locked facts unless the user may correct them."""
    if getattr(type(obj), "append_only", False):
        return False
    if getattr(type(obj), "locked_fields", ()) and not may_correct(user):
        return False
    return can(user, CHANGE, obj)
