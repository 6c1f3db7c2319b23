"""A participant's status page: where it stands, its timeline, domestic steps and law, its
scorecard and obligations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.history import latest_changes
from treaty.models import (
    ActionKind,
    DomesticStep,
    Obligation,
    ObligationProgress,
    Participant,
    TreatyAction,
)
from treaty.models.actions import CONSENT_KINDS
from treaty.status import ParticipantStatus, Stage, TreatyStatus
from treaty.views import html
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    STATUS_ORDER,
    STRENGTH_WORDS,
    article_numbers,
    articles_text,
    default_treaty,
    page_context,
    with_as_of,
)

# --- The list ---------------------------------------------------------------------------------
from treaty.views.country_list import by_name
from treaty.views.laws import cited_provisions, domestic_law
from treaty.views.narrative import instrument_kind, next_steps

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
    treaty = default_treaty()
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
        steps=_timeline(mine, actions, domestic_steps),
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
        scorecard=_scorecard_rows(card),
        card=card,
        obligation_rows=_obligation_rows(obligations, assessments, mine, at),
        obligation_count=len(obligations),
        assessed_count=len(assessments),
        no_assessment=html.NO_ASSESSMENT if not assessments else "",
        changes=latest_changes(participant, treaty, at, limit=LATEST_CHANGES),
        members=_members(participant, status, at),
        api_filters=with_as_of("", at, participant=participant.iso3),
        # Its laws, their mappings and the coverage grid: five queries (treaty.views.laws).
        **domestic_law(participant, treaty, at),
    )
    return render(request, "treaty/country_detail.html", context)


def _source(record: TreatyAction | DomesticStep | None) -> dict[str, str] | None:
    if record is None:
        return None
    return {
        "source": record.source,
        "url": record.source_url,
        "kind": getattr(record, "source_kind", ""),
        "notification": getattr(record, "depositary_notification", ""),
        "verified": html.verified(record),
    }


def _domestic(step: DomesticStep) -> dict[str, Any]:
    """A domestic step on the timeline: done, with its day (or its range) and its source."""
    return {
        "title": step.get_step_display(),
        "date": step.date,
        "date_earliest": step.date_earliest,
        "done": True,
        "domestic": True,
        "anchor": f"step-{step.pk}",
        "source": _source(step),
        "detail": step.note,
        "pending": "",
    }


def _timeline(
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
            "source": _source(signature),
            "pending": "" if mine.signed_on else _("Not signed."),
        },
        *(_domestic(step) for step in domestic_steps),
        {
            "title": deposit_title,
            "date": mine.consent_on,
            "done": mine.consent_on is not None,
            "source": _source(instrument),
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
                "source": _source(denunciation),
                "pending": "",
            }
        )
    return steps


def _members(participant: Participant, status: TreatyStatus, at: date | None) -> list[Any]:
    """A REIO's member States with their stage (one query, on a REIO's page only)."""
    if not participant.is_reio:
        return []
    return [
        {
            "participant": member,
            "url": with_as_of(member.get_absolute_url(), at),
            "stage": status.stage_of(member.iso3),
        }
        for member in sorted(participant.members.all(), key=by_name)
    ]


def _scorecard_rows(card: scorecard.Scorecard) -> list[dict[str, Any]]:
    """One row per category; with no implementation assessment published, only the joining
    obligation's (read from the record): the page says so rather than drawing zeros."""
    rows = []
    for category in CATEGORY_ORDER:
        score = card.categories.get(category)
        if score is None:
            continue
        if not card.implementation_assessed and not scorecard.follows_record(category):
            continue
        rows.append(
            {
                "category": category,
                "label": CATEGORY_LABELS[category],
                "score": score,
                "bar": html.score_bar(score, label=CATEGORY_LABELS[category]),
                "counts": [(s, score.by_status[s]) for s in STATUS_ORDER if score.by_status[s]],
            }
        )
    return rows


def _obligation_rows(
    obligations: Sequence[Obligation],
    assessments: dict[int, ObligationProgress],
    mine: ParticipantStatus,
    at: date | None,
) -> SafeString:
    """The obligations table body (about 60 rows), grouped by category. The joining
    obligation's status comes from the participant's stage, never from an assessment. With no
    assessment published, only the joining obligation is listed (the page says so, rather
    than listing every other obligation as not assessed)."""
    from_record = format_html('<span class="note">{}</span>', _("From the depositary record."))

    def row(o: Obligation) -> tuple[Any, ...]:
        if scorecard.follows_record(o.category):
            return (
                with_as_of(o.get_absolute_url(), at),
                o.title,
                STRENGTH_WORDS.get(o.strength, o.strength),
                _articles(o),
                html.status_badge(scorecard.joining_status(mine.stage)),
                from_record,
                html.day(None),
                "",
            )
        assessment = assessments.get(o.pk)
        return (
            with_as_of(o.get_absolute_url(), at),
            o.title,
            STRENGTH_WORDS.get(o.strength, o.strength),
            _articles(o),
            html.status_badge(assessment.status if assessment else scorecard.NOT_ASSESSED),
            html.evidence(assessment),
            html.day(assessment.as_of if assessment else None),
            html.verified(assessment),
        )

    parts = []
    for category in CATEGORY_ORDER:
        members = [o for o in obligations if o.category == category]
        if not members or not (assessments or scorecard.follows_record(category)):
            continue
        parts.append(
            format_html(
                '<tr class="group"><th scope="colgroup" colspan="5">{}</th></tr>',
                CATEGORY_LABELS[category],
            )
        )
        parts.append(
            format_html_join(
                "\n",
                '<tr><th scope="row"><a href="{}">{}</a> <span class="note">({})</span></th>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{} {}</td></tr>",
                (row(o) for o in members),
            )
        )
    return format_html_join("\n", "{}", ((part,) for part in parts))


def _articles(obligation: Any) -> str:
    numbers = articles_text(getattr(obligation, "article_numbers", ""))
    return _("Art. %(numbers)s") % {"numbers": numbers} if numbers else "—"
