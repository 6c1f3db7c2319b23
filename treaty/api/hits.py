"""Anonymous API reads answered from the cache before DRF builds the view.

A cached anonymous read used to go through all of DRF first — the view instance, the
``Request`` wrapper, authentication, content negotiation, the FilterSet's construction — only to
find its body in ``ConditionalMixin.initial``. Profiled under gunicorn, that fixed cost, not
the cache, was what held a hit at about 300 requests/s against 1,700 for a cached page. So
every list and detail view is wrapped (``ConditionalMixin.as_view``): a GET that carries no
credentials is looked up here first, under a key made of everything the body can depend on
(the freshness token, the absolute URL with its query — ``format``, ``lang``, ``as_of``… —,
the ``Accept`` and ``Accept-Language`` headers, the active language, today's date), and a hit
is answered with the very response the view gave: body and headers (ETag, Last-Modified,
Vary, Cache-Control, Allow…), or a 304 when the client's copy has the same ETag.

A miss runs the view as before; the view stores its response under this key when, and only
when, it is a 200 in JSON to an anonymous client (``ConditionalMixin.finalize_response``).
Requests with an ``Authorization`` header or a session cookie never take this path (a
signed-in user must never get the anonymous copy, and telling who is signed in costs a query):
they go through DRF, where the anonymous cache still applies once DRF has seen who is asking.

The anonymous rate limit still counts a hit (the view's own throttles, as DRF would run them);
a throttled request goes on to the view, which answers the 429. (With several throttles, one
that let such a request through would count it twice; the API has one, ``AnonRateThrottle``.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language

from treaty import cached
from treaty.filtersets.context import today
from treaty.freshness import Freshness, freshness_and

# Set on the Django request when its response may be stored for the next anonymous client.
KEY_ATTRIBUTE = "tracker_hit_key"
# The freshness read for the key, so that the view's ETag is made from the same token.
FRESHNESS_ATTRIBUTE = "tracker_fresh"
# The rate-limit histories read with it (None with the per-process cache), for the view's
# throttles to count the request without reading them again.
HISTORY_ATTRIBUTE = "tracker_throttle_history"

# Headers of the view's response that are not replayed (set again per response, or by the
# server).
_NOT_REPLAYED = frozenset({"content-length", "set-cookie", "date"})


def may_take_the_fast_path(request: HttpRequest) -> bool:
    """A GET with no credentials of any kind, while the public cache is on."""
    return (
        request.method == "GET"
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def hit_key(request: HttpRequest, fresh: Freshness) -> str:
    """Everything the body of an anonymous read depends on."""
    text = "\n".join(
        [
            fresh.token,
            request.build_absolute_uri(),
            request.META.get("HTTP_ACCEPT", ""),
            request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
            get_language() or "",
            today().isoformat(),
        ]
    )
    return "api-hit:" + hashlib.sha256(text.encode()).hexdigest()


class _ReadAhead:
    """The cache as a throttle sees it, with the entries already read: a rate-limit history
    comes in the same round trip as the freshness token (``freshness_and``), so that a hit
    costs one read and one write of the shared cache, not three calls. Writes go through."""

    def __init__(self, found: dict[str, Any]) -> None:
        self.found = found

    def get(self, key: str, default: Any = None) -> Any:
        return self.found.get(key, default)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return cache.set(*args, **kwargs)


def _throttles(request: HttpRequest, view: Any) -> list[tuple[Any, str | None]]:
    """The view's throttles, as DRF would run them, each with the key of its history."""
    throttle_classes = getattr(getattr(view, "cls", None), "throttle_classes", ())
    throttles = [throttle() for throttle in throttle_classes]
    return [(t, _history_key(t, request)) for t in throttles]


def _history_key(throttle: Any, request: HttpRequest) -> str | None:
    """Where a rate throttle with a fixed scope (anonymous, per user) keeps its history; None
    for any other kind (a scoped one learns its scope from the view, which is not built)."""
    if getattr(throttle, "scope", None) is None or not hasattr(throttle, "get_cache_key"):
        return None
    key: str | None = throttle.get_cache_key(request, None)
    return key


def read_ahead(request: Any, throttles: list[Any]) -> list[Any]:
    """The view's ``throttles`` (DRF's, about to count ``request``) with their histories
    already read: by the fast path above on a miss, else now, in the round trip that reads
    the freshness token the view's ETag is made from (kept on the request). An uncached read
    then makes one read and one write of the shared cache, not three calls."""
    keyed = [(t, _history_key(t, request)) for t in throttles]
    fresh = getattr(request, FRESHNESS_ATTRIBUTE, None)
    found = getattr(request, HISTORY_ATTRIBUTE, None)
    if fresh is None:
        fresh, found = freshness_and([k for _t, k in keyed if k is not None])
        setattr(request, FRESHNESS_ATTRIBUTE, fresh)
    for throttle, key in keyed:
        if found is not None and key is not None and getattr(throttle, "cache", None) is cache:
            throttle.cache = _ReadAhead(found)
    return throttles


def _throttled(
    request: HttpRequest, throttles: list[tuple[Any, str | None]], found: dict[str, Any] | None
) -> bool:
    """Whether one of the throttles refuses the request (each counts it otherwise)."""
    for throttle, key in throttles:
        if found is not None and key is not None and getattr(throttle, "cache", None) is cache:
            throttle.cache = _ReadAhead(found)
        if not throttle.allow_request(request, None):
            return True
    return False


def _replay(request: HttpRequest, stored: dict[str, Any]) -> HttpResponseBase:
    response = HttpResponse(stored["body"], status=200)
    for name, value in stored["headers"]:
        response.headers[name] = value
    answer = get_conditional_response(
        request,
        etag=stored["etag"],
        last_modified=stored["last_modified"],
        response=response,
    )
    return answer if answer is not None else response


def served_from_cache(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """``view`` answering anonymous GETs from the cache when it can (see the module)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if may_take_the_fast_path(request):
            throttles = _throttles(request, wrapper)
            fresh, found = freshness_and([k for _t, k in throttles if k is not None])
            key = hit_key(request, fresh)
            stored = cached.get(key, local=fresh.never_repeats)
            if stored is not None and not _throttled(request, throttles, found):
                return _replay(request, stored)
            setattr(request, FRESHNESS_ATTRIBUTE, fresh)
            setattr(request, HISTORY_ATTRIBUTE, found)
            setattr(request, KEY_ATTRIBUTE, key)
        return view(request, *args, **kwargs)

    return wrapper


def store(request: Any, response: Any, *, etag: str, last_modified: int) -> None:
    """Keeps the view's rendered 200 for the next anonymous GET with the same key."""
    key = getattr(request, KEY_ATTRIBUTE, None)
    fresh = getattr(request, FRESHNESS_ATTRIBUTE, None)
    if key is None or fresh is None:
        return
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _NOT_REPLAYED
    ]
    stored = {
        "body": response.content,
        "headers": headers,
        "etag": etag,
        "last_modified": last_modified,
    }
    cached.put(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS, local=fresh.never_repeats)
