"""The depositary's own count: the totals it states on a day, kept to compare the record with."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treaty.models.actions import SourceKind
from treaty.models.treaties import Treaty


class DepositaryCountQuerySet(models.QuerySet["DepositaryCount"]):
    def as_of(self, at: date) -> DepositaryCountQuerySet:
        """Counts stated on or before ``at``."""
        return self.filter(as_of__lte=at)

    def latest_first(self) -> DepositaryCountQuerySet:
        return self.order_by("-as_of", "-pk")


_DepositaryCountManagerBase = models.Manager.from_queryset(DepositaryCountQuerySet)


class DepositaryCountManager(_DepositaryCountManagerBase["DepositaryCount"]):
    def get_by_natural_key(self, treaty_slug: str, as_of: str) -> DepositaryCount:
        return self.get(treaty__slug=treaty_slug, as_of=as_of)


class DepositaryCount(models.Model):
    """The number of signatures and parties the depositary (or a national treaty database that
    mirrors its record) stated on ``as_of``, with its source. It is not a treaty action: the
    record is never computed from it, only compared with it, and a difference is shown.

    Not reviewed: like a depositary action published at once, it copies a public statement with
    its source, and only editors enter it (``add_depositarycount``). Each new count is also
    when the record was last checked against the depositary. Nothing is deleted; every change is
    in the history.
    """

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="depositary_counts")
    as_of = models.DateField(help_text=_("The day the depositary's page stated these totals."))
    signatures = models.PositiveIntegerField(
        help_text=_(
            "Signatures as the depositary counts them (its “Signatories” header): every "
            "participant that signed, including those that have since deposited an instrument."
        )
    )
    parties = models.PositiveIntegerField(
        help_text=_("Parties as the depositary counts them (its “Parties” header).")
    )
    source = models.CharField(
        max_length=1000,
        help_text=_("Where the totals were read, e.g. 'UNTC XVIII-16 status page'."),
    )
    source_url = models.URLField(max_length=500, blank=True)
    source_kind = models.CharField(
        max_length=24,
        choices=SourceKind.choices,
        default=SourceKind.DEPOSITARY,
        help_text=_("The depositary record itself, or a national treaty database mirroring it."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = DepositaryCountManager()

    class Meta:
        ordering = ["treaty", "-as_of"]
        verbose_name = _("depositary count")
        verbose_name_plural = _("depositary counts")
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "as_of"],
                name="depositarycount_one_per_day",
                violation_error_message=_(
                    "A count for this treaty on this day is already recorded: correct that one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="depositarycount_source_required",
                violation_error_message=_("Say where the count was read."),
            ),
            models.CheckConstraint(
                condition=Q(source_kind__in=SourceKind.values),
                name="depositarycount_source_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return _("%(treaty)s on %(date)s: %(signatures)s signatures, %(parties)s parties") % {
            "treaty": self.treaty,
            "date": date_format(self.as_of),
            "signatures": self.signatures,
            "parties": self.parties,
        }

    def clean(self) -> None:
        """A count is read on a day that has come, after the treaty was adopted."""
        super().clean()
        if self.as_of and self.as_of > timezone.localdate():
            raise ValidationError(
                {"as_of": _("The day is in the future: record a count once it is stated.")}
            )
        if self.as_of and self.treaty_id and self.as_of < self.treaty.adopted_on:
            raise ValidationError(
                {"as_of": _("The treaty was adopted after this day: check the date.")}
            )

    def natural_key(self) -> tuple[str, str]:
        return (self.treaty.slug, self.as_of.isoformat())

    natural_key.dependencies = ["treaty.treaty"]  # type: ignore[attr-defined]
