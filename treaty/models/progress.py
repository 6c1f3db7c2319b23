"""Assessments: a participant's status on an obligation, as of a date, with its evidence."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

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
from treaty.models.treaties import Obligation
from treaty.scorecard import follows_record

if TYPE_CHECKING:
    from treaty.scorecard import Assessed


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_ALIGNED = "partial", _("Partially aligned")
    ALIGNED = "aligned", _("Aligned")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ObligationProgressQuerySet(ReviewedQuerySet):
    def current(self) -> ObligationProgressQuerySet:
        """The latest published assessment of each participant and obligation: the rows the
        write path flags ``is_current`` (a derived flag, rebuilt by `rebuild_current_progress`).
        A pair with no published assessment has no row: read that as "not assessed"."""
        return self.filter(is_current=True)

    def latest_on(self, at: date) -> ObligationProgressQuerySet:
        """The latest published assessment of each pair on or before ``at``: one row per pair,
        the record as it stood that day (not every row dated by then, which is what ``as_of``
        means on the other QuerySets); one index lookup per pair on (participant, obligation,
        as_of)."""
        latest = (
            ObligationProgress.objects.published()
            .filter(
                participant_id=models.OuterRef("participant_id"),
                obligation_id=models.OuterRef("obligation_id"),
                as_of__lte=at,
            )
            .order_by("-as_of", "-pk")
            .values("pk")[:1]
        )
        return self.published().filter(as_of__lte=at, pk=models.Subquery(latest))

    def at(self, at: date | None) -> ObligationProgressQuerySet:
        """``current()`` for today (or no date), ``latest_on(at)`` for a date in the past."""
        if at is None or at >= timezone.localdate():
            return self.current()
        return self.latest_on(at)

    def of_treaty(self, treaty: models.Model) -> ObligationProgressQuerySet:
        """Assessments of the obligations of ``treaty`` (a Treaty or its pk)."""
        return self.filter(obligation__treaty=treaty)

    def scorecard_rows(self) -> list[Assessed]:
        """The rows in the form the pure scorecard functions take (participant, obligation,
        status), in one query. Call it on ``published().at(...)``: a pair without a row
        counts as not assessed."""
        from treaty.scorecard import Assessed

        return [
            Assessed(participant_id, obligation_id, status)
            # No ORDER BY: the default ordering joins three tables and sorts every row for a
            # result that is read as a set.
            for participant_id, obligation_id, status in self.order_by().values_list(
                "participant_id", "obligation_id", "status"
            )
        ]


class ObligationProgress(Reviewed):
    """An assessment: where a participant stands on one obligation as of a date, with the
    evidence (the law or measure, its citation, where to read it, when it was adopted).

    Assessments are dated facts: a new assessment adds a row, and the status on a day is the
    latest published row on or before it. ``is_current`` marks the latest published row of each
    pair so that "status today" never scans the history.
    """

    Status = ProgressStatus

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="assessments"
    )
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="assessments")
    as_of = models.DateField(help_text=_("The day this assessment describes."))
    status = models.CharField(max_length=16, choices=ProgressStatus.choices)
    evidence_title = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Name of the law or measure, e.g. 'Cybercrime Act'."),
    )
    evidence_citation = models.CharField(
        max_length=300, blank=True, help_text=_("Citation: gazette, number, section.")
    )
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_adopted_on = models.DateField(
        null=True, blank=True, help_text=_("When the law or measure was adopted.")
    )
    notes = bounded_text(NOTES_MAX, blank=True)
    assessed_by = models.CharField(
        max_length=200, help_text=_("Who made this assessment (person or organization).")
    )
    is_current = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["is_current"])
    objects = ObligationProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["participant", "obligation", "-as_of"]
        permissions = [("verify_obligationprogress", "Can verify (publish) assessments")]
        constraints = [
            *text_limits("progress", {"notes": NOTES_MAX, **REVIEW_TEXT_LIMITS}),
            models.CheckConstraint(
                condition=Q(status__in=ProgressStatus.values), name="progress_status_valid"
            ),
            models.UniqueConstraint(
                fields=["participant", "obligation", "as_of"],
                condition=Q(withdrawn_at__isnull=True),
                name="progress_unique_per_day",
            ),
            models.UniqueConstraint(
                fields=["participant", "obligation"],
                condition=Q(is_current=True),
                name="progress_one_current",
                violation_error_message=_(
                    "Only one assessment of a participant and obligation is current: run "
                    "`manage.py rebuild_current_progress` if the flags are out of step."
                ),
            ),
            models.CheckConstraint(
                condition=Q(evidence_adopted_on__isnull=True)
                | Q(evidence_adopted_on__lte=models.F("as_of")),
                name="progress_evidence_before_assessment",
            ),
            models.CheckConstraint(
                condition=~Q(assessed_by=""), name="progress_assessed_by_required"
            ),
            *review_constraints("progress"),
        ]
        indexes = [
            review_queue_index("progress"),
            # Serves latest_on(): the latest row of a pair on or before a date.
            models.Index(fields=["participant", "obligation", "as_of"], name="progress_pair_as_of"),
            models.Index(fields=["obligation", "is_current"], name="progress_obligation_current"),
            models.Index(fields=["participant", "is_current"], name="progress_participant_current"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.participant} — {self.obligation} — {self.get_status_display()}"
            f" ({date_format(self.as_of)})"
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.as_of and self.as_of > timezone.localdate():
            errors["as_of"] = str(
                _("An assessment describes a day that has come: %(date)s is in the future.")
                % {"date": date_format(self.as_of)}
            )
        if self.as_of and self.evidence_adopted_on and self.evidence_adopted_on > self.as_of:
            errors["evidence_adopted_on"] = str(
                _("The evidence was adopted after the day assessed: date the assessment later.")
            )
        if self.obligation_id and self.as_of and self.as_of < self.obligation.treaty.adopted_on:
            errors["as_of"] = str(
                _("The treaty was adopted on %(date)s: assess a day after that.")
                % {"date": date_format(self.obligation.treaty.adopted_on)}
            )
        if (
            "as_of" not in errors
            and self.participant_id
            and self.obligation_id
            and self.withdrawn_at is None
            and ObligationProgress.objects.active()
            .filter(
                participant_id=self.participant_id,
                obligation_id=self.obligation_id,
                as_of=self.as_of,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            # progress_unique_per_day holds this too; here the message says what to do.
            errors["as_of"] = str(
                _(
                    "%(participant)s already has an assessment of %(date)s for this obligation: "
                    "withdraw it, or assess another day."
                )
                % {"participant": self.participant, "date": date_format(self.as_of)}
            )
        if self.obligation_id and follows_record(self.obligation.category):
            errors["obligation"] = str(
                _(
                    "“%(obligation)s” is not assessed by hand: its status follows the depositary "
                    "record (no action: not started; signed: in progress; instrument deposited: "
                    "done). Record the signature or the instrument as a treaty action instead."
                )
                % {"obligation": self.obligation}
            )
        if self.status in (ProgressStatus.ALIGNED, ProgressStatus.PARTIALLY_ALIGNED) and not (
            self.evidence_title or self.evidence_url
        ):
            errors["evidence_title"] = str(
                _("An aligned or partially aligned status needs evidence: name the law or measure.")
            )
        if errors:
            raise ValidationError(errors)
