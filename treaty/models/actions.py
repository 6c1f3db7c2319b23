"""Treaty actions: the dated events of the depositary record."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from treaty import status as engine
from treaty.days import day_text
from treaty.models.limits import DECLARATION_MAX, REVIEW_TEXT_LIMITS, bounded_text, text_limits
from treaty.models.participants import Participant
from treaty.models.review import (
    Reviewed,
    ReviewedQuerySet,
    review_constraints,
    review_queue_index,
)
from treaty.models.treaties import Treaty


class ActionKind(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")
    SUCCESSION = "succession", _("Succession")
    FORMAL_CONFIRMATION = "formal_confirmation", _("Formal confirmation")
    DEFINITIVE_SIGNATURE = "definitive_signature", _("Definitive signature")
    DECLARATION = "declaration", _("Declaration")
    RESERVATION = "reservation", _("Reservation")
    OBJECTION = "objection", _("Objection")
    RESERVATION_WITHDRAWAL = "reservation_withdrawal", _("Withdrawal of a reservation")
    NOTIFICATION = "notification", _("Notification (e.g. designation of an authority)")
    DENUNCIATION = "denunciation", _("Denunciation")


class SourceKind(models.TextChoices):
    """What kind of source an action was read in, from the most to the least authoritative."""

    DEPOSITARY = "depositary", _("Depositary record")
    NATIONAL_TREATY_DATABASE = "national_treaty_database", _("National treaty database")
    GOVERNMENT = "government", _("Government statement")
    PRESS = "press", _("Press")


class DatePrecision(models.TextChoices):
    """How exactly the record knows an action's day: the day itself, or a range of days."""

    DAY = "day", _("Exact day")
    RANGE = "range", _("Range of days")


# The depositary's notifications are published at one address per reference, e.g.
# C.N.123.2026.TREATIES-XVIII.16 -> https://treaties.un.org/doc/Publication/CN/2026/CN.123.2026-Eng.pdf
_CN_REFERENCE = re.compile(r"^\s*C\.N\.\s*(\d+)\.(\d{4})\b", re.IGNORECASE)
CN_URL = "https://treaties.un.org/doc/Publication/CN/{year}/CN.{number}.{year}-Eng.pdf"


def notification_url(reference: str) -> str:
    """The address of a depositary notification (C.N.) on the UN Treaty Collection, or "" when
    ``reference`` is not a C.N. reference."""
    match = _CN_REFERENCE.match(reference or "")
    if match is None:
        return ""
    number, year = match.groups()
    return CN_URL.format(number=int(number), year=year)


CONSENT_KINDS = sorted(engine.CONSENT_KINDS)
assert set(CONSENT_KINDS) <= set(ActionKind.values)
# Kinds of which a participant has at most one, standing, per treaty and day.
DATED_ONCE_KINDS = [ActionKind.SIGNATURE.value, *CONSENT_KINDS, ActionKind.DENUNCIATION.value]


class TreatyActionQuerySet(ReviewedQuerySet):
    def consents(self) -> TreatyActionQuerySet:
        """Instruments of consent to be bound: ratification, acceptance, approval, accession,
        succession."""
        return self.filter(kind__in=CONSENT_KINDS)

    def as_of(self, at: date | None = None) -> TreatyActionQuerySet:
        """Actions dated on or before ``at`` (default: today)."""
        return self.filter(date__lte=at or timezone.localdate())

    def engine_rows(self) -> list[engine.Action]:
        """The rows in the form the entry-into-force engine takes, in one query."""
        rows = self.filter(
            kind__in=[ActionKind.SIGNATURE, *CONSENT_KINDS, ActionKind.DENUNCIATION]
        ).values_list(
            "participant__iso3",
            "kind",
            "date",
            "participant__kind",
            "effective_on",
            "date_earliest",
        )
        return _with_members(
            [
                engine.Action(
                    iso3,
                    kind,
                    on,
                    is_reio=pkind == Participant.Kind.REIO,
                    effective_on=eff,
                    earliest=earliest,
                )
                for iso3, kind, on, pkind, eff, earliest in rows
            ]
        )

    def engine_rows_by_treaty(self) -> dict[int, list[engine.Action]]:
        """The rows of several treaties at once, in the form the engine takes, keyed by treaty
        id: one query whatever the number of treaties. A treaty with no signature, instrument or
        denunciation in the queryset has no key (read: nobody has acted on it yet)."""
        rows = self.filter(
            kind__in=[ActionKind.SIGNATURE, *CONSENT_KINDS, ActionKind.DENUNCIATION]
        ).values_list(
            "treaty_id",
            "participant__iso3",
            "kind",
            "date",
            "participant__kind",
            "effective_on",
            "date_earliest",
        )
        grouped: dict[int, list[engine.Action]] = {}
        for treaty_id, iso3, kind, on, pkind, eff, earliest in rows:
            grouped.setdefault(treaty_id, []).append(
                engine.Action(
                    iso3,
                    kind,
                    on,
                    is_reio=pkind == Participant.Kind.REIO,
                    effective_on=eff,
                    earliest=earliest,
                )
            )
        return {treaty_id: _with_members(rows) for treaty_id, rows in grouped.items()}


