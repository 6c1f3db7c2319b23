"""A participant's timeline, built from its status, its actions and its domestic steps:
signature → domestic steps → deposit → entry into force (→ denunciation), each with its date
and source. Pure: no query."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from treaty.models import ActionKind, DomesticStep, TreatyAction
from treaty.models.actions import CONSENT_KINDS
from treaty.status import ParticipantStatus, Stage
from treaty.views.narrative import instrument_kind


def source_of(record: TreatyAction | DomesticStep | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "source": record.source,
        "url": record.source_url,
        "kind": getattr(record, "source_kind", ""),
        "notification": getattr(record, "depositary_notification", ""),
        "record": record,
    }


def domestic_step(step: DomesticStep) -> dict[str, Any]:
    """A domestic step on the timeline: done, with its day (or its range) and its source."""
    return {
        "title": step.get_step_display(),
        "date": step.date,
        "date_earliest": step.date_earliest,
        "done": True,
        "domestic": True,
        "anchor": f"step-{step.pk}",
        "source": source_of(step),
        "detail": step.note,
        "pending": "",
    }


def participant_timeline(
    mine: ParticipantStatus, actions: list[TreatyAction], domestic_steps: list[DomesticStep]
) -> list[dict[str, Any]]:
    """Signature → domestic steps → deposit → entry into force (→ denunciation), each with its
    date and source; a step not reached yet says what it waits for. Domestic steps are not
    depositary actions: they sit between signature and instrument, in date order."""
    signature = next((a for a in actions if a.kind == ActionKind.SIGNATURE), None)
    instrument = next(
        (a for a in actions if a.kind in CONSENT_KINDS and a.date == mine.consent_on), None
    )
    if instrument is None:
        deposit_title = _("Instrument deposited")
    else:
        deposit_title = _("Instrument of %(kind)s deposited") % {
            "kind": instrument_kind(instrument.kind)
        }
    steps = [
        {
            "title": _("Signature"),
            "date": mine.signed_on,
            "date_earliest": mine.signed_earliest,
            "done": mine.signed_on is not None,
            "source": source_of(signature),
            "pending": "" if mine.signed_on else _("Not signed."),
        },
        *(domestic_step(step) for step in domestic_steps),
        {
            "title": deposit_title,
            "date": mine.consent_on,
            "done": mine.consent_on is not None,
            "source": source_of(instrument),
            "pending": "" if mine.consent_on else _("No instrument deposited."),
        },
        {
            "title": _("Entry into force for this participant"),
            "date": mine.entry_into_force_on,
            "done": mine.stage is Stage.PARTY,
            "source": None,
            "detail": _("Computed under the treaty's entry-into-force rule.")
            if mine.entry_into_force_on
            else "",
            "pending": ""
            if mine.entry_into_force_on
            else _("Waits for an instrument and for the treaty's entry into force."),
        },
    ]
    if mine.denunciation_effective_on:
        denunciation = next((a for a in actions if a.kind == ActionKind.DENUNCIATION), None)
        steps.append(
            {
                "title": _("Denunciation takes effect"),
                "date": mine.denunciation_effective_on,
                "done": mine.stage is Stage.DENOUNCED,
                "source": source_of(denunciation),
                "pending": "",
            }
        )
    return steps
