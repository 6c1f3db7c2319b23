"""Domestic law exports: national laws, their provisions' mappings to the Convention, and the
outside indicator values. Columns are documented in docs/exports.md; keep the two in step.

Rows reported by an outside source carry its attribution in a column (``attribution``: the
source and its date, e.g. "UNCTAD Global Cyberlaw Tracker, 2026-03-05"), and an XLSX file also
in its properties (``Table.attribution``). A fixed number of queries: one per table.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet

from treaty.exports.tables import filtered_in_order
from treaty.exports.writers import CHUNK_ROWS, Table, iso_datetime
from treaty.filtersets.laws import IndicatorValueFilter, LawFilter, MappingFilter
from treaty.models.laws import public_mapping_exists

LAW_FIELDS = (
    ("id", "pk"),
    ("iso3", "participant__iso3"),
    ("participant", "participant__name"),
    ("title", "title"),
    ("title_en", "title_en"),
    ("kind", "kind"),
    ("status", "status"),
    ("adopted_on", "adopted_on"),
    ("in_force_on", "in_force_on"),
    ("amended_on", "amended_on"),
    ("repealed_on", "repealed_on"),
    ("official_url", "official_url"),
    ("identifier", "identifier"),
    ("language", "language"),
    ("source", "source"),
    ("source_url", "source_url"),
    ("source_date", "source_date"),
    ("mapped", "mapped"),
    ("verified_at", "verified_at"),
)
LAW_COLUMNS = (*(column for column, _ in LAW_FIELDS), "attribution")
LAW_ORDER = ("participant__iso3", "title", "pk")

MAPPING_FIELDS = (
    ("iso3", "provision__law__participant__iso3"),
    ("participant", "provision__law__participant__name"),
    ("law_id", "provision__law_id"),
    ("law_title", "provision__law__title"),
    ("reference", "provision__reference"),
    ("provision_url", "provision__url"),
    ("official_url", "provision__law__official_url"),
    ("article", "article__number"),
    ("obligation", "obligation__code"),
    ("relation", "relation"),
    ("note", "note"),
    ("verified_at", "verified_at"),
)
MAPPING_COLUMNS = tuple(column for column, _ in MAPPING_FIELDS)
MAPPING_ORDER = ("provision__law__participant__iso3", "provision__law__title", "pk")

INDICATOR_FIELDS = (
    ("iso3", "participant__iso3"),
    ("participant", "participant__name"),
    ("m49", "participant__m49"),
    ("indicator", "indicator__code"),
    ("name", "indicator__name"),
    ("value", "value"),
    ("publisher", "indicator__publisher"),
    ("source", "indicator__source"),
    ("source_url", "indicator__source_url"),
    ("published_on", "indicator__published_on"),
    ("terms", "indicator__terms"),
)
INDICATOR_COLUMNS = (*(column for column, _ in INDICATOR_FIELDS), "attribution")
INDICATOR_ORDER = ("participant__iso3", "indicator__code", "-indicator__published_on", "pk")


def attribution(source: str, on: date | None) -> str:
    """How a reported row names where it comes from: "UNCTAD Global Cyberlaw Tracker,
    2026-03-05"."""
    return f"{source}, {on.isoformat()}" if on else source


def _sources(queryset: QuerySet, source: str, on: str) -> str:
    """Every source (with its date) the exported rows cite, for the file's properties."""
    pairs = queryset.order_by().values_list(source, on).distinct()
    return "; ".join(sorted(attribution(s, d) for s, d in pairs))


def laws_table(filterset: LawFilter) -> Table:
    """One row per published national law matching the filters, with its source and date."""
    queryset = filtered_in_order(filterset, LAW_ORDER).annotate(
        mapped=public_mapping_exists("provision__law")
    )
    rows = queryset.values_list(*(field for _, field in LAW_FIELDS))

    def written() -> Iterator[tuple[Any, ...]]:
        for row in rows.iterator(chunk_size=CHUNK_ROWS):
            *own, verified_at = row
            source, source_date = own[14], own[16]
            yield (*own, iso_datetime(verified_at), attribution(source, source_date))

    return Table(
        LAW_COLUMNS,
        written(),
        count=queryset.count,
        attribution=lambda: _sources(queryset, "source", "source_date"),
    )


def mappings_table(filterset: MappingFilter) -> Table:
    """One row per published mapping of a published provision of a published law."""
    queryset = filtered_in_order(filterset, MAPPING_ORDER)
    rows = queryset.values_list(*(field for _, field in MAPPING_FIELDS))

    def written() -> Iterator[tuple[Any, ...]]:
        for *own, verified_at in rows.iterator(chunk_size=CHUNK_ROWS):
            yield (*own, iso_datetime(verified_at))

    return Table(MAPPING_COLUMNS, written(), count=queryset.count)


def indicators_table(filterset: IndicatorValueFilter) -> Table:
    """One row per outside indicator value, with its publisher, date, terms and attribution."""
    queryset = filtered_in_order(filterset, INDICATOR_ORDER)
    rows = queryset.values_list(*(field for _, field in INDICATOR_FIELDS))

    def written() -> Iterator[tuple[Any, ...]]:
        for row in rows.iterator(chunk_size=CHUNK_ROWS):
            yield (*row, attribution(row[7], row[9]))

    return Table(
        INDICATOR_COLUMNS,
        written(),
        count=queryset.count,
        attribution=lambda: _sources(queryset, "indicator__source", "indicator__published_on"),
    )
