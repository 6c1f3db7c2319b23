"""Treaty actions: the dated events of the depositary record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treaty.days import day_text
from treaty.models import action_rules
from treaty.models.action_kinds import (
    CONSENT_KINDS,
    DATED_ONCE_KINDS,
    ActionKind,
    DatePrecision,
    SourceKind,
    notification_url,
)
from treaty.models.action_queries import TreatyActionManager
from treaty.models.limits import DECLARATION_MAX, REVIEW_TEXT_LIMITS, bounded_text, text_limits
from treaty.models.participants import Participant
from treaty.models.review import Reviewed, review_constraints, review_queue_index
from treaty.models.treaties import Treaty


class TreatyAction(Reviewed):
    """A dated event of the depositary record for one participant and one treaty: a signature, an
    instrument of consent, a declaration or reservation, an objection, a withdrawal, a
    notification or a denunciation. Every action carries the source it was recorded from.
    """

    Kind = ActionKind

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="actions")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=24, choices=ActionKind.choices, db_index=True)
    date = models.DateField(
        db_index=True,
        help_text=_(
            "Date of signature, or of deposit with the depositary for an instrument. When only a "
            "range of days is known: its latest possible day (the day the action counts from)."
        ),
    )
    # Null for an exact day (almost every action). Set, the action happened on some day from
    # date_earliest to date, and nobody has confirmed which: pages say so, and the engine
    # counts it from `date`, so no status is ever ahead of the record.
    date_earliest = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("earliest possible date"),
        help_text=_(
            "Only when the exact day is not known: the earliest day it can have happened (the "
            "date above is then the latest). Leave empty for an exact day; empty it when the "
            "exact day is confirmed."
        ),
    )
    effective_on = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "For a denunciation or withdrawal: the day it takes effect. A denunciation without "
            "one takes effect one year after the depositary received it (art. 67)."
        ),
    )
    depositary_notification = models.CharField(
        max_length=80,
        blank=True,
        help_text=_("Depositary notification reference, e.g. C.N.123.2026.TREATIES-XVIII.16."),
    )
    # Long enough for a citation that names its publisher, date and one or two addresses
    # (a press report quoted with its URL runs past 300 characters).
    source = models.CharField(
        max_length=1000,
        help_text=_("Where this fact was read, e.g. 'UNTC XVIII-16 status page'."),
    )
    source_url = models.URLField(max_length=500, blank=True)
    source_kind = models.CharField(
        max_length=24,
        choices=SourceKind.choices,
        default=SourceKind.DEPOSITARY,
        help_text=_(
            "The depositary record (UNTC page or C.N. notification), a national treaty database, "
            "a government statement or the press."
        ),
    )
    text = bounded_text(
        DECLARATION_MAX,
        blank=True,
        help_text=_("Text of a declaration, reservation, objection or notification."),
    )
    relates_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        help_text=_("For an objection or a withdrawal of a reservation: the reservation."),
    )

    history = HistoricalRecords()
    objects = TreatyActionManager()

    # Not stored: set by the write path when the person entering an accession by a participant
    # that signed confirms it is what the depositary recorded (see ``action_rules.check_accession_after_signature``).
    confirm_accession_after_signature = False

    class Meta:
        verbose_name = _("treaty action")
        verbose_name_plural = _("treaty actions")
        ordering = ["treaty", "date", "participant__name", "kind"]
        permissions = [("verify_treatyaction", "Can verify (publish) treaty actions")]
        constraints = [
            *text_limits("treatyaction", {"text": DECLARATION_MAX, **REVIEW_TEXT_LIMITS}),
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values), name="treatyaction_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["treaty", "participant"],
                condition=Q(kind="signature", withdrawn_at__isnull=True),
                name="treatyaction_one_signature",
            ),
            models.UniqueConstraint(
                fields=["treaty", "participant", "kind", "date"],
                condition=Q(kind__in=DATED_ONCE_KINDS, withdrawn_at__isnull=True),
                name="treatyaction_unique_per_day",
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=models.F("date")),
                name="treatyaction_effective_after_date",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="treatyaction_source_required"),
            models.CheckConstraint(
                condition=Q(source_kind__in=SourceKind.values),
                name="treatyaction_source_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(date_earliest__isnull=True) | Q(date_earliest__lt=F("date")),
                name="treatyaction_date_range_ordered",
                violation_error_message=_(
                    "The earliest possible day must come before the date (the latest possible "
                    "day); for an exact day, leave the earliest day empty."
                ),
            ),
            *review_constraints("treatyaction"),
        ]
        indexes = [
            review_queue_index("treatyaction"),
            models.Index(
                fields=["treaty", "participant", "date"], name="treatyaction_tr_part_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_kind_display()} — {self.day_text}"

    def natural_key(self) -> tuple[str, str, str, str, str]:
        # Unique among standing rows for the kinds a participant has once a day
        # (treatyaction_unique_per_day): fixtures of the depositary record rely on it. The
        # earliest day ("" for an exact one) lets a range find its row once narrowed.
        earliest = self.date_earliest.isoformat() if self.date_earliest else ""
        return (self.treaty.slug, self.participant.iso3, self.kind, self.date.isoformat(), earliest)

    natural_key.dependencies = ["treaty.treaty", "treaty.participant"]  # type: ignore[attr-defined]

    @property
    def is_consent(self) -> bool:
        return self.kind in CONSENT_KINDS

    @property
    def date_precision(self) -> str:
        """``range`` when the record knows only a range of days, ``day`` otherwise."""
        return DatePrecision.RANGE if self.date_earliest else DatePrecision.DAY

    @property
    def day_text(self) -> str:
        """The day in words, saying when it is only known to a range (``treaty.days``)."""
        return day_text(self.date, self.date_earliest)

    @property
    def first_possible_day(self) -> dt.date:
        """The earliest day the action can have happened: ``date`` when it is exact."""
        return self.date_earliest or self.date

    @property
    def notification_url(self) -> str:
        """Where the depositary published the notification, or "" (see ``notification_url``)."""
        return notification_url(self.depositary_notification)

    def clean(self) -> None:
        """The rules of the depositary record that span rows (``treaty.models.action_rules``):
        each message says what to fix."""
        super().clean()
        if not (self.treaty_id and self.participant_id and self.date and self.kind):
            return  # field errors are reported on their own
        errors = action_rules.errors_of(self)
        if errors:
            raise ValidationError(errors)
