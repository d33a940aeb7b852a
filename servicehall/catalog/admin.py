from django.contrib import admin

from servicehall.catalog.models import (
    AuthorizationChange,
    HandbookChange,
    HandlingItem,
    ItemSpecVersion,
    ServiceItem,
)
from servicehall.core.admin import ScopedAdmin


class HandlingItemInline(admin.TabularInline[HandlingItem, ServiceItem]):
    model = HandlingItem
    extra = 0
    fields = [
        "code",
        "name",
        "time_limit_days",
        "statutory_days",
        "immediate",
        "visits",
        "fully_online",
        "listed_on",
        "delisted_on",
    ]


@admin.register(ServiceItem)
class ServiceItemAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "department"]
    list_filter = ["kind", "department"]
    search_fields = ["code", "name"]
    list_select_related = ["department"]
    inlines = [HandlingItemInline]


class AuthorizationChangeInline(admin.TabularInline[AuthorizationChange, HandlingItem]):
    model = AuthorizationChange
    extra = 0


class HandbookChangeInline(admin.TabularInline[HandbookChange, HandlingItem]):
    model = HandbookChange
    extra = 0


@admin.register(HandlingItem)
class HandlingItemAdmin(ScopedAdmin):
    list_display = ["code", "name", "service_item", "time_limit_days", "listed_on", "delisted_on"]
    list_filter = [
        "service_item__kind",
        "service_item__department",
        "immediate",
        "visits",
        "online_depth",
        "fully_online",
    ]
    search_fields = ["code", "name", "service_item__name"]
    list_select_related = ["service_item"]
    raw_id_fields = ["service_item"]
    inlines = [AuthorizationChangeInline, HandbookChangeInline]


@admin.register(AuthorizationChange)
class AuthorizationChangeAdmin(ScopedAdmin):
    list_display = ["handling_item", "effective_on", "authorized", "note"]
    list_filter = ["authorized", "handling_item__service_item__department"]
    search_fields = ["handling_item__code", "handling_item__name"]
    raw_id_fields = ["handling_item"]
    date_hierarchy = "effective_on"


@admin.register(HandbookChange)
class HandbookChangeAdmin(ScopedAdmin):
    list_display = ["handling_item", "effective_on", "compiled", "note"]
    list_filter = ["compiled", "handling_item__service_item__department"]
    search_fields = ["handling_item__code", "handling_item__name"]
    raw_id_fields = ["handling_item"]
    date_hierarchy = "effective_on"


@admin.register(ItemSpecVersion)
class ItemSpecVersionAdmin(ScopedAdmin):
    list_display = ["service_item", "part", "version", "effective_on"]
    list_filter = ["part"]
    search_fields = ["service_item__name", "service_item__code"]
    raw_id_fields = ["service_item"]
