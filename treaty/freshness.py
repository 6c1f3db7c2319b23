"""How fresh the data are: one cheap query that changes whenever any tracked table changes.

For each table it reads the newest entry of its history (django-simple-history writes one on
every save and delete, through the services, the admin or the shell; ``history_date`` is
indexed, so the MAX is one index lookup — ``updated_at`` is not indexed and its MAX scans the
table: 108 ms at 1M rows on SQLite against 0.01 ms) and the highest primary key (cheap; it also
moves when rows arrive by ``loaddata``, which writes no history). Chapters and articles have no
history: their count and highest id stand in (they are small), as for the EU's membership and
participants' other names.

``freshness()`` is the one freshness token built on it (or, with a cache shared by every
process, on a data version that the same history signal replaces): the public pages' cache key
and ETag, and the API's ETag and anonymous cache key, are all made from it. No resource lists
the tables it depends on: any change anywhere makes everything fresh, so no list can miss one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
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
    return ([f"(SELECT COUNT(*) FROM {table})", _max(model, _pk_column(model))], [False, False])


def _pk_column(model: Any) -> str:
    column: str = model._meta.pk.column
    return column


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
    # Links without history: an assessment's cited provisions, an obligation's articles.
    "citations": lambda: _fingerprint(Provision.cited_by.through),
    "obligation_articles": lambda: _fingerprint(Obligation.articles.through),
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


# The aggregate's SQL and which of its values are timestamps, by database vendor: built once.
_STATE_SQL: dict[str, tuple[str, list[bool]]] = {}


def _state_sql() -> tuple[str, list[bool]]:
    if connection.vendor not in _STATE_SQL:
        expressions: list[str] = []
        is_time: list[bool] = []
        for source in SOURCES.values():
            sql, timestamps = source()
            expressions += sql
            is_time += timestamps
        _STATE_SQL[connection.vendor] = ("SELECT " + ", ".join(expressions), is_time)
    return _STATE_SQL[connection.vendor]


def data_state() -> tuple[list[Any], datetime | None]:
    """The values of every source, and the newest timestamp among them: one query."""
    sql, is_time = _state_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    stamps = [_as_datetime(v) for v, t in zip(row, is_time, strict=True) if t]
    newest = max((s for s in stamps if s is not None), default=None)
    return [str(v) for v in row], newest


@dataclass(frozen=True, slots=True)
class Freshness:
    """The one freshness token, and when the data last changed (None: not known)."""

    token: str
    changed_at: datetime | None

    @property
    def never_repeats(self) -> bool:
        """Whether the token names one state of the data for good: a random version does; the
        data state may come back (a rolled-back write leaves the same highest ids and dates),
        so what is computed under it must not outlive the request."""
        return self.token.startswith("version:")


VERSION_KEY = "tracker:data-version"

# A change this process could not announce because the cache was unreachable: announced as
# soon as the cache answers again (otherwise pages cached before the outage would come back).
_unannounced_change = False


def _new_version() -> str:
    return f"{secrets.token_hex(8)} {timezone.now().isoformat()}"


def _announce(**_: Any) -> None:
    global _unannounced_change
    # set_many, not set: it says which keys it could not set (tracker.cache's Redis backend
    # lists them when the server is unreachable).
    _unannounced_change = bool(cache.set_many({VERSION_KEY: _new_version()}, None))


def bump_data_version(**_: Any) -> None:
    """Marks every cached page and API response stale (connected to simple-history's "a change
    was recorded" signal, and called after bulk loads).

    Announced twice: now, and again once the transaction commits. Between the two, another
    process may read the new version with the old rows (the change is not visible to it yet)
    and cache them under that version; the version set after the commit leaves them behind."""
    _announce()
    connection_ = transaction.get_connection()
    # Once per transaction, however many rows it writes (an import writes thousands).
    if connection_.in_atomic_block and not any(
        entry[1] is _announce for entry in connection_.run_on_commit
    ):
        transaction.on_commit(_announce)


def bump_on_link_change(sender: Any, action: str, **_: Any) -> None:
    """``bump_data_version`` for a change to the links between this app's records."""
    if action.startswith("post_") and sender._meta.app_label == "treaty":
        bump_data_version()


def freshness() -> Freshness:
    """A token that changes whenever the data change, and when they last did: the data version
    where the cache is shared by every process (no query), the data state (one query)
    otherwise — and while the shared cache cannot be reached, since a version nobody can bump
    would never change."""
    return freshness_and([])[0]


def freshness_and(keys: list[str]) -> tuple[Freshness, dict[str, Any] | None]:
    """``freshness()``, and the entries of the shared cache under ``keys`` read in the same
    round trip (an anonymous API hit reads its rate-limit history with it). With the
    per-process cache, the entries are not read (None)."""
    if _cache_is_per_process():
        return _state(), None
    if _unannounced_change:
        _announce()
    found: dict[str, Any] = cache.get_many([VERSION_KEY, *keys])
    version = found.pop(VERSION_KEY, None)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY)
    if version is None:  # the cache is unreachable
        return _state(), found
    token, _space, stamp = str(version).partition(" ")
    return Freshness(f"version:{token}", _as_datetime(stamp) if stamp else None), found


def _state() -> Freshness:
    values, newest = data_state()
    return Freshness("state:" + "|".join(values), newest)


def _cache_is_per_process() -> bool:
    return isinstance(caches["default"], LocMemCache)
