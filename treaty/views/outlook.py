"""The entry-into-force outlook as the pages show it: the figures of ``treaty.outlook`` in
sentences, with the method stated beside the result. No query of its own: it reads the
engine's status and timeline that the page already computed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from treaty.models import Treaty
from treaty.outlook import Outlook, OutlookState, outlook
from treaty.status import TimelinePoint, TreatyStatus


def _month(day: date | None) -> str:
    # A forecast always carries its four months; the others never reach this.
    assert day is not None
    return date_format(day, "YEAR_MONTH_FORMAT")


def outlook_for(
    treaty: Treaty, status: TreatyStatus, points: list[TimelinePoint], day: date
) -> Outlook:
    return outlook(
        points,
        on=day,
        required=status.rule.instruments_required,
        counting=status.counting_instruments,
        threshold_reached=status.threshold_on is not None,
        days_after_threshold=status.rule.days_after_threshold,
        record_starts=treaty.signature_opens_on or treaty.adopted_on,
    )


def outlook_context(
    treaty: Treaty, status: TreatyStatus, points: list[TimelinePoint], day: date
) -> dict[str, Any]:
    """What ``treaty/_outlook.html`` shows: the state, the sentences, each window's pace."""
    result = outlook_for(treaty, status, points, day)
    values = {
        "needed": number_format(result.needed),
        "counting": number_format(result.counting),
        "required": number_format(result.required),
    }
    needed = (
        ngettext(
            "%(needed)s more counting instrument is needed for entry into force "
            "(%(counting)s of %(required)s deposited).",
            "%(needed)s more counting instruments are needed for entry into force "
            "(%(counting)s of %(required)s deposited).",
            result.needed,
        )
        % values
    )
    if result.state is OutlookState.NO_INSTRUMENT:
        summary = _(
            "No counting instrument has been deposited yet, so there is no pace to extend: "
            "no date is forecast."
        )
    elif result.state is OutlookState.NO_PACE:
        summary = _(
            "No counting instrument was deposited in the last 12 months: at that pace no "
            "date can be given."
        )
    elif result.state is OutlookState.FORECAST:
        summary = _(
            "If deposits kept the pace of the last 6 and 12 months, the %(required)sth counting "
            "instrument would come between %(first)s and %(last)s, and the Convention would "
            "enter into force between %(force_first)s and %(force_last)s. This is a projection "
            "of past pace, not a prediction."
        ) % {
            "required": number_format(result.required),
            "first": _month(result.threshold_from),
            "last": _month(result.threshold_to),
            "force_first": _month(result.force_from),
            "force_last": _month(result.force_to),
        }
    else:
        summary = ""
    paces = []
    for pace in result.paces:
        if pace.threshold_on is not None:
            then = _("at this pace, the threshold in %(month)s") % {
                "month": _month(pace.threshold_on)
            }
        elif pace.beyond_horizon:
            then = _("at this pace, the threshold more than a century from now")
        else:
            then = _("no date at this pace")
        paces.append(
            {
                "label": ngettext("Last %(n)s month", "Last %(n)s months", pace.months)
                % {"n": number_format(pace.months)},
                "sentence": ngettext(
                    "since %(since)s: %(added)s counting instrument, about %(rate)s a month",
                    "since %(since)s: %(added)s counting instruments, about %(rate)s a month",
                    pace.added,
                )
                % {
                    "since": date_format(pace.since),
                    "added": number_format(pace.added),
                    "rate": number_format(pace.per_month, decimal_pos=1),
                },
                "then": then,
            }
        )
    return {
        "state": str(result.state),
        "result": result,
        "needed": needed if result.state is not OutlookState.REACHED else "",
        "summary": summary,
        "paces": paces,
        "days_after": number_format(status.rule.days_after_threshold),
    }
