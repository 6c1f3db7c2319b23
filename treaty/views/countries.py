"""The list of participants (filter, sort, search) and each participant's status page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treaty import scorecard
from treaty.history import latest_changes
from treaty.models import (
    ActionKind,
    DomesticStep,
    Obligation,
    ObligationProgress,
    Participant,
    Treaty,
    TreatyAction,
    normalize_name,
)
from treaty.models.actions import CONSENT_KINDS
from treaty.status import ParticipantStatus, Stage, TreatyStatus
from treaty.views import html
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.breakdowns import group_memberships
from treaty.views.cache import cached_page
from treaty.views.common import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    CATEGORY_SHORT,
    STAGE_LABELS,
    STAGE_ORDER,
    STAGE_RANK,
    STATUS_ORDER,
    STRENGTH_WORDS,
    article_numbers,
    articles_text,
    default_treaty,
    page_context,
    with_as_of,
)
from treaty.views.laws import cited_provisions, domestic_law
from treaty.views.narrative import instrument_kind, next_steps
from treaty.views.regions import region_label

# --- The list ---------------------------------------------------------------------------------

BASE_COLUMNS = [
    ("name", gettext_lazy("Participant")),
    ("region", gettext_lazy("Region")),
    ("stage", gettext_lazy("Stage")),
    ("signed", gettext_lazy("Signature")),
    ("instrument", gettext_lazy("Instrument")),
    ("force", gettext_lazy("Entry into force")),
]
DEFAULT_SORT = "name"
STAGE_VALUES = {stage.value for stage in Stage}


def _by_name(participant: Participant) -> str:
    return normalize_name(participant.localized_name())


def _obligation_refs(treaty: Treaty) -> list[scorecard.ObligationRef]:
    return [
        scorecard.ObligationRef(*row)
        for row in treaty.obligations.values_list("id", "category", "strength")
    ]


@cached_page
@parse_as_of
def country_list(request: HttpRequest, *, at: date | None) -> HttpResponse:
    """Every participant with its stage, dates and implementation by category.

    Queries: the treaty, the engine's rows, the participants, the groups' members, the
    obligations, the assessments (and one more when searching: the name patterns). Filtering
    and sorting happen on the fetched rows, because stage and scores are computed, not
    stored."""
    treaty = default_treaty()
    context = page_context(request, at, treaty=treaty, page_title=_("Countries"))
    day = context["day"]
    status = treaty.status_on(day)
    participants = list(Participant.objects.all())
    obligations = _obligation_refs(treaty)
    cards = treaty.scorecards(day, participants, status=status, obligations=obligations)

    # Columns of implementation: the categories that hold mandatory obligations.
    mandatory = {o.category for o in obligations if o.strength == Obligation.Strength.MANDATORY}
    categories = [c for c in CATEGORY_ORDER if c in mandatory]
    regions = sorted({p.region for p in participants if p.region}, key=region_label)
    subregions = sorted({p.subregion for p in participants if p.subregion}, key=region_label)
    groups, group_members = group_memberships()  # one query: the groups and their members

    params = request.GET
    chosen = {
        "q": params.get("q", "").strip()[:100],
        "region": _one_of(params.get("region"), regions),
        "subregion": _one_of(params.get("subregion"), subregions),
        "stage": _one_of(params.get("stage"), STAGE_VALUES),
        "group": _one_of(params.get("group"), group_members),
        "category": _one_of(params.get("category"), categories),
    }
    shown_categories = [chosen["category"]] if chosen["category"] else categories
    sort_keys = [key for key, _label in BASE_COLUMNS] + [f"cat-{c}" for c in categories]
    sort = params.get("sort", DEFAULT_SORT)
    sort_key = sort.removeprefix("-")
    if sort_key not in sort_keys:
        sort, sort_key = DEFAULT_SORT, DEFAULT_SORT
    descending = sort.startswith("-")

    rows = participants
    if chosen["q"]:
        known = set(Participant.objects.known_as(chosen["q"]).values_list("pk", flat=True))
        rows = [p for p in rows if p.pk in known]
    if chosen["region"]:
        rows = [p for p in rows if p.region == chosen["region"]]
    if chosen["subregion"]:
        rows = [p for p in rows if p.subregion == chosen["subregion"]]
    if chosen["group"]:
        in_group = set(group_members[chosen["group"]])
        rows = [p for p in rows if p.iso3 in in_group]
    # Counted within every other filter, before the stage's own.
    stage_summary = _stage_summary(request.path, rows, status, chosen, at)
    if chosen["stage"]:
        rows = [p for p in rows if status.stage_of(p.iso3) == chosen["stage"]]
    rows = _sorted(rows, sort_key, descending, status, cards)

    filters = {key: value for key, value in chosen.items() if value}
    context.update(
        status=status,
        total=len(participants),
        count=len(rows),
        chosen=chosen,
        regions=[(r, region_label(r)) for r in regions],
        subregions=[(r, region_label(r)) for r in subregions],
        groups=[(g["code"], g["label"]) for g in groups],
        stages=[(str(s), STAGE_LABELS[s]) for s in STAGE_ORDER],
        categories=[(c, CATEGORY_LABELS[c]) for c in categories],
        headers=_headers(request.path, filters, at, sort_key, descending, shown_categories),
        rows=_rows(rows, status, cards, shown_categories, at),
        stage_summary=stage_summary,
        has_filters=bool(filters),
        sort=sort if sort != DEFAULT_SORT else "",
        api_filters=_api_filters(chosen, at),
    )
    return render(request, "treaty/country_list.html", context)


def _stage_summary(
    path: str,
    rows: list[Participant],
    status: TreatyStatus,
    chosen: dict[str, str],
    at: date | None,
) -> list[dict[str, Any]]:
    """How many of the participants the other filters keep are at each stage, each with the
    link that shows only them (keeping the other filters)."""
    counts = Counter(status.stage_of(p.iso3) for p in rows)
    others = {key: value for key, value in chosen.items() if value and key != "stage"}
    return [
        {
            "stage": str(stage),
            "label": STAGE_LABELS[stage],
            "count": counts[stage],
            "url": with_as_of(path, at, **others, stage=str(stage)),
            "current": chosen["stage"] == stage,
        }
        for stage in STAGE_ORDER
    ]


def _one_of(value: str | None, allowed: Iterable[str]) -> str:
    """The value if it is one the page offers; anything else is ignored, not an error."""
    return value if value and value in allowed else ""


def _sort_value(
    key: str, status: TreatyStatus, cards: dict[int, scorecard.Scorecard]
) -> Callable[[Participant], Any]:
    """The value a column sorts by; None sorts last whichever the direction."""
    if key == "region":
        return lambda p: (region_label(p.region), region_label(p.subregion)) if p.region else None
    if key == "stage":
        return lambda p: STAGE_RANK[status.stage_of(p.iso3)]
    if key == "signed":
        return lambda p: status.of(p.iso3).signed_on
    if key == "instrument":
        return lambda p: status.of(p.iso3).consent_on
    if key == "force":
        return lambda p: status.of(p.iso3).entry_into_force_on
    if key.startswith("cat-"):
        category = key.removeprefix("cat-")

        def share(p: Participant) -> Any:
            score = cards[p.pk].categories.get(category)
            if score is None or not score.mandatory or not score.has_assessment:
                return None
            return (score.mandatory_aligned / score.mandatory, score.mandatory_aligned)

        return share
    return _by_name


def _sorted(
    rows: list[Participant],
    key: str,
    descending: bool,
    status: TreatyStatus,
    cards: dict[int, scorecard.Scorecard],
) -> list[Participant]:
    rows = sorted(rows, key=_by_name)  # ties keep alphabetical order (sorts are stable)
    value = _sort_value(key, status, cards)
    known = [p for p in rows if value(p) is not None]
    unknown = [p for p in rows if value(p) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def _headers(
    path: str,
    filters: dict[str, str],
    at: date | None,
    sort_key: str,
    descending: bool,
    categories: list[str],
) -> list[dict[str, Any]]:
    """Column headers as sort links: a click sorts by the column, a second click reverses."""
    columns = [
        *BASE_COLUMNS,
        *(
            (f"cat-{c}", CATEGORY_SHORT.get(c, CATEGORY_LABELS[c]), CATEGORY_LABELS[c])
            for c in categories
        ),
    ]
    headers = []
    for key, label, *title in columns:
        current = key == sort_key
        next_sort = f"-{key}" if current and not descending else key
        headers.append(
            {
                "key": key,
                "label": label,
                "title": title[0] if title else "",
                "url": with_as_of(path, at, **filters, sort=next_sort),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
                "numeric": key.startswith("cat-"),
            }
        )
    return headers


def _instrument(participant: ParticipantStatus) -> SafeString:
    if participant.consent_on is None:
        return format_html("{}", "—")
    return format_html(
        '{} <span class="nowrap">{}</span>',
        instrument_kind(participant.consent_kind).capitalize(),
        html.day(participant.consent_on),
    )


def _rows(
    participants: list[Participant],
    status: TreatyStatus,
    cards: dict[int, scorecard.Scorecard],
    categories: list[str],
    at: date | None,
) -> SafeString:
    """The table body, built here rather than in a template loop: about 200 rows × 10 cells
    (template tags in a loop cost about 10 µs each; see STACK.md "Performance findings")."""
    reio_note = format_html(' <span class="note">({})</span>', _("regional organization"))

    def category_cells(participant: Participant) -> SafeString:
        scores = cards[participant.pk].categories
        return format_html_join(
            "",
            '<td class="num">{}</td>',
            (
                # A category with nothing assessed draws a dash, not a "0 / n" bar.
                (html.score_bar(scores.get(c), label=CATEGORY_LABELS[c]),)
                for c in categories
            ),
        )

    def row(p: Participant) -> tuple[Any, ...]:
        mine = status.of(p.iso3)
        return (
            with_as_of(p.get_absolute_url(), at),
            p.localized_name(),
            reio_note if p.is_reio else "",
            _region(p),
            html.stage_badge(mine.stage),
            html.day_or_range(mine.signed_on, mine.signed_earliest),
            _instrument(mine),
            html.day(mine.entry_into_force_on),
            category_cells(p),
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td>{}</tr>",
        (row(p) for p in participants),
    )


def _region(participant: Participant) -> SafeString:
    """The M49 region, with the sub-region beneath it when it says more ("Africa",
    "Sub-Saharan Africa")."""
    region, subregion = participant.region, participant.subregion
    if not region:
        return format_html("{}", region_label(subregion) or "—")
    if not subregion or subregion == region:
        return format_html("{}", region_label(region))
    return format_html(
        '{}<span class="subregion">{}</span>', region_label(region), region_label(subregion)
    )


def _api_filters(chosen: dict[str, str], at: date | None) -> str:
    """The page's filters in the API's vocabulary, for its "same data" links."""
    return with_as_of(
        "",
        at,
        region=chosen["region"],
        subregion=chosen["subregion"],
        stage=chosen["stage"],
        search=chosen["q"],
    )


# --- One participant ----------------------------------------------------------------------

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
        for member in sorted(participant.members.all(), key=_by_name)
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
