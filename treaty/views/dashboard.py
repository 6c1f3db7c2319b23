"""The treaty dashboard: how close the treaty is to entry into force, and where the world stands.

Eight queries whatever the size of the record: the treaty, the engine's rows (the chart, every
stage, the outlook, the breakdowns and the comparison with the depositary's counts come from
them), the participants, the latest actions, the obligations, the assessments, the depositary's
counts, the groups' members (the breakdowns).

Words and numbers (README glossary): *signatures* are every participant that signed, as the
depositary counts them (``TreatyStatus.signatures``); *signed, not yet bound* is the stage
(``TreatyStatus.signed_not_bound``). Every figure on the page comes from the engine's result.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from treaty import scorecard
from treaty.graphics import chart, worldmap
from treaty.models import (
    DepositaryCount,
    Participant,
    SourceKind,
    Treaty,
    normalize_name,
)
from treaty.status import Action, EntryIntoForceRule, Stage, TreatyStatus, timeline, treaty_status
from treaty.views import html
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.breakdowns import dashboard_breakdown
from treaty.views.cache import cached_page
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    ENGAGED,
    STAGE_LABELS,
    STAGE_ORDER,
    STATUS_ORDER,
    default_treaty,
    get_or_404,
    ordered,
    page_context,
    with_as_of,
)
from treaty.views.outlook import outlook_context

LATEST_ACTIONS = 12

# Who stated a count, as the comparison sentence names it.
COUNTED_BY: dict[str, object] = {
    SourceKind.DEPOSITARY: gettext_lazy("UNTC"),
    SourceKind.NATIONAL_TREATY_DATABASE: gettext_lazy("A national treaty database"),
    SourceKind.GOVERNMENT: gettext_lazy("A government"),
    SourceKind.PRESS: gettext_lazy("The press"),
}


@cached_page
@parse_as_of
def home(request: HttpRequest, *, at: date | None) -> HttpResponse:
    return _dashboard(request, default_treaty(), at)


@cached_page
@parse_as_of
def treaty_detail(request: HttpRequest, slug: str, *, at: date | None) -> HttpResponse:
    treaty = get_or_404(
        Treaty.objects, _("No treaty has the identifier “%(slug)s”.") % {"slug": slug}, slug=slug
    )
    return _dashboard(request, treaty, at)


def _dashboard(request: HttpRequest, treaty: Treaty, at: date | None) -> HttpResponse:
    context = page_context(request, at, treaty=treaty)
    day = context["day"]
    # One fetch of the engine's rows serves both the status and the chart's series.
    rows = treaty.engine_rows_on(day)
    status = treaty.status_on(day, rows=rows)
    points = timeline(treaty.rule, rows, day)
    participants = list(Participant.objects.order_by("name"))
    latest = list(
        treaty.actions.published()
        .as_of(day)
        .select_related("participant")
        .order_by("-date", "-updated_at", "-pk")[:LATEST_ACTIONS]
    )
    counts = list(treaty.depositary_counts.as_of(day).latest_first())

    engaged = [p for p in participants if status.stage_of(p.iso3) in ENGAGED]
    places = _places(participants, status, at)
    totals = scorecard.category_totals(treaty.scorecards(day, engaged, status=status).values())
    context.update(
        status=status,
        headline=_headline(treaty, status, day),
        chart=_chart(treaty, status, points, day),
        outlook=outlook_context(treaty, status, points, day),
        breakdown=dashboard_breakdown(treaty, rows, status, participants, day, at),
        points=points,
        stage_groups=_stage_groups(participants, status, at),
        world_map=_world_map(places, status, day),
        europe_map=worldmap.render_inset(places, title=_("Europe, enlarged")),
        unmapped=sorted(worldmap.without_shape(places), key=lambda place: place.name),
        latest_actions=latest,
        depositary_checks=depositary_checks(treaty.rule, rows, counts),
        progress=_progress_rows(totals),
        no_assessment=""
        if any(score.assessed for score in totals.values())
        else html.NO_ASSESSMENT,
        engaged_count=len(engaged),
        page_title=treaty.short_title,
        api_filters=with_as_of("", at, treaty=treaty.slug),
    )
    return render(request, "treaty/dashboard.html", context)


def _headline(treaty: Treaty, status: TreatyStatus, day: date) -> dict[str, object]:
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


def _chart(treaty: Treaty, status: TreatyStatus, points: list, day: date) -> str:
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


def _stage_groups(
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


def _places(
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


def _world_map(places: list[worldmap.Place], status: TreatyStatus, day: date) -> str:
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


def _signature_gap(theirs: int, ours: int) -> str:
    n = {"n": number_format(abs(theirs - ours))}
    if ours < theirs:
        return (
            ngettext(
                "this record has %(n)s signature fewer than that count",
                "this record has %(n)s signatures fewer than that count",
                theirs - ours,
            )
            % n
        )
    if ours > theirs:
        return (
            ngettext(
                "this record has %(n)s signature more than that count",
                "this record has %(n)s signatures more than that count",
                ours - theirs,
            )
            % n
        )
    return ""


def _party_gap(theirs: int, ours: int) -> str:
    n = {"n": number_format(abs(theirs - ours))}
    if ours < theirs:
        return (
            ngettext(
                "this record has %(n)s party fewer than that count",
                "this record has %(n)s parties fewer than that count",
                theirs - ours,
            )
            % n
        )
    if ours > theirs:
        return (
            ngettext(
                "this record has %(n)s party more than that count",
                "this record has %(n)s parties more than that count",
                ours - theirs,
            )
            % n
        )
    return ""


def depositary_checks(
    rule: EntryIntoForceRule, rows: list[Action], counts: list[DepositaryCount]
) -> list[dict[str, object]]:
    """Each count the depositary stated (latest first) beside what this record has on the same
    day, from the engine run on that day: a difference is said plainly, never smoothed over.
    ``rows`` must hold the record up to the latest count's day at least."""
    checks = []
    for count in counts:
        record = treaty_status(rule, rows, count.as_of)
        values = {
            "who": COUNTED_BY.get(count.source_kind, count.get_source_kind_display()),
            "date": date_format(count.as_of),
            "signatures": number_format(count.signatures),
            "parties": number_format(count.parties),
            "record_signatures": number_format(record.signatures),
            "record_parties": number_format(record.parties),
        }
        differences = [
            text
            for text in (
                _signature_gap(count.signatures, record.signatures),
                _party_gap(count.parties, record.parties),
            )
            if text
        ]
        checks.append(
            {
                "count": count,
                "record": record,
                "agrees": not differences,
                "sentence": _(
                    "%(who)s counted %(signatures)s signatures and %(parties)s parties on "
                    "%(date)s; this record has %(record_signatures)s and %(record_parties)s by "
                    "that date."
                )
                % values,
                "difference": "; ".join(differences),
            }
        )
    return checks


def _progress_rows(totals: dict[str, scorecard.CategoryScore]) -> list[dict[str, object]]:
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
                "bar": html.score_bar(score),
            }
        )
    return rows


def days_left_text(days: int) -> str:
    return ngettext("%(n)s day left", "%(n)s days left", days) % {"n": number_format(days)}
