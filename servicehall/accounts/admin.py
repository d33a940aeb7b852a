from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Field as DbField
from django.db.models import QuerySet
from django.forms import ChoiceField, ModelForm, TypedChoiceField
from django.http import HttpRequest

from servicehall.accounts.grants import PRIVILEGED
from servicehall.accounts.models import RoleGrant, User
from servicehall.core.permissions import CHANGE, scope_filter


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ["username", "last_name", "first_name", "role", "department", "is_active"]
    list_filter = ["role", "department", "is_active", "is_staff"]
    list_select_related = ["department"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("角色与部门", {"fields": ("role", "department")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("角色与部门", {"fields": ("role", "department")}),
    )

    # Powers only a superuser grants: a center admin manages roles and departments, but cannot
    # raise any account (its own included) above them, nor touch a superuser's account.
    SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, *self.SUPERUSER_ONLY)

    def formfield_for_choice_field(
        self, db_field: DbField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> TypedChoiceField | None:
        # Leader and admin are a superuser's to grant (accounts.grants); others are not offered
        # them, except to keep the role an account already has.
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "role" and not request.user.is_superuser:
            assert field is not None and isinstance(field.choices, list)  # the roles, a list
            field.choices = [(v, label) for v, label in field.choices if v not in PRIVILEGED]
        return field

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[User]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.role in PRIVILEGED and not request.user.is_superuser:
            role = form.base_fields["role"]
            assert isinstance(role, ChoiceField)
            role.disabled = True
            role.choices = [(obj.role, obj.get_role_display())]
        return form

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # A center admin manages the logins of its own subtree only (core.permissions).
        return scope_filter(super().get_queryset(request), request.user, CHANGE)

    def _above_them(self, request: HttpRequest, obj: User) -> bool:
        """A superuser's, leader's or admin's account: a superuser's to change (its password
        too), never another center admin's, so four eyes cannot be faked by a reset."""
        privileged = obj.is_superuser or obj.role in PRIVILEGED
        return privileged and not request.user.is_superuser and obj.pk != request.user.pk

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and self._above_them(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and self._above_them(request, obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin[RoleGrant]):
    """Who granted which role to whom, when: read only (the record of four eyes)."""

    list_display = ["at", "user", "role", "granted_by_name", "source"]
    list_filter = ["role", "source"]
    readonly_fields = ["user", "role", "granted_by", "granted_by_name", "source", "at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RoleGrant | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RoleGrant | None = None) -> bool:
        return False
