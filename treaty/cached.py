"""What is cached under the freshness token (public pages, anonymous API reads): the shared
cache, with a small copy of the latest entries in this process in front of it.

Every key holds ``treaty.freshness.freshness()``'s token, so an entry is never stale: a change
to the data makes new keys, and nothing is ever deleted (entries expire, or leave this
process's copy oldest first). The copy is there because the bench showed it is needed
(``bench/RESULTS.md``, 29 November 2026): a cached page taken from Redis costs 3.7 to 4 ms
against 1 to 1.2 ms from the copy (the countries list is 260 KB to move and unpickle), which
is the difference between 12× and 3× a bare view.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.core.cache import cache

_LOCAL: OrderedDict[str, Any] = OrderedDict()
_LOCAL_MAX = 64


def get(key: str, *, local: bool) -> Any:
    """The entry under ``key``: this process's copy, else the shared cache's; None if none.
    ``local``: whether the key's token never repeats (``Freshness.never_repeats``). A data
    state may come back (a rolled-back write), and with the per-process default cache a copy
    in front of it would add nothing anyway."""
    stored = _LOCAL.get(key) if local else None
    if stored is None:
        stored = cache.get(key)
    if stored is not None and local:
        _remember(key, stored)
    return stored


def put(key: str, value: Any, seconds: int, *, local: bool) -> None:
    cache.set(key, value, seconds)
    if local:
        _remember(key, value)


def forget_local() -> None:
    """Empties this process's copy. With the per-process default cache the key is the data
    state: emptying the cache alone (as a benchmark does to time a page uncached) would
    leave this copy serving it."""
    _LOCAL.clear()


def _remember(key: str, value: Any) -> None:
    _LOCAL[key] = value
    try:
        _LOCAL.move_to_end(key)
        while len(_LOCAL) > _LOCAL_MAX:
            _LOCAL.popitem(last=False)
    except KeyError:  # emptied meanwhile by another thread
        pass
