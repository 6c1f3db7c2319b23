"""Reading treaty actions: the QuerySet and manager of ``TreatyAction``, and the rows the
entry-into-force engine takes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from treaty import status as engine
from treaty.models.action_kinds import CONSENT_KINDS, ActionKind
from treaty.models.participants import Participant
from treaty.models.review import ReviewedQuerySet

if TYPE_CHECKING:
    from treaty.models.actions import TreatyAction


class TreatyActionQuerySet(ReviewedQuerySet):
    def as_of(self, at: date | None = None) -> TreatyActionQuerySet:
        """Actions dated on or before ``at`` (default: today)."""
        return self.filter(date__lte=at or timezone.localdate())

    def engine_rows(self) -> list[engine.Action]:
        """The rows in the form the entry-into-force engine takes, in one query."""
        rows = self.filter(
            kind__in=[ActionKind.SIGNATURE, *CONSENT_KINDS, ActionKind.DENUNCIATION]
        ).values_list(
            "participant__iso3",
            "kind",
            "date",
            "participant__kind",
            "effective_on",
            "date_earliest",
        )
        return _with_members(
            [
                engine.Action(
                    iso3,
                    kind,
                    on,
                    is_reio=pkind == Participant.Kind.REIO,
                    effective_on=eff,
                    earliest=earliest,
                )
                for iso3, kind, on, pkind, eff, earliest in rows
            ]
        )

    def engine_rows_by_treaty(self) -> dict[int, list[engine.Action]]:
        """The rows of several treaties at once, in the form the engine takes, keyed by treaty
        id: one query whatever the number of treaties. A treaty with no signature, instrument or
        denunciation in the queryset has no key (read: nobody has acted on it yet)."""
        rows = self.filter(
            kind__in=[ActionKind.SIGNATURE, *CONSENT_KINDS, ActionKind.DENUNCIATION]
        ).values_list(
            "treaty_id",
            "participant__iso3",
            "kind",
            "date",
            "participant__kind",
            "effective_on",
            "date_earliest",
        )
        grouped: dict[int, list[engine.Action]] = {}
        for treaty_id, iso3, kind, on, pkind, eff, earliest in rows:
            grouped.setdefault(treaty_id, []).append(
                engine.Action(
                    iso3,
                    kind,
                    on,
                    is_reio=pkind == Participant.Kind.REIO,
                    effective_on=eff,
                    earliest=earliest,
                )
            )
        return {treaty_id: _with_members(rows) for treaty_id, rows in grouped.items()}


def _with_members(rows: list[engine.Action]) -> list[engine.Action]:
    """The rows with each REIO's member States attached, which the engine needs to tell when a
    REIO ceases to be a party with them (art. 67). Only rows holding a denunciation can change
    that, so the member list is read (one more query) only then."""
    if not any(a.kind == engine.DENUNCIATION for a in rows) or not any(a.is_reio for a in rows):
        return rows
    reios = {a.participant for a in rows if a.is_reio}
    members: dict[str, set[str]] = {}
    for reio, state in Participant.members.through.objects.filter(
        from_participant__iso3__in=reios
    ).values_list("from_participant__iso3", "to_participant__iso3"):
        members.setdefault(reio, set()).add(state)
    return [
        replace(a, members=frozenset(members.get(a.participant, ()))) if a.is_reio else a
        for a in rows
    ]


_TreatyActionManagerBase = models.Manager.from_queryset(TreatyActionQuerySet)


class TreatyActionManager(_TreatyActionManagerBase["TreatyAction"]):
    def get_by_natural_key(
        self, treaty_slug: str, iso3: str, kind: str, on: str, earliest: str = ""
    ) -> TreatyAction:
        """The standing action of ``kind`` by ``iso3`` under the treaty whose days meet the
        key's: ``on``, or ``earliest`` to ``on`` for an action known to a range of days. So a
        range narrowed to its exact day (in the data or by an editor) still finds its row. A
        withdrawn row is never matched, so reloading a fixture cannot resurrect or overwrite
        it."""
        return (
            self.active()
            .alias(starts=Coalesce("date_earliest", "date"))
            .get(
                treaty__slug=treaty_slug,
                participant__iso3=iso3,
                kind=kind,
                starts__lte=on,
                date__gte=earliest or on,
            )
        )
