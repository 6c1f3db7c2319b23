"""How fresh the data are: one cheap query that changes whenever any tracked table changes.

For each table it reads the newest entry of its history (django-simple-history writes one on
every save and delete, through the services, the admin or the shell; ``history_date`` is
indexed, so the MAX is one index lookup — ``updated_at`` is not indexed and its MAX scans the
table: 108 ms at 1M rows on SQLite against 0.01 ms) and the highest primary key (cheap; it also
moves when rows arrive by ``loaddata``, which writes no history). Chapters and articles have no
history: their count and highest id stand in (they are small), as for the EU's membership and
participants' other names. The API's ETags and the public pages' cache keys are built on it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from treaty.models import (
    Article,
    Chapter,
    DepositaryCount,
    DomesticStep,
    IndicatorValue,
    Law,
    Obligation,
    ObligationProgress,
    Participant,
    ParticipantName,
    Provision,
    ProvisionMapping,
    Treaty,
    TreatyAction,
)


def _max(model: type[Model], column: str) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    return f"(SELECT MAX({connection.ops.quote_name(column)}) FROM {table})"


def _history(model: Any) -> tuple[list[str], list[bool]]:
    """The newest history entry of a model's rows, and its highest primary key."""
    return (
        [_max(model.history.model, "history_date"), _max(model, model._meta.pk.column)],
        [True, False],
    )


def _fingerprint(model: type[Model]) -> tuple[list[str], list[bool]]:
    table = connection.ops.quote_name(model._meta.db_table)
    return ([f"(SELECT COUNT(*) FROM {table})", _max(model, model._meta.pk.column)], [False, False])


# What each source contributes to the aggregate: SQL expressions, and which are timestamps.
SOURCES: dict[str, Callable[[], tuple[list[str], list[bool]]]] = {
    "treaties": lambda: _history(Treaty),
    "participants": lambda: _history(Participant),
    "obligations": lambda: _history(Obligation),
    "actions": lambda: _history(TreatyAction),
    "assessments": lambda: _history(ObligationProgress),
    "domestic_steps": lambda: _history(DomesticStep),
    "chapters": lambda: _history(Chapter),
    "articles": lambda: _history(Article),
    # Not in the participants' history: the EU's member States, and other names (search).
    "memberships": lambda: _fingerprint(Participant.members.through),
    "participant_names": lambda: _history(ParticipantName),
    # The depositary's counts: the dashboard compares with them, every footer dates the check.
    "depositary_counts": lambda: _history(DepositaryCount),
    # Domestic law (treaty.models.laws).
    "laws": lambda: _history(Law),
    "provisions": lambda: _history(Provision),
    "mappings": lambda: _history(ProvisionMapping),
    "indicator_values": lambda: _history(IndicatorValue),
}


def _as_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite returns the stored text for an aggregate
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def data_state(sources: Iterable[str] | None = None) -> tuple[list[Any], datetime | None]:
    """The values of every source (default: all), and the newest timestamp among them: one
    query."""
    expressions: list[str] = []
    is_time: list[bool] = []
    for name in SOURCES if sources is None else sources:
        sql, timestamps = SOURCES[name]()
        expressions += sql
        is_time += timestamps
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(expressions))
        row = cursor.fetchone()
    stamps = [_as_datetime(v) for v, t in zip(row, is_time, strict=True) if t]
    newest = max((s for s in stamps if s is not None), default=None)
    return [str(v) for v in row], newest


VERSION_KEY = "tracker:data-version"

# A change this process could not announce because the cache was unreachable: announced as
# soon as the cache answers again (otherwise pages cached before the outage would come back).
_unannounced_change = False


def bump_data_version(**_: Any) -> None:
    """Marks every cached page stale (connected to simple-history's "a change was recorded"
    signal, and called after bulk loads)."""
    global _unannounced_change
    # set_many, not set: it says which keys it could not set (tracker.cache's Redis backend
    # lists them when the server is unreachable).
    _unannounced_change = bool(cache.set_many({VERSION_KEY: secrets.token_hex(8)}, None))


def freshness_token() -> str:
    """A value that changes whenever the data change: the data version where the cache is
    shared by every process, the data state (one query) otherwise — and while the shared
    cache cannot be reached, since a version nobody can bump would never change."""
    if _cache_is_per_process():
        return _state_token()
    if _unannounced_change:
        bump_data_version()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    if version is None:  # the cache is unreachable
        return _state_token()
    return f"version:{version}"


def _state_token() -> str:
    values, _newest = data_state()
    return "state:" + "|".join(values)


def _cache_is_per_process() -> bool:
    return isinstance(caches["default"], LocMemCache)
