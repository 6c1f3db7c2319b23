"""A participant's status page: where it stands, its timeline, domestic steps and law, its
scorecard and obligations. Its parts are built by pure functions in
``treaty.views.country_timeline`` (the timeline) and ``treaty.views.country_parts`` (the
scorecard, the obligations table, a REIO's members)."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treaty.history import latest_changes
from treaty.models import (
    ActionKind,
    DomesticStep,
    ObligationProgress,
    Participant,
    TreatyAction,
)
from treaty.models.laws import cited_provisions
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import (
    NO_ASSESSMENT,
    article_numbers,
    default_treaty_or_404,
    page_context,
    with_as_of,
)
from treaty.views.country_parts import obligation_rows, reio_members, scorecard_rows
from treaty.views.country_timeline import participant_timeline
from treaty.views.laws import domestic_law
from treaty.views.narrative import next_steps

TEXT_KINDS = [
    ActionKind.DECLARATION,
    ActionKind.RESERVATION,
    ActionKind.OBJECTION,
    ActionKind.RESERVATION_WITHDRAWAL,
]
LATEST_CHANGES = 10


@cached_page
@parse_as_of
def country_detail(request: HttpRequest, code: str, *, at: date | None) -> HttpResponse:
    """Where one participant stands: its timeline, what comes next, its texts and designated
    authorities, its scorecard and every obligation's status.

    Ten queries: the participant, the treaty, the engine's rows (its entry into force depends
    on everyone's instruments), its actions, its domestic steps, the obligations, its
    assessments (and the provisions they cite, one more when it has any), and the latest changes from the three history tables (a REIO's page adds its
    member States)."""
    participant = Participant.objects.filter(iso3__iexact=code).first()
    if participant is None:
        raise Http404(
            _("No participant has the code “%(code)s”. Use an ISO 3166 alpha-3 code such as VNM.")
            % {"code": code[:10]}
        )
    treaty = default_treaty_or_404()
    context = page_context(
        request,
        at,
        treaty=treaty,
        participant=participant,
        page_title=participant.localized_name(),
    )
    day = context["day"]
    status = treaty.status_on(day)
    mine = status.of(participant.iso3)
    actions = list(
        TreatyAction.objects.published()
        .filter(treaty=treaty, participant=participant)
        .as_of(day)
        .select_related("relates_to__participant")
        .order_by("date", "pk")
    )
    domestic_steps = list(
        DomesticStep.objects.published()
        .filter(treaty=treaty, participant=participant)
        .as_of(day)
        .select_related("verified_by")
        .order_by("date", "pk")
    )
    obligations = list(
        treaty.obligations.annotate(article_numbers=article_numbers()).order_by("position", "code")
    )
    assessments = {
        a.obligation_id: a
        for a in ObligationProgress.objects.published()
        .at(at)
        .of_treaty(treaty)
        .filter(participant=participant)
        .prefetch_related(cited_provisions())
    }
    card = treaty.scorecards(
        day, [participant], status=status, obligations=obligations, assessments=assessments.values()
    )[participant.pk]

    context.update(
        status=status,
        mine=mine,
        steps=participant_timeline(mine, actions, domestic_steps),
        next_steps=next_steps(
            treaty,
            status,
            mine,
            day,
            is_reio=participant.is_reio,
            domestic_steps=domestic_steps,
        ),
        texts=[a for a in actions if a.kind in TEXT_KINDS],
        authorities=[a for a in actions if a.kind == ActionKind.NOTIFICATION],
        scorecard=scorecard_rows(card),
        card=card,
        obligation_rows=obligation_rows(obligations, assessments, mine, at),
        obligation_count=len(obligations),
        assessed_count=len(assessments),
        no_assessment=NO_ASSESSMENT if not assessments else "",
        changes=latest_changes(participant, treaty, at, limit=LATEST_CHANGES),
        members=reio_members(participant, status, at),
        api_filters=with_as_of("", at, participant=participant.iso3),
        # Its laws, their mappings and the coverage grid: five queries (treaty.views.laws).
        **domestic_law(participant, treaty, at),
    )
    return render(request, "treaty/country_detail.html", context)
