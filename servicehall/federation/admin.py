from django.contrib import admin

from servicehall.core.admin import ScopedAdmin
from servicehall.federation.models import ChildKey, ReceivedBundle, ReceivedIssue


@admin.register(ChildKey)
class ChildKeyAdmin(ScopedAdmin):
    list_display = ["center", "fingerprint", "added_at", "revoked_at"]


@admin.register(ReceivedBundle)
class ReceivedBundleAdmin(ScopedAdmin):
    list_display = ["center", "sequence", "since", "through", "via", "received_at", "days_changed"]


@admin.register(ReceivedIssue)
class ReceivedIssueAdmin(ScopedAdmin):
    list_display = ["center", "series", "year", "number", "published_at"]
