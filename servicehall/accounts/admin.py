from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from servicehall.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, *self.SUPERUSER_ONLY)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