def _with_members(rows: list[engine.Action]) -> list[engine.Action]:
    """The rows with each REIO's member States attached, which the engine needs to tell when a
    REIO ceases to be a party with them (art. 67). Only rows holding a denunciation can change
    that, so the member list is read (one more query) only then."""
    if not any(a.kind == engine.DENUNCIATION for a in rows) or not any(a.is_reio for a in rows):
        return rows
    reios = {a.participant for a in rows if a.is_reio}
    members: dict[str, set[str]] = {}
    for reio, state in Participant.members.through.objects.filter(
        from_participant__iso3__in=reios
    ).values_list("from_participant__iso3", "to_participant__iso3"):
        members.setdefault(reio, set()).add(state)
    return [
        replace(a, members=frozenset(members.get(a.participant, ()))) if a.is_reio else a
        for a in rows
    ]


class TreatyActionManager(models.Manager.from_queryset(TreatyActionQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(
        self, treaty_slug: str, iso3: str, kind: str, on: str, earliest: str = ""
    ) -> TreatyAction:
        """The standing action of ``kind`` by ``iso3`` under the treaty whose days meet the
        key's: ``on``, or ``earliest`` to ``on`` for an action known to a range of days. So a
        range narrowed to its exact day (in the data or by an editor) still finds its row. A
        withdrawn row is never matched, so reloading a fixture cannot resurrect or overwrite
        it."""
        return (
            self.active()
            .alias(starts=Coalesce("date_earliest", "date"))
            .get(
                treaty__slug=treaty_slug,
                participant__iso3=iso3,
                kind=kind,
                starts__lte=on,
                date__gte=earliest or on,
            )
        )


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
    # that signed confirms it is what the depositary recorded (see ``_check_consent``).
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
    def first_possible_day(self) -> date:
        """The earliest day the action can have happened: ``date`` when it is exact."""
        return self.date_earliest or self.date

    @property
    def notification_url(self) -> str:
        """Where the depositary published the notification, or "" (see ``notification_url``)."""
        return notification_url(self.depositary_notification)

    def clean(self) -> None:
        """The rules of the depositary record that span rows: each message says what to fix."""
        super().clean()
        if not (self.treaty_id and self.participant_id and self.date and self.kind):
            return  # field errors are reported on their own
        errors: dict[str, list[str]] = {}
        self._check_dates(errors)
        siblings = list(
            TreatyAction.objects.active()
            .filter(treaty_id=self.treaty_id, participant_id=self.participant_id)
            .exclude(pk=self.pk)
            .order_by("date")
        )
        if self.kind == ActionKind.SIGNATURE:
            self._check_signature(errors, siblings)
        elif self.kind in CONSENT_KINDS:
            self._check_consent(errors, siblings)
        elif self.kind == ActionKind.DENUNCIATION:
            self._check_denunciation(errors, siblings)
        elif self.kind in (ActionKind.OBJECTION, ActionKind.RESERVATION_WITHDRAWAL):
            self._check_relates_to(errors)
        if errors:
            raise ValidationError(errors)

    def _check_dates(self, errors: dict[str, list[str]]) -> None:
        treaty = self.treaty
        if self.date_earliest and self.date_earliest >= self.date:
            errors.setdefault("date_earliest", []).append(
                _(
                    "The earliest possible day (%(earliest)s) must come before the date "
                    "%(date)s, the latest possible day; for an exact day, leave it empty."
                )
                % {"earliest": date_format(self.date_earliest), "date": date_format(self.date)}
            )
        if self.first_possible_day < treaty.adopted_on:
            errors.setdefault("date", []).append(
                _("%(treaty)s was adopted on %(adopted)s: no action can be dated before that.")
                % {"treaty": treaty, "adopted": date_format(treaty.adopted_on)}
            )
        today = timezone.localdate()
        if self.date > today:
            errors.setdefault("date", []).append(
                _("The date %(date)s is in the future: record an action once it has happened.")
                % {"date": date_format(self.date)}
            )
        if self.effective_on and self.effective_on < self.date:
            errors.setdefault("effective_on", []).append(
                _(
                    "An action takes effect on or after the day it is made: date the effect "
                    "%(date)s or later."
                )
                % {"date": date_format(self.date)}
            )
        elif (
            self.kind == ActionKind.DENUNCIATION
            and self.effective_on
            and self.effective_on < engine.one_year_after(self.date)
        ):
            errors.setdefault("effective_on", []).append(
                _(
                    "A denunciation takes effect one year after the depositary receives it, or "
                    "later if it says so (art. 67): date the effect %(date)s or later, or leave "
                    "it empty."
                )
                % {"date": date_format(engine.one_year_after(self.date))}
            )

    def _check_signature(self, errors: dict[str, list[str]], siblings: list[TreatyAction]) -> None:
        treaty = self.treaty
        # Every possible day of a range must fall in the window, not only the one counted.
        outside = next(
            (
                on
                for on in (self.first_possible_day, self.date)
                if not treaty.is_open_for_signature(on)
            ),
            None,
        )
        if outside is not None:
            errors.setdefault("date_earliest" if outside != self.date else "date", []).append(
                _(
                    "%(treaty)s is open for signature from %(opens)s to %(closes)s; "
                    "%(date)s is outside that window. After it closes a State joins by accession."
                )
                % {
                    "treaty": treaty,
                    "opens": date_format(treaty.signature_opens_on)
                    if treaty.signature_opens_on
                    else "—",
                    "closes": date_format(treaty.signature_closes_on)
                    if treaty.signature_closes_on
                    else "—",
                    "date": date_format(outside),
                }
            )
        earlier = next((s for s in siblings if s.kind == ActionKind.SIGNATURE), None)
        if earlier:
            errors.setdefault("kind", []).append(
                _("%(participant)s already signed on %(date)s: one signature per treaty.")
                % {"participant": self.participant, "date": date_format(earlier.date)}
            )

    def _check_consent(self, errors: dict[str, list[str]], siblings: list[TreatyAction]) -> None:
        needs_signature = self.kind in (
            ActionKind.RATIFICATION,
            ActionKind.ACCEPTANCE,
            ActionKind.APPROVAL,
            ActionKind.FORMAL_CONFIRMATION,
        )
        if needs_signature and not any(
            s.kind == ActionKind.SIGNATURE and s.date <= self.date for s in siblings
        ):
            errors.setdefault("kind", []).append(
                _(
                    "%(participant)s has no signature on or before %(date)s: ratification, "
                    "acceptance or approval follows a signature; a non-signatory joins by accession."
                )
                % {"participant": self.participant, "date": date_format(self.date)}
            )
        if self.kind == ActionKind.ACCESSION:
            self._check_accession_after_signature(errors, siblings)
        # Only a published instrument is a deposit. The latest one before this one must have
        # been denounced before this one.
        deposited = [s for s in siblings if s.is_consent and s.is_published]
        previous = [s for s in deposited if s.date <= self.date]
        later = [s for s in deposited if s.date > self.date]
        if previous:
            last = previous[-1]
            denounced = any(
                s.kind == ActionKind.DENUNCIATION and last.date <= s.date <= self.date
                for s in siblings
            )
            if not denounced:
                errors.setdefault("kind", []).append(
                    _(
                        "%(participant)s already deposited an instrument (%(kind)s, %(date)s) "
                        "and has not denounced the treaty since: no second instrument."
                    )
                    % {
                        "participant": self.participant,
                        "kind": last.get_kind_display().lower(),
                        "date": date_format(last.date),
                    }
                )
                return
        elif later and not any(s.kind == ActionKind.DENUNCIATION for s in siblings):
            errors.setdefault("kind", []).append(
                _("%(participant)s deposited an instrument on %(date)s: no second instrument.")
                % {"participant": self.participant, "date": date_format(later[0].date)}
            )
            return
        # A draft is not a deposit, but two instruments in the works contradict each other: one
        # of them has to go first.
        draft = next((s for s in siblings if s.is_consent and not s.is_published), None)
        if draft is not None:
            errors.setdefault("kind", []).append(
                _(
                    "%(participant)s has a draft instrument, not yet published (%(kind)s, "
                    "%(date)s, %(state)s): complete it (submit it for review, then have it "
                    "verified) if the depositary recorded it, or withdraw it if not; then "
                    "record this one."
                )
                % {
                    "participant": self.participant,
                    "kind": draft.get_kind_display().lower(),
                    "date": date_format(draft.date),
                    "state": draft.get_review_state_display().lower(),
                }
            )

    def _check_accession_after_signature(
        self, errors: dict[str, list[str]], siblings: list[TreatyAction]
    ) -> None:
        """A signatory normally ratifies, accepts or approves: an accession after a signature
        is recorded only when the person entering it confirms it."""
        signature = next(
            (s for s in siblings if s.kind == ActionKind.SIGNATURE and s.date <= self.date), None
        )
        if signature is None or self.confirm_accession_after_signature:
            return
        if any(s.is_consent and s.is_published and s.date <= self.date for s in siblings):
            return  # rejoining after a denunciation: accession is the way back
        if not self._state.adding:
            stored = TreatyAction.objects.filter(pk=self.pk).values_list("kind", flat=True).first()
            if stored == ActionKind.ACCESSION:
                return  # confirmed when it was entered
        errors.setdefault("kind", []).append(
            _(
                "%(participant)s signed on %(date)s: a signatory normally ratifies, accepts or "
                "approves. Choose that kind, or, if the depositary really records an accession, "
                "confirm it (admin: tick 'Accession after signature'; API: "
                "confirm_accession_after_signature: true)."
            )
            % {"participant": self.participant, "date": date_format(signature.date)}
        )

    def _check_denunciation(
        self, errors: dict[str, list[str]], siblings: list[TreatyAction]
    ) -> None:
        rows = TreatyAction.objects.active().filter(treaty_id=self.treaty_id).exclude(pk=self.pk)
        state = engine.treaty_status(self.treaty.rule, rows.engine_rows(), self.date)
        # A party whose earlier denunciation has not yet taken effect is still a party, but has
        # nothing left to denounce.
        pending = next(
            (
                s
                for s in siblings
                if s.kind == ActionKind.DENUNCIATION
                and s.date <= self.date < engine.denunciation_takes_effect(s.date, s.effective_on)
            ),
            None,
        )
        if state.stage_of(self.participant.iso3) is not engine.Stage.PARTY:
            errors.setdefault("kind", []).append(
                _(
                    "%(participant)s is not a party on %(date)s (stage: %(stage)s): only a party "
                    "can denounce the treaty."
                )
                % {
                    "participant": self.participant,
                    "date": date_format(self.date),
                    "stage": state.stage_of(self.participant.iso3).value,
                }
            )
        elif pending is not None:
            errors.setdefault("kind", []).append(
                _(
                    "%(participant)s already denounced the treaty on %(date)s, effective "
                    "%(effective)s: withdraw that denunciation before recording another."
                )
                % {
                    "participant": self.participant,
                    "date": date_format(pending.date),
                    "effective": date_format(
                        engine.denunciation_takes_effect(pending.date, pending.effective_on)
                    ),
                }
            )

    def _check_relates_to(self, errors: dict[str, list[str]]) -> None:
        target = self.relates_to
        if target is None:
            errors.setdefault("relates_to", []).append(
                str(_("Name the reservation this objection or withdrawal concerns."))
            )
            return
        if target.kind != ActionKind.RESERVATION or target.treaty_id != self.treaty_id:
            errors.setdefault("relates_to", []).append(
                str(_("This must be a reservation to the same treaty."))
            )
        elif self.kind == ActionKind.RESERVATION_WITHDRAWAL and (
            target.participant_id != self.participant_id
        ):
            errors.setdefault("relates_to", []).append(
                str(_("A participant can withdraw only its own reservation."))
            )
        elif self.kind == ActionKind.OBJECTION and target.participant_id == self.participant_id:
            errors.setdefault("relates_to", []).append(
                str(_("A participant does not object to its own reservation."))
            )
