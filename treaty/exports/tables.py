"""The record exports as tables: participants with their status, treaty actions, domestic
steps towards consent, and assessments. Columns are documented in docs/exports.md; keep the two in step.

Each builder takes a validated FilterSet of ``treaty.filtersets`` (the API's, so the exports
filter exactly as the API does) and returns a :class:`Table` whose rows are read lazily, in
chunks, when the response is written. The number of queries is fixed: small lookups
(participants, obligations, articles) are fetched whole up front and joined in Python, so the
big query reads one table and no row ever costs a query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Case, CharField, QuerySet, Value, When
from django.utils.translation import get_language

from treaty.content_translations import region_name
from treaty.exports.writers import CHUNK_ROWS, Table, iso_datetime
from treaty.filtersets.core import ActionFilter, AssessmentFilter, ParticipantFilter
from treaty.models import (
    DatePrecision,
    Obligation,
    Participant,
    Treaty,
)
from treaty.models.translated import localized
from treaty.models.treaties import ParticipantKey

PARTICIPANT_COLUMNS = (
    "iso3",
    "iso2",
    "name",
    "kind",
    "region",
    "subregion",
    "treaty",
    "stage",
    "signed_on",
    "instrument_kind",
    "instrument_on",
    "entry_into_force_on",
    "denunciation_effective_on",
    "mandatory_obligations",
    "mandatory_aligned",
    "mandatory_aligned_share",
    # Added after the first release: new columns go last, so existing positions hold.
    "signed_earliest",
    "m49",
    "counts_towards_threshold",
)

# Column name and the field it is read from, in the order written.
ACTION_FIELDS = (
    ("treaty", "treaty__slug"),
    ("iso3", "participant__iso3"),
    ("participant", "participant_label"),
    ("kind", "kind"),
    ("date", "date"),
    ("effective_on", "effective_on"),
    ("depositary_notification", "depositary_notification"),
    ("source", "source"),
    ("source_url", "source_url"),
    # Added after the first release: new columns go last, so existing positions hold.
    ("date_earliest", "date_earliest"),
    ("date_precision", "date_precision"),
    ("source_kind", "source_kind"),
)
ACTION_COLUMNS = tuple(column for column, _ in ACTION_FIELDS)
ACTION_ORDER = ("date", "participant__iso3", "kind", "pk")

# Column name and the field it is read from, in the order written.
DOMESTIC_STEP_FIELDS = (
    ("treaty", "treaty__slug"),
    ("iso3", "participant__iso3"),
    ("participant", "participant_label"),
    ("step", "step"),
    ("date", "date"),
    ("date_earliest", "date_earliest"),
    ("source", "source"),
    ("source_url", "source_url"),
    ("note", "note"),
)
DOMESTIC_STEP_COLUMNS = tuple(column for column, _ in DOMESTIC_STEP_FIELDS)
DOMESTIC_STEP_ORDER = ("date", "participant__iso3", "step", "pk")

ASSESSMENT_COLUMNS = (
    "iso3",
    "participant",
    "treaty",
    "obligation",
    "obligation_title",
    "category",
    "strength",
    "articles",
    "as_of",
    "status",
    "evidence_title",
    "evidence_citation",
    "evidence_url",
    "evidence_adopted_on",
    "notes",
    "assessed_by",
    "verified_at",
)
ASSESSMENT_ORDER = ("participant__iso3", "obligation__position", "obligation__code", "as_of", "pk")
# Read from the assessment row itself; participant and obligation columns come from lookups.
_ASSESSMENT_OWN_FIELDS = (
    "participant_id",
    "obligation_id",
    "as_of",
    "status",
    "evidence_title",
    "evidence_citation",
    "evidence_url",
    "evidence_adopted_on",
    "notes",
    "assessed_by",
    "verified_at",
)


def date_precision() -> Case:
    """An action's date precision in SQL, as ``TreatyAction.date_precision`` says it: ``range``
    when an earliest day is recorded, ``day`` otherwise."""
    return Case(
        When(date_earliest__isnull=False, then=Value(DatePrecision.RANGE.value)),
        default=Value(DatePrecision.DAY.value),
        output_field=CharField(),
    )


def chosen_treaty(filterset: Any) -> Treaty | None:
    """The treaty named by ``?treaty=`` (a valid slug, checked by the FilterSet), else the
    default one (``TRACKER_DEFAULT_TREATY``); None only when no treaty is recorded at all."""
    return filterset.cleaned.get("treaty") or Treaty.objects.default()


def filtered_in_order(filterset: Any, default: tuple[str, ...]) -> QuerySet:
    """The filtered rows in the order the client asked for with ``?ordering=``, else in the
    export's default order (which ends with the primary key, so ties never move)."""
    if filterset.cleaned.get("ordering"):
        return filterset.qs
    return filterset.qs.order_by(*default)


