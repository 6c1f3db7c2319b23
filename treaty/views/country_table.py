"""The rows of the list of participants, as data: each participant's stage, dates, region and
implementation by category. The table tag ``countries_body`` (``treaty.templatetags.tables``)
draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treaty import scorecard
from treaty.models import Participant
from treaty.status import TreatyStatus
from treaty.views.common import CATEGORY_LABELS, with_as_of
from treaty.views.narrative import instrument_kind
from treaty.views.regions import region_label


@dataclass(frozen=True, slots=True)
class CountryRow:
    url: str
    name: str
    is_reio: bool
    # The M49 region, and the sub-region beneath it when it says more ("" when it does not).
    region: str
    subregion: str
    stage: str
    signed_on: date | None
    signed_earliest: date | None
    # The instrument's kind ("Ratification"), empty with no instrument.
    instrument: str
    consent_on: date | None
    entry_into_force_on: date | None
    # (score, category label) per category shown; None where the category has no score.
    scores: list[tuple[scorecard.CategoryScore | None, str]]


def table_rows(
    participants: list[Participant],
    status: TreatyStatus,
    cards: dict[int, scorecard.Scorecard],
    categories: list[str],
    at: date | None,
) -> list[CountryRow]:
    labels = [(c, str(CATEGORY_LABELS[c])) for c in categories]
    rows = []
    for p in participants:
        mine = status.of(p.iso3)
        scores = cards[p.pk].categories
        region, subregion = region_texts(p)
        rows.append(
            CountryRow(
                url=with_as_of(p.get_absolute_url(), at),
                name=p.localized_name(),
                is_reio=p.is_reio,
                region=region,
                subregion=subregion,
                stage=mine.stage,
                signed_on=mine.signed_on,
                signed_earliest=mine.signed_earliest,
                instrument=(
                    instrument_kind(mine.consent_kind).capitalize() if mine.consent_on else ""
                ),
                consent_on=mine.consent_on,
                entry_into_force_on=mine.entry_into_force_on,
                scores=[(scores.get(c), label) for c, label in labels],
            )
        )
    return rows


def region_texts(participant: Participant) -> tuple[str, str]:
    """The M49 region, and the sub-region when it says more ("Africa", "Sub-Saharan
    Africa"); with no region, the sub-region alone, else a dash."""
    region, subregion = participant.region, participant.subregion
    if not region:
        return region_label(subregion) or "—", ""
    if not subregion or subregion == region:
        return region_label(region), ""
    return region_label(region), region_label(subregion)
