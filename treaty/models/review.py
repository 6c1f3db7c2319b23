"""What every editable record of the tracker carries: its review state, its withdrawal (nothing is
hard-deleted) and a version number against lost updates."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from treaty.models.limits import COMMENT_MAX, bounded_text


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned for correction")


class ReviewedQuerySet(models.QuerySet):
    def published(self) -> Self:
        """What the public sees: verified and not withdrawn."""
        return self.filter(review_state=ReviewState.VERIFIED, withdrawn_at__isnull=True)

    def active(self) -> Self:
        """Every record still standing, whatever its review state (not withdrawn)."""
        return self.filter(withdrawn_at__isnull=True)


class Reviewed(models.Model):
    """Abstract base for records that go through review before publication.

    ``withdrawn_at`` set means the record was withdrawn (with ``withdrawn_reason``): it is kept,
    and its history with it, but no longer counts anywhere.
    """

    # Not indexed on its own: almost every row is verified, and an index on it leads SQLite
    # to walk the whole table for `published()` reads (measured: 377 ms against 20 ms at a
    # million assessments). The review queue has its partial index in each model's Meta.
    review_state = models.CharField(
        max_length=12,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        help_text=_("Only verified records are shown to the public."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    review_comment = bounded_text(COMMENT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Who wrote the record's current content: its creator, then whoever last changed it. For
    # verification they count as its author (see ``treaty.permissions.is_own_entry``).
    content_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("content last changed by"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = bounded_text(COMMENT_MAX, blank=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised on every save; guards against lost updates.")
    )

    # The lookup from a record to its participant's id: whose focal points may read its draft.
    PARTICIPANT_LOOKUP = "participant_id"

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.review_state == ReviewState.VERIFIED and self.withdrawn_at is None


def review_queue_index(prefix: str) -> models.Index:
    """The records waiting for review (drafts, submitted, returned): few, so a partial index
    on them is small and never tempts the planner for public reads."""
    return models.Index(
        fields=["review_state"],
        condition=~Q(review_state=ReviewState.VERIFIED),
        name=f"{prefix}_review_queue",
    )


def review_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Named constraints shared by every reviewed model."""
    return [
        models.CheckConstraint(
            condition=Q(review_state__in=ReviewState.values), name=f"{prefix}_review_state_valid"
        ),
        models.CheckConstraint(
            condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
            name=f"{prefix}_withdrawal_has_reason",
            violation_error_message=_("A withdrawn record needs the reason it was withdrawn."),
        ),
        models.CheckConstraint(
            condition=~Q(review_state=ReviewState.VERIFIED) | Q(verified_at__isnull=False),
            name=f"{prefix}_verified_has_date",
            violation_error_message=_("A verified record needs the time it was verified."),
        ),
    ]
