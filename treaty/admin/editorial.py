"""Admin for the editorial set-up: which user is the focal point of which participant."""

from __future__ import annotations

from django.contrib import admin

from treaty.models import FocalPoint


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    # An assignment is not a record of the treaty: ending one deletes it.
    list_display = ["participant", "user", "assigned_at"]
    list_select_related = ("participant", "user")
    search_fields = ["participant__name", "=participant__iso3", "user__username", "user__email"]
    autocomplete_fields = ["user", "participant"]
    readonly_fields = ["assigned_at"]
