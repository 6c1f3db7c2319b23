"""Panel data for researchers, for one treaty, from published records (columns in
docs/exports.md).

- *long*: one row per participant, day of change and variable. The variables are the
  participant's stage in the treaty (a row on each day a new stage begins: a signature, an
  instrument, the entry into force for it, a denunciation taking effect) and its status on each
  obligation (a row on each assessment that changes it).
- *wide*: one row per participant, with its stage at the end of each year since the treaty was
  adopted and its status on each obligation on the as-of day.

Stages come from the entry-into-force engine run on the actions fetched once; statuses from the
assessments, streamed in participant order. Queries are fixed in number, whatever the size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from treaty import status as engine
from treaty.content_translations import region_name
from treaty.exports.writers import CHUNK_ROWS, Table
from treaty.models import ObligationProgress, Treaty
from treaty.models.translated import localized
from treaty.scorecard import NOT_ASSESSED

LONG_COLUMNS = ("iso3", "participant", "date", "variable", "value", "previous_value")
WIDE_ID_COLUMNS = ("iso3", "iso2", "participant", "region", "subregion")
STAGE_VARIABLE = "stage"


@dataclass(frozen=True, slots=True)
class PanelScope:
    """What a panel covers: the treaty, the participants (in iso3 order) and obligations (in
    catalogue order) chosen by the filters, and the day it is read on."""

    treaty: Treaty
    participants: QuerySet
    obligations: QuerySet
    at: date
    # The language of the label columns (participant names, regions): English by default.
    language: str = "en"


def stage_changes(
    rule: engine.EntryIntoForceRule, actions: Sequence[engine.Action], at: date
) -> dict[str, list[tuple[date, str, str]]]:
    """Each participant's stage changes up to ``at``: (day, new stage, previous stage), oldest
    first. A stage can change only on the day of an action, of a denunciation taking effect or
    of an entry into force, so the engine runs on those days only."""
    final = engine.treaty_status(rule, actions, at)
    days = {a.on for a in actions} | {a.takes_effect_on for a in actions}
    days |= {p.entry_into_force_on for p in final.participants.values() if p.entry_into_force_on}
    changes: dict[str, list[tuple[date, str, str]]] = {}
    current: dict[str, str] = {}
    for day in sorted(d for d in days if d <= at):
        for iso3, status in engine.treaty_status(rule, actions, day).participants.items():
            stage = status.stage.value
            previous = current.get(iso3, engine.Stage.NONE.value)
            if stage != previous:
                changes.setdefault(iso3, []).append((day, stage, previous))
                current[iso3] = stage
    return changes


def year_ends(treaty: Treaty, at: date) -> list[date]:
    """31 December of each year from the treaty's adoption to ``at``'s year; for that last year,
    whose end has not come (or is past ``at``), ``at`` itself."""
    return [min(date(year, 12, 31), at) for year in range(treaty.adopted_on.year, at.year + 1)]


def _actions(treaty: Treaty, at: date) -> list[engine.Action]:
    return treaty.engine_rows_on(at)


def _participants(scope: PanelScope) -> list[tuple[Any, ...]]:
    # The name and regions in the language chosen when the panel was asked for (the long
    # panel's rows are read later, as the response is written).
    rows = (
        scope.participants.order_by("iso3")
        .annotate(label=localized("name", scope.language))
        .values_list("pk", "iso3", "iso2", "label", "region", "subregion")
    )
    return [
        (
            pk,
            iso3,
            iso2,
            name,
            region_name(region, scope.language),
            region_name(sub, scope.language),
        )
        for pk, iso3, iso2, name, region, sub in rows
    ]


def long_panel(scope: PanelScope) -> Table:
    return Table(LONG_COLUMNS, _long_rows(scope))


def _long_rows(scope: PanelScope) -> Iterator[tuple[Any, ...]]:
    # Runs when the response is written. Four queries: participants, obligations, actions, and
    # the assessments in chunks, in the same iso3 order as the participants so both merge in
    # one pass holding one participant's state at a time.
    participants = _participants(scope)
    codes = dict(scope.obligations.values_list("pk", "code"))
    changes = stage_changes(scope.treaty.rule, _actions(scope.treaty, scope.at), scope.at)
    assessments = (
        ObligationProgress.objects.published()
        .filter(
            participant__in=[row[0] for row in participants],
            obligation__in=list(codes),
            as_of__lte=scope.at,
        )
        .order_by("participant__iso3", "as_of", "obligation__position", "obligation__code", "pk")
        .values_list("participant_id", "as_of", "obligation_id", "status")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    pending = next(assessments, None)
    for pk, iso3, _iso2, name, _region, _subregion in participants:
        stages = iter(changes.get(iso3, []))
        stage = next(stages, None)
        last_status: dict[int, str] = {}
        while pending is not None and pending[0] == pk:
            _, on, oid, status = pending
            # A stage beginning on the day of an assessment comes first.
            while stage is not None and stage[0] <= on:
                yield (iso3, name, stage[0], STAGE_VARIABLE, stage[1], stage[2])
                stage = next(stages, None)
            previous = last_status.get(oid, NOT_ASSESSED)
            if status != previous:
                yield (iso3, name, on, codes[oid], status, previous)
                last_status[oid] = status
            pending = next(assessments, None)
        while stage is not None:
            yield (iso3, name, stage[0], STAGE_VARIABLE, stage[1], stage[2])
            stage = next(stages, None)


def wide_panel(scope: PanelScope) -> Table:
    """Stage columns ``stage_<year>`` then one status column per obligation code."""
    ends = year_ends(scope.treaty, scope.at)
    obligations = list(scope.obligations.values_list("pk", "code"))
    columns = (
        *WIDE_ID_COLUMNS,
        *(f"stage_{end.year}" for end in ends),
        *(code for _, code in obligations),
    )
    participants = _participants(scope)
    rule = scope.treaty.rule
    actions = _actions(scope.treaty, scope.at)
    statuses_at_end = [engine.treaty_status(rule, actions, end) for end in ends]
    status_of = {
        (pid, oid): status
        for pid, oid, status in ObligationProgress.objects.published()
        .at(scope.at)
        .filter(
            participant__in=[row[0] for row in participants],
            obligation__in=[pk for pk, _ in obligations],
        )
        .values_list("participant_id", "obligation_id", "status")
    }
    rows = [
        (
            iso3,
            iso2,
            name,
            region,
            subregion,
            *(state.stage_of(iso3).value for state in statuses_at_end),
            *(status_of.get((pk, oid), NOT_ASSESSED) for oid, _ in obligations),
        )
        for pk, iso3, iso2, name, region, subregion in participants
    ]
    return Table(columns, rows, count=rows.__len__)


def catalogue(treaty: Treaty, obligations: QuerySet) -> QuerySet:
    """The chosen obligations of ``treaty`` in catalogue order."""
    return obligations.filter(treaty=treaty).order_by("position", "code")
