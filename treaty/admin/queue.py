"""The review queue on the admin home: what waits for a reviewer, what went back to its author,
and the user's own drafts, per kind of record, each count linking to its filtered list.

Counts only what the user may read (``permissions.readable``): a focal point sees its own
participants' records, a user without rights on a model sees nothing of it. One query per kind
of record the user may view, whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Model, Q
from django.http import HttpRequest
from django.urls import reverse

from treaty import permissions
from treaty.models import (
    DomesticStep,
    Law,
    ObligationProgress,
    Provision,
    ProvisionMapping,
    ReviewState,
    TreatyAction,
)

# In the order an editor works through them: the depositary record first.
QUEUED_MODELS: tuple[type[Model], ...] = (
    TreatyAction,
    DomesticStep,
    ObligationProgress,
    Law,
    Provision,
    ProvisionMapping,
)


@dataclass(frozen=True, slots=True)
class QueueCell:
    count: int
    url: str


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One kind of record: its name and the three counts with their lists."""

    name: str
    submitted: QueueCell
    returned: QueueCell
    drafts: QueueCell

    @property
    def cells(self) -> tuple[QueueCell, QueueCell, QueueCell]:
        return (self.submitted, self.returned, self.drafts)

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


def _list_url(model: type[Model], **filters: Any) -> str:
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    # Standing records only: a withdrawn draft waits for nobody.
    return f"{changelist}?{urlencode({**filters, 'withdrawn_at__isnull': '1'})}"


def review_queue(request: HttpRequest, site: admin.AdminSite | None = None) -> list[QueueRow]:
    """The queue of ``request.user``: one row per kind of record they may view."""
    site = site or admin.site
    user = request.user
    rows = []
    for model in QUEUED_MODELS:
        model_admin = site._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            continue
        # Never verified ones: the partial index on the unpublished records serves this.
        waiting = model._default_manager.filter(withdrawn_at__isnull=True).exclude(
            review_state=ReviewState.VERIFIED
        )
        counts = permissions.readable(user, waiting).aggregate(
            submitted=Count("pk", filter=Q(review_state=ReviewState.SUBMITTED)),
            returned=Count("pk", filter=Q(review_state=ReviewState.RETURNED)),
            drafts=Count("pk", filter=Q(review_state=ReviewState.DRAFT, created_by=user.pk)),
        )
        rows.append(
            QueueRow(
                name=str(model._meta.verbose_name_plural),
                submitted=QueueCell(
                    counts["submitted"],
                    _list_url(model, review_state__exact=ReviewState.SUBMITTED),
                ),
                returned=QueueCell(
                    counts["returned"], _list_url(model, review_state__exact=ReviewState.RETURNED)
                ),
                drafts=QueueCell(
                    counts["drafts"],
                    _list_url(
                        model, review_state__exact=ReviewState.DRAFT, created_by__id__exact=user.pk
                    ),
                ),
            )
        )
    return rows
