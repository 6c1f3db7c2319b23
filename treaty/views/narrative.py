"""Where a participant stands and what comes next, in plain words.

Pure: it reads the engine's result for the participant and the treaty's signature window, so it
is tested without a database. Each sentence is translated as a whole.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from treaty.days import when_text
from treaty.models import Treaty
from treaty.status import ParticipantStatus, Stage, TreatyStatus
from treaty.vocabulary import domestic_step_done
from treaty.vocabulary import instrument_kind as instrument_kind  # the pages' one vocabulary


@dataclass(frozen=True, slots=True)
class StepDone:
    """A domestic step as the narrative needs it (``DomesticStep`` rows fit)."""

    step: str
    date: date
    date_earliest: datetime.date | None = None


def _sentence(clauses: list[str]) -> str:
    """Clauses joined by semicolons, as one sentence with a capital and a full stop."""
    text = "; ".join(clauses)
    return f"{text[:1].upper()}{text[1:]}."


def _window(treaty: Treaty, day: date, *, signed: bool) -> str:
    opens, closes = treaty.signature_opens_on, treaty.signature_closes_on
    if opens is not None and day < opens:
        return _("Signature opens on %(date)s.") % {"date": date_format(opens)}
    if closes is None:
        return _("The treaty is open for signature.") if not signed else ""
    if day <= closes:
        return _("Signature closes on %(date)s; after that the only way to join is accession.") % {
            "date": date_format(closes)
        }
    if signed:
        return _("Signature closed on %(date)s.") % {"date": date_format(closes)}
    return _("Signature closed on %(date)s: it can now join only by accession.") % {
        "date": date_format(closes)
    }


def _not_in_force(status: TreatyStatus) -> str:
    rule = status.rule
    return ngettext(
        "The treaty is not yet in force: it enters into force %(days)s days after "
        "%(required)s instruments have been deposited; %(needed)s more is needed.",
        "The treaty is not yet in force: it enters into force %(days)s days after "
        "%(required)s instruments have been deposited; %(needed)s more are needed.",
        status.instruments_needed,
    ) % {
        "days": number_format(rule.days_after_threshold),
        "required": number_format(rule.instruments_required),
        "needed": number_format(status.instruments_needed),
    }


def next_steps(
    treaty: Treaty,
    status: TreatyStatus,
    participant: ParticipantStatus,
    day: date,
    *,
    is_reio: bool,
    domestic_steps: Sequence[StepDone] = (),
) -> list[str]:
    """Sentences saying what the participant has done, what is pending and what comes next,
    e.g. "Signed on 25 October 2025. No instrument deposited yet. Signature closes on 31
    December 2026; after that the only way to join is accession.", or with its domestic steps
    "Parliament approved ratification on 10 February 2026; law promulgated on 23 February 2026;
    instrument not yet deposited."."""
    said: list[str] = []
    done_at_home = [
        domestic_step_done(s.step, s.date, s.date_earliest)
        for s in sorted(domestic_steps, key=lambda s: (s.date, s.step))
    ]
    signed = participant.signed_on is not None
    if participant.signed_on is not None:
        if participant.signed_earliest:  # known to a range of days: say so, never one day
            when = when_text(participant.signed_on, participant.signed_earliest)
            said.append(_("Signed %(when)s.") % {"when": when})
        else:
            said.append(_("Signed on %(date)s.") % {"date": date_format(participant.signed_on)})

    effective = participant.denunciation_effective_on
    if participant.stage is Stage.DENOUNCED and effective is not None:
        said.append(
            _("Denounced the treaty; the denunciation took effect on %(date)s.")
            % {"date": date_format(effective)}
        )
        said.append(_("It can join again by accession."))
        return said

    if participant.consent_on is None:
        if done_at_home:
            said.append(_sentence([*done_at_home, _("instrument not yet deposited")]))
        else:
            said.append(
                _("No instrument deposited yet.")
                if signed
                else _("Has neither signed the treaty nor deposited an instrument.")
            )
        if is_reio and not status.rule.reio_instrument_counts:
            said.append(
                _(
                    "As a regional economic integration organization, its instrument will not "
                    "count towards the %(required)s instruments needed for entry into force: "
                    "only its member States' instruments do."
                )
                % {"required": number_format(status.rule.instruments_required)}
            )
        window = _window(treaty, day, signed=signed)
        if window:
            said.append(window)
        if signed:
            said.append(
                _("Next step: deposit an instrument of ratification, acceptance or approval.")
            )
        return said

    if done_at_home:
        said.append(_sentence(done_at_home))
    said.append(
        _("Instrument of %(kind)s deposited on %(date)s.")
        % {
            "kind": instrument_kind(participant.consent_kind),
            "date": date_format(participant.consent_on),
        }
    )
    if is_reio and not participant.counts:
        said.append(
            _(
                "As a regional economic integration organization, its instrument does not count "
                "towards the instruments needed for entry into force."
            )
        )
    if participant.stage is Stage.PARTY and participant.entry_into_force_on:
        said.append(
            _("The treaty has been in force for it since %(date)s.")
            % {"date": date_format(participant.entry_into_force_on)}
        )
    elif participant.entry_into_force_on:
        said.append(
            _("The treaty will enter into force for it on %(date)s.")
            % {"date": date_format(participant.entry_into_force_on)}
        )
    else:
        said.append(_not_in_force(status))
    if participant.denunciation_effective_on and participant.denunciation_effective_on > day:
        said.append(
            _("It has denounced the treaty; the denunciation takes effect on %(date)s.")
            % {"date": date_format(participant.denunciation_effective_on)}
        )
    return said
