"""Admin for the depositary's counts: editors add one each time they check the UN Treaty
Collection's status page, which also dates the footer's "last checked against the depositary"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from treaty import services
from treaty.admin.history import HistoryAdmin
from treaty.admin.treaties import NoDeleteMixin
from treaty.models import DepositaryCount


@admin.register(DepositaryCount)
class DepositaryCountAdmin(NoDeleteMixin, HistoryAdmin):
    # Not reviewed: a count copies the depositary's public page with its source, and only
    # editors may add or change one (their group's permissions). Nothing is deleted.
    list_display = ["treaty", "as_of", "signatures", "parties", "source_kind", "recorded_by"]
    list_filter = ["treaty", "source_kind"]
    list_select_related = ("treaty", "recorded_by")
    date_hierarchy = "as_of"
    search_fields = ["source"]
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
    fields = [
        "treaty",
        "as_of",
        "signatures",
        "parties",
        "source",
        "source_kind",
        "source_url",
        "recorded_by",
        "created_at",
        "updated_at",
    ]

    def save_model(
        self, request: HttpRequest, obj: DepositaryCount, form: Any, change: bool
    ) -> None:
        services.save_depositary_count(count=obj, by=request.user)
