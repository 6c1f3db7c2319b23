"""Two to four participants side by side: stage and timeline, domestic steps, laws, and each
obligation's status, at one shareable address (``/compare/?p=FRA&p=DEU``).

Eight queries whatever the number of participants compared and the size of the record: the
treaty, every participant (the form's choices, the chosen ones among them), the engine's rows,
the chosen participants' actions, their domestic steps, their laws, the obligations and their
assessments (and the footer's "last checked" line, on every page).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treaty import scorecard
from treaty.models import (
    DomesticStep,
    Law,
    ObligationProgress,
    ObligationStrength,
    Participant,
    TreatyAction,
    normalize_name,
)
from treaty.models.actions import CONSENT_KINDS
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    NO_ASSESSMENT,
    STAGE_LABELS,
    article_numbers,
    articles_text,
    default_treaty_or_404,
    ordered,
    page_context,
    with_as_of,
)
from treaty.views.narrative import instrument_kind

PARAM = "p"
MIN_COMPARED, MAX_COMPARED = 2, 4


def chosen_codes(request: HttpRequest) -> list[str]:
    """The codes asked for, in their order, once each: ``?p=FRA&p=DEU`` or ``?p=FRA,DEU``."""
    codes: list[str] = []
    for value in request.GET.getlist(PARAM):
        for code in value.split(","):
            code = code.strip().upper()[:10]
            if code and code not in codes:
                codes.append(code)
    return codes


@cached_page
@parse_as_of
def compare(request: HttpRequest, *, at: date | None) -> HttpResponse:
    treaty = default_treaty_or_404()
    context = page_context(request, at, treaty=treaty, page_title=_("Compare participants"))
    day = context["day"]
    participants = sorted(
        Participant.objects.all(), key=lambda p: normalize_name(p.localized_name())
    )
    by_code = {p.iso3: p for p in participants}
    codes = chosen_codes(request)
    unknown = [code for code in codes if code not in by_code]
    error = ""
    if unknown:
        error = _(
            "No participant has the code %(codes)s. Use ISO 3166 alpha-3 codes such as FRA or "
            "VNM (the European Union: EUU)."
        ) % {"codes": ", ".join(f"“{code}”" for code in unknown[: MAX_COMPARED + 1])}
    elif len(codes) > MAX_COMPARED:
        error = _(
            "Up to %(max)s participants can be compared at once; this address asks for %(n)s."
        ) % {
            "max": MAX_COMPARED,
            "n": len(codes),
        }
    elif len(codes) == 1:
        error = _("Choose at least two participants to compare.")
    chosen = [] if error else [by_code[code] for code in codes]
    context.update(
        choices=[(p.iso3, p.localized_name()) for p in participants],
        slots=(codes + [""] * MAX_COMPARED)[:MAX_COMPARED] if not unknown else [""] * MAX_COMPARED,
        max_compared=MAX_COMPARED,
        error=error,
        chosen=chosen,
    )
    if chosen:
        context.update(_comparison(treaty, chosen, day, at))
    return render(request, "treaty/compare.html", context, status=400 if error else 200)


def _comparison(treaty: Any, chosen: list[Participant], day: date, at: date | None) -> dict:
    status = treaty.status_on(day)
    pks = [p.pk for p in chosen]
    actions = list(
        TreatyAction.objects.published()
        .filter(treaty=treaty, participant__in=pks)
        .as_of(day)
        .order_by("date", "pk")
    )
    steps = list(
        DomesticStep.objects.published()
        .filter(treaty=treaty, participant__in=pks)
        .as_of(day)
        .order_by("date", "pk")
    )
    laws = list(
        Law.objects.published().filter(participant__in=pks).as_of(at).order_by("title", "pk")
    )
    obligations = list(
        treaty.obligations.annotate(article_numbers=article_numbers()).order_by("position", "code")
    )
    assessed = (
        ObligationProgress.objects.published()
        .at(at)
        .of_treaty(treaty)
        .filter(participant__in=pks)
        .scorecard_rows()
    )
    cards = treaty.scorecards(
        day, chosen, status=status, obligations=obligations, assessments=assessed
    )
    statuses = {(a.participant_id, a.obligation_id): a.status for a in assessed}
    mandatory = {o.category for o in obligations if o.strength == ObligationStrength.MANDATORY}

    columns = []
    for p in chosen:
        mine = status.of(p.iso3)
        instrument = next(
            (
                a
                for a in actions
                if a.participant_id == p.pk
                and a.kind in CONSENT_KINDS
                and a.date == mine.consent_on
            ),
            None,
        )
        columns.append(
            {
                "participant": p,
                "name": p.localized_name(),
                "url": with_as_of(p.get_absolute_url(), at),
                "stage": mine.stage,
                "stage_label": STAGE_LABELS[mine.stage],
                "signed_on": mine.signed_on,
                "signed_earliest": mine.signed_earliest,
                "instrument": (
                    f"{instrument_kind(instrument.kind).capitalize()}, " if instrument else ""
                ),
                "instrument_on": mine.consent_on,
                "force_on": mine.entry_into_force_on,
                "steps": [s for s in steps if s.participant_id == p.pk],
                "laws": [law for law in laws if law.participant_id == p.pk],
                "assessed": sum(1 for a in assessed if a.participant_id == p.pk),
            }
        )
    categories = [
        {
            "label": CATEGORY_LABELS.get(category, category),
            "scores": [cards[p.pk].categories.get(category) for p in chosen],
        }
        for category, _score in ordered(cards[pks[0]].categories, CATEGORY_ORDER)
        # As on the countries list: the categories that hold mandatory obligations.
        if category in mandatory
    ]
    obligation_rows = [
        {
            "obligation": o,
            "articles": articles_text(o.article_numbers),
            "url": with_as_of(o.get_absolute_url(), at),
            "statuses": [
                # The joining obligation follows the record (the stage), the others their
                # assessment.
                scorecard.obligation_status(
                    o.category, statuses.get((p.pk, o.pk)), status.stage_of(p.iso3)
                )
                for p in chosen
            ],
        }
        for o in obligations
    ]
    return {
        "status": status,
        "columns": columns,
        "categories": categories,
        "obligation_rows": obligation_rows,
        "any_assessment": bool(assessed),
        "no_assessment": NO_ASSESSMENT,
    }