def participants_table(filterset: ParticipantFilter) -> Table:
    """One row per participant: who it is, its stage in the chosen treaty on the as-of day
    (the entry-into-force engine runs once for the request), and its share of mandatory
    obligations aligned on that day. Five queries, whatever the number of participants."""
    treaty = chosen_treaty(filterset)
    at = filterset.as_of_date
    participants = list(
        filtered_in_order(filterset, ("iso3",)).values_list(
            "pk", "iso3", "iso2", "name", "kind", "region", "subregion", "m49"
        )
    )
    if treaty is None:
        status = None
        cards = {}
    else:
        # Memoized on the request: the stage filter computed it already when it was used.
        status = Treaty.objects.statuses_on([treaty], at, memo=filterset.request)[treaty.pk]
        cards = treaty.scorecards(
            at, [ParticipantKey(row[0], row[1]) for row in participants], status=status
        )

    rows = []
    for pk, iso3, iso2, name, kind, region, subregion, m49 in participants:
        engine_row = status.of(iso3) if status else None
        card = cards.get(pk)
        share = card.mandatory_aligned_share if card else None
        rows.append(
            (
                iso3,
                iso2,
                name,
                kind,
                region_name(region),
                region_name(subregion),
                treaty.slug if treaty else None,
                engine_row.stage.value if engine_row else "none",
                engine_row.signed_on if engine_row else None,
                engine_row.consent_kind if engine_row else None,
                engine_row.consent_on if engine_row else None,
                engine_row.entry_into_force_on if engine_row else None,
                engine_row.denunciation_effective_on if engine_row else None,
                card.mandatory if card else None,
                card.mandatory_aligned if card else None,
                round(share, 4) if share is not None else None,
                engine_row.signed_earliest if engine_row else None,
                m49,
                engine_row.counts if engine_row else None,
            )
        )
    return Table(PARTICIPANT_COLUMNS, rows, count=rows.__len__)


def actions_table(filterset: ActionFilter) -> Table:
    """One row per published treaty action matching the filters (dated on or before
    ``as_of`` when it is given), oldest first."""
    queryset = filtered_in_order(filterset, ACTION_ORDER)
    rows = queryset.annotate(
        date_precision=date_precision(), participant_label=localized("participant__name")
    ).values_list(*(field for _, field in ACTION_FIELDS))
    return Table(ACTION_COLUMNS, rows.iterator(chunk_size=CHUNK_ROWS), count=queryset.count)


def domestic_steps_table(filterset: Any) -> Table:
    """One row per published domestic step towards consent matching the filters (on or before
    ``as_of`` when it is given), oldest first."""
    queryset = filtered_in_order(filterset, DOMESTIC_STEP_ORDER)
    rows = queryset.annotate(participant_label=localized("participant__name")).values_list(
        *(field for _, field in DOMESTIC_STEP_FIELDS)
    )
    return Table(DOMESTIC_STEP_COLUMNS, rows.iterator(chunk_size=CHUNK_ROWS), count=queryset.count)


def assessments_table(filterset: AssessmentFilter) -> Table:
    """One row per published assessment matching the filters: the whole dated history, or with
    ``as_of`` the assessment of each participant and obligation that stood on that day."""
    queryset = filtered_in_order(filterset, ASSESSMENT_ORDER)
    # The rows are read when the response is written: in the language chosen now.
    language = get_language() or "en"
    return Table(ASSESSMENT_COLUMNS, _assessment_rows(queryset, language), count=queryset.count)


def _assessment_rows(queryset: QuerySet, language: str) -> Iterator[tuple[Any, ...]]:
    # Runs when the response is written: three small lookups, then the assessments in chunks.
    participants = {
        pk: (iso3, name)
        for pk, iso3, name in Participant.objects.annotate(
            label=localized("name", language)
        ).values_list("pk", "iso3", "label")
    }
    obligations = _obligation_lookup(language)
    for pid, oid, *own, verified_at in queryset.values_list(*_ASSESSMENT_OWN_FIELDS).iterator(
        chunk_size=CHUNK_ROWS
    ):
        yield (*participants[pid], *obligations[oid], *own, iso_datetime(verified_at))


def _obligation_lookup(language: str) -> dict[int, tuple[str, str, str, str, str, str]]:
    """Each obligation's treaty, code, title, category, strength and article numbers (joined
    by ";"), by primary key: two queries for the whole catalogue."""
    articles: dict[int, list[str]] = {}
    through = Obligation.articles.through.objects.order_by("article__number")
    for oid, number in through.values_list("obligation_id", "article__number"):
        articles.setdefault(oid, []).append(str(number))
    return {
        pk: (slug, code, title, category, strength, ";".join(articles.get(pk, [])))
        for pk, slug, code, title, category, strength in Obligation.objects.annotate(
            label=localized("title", language)
        ).values_list("pk", "treaty__slug", "code", "label", "category", "strength")
    }
