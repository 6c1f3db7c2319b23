"""Who stands where on an obligation, built by pure functions from what the obligation and
article pages fetched: a participant's status on an obligation, who a page lists, the count
by status, and the tables' bodies (one obligation's participants, one article's matrix)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from treaty import scorecard
from treaty.models import Obligation, ObligationProgress, Participant
from treaty.status import TreatyStatus
from treaty.views import html
from treaty.views.common import ENGAGED, STATUS_LABELS, STATUS_ORDER, with_as_of

STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}


def status_of(
    p: Participant,
    o: Obligation,
    assessments: dict[tuple[int, int], ObligationProgress],
    status: TreatyStatus,
) -> str:
    """A participant's status on an obligation: from the record for joining (art. 64), else
    from its published assessment."""
    a = assessments.get((p.pk, o.pk))
    return scorecard.obligation_status(o.category, a.status if a else None, status.stage_of(p.iso3))


def standing(
    participants: list[Participant],
    status: TreatyStatus,
    assessments: dict[tuple[int, int], ObligationProgress],
    obligations: list[Obligation],
) -> list[Participant]:
    """Who an obligation page lists: every signatory, party or participant with an
    instrument, and anyone else with a published assessment. A participant that took no
    action and was never assessed (the outsider) is not listed."""
    assessed = {participant_id for participant_id, _ob in assessments}
    return [p for p in participants if status.stage_of(p.iso3) in ENGAGED or p.pk in assessed]


def status_summary(
    participants: list[Participant],
    assessments: dict[tuple[int, int], ObligationProgress],
    obligation: Obligation,
    status: TreatyStatus,
) -> list[dict[str, Any]]:
    counts = Counter(status_of(p, obligation, assessments, status) for p in participants)
    return [
        {"status": s, "label": STATUS_LABELS[s], "count": counts[s]}
        for s in STATUS_ORDER
        if counts[s]
    ]


def participant_rows(
    participants: list[Participant],
    status: TreatyStatus,
    assessments: dict[tuple[int, int], ObligationProgress],
    obligation: Obligation,
    at: date | None,
) -> SafeString:
    def row(p: Participant) -> tuple[Any, ...]:
        a = assessments.get((p.pk, obligation.pk))
        return (
            with_as_of(p.get_absolute_url(), at),
            p.localized_name(),
            html.stage_badge(status.stage_of(p.iso3)),
            html.status_badge(status_of(p, obligation, assessments, status)),
            html.evidence(a),
            html.day(a.as_of if a else None),
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (row(p) for p in participants),
    )


def matrix_rows(
    participants: list[Participant],
    status: TreatyStatus,
    assessments: dict[tuple[int, int], ObligationProgress],
    obligations: list[Obligation],
    at: date | None,
) -> SafeString:
    def cells(p: Participant) -> SafeString:
        return format_html_join(
            "",
            "<td>{}</td>",
            ((html.status_badge(status_of(p, o, assessments, status)),) for o in obligations),
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td>{}</tr>',
        (
            (
                with_as_of(p.get_absolute_url(), at),
                p.localized_name(),
                html.stage_badge(status.stage_of(p.iso3)),
                cells(p),
            )
            for p in participants
        ),
    )
