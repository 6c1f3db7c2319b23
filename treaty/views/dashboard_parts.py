"""The dashboard's parts, built from the engine's result by pure functions (no query): the four
headline figures, the chart of signatures and counting instruments, the world map and its table
alternative (the stages and who is at each), and implementation by category."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from treaty import scorecard
from treaty.graphics import chart, worldmap
from treaty.models import Participant, Treaty, normalize_name
from treaty.status import Stage, TreatyStatus
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    STAGE_LABELS,
    STAGE_ORDER,
    STATUS_ORDER,
    ordered,
    with_as_of,
)


def headline(treaty: Treaty, status: TreatyStatus, day: date) -> dict[str, object]:
    """The four figures at the top, each with a sentence that explains it."""
    opens, closes = treaty.signature_opens_on, treaty.signature_closes_on
    if opens and day < opens:
        window = _("Signature opens on %(date)s.") % {"date": date_format(opens)}
        days_left = None
    elif closes and day <= closes:
        days_left = (closes - day).days
        window = _("Signature closes on %(date)s.") % {"date": date_format(closes)}
    elif closes:
        days_left = None
        window = _("Signature closed on %(date)s: States now join by accession.") % {
            "date": date_format(closes)
        }
    else:
        days_left, window = None, ""
    if status.entry_into_force_on and status.in_force:
        force = _("In force since %(date)s.") % {"date": date_format(status.entry_into_force_on)}
    elif status.entry_into_force_on:
        force = _("Enters into force on %(date)s.") % {
            "date": date_format(status.entry_into_force_on)
        }
    else:
        force = ""
    return {
        "required": treaty.instruments_required,
        "window": window,
        "days_left": days_left,
        "days_left_text": days_left_text(days_left) if days_left is not None else "",
        "force": force,
    }


def signature_chart(treaty: Treaty, status: TreatyStatus, points: list, day: date) -> str:
    start = treaty.signature_opens_on or treaty.adopted_on
    if not points:  # nothing recorded by ``day``; on the first day of signature, a chart
        return ""
    last = points[-1]
    text = chart.ChartText(
        title=_("Signatures and counting instruments over time"),
        description=_(
            "From %(start)s to %(end)s: %(signatures)s signatures and %(counting)s counting "
            "instruments of the %(required)s needed for entry into force."
        )
        % {
            "start": date_format(start),
            "end": date_format(day),
            "signatures": number_format(last.signatures),
            "counting": number_format(last.counting_instruments),
            "required": number_format(status.rule.instruments_required),
        },
        signatures=_("Signatures: %(n)s") % {"n": number_format(last.signatures)},
        instruments=_("Counting instruments: %(n)s of %(required)s")
        % {
            "n": number_format(last.counting_instruments),
            "required": number_format(status.rule.instruments_required),
        },
        threshold=_("%(n)s needed for entry into force")
        % {"n": number_format(status.rule.instruments_required)},
    )
    return chart.responsive_chart(
        points, start=start, end=day, threshold=status.rule.instruments_required, text=text
    )


def stage_groups(
    participants: list[Participant], status: TreatyStatus, at: date | None
) -> list[dict[str, object]]:
    """The map's table alternative: each stage, how many, and who (named for every stage but
    "no action", which is most of the world and only counted)."""
    groups: dict[Stage, list[Participant]] = {stage: [] for stage in STAGE_ORDER}
    for participant in participants:
        groups[status.stage_of(participant.iso3)].append(participant)
    return [
        {
            "stage": stage,
            "label": STAGE_LABELS[stage],
            "count": len(members),
            "members": []
            if stage is Stage.NONE
            else sorted(
                ((p.localized_name(), with_as_of(p.get_absolute_url(), at)) for p in members),
                key=lambda item: normalize_name(item[0]),  # "Égypte" among the E
            ),
        }
        for stage, members in groups.items()
    ]


def map_places(
    participants: list[Participant], status: TreatyStatus, at: date | None
) -> list[worldmap.Place]:
    return [
        worldmap.Place(
            m49=p.m49,
            name=p.localized_name(),
            stage=str(status.stage_of(p.iso3)),
            stage_label=str(STAGE_LABELS[status.stage_of(p.iso3)]),
            url=with_as_of(p.get_absolute_url(), at),
        )
        for p in participants
    ]


def world_map(places: list[worldmap.Place], status: TreatyStatus, day: date) -> str:
    counts = {str(stage): 0 for stage in STAGE_ORDER}
    for place in places:
        counts[place.stage] += 1
    description = _(
        "On %(date)s: %(parties)s parties, %(consented)s participants with an instrument "
        "deposited, %(signed)s signed, not yet bound, %(none)s participants with no action. "
        "The table and the lists below name them."
    ) % {
        "date": date_format(day),
        "parties": number_format(counts[Stage.PARTY]),
        "consented": number_format(counts[Stage.CONSENTED]),
        "signed": number_format(counts[Stage.SIGNATORY]),
        "none": number_format(counts[Stage.NONE]),
    }
    return worldmap.render(
        places, title=_("World map of participants by stage"), description=description
    )


def progress_rows(totals: dict[str, scorecard.CategoryScore]) -> list[dict[str, object]]:
    """Implementation by category, summed over the engaged participants: each status's count
    of (participant, obligation) pairs and its share of the row, for a stacked bar. With no
    implementation assessment published, only the joining obligation's row (read from the
    record): the page says so rather than drawing rows of "not assessed"."""
    rows = []
    any_assessed = any(score.assessed for score in totals.values())
    for category, score in ordered(totals, CATEGORY_ORDER):
        if not any_assessed and not scorecard.follows_record(category):
            continue
        counts = [(status, score.by_status[status]) for status in STATUS_ORDER]
        rows.append(
            {
                "category": category,
                "label": CATEGORY_LABELS.get(category, category),
                "total": score.total,
                "counts": counts,
                "shares": [
                    (status, round(100 * n / score.total, 1) if score.total else 0)
                    for status, n in counts
                    if n
                ],
                "mandatory": score.mandatory,
                "mandatory_aligned": score.mandatory_aligned,
                "score": score,
            }
        )
    return rows


def days_left_text(days: int) -> str:
    return ngettext("%(n)s day left", "%(n)s days left", days) % {"n": number_format(days)}
