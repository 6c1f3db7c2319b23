"""Domestic steps towards consent: what happens at home between signature and instrument."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treaty.models.limits import NOTES_MAX, REVIEW_TEXT_LIMITS, bounded_text, text_limits
from treaty.models.participants import Participant
from treaty.models.review import (
    Reviewed,
    ReviewedQuerySet,
    review_constraints,
    review_queue_index,
)
from treaty.models.treaties import Treaty


class DomesticStepKind(models.TextChoices):
    CABINET_DECISION = "cabinet_decision", _("Cabinet decision")
    PARLIAMENT_APPROVAL = "parliament_approval", _("Parliamentary approval")
    LAW_PROMULGATED = "law_promulgated", _("Approving law promulgated")
    EXECUTIVE_RATIFICATION = "executive_ratification", _("Executive ratification")
    # The organ is not known: what the former "domestic approval" date recorded.
    DOMESTIC_APPROVAL = "domestic_approval", _("Domestic approval (organ not stated)")
    OTHER = "other", _("Other domestic step")


class DomesticStepQuerySet(ReviewedQuerySet):
    def as_of(self, at: date | None = None) -> DomesticStepQuerySet:
        """Steps that had happened on ``at`` (default: today). A step known only within a range
        counts from its latest possible day (``date``)."""
        return self.filter(date__lte=at or timezone.localdate())


_DomesticStepManagerBase = models.Manager.from_queryset(DomesticStepQuerySet)


class DomesticStepManager(_DomesticStepManagerBase["DomesticStep"]):
    def get_by_natural_key(self, treaty_slug: str, iso3: str, step: str, on: str) -> DomesticStep:
        """The standing step of its kind by ``iso3`` under the treaty on ``on`` (a withdrawn row
        is never matched, so reloading a fixture cannot resurrect it)."""
        return self.active().get(
            treaty__slug=treaty_slug, participant__iso3=iso3, step=step, date=on
        )


class DomesticStep(Reviewed):
    """A participant's domestic step towards an instrument of consent — a cabinet decision, a
    parliamentary approval, the promulgation of the approving law, an executive ratification.
    Not a depositary action: the treaty binds only from the deposit of the instrument, and a
    step changes no stage. It carries its source and goes through review like every record.

    ``date`` is the day of the step; when the source gives only a range, ``date_earliest`` is
    its first possible day and ``date`` its last (the same names as a treaty action's).
    """

    Step = DomesticStepKind

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="domestic_steps")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="domestic_steps"
    )
    step = models.CharField(max_length=24, choices=DomesticStepKind.choices)
    date = models.DateField(
        help_text=_("Day of the step; for a step known within a range, its latest possible day.")
    )
    date_earliest = models.DateField(
        null=True,
        blank=True,
        help_text=_("For a step known only within a range: its earliest possible day."),
    )
    source = models.CharField(
        max_length=1000, help_text=_("Where this fact was read, e.g. a gazette or a press report.")
    )
    source_url = models.URLField(max_length=500, blank=True)
    note = bounded_text(NOTES_MAX, blank=True, help_text=_("What the step was, in plain words."))

    history = HistoricalRecords()
    objects = DomesticStepManager()

    class Meta:
        verbose_name = _("domestic step")
        verbose_name_plural = _("domestic steps")
        ordering = ["treaty", "participant__name", "date", "step"]
        permissions = [("verify_domesticstep", "Can verify (publish) domestic steps")]
        constraints = [
            *text_limits("domesticstep", {"note": NOTES_MAX, **REVIEW_TEXT_LIMITS}),
            models.CheckConstraint(
                condition=Q(step__in=DomesticStepKind.values), name="domesticstep_step_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="domesticstep_source_required",
                violation_error_message=_("Every domestic step needs the source it was read in."),
            ),
            models.CheckConstraint(
                condition=Q(date_earliest__isnull=True) | Q(date_earliest__lt=models.F("date")),
                name="domesticstep_range_ordered",
                violation_error_message=_(
                    "A date range starts before it ends: the earliest day comes before the date."
                ),
            ),
            models.UniqueConstraint(
                fields=["treaty", "participant", "step", "date"],
                condition=Q(withdrawn_at__isnull=True),
                name="domesticstep_unique_per_day",
                violation_error_message=_(
                    "This participant already has this step on this day: withdraw it or correct it."
                ),
            ),
            *review_constraints("domesticstep"),
        ]
        indexes = [
            review_queue_index("domesticstep"),
            models.Index(fields=["participant", "treaty", "date"], name="domesticstep_part_date"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_step_display()} — {date_format(self.date)}"

    def natural_key(self) -> tuple[str, str, str, str]:
        return (self.treaty.slug, self.participant.iso3, self.step, self.date.isoformat())

    natural_key.dependencies = ["treaty.treaty", "treaty.participant"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        """A step has happened, after the treaty's adoption; a range is ordered. Each message
        says what to fix."""
        super().clean()
        errors: dict[str, str] = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = str(
                _("The date %(date)s is in the future: record a step once it has happened.")
                % {"date": date_format(self.date)}
            )
        elif self.date and self.treaty_id and self.date < self.treaty.adopted_on:
            errors["date"] = str(
                _("%(treaty)s was adopted on %(adopted)s: no step towards it comes before that.")
                % {"treaty": self.treaty, "adopted": date_format(self.treaty.adopted_on)}
            )
        if self.date and self.date_earliest and self.date_earliest >= self.date:
            errors["date_earliest"] = str(
                _(
                    "The earliest possible day comes before the date (the latest possible "
                    "day); for an exact day leave it empty."
                )
            )
        if errors:
            raise ValidationError(errors)
