"""The shared cache (Redis), made optional: when its server cannot be reached, every read is a
miss and every write is dropped, so the site serves uncached pages instead of errors.

The cache only makes things faster. While it is down, pages and the API are computed for each
request, the anonymous API's rate limit (counted in the cache) lets requests through, and a
warning says so — at most once a minute per process, not once per request. The login lockout
does not depend on it (django-axes keeps its counts in the database) and sessions live in the
database too. After a failure the server is left alone for ``RETRY_SECONDS``, so a server that
times out costs one short timeout every few seconds, not one per call.

``redis_cache(url)`` is the ``CACHES`` entry the settings use for ``CACHE_URL``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("tracker.cache")

# Short socket timeouts: a cache that answers slower than this is no faster than no cache.
# A ``CACHE_URL`` query (``?socket_connect_timeout=2&socket_timeout=2``) overrides them.
CONNECT_TIMEOUT_SECONDS = 0.25
READ_TIMEOUT_SECONDS = 0.5
# After a failure, how long the server is not asked again; and how often the warning repeats.
RETRY_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0


def redis_cache(url: str) -> dict[str, Any]:
    """The ``CACHES["default"]`` entry for a Redis URL: the fail-safe backend, short timeouts."""
    return {
        "BACKEND": "tracker.cache.FailSafeRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "socket_timeout": READ_TIMEOUT_SECONDS,
        },
    }


def public_location(location: str | list[str]) -> str:
    """The server address for a log line: scheme, host, port and database, never a password."""
    servers = location.split(",") if isinstance(location, str) else location
    shown = []
    for server in servers:
        parts = urlsplit(server.strip())
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        shown.append(f"{parts.scheme}://{host}{port}{parts.path}")
    return ", ".join(shown)


@dataclass
class _Health:
    """What this process knows about one cache server (shared by its threads)."""

    down: bool = False
    retry_at: float = 0.0  # while down, the server is not asked before this (monotonic)
    warned_at: float | None = None


_HEALTH: dict[str, _Health] = {}
_LOCK = threading.Lock()


def _now() -> float:
    return time.monotonic()


_MISSING = object()


class ReusedClients(RedisCacheClient):
    """Django's Redis client maker, keeping one ``redis.Redis`` per connection pool instead of
    building one for every cache call: each registers some 170 response callbacks, which was
    the largest cost of a cached page or API read in this process (about a third of an API
    hit's CPU time, profiled, 29 November 2026). A ``redis.Redis`` is safe to share between
    threads: it takes a connection from its pool for each command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # its pool and client class are private, not in the stubs
        pool = django_client._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            made = django_client._client(connection_pool=pool)
            client = self._clients.setdefault(id(pool), made)
        return client


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache, except that an unreachable or failing server is a miss (reads) or
    a no-op (writes), as the cache API allows: ``get`` gives the default, ``add`` and ``touch``
    and ``delete`` give False, ``set_many`` lists every key as not set, ``incr`` finds no key."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClients
        self._where = public_location(server)

    def _health(self) -> _Health:
        with _LOCK:
            return _HEALTH.setdefault(self._where, _Health())

    def _call(self, fallback: Any, operation: Any, *args: Any) -> Any:
        health = self._health()
        if health.down and _now() < health.retry_at:
            return fallback
        try:
            result = operation(*args)
        except RedisError as error:
            self._failed(health, error)
            return fallback
        if health.down:
            with _LOCK:
                health.down = False
            logger.info("Cache server %s answers again: caching resumed.", self._where)
        return result

    def _failed(self, health: _Health, error: Exception) -> None:
        now = _now()
        with _LOCK:
            health.down = True
            health.retry_at = now + RETRY_SECONDS
            warn = health.warned_at is None or now - health.warned_at >= WARN_EVERY_SECONDS
            if warn:
                health.warned_at = now
        if warn:
            logger.warning(
                "Cache server %s unreachable (%s: %s): serving pages and the API uncached, and "
                "the rate limits kept in the cache let every request through until it answers "
                "again. This warning repeats at most once a minute.",
                self._where,
                type(error).__name__,
                error,
            )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call(default, super().get, key, default, version)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call(False, super().has_key, key, version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._call(False, super().add, key, value, timeout, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._call(None, super().set, key, value, timeout, version)

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        # The documented answer of set_many: the keys that could not be set.
        return self._call(list(data), super().set_many, data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call(False, super().delete, key, version)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._call(None, super().delete_many, keys, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        value = self._call(_MISSING, super().incr, key, delta, version)
        if value is _MISSING:
            raise ValueError(f"Key {key!r} not found (the cache server is unreachable).")
        return value

    def clear(self) -> None:
        self._call(None, super().clear)
