"""Conditional requests and the anonymous cache: ``ETag`` and ``Last-Modified`` on every list
and detail response, ``304 Not Modified`` when the client's copy is still good, and anonymous
reads served from the shared cache.

The validators come from the one freshness token (``treaty.freshness.freshness``: a data
version in the shared cache, replaced by every recorded change; or the data state, one query,
with a per-process cache), read before the resource is computed, so a 304 costs that alone. No
resource names the tables it is built from: any change makes every resource fresh.

The ETag also covers what else the body depends on: the full URL with its query, who is asking
(drafts or not), the negotiated format, the language and today's date — the API reads the
record "as of today" by default, so a representation can change at midnight with no row
changing, and ``Last-Modified`` is never earlier than that midnight.

So the ETag names the body: an anonymous JSON response is kept in the shared cache under it
(``treaty.cached``, for ``PUBLIC_PAGE_CACHE_SECONDS``), and the next anonymous request for the
same ETag gets it with no query at all (the parameters are checked again only on a miss: a
response was cached only if they were valid, and the token says nothing changed since).
Anyone authenticated is never served that copy (an editor sees drafts; a token holder is
counted as themselves).

Most anonymous reads never get here: a GET without credentials is first looked up before DRF
builds the view (``treaty.api.hits``, wrapped around every viewset by ``as_view``), under a
key made from the same token and the raw request; on a miss the response this class finishes
is stored under that key too, with its headers and validators, so the next one is replayed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from treaty import cached
from treaty.api import hits
from treaty.filtersets.context import sees_drafts, today
from treaty.freshness import Freshness, freshness

if TYPE_CHECKING:
    from rest_framework.viewsets import GenericViewSet

    ViewSetBase = GenericViewSet
else:  # a mixin: the viewset supplies DRF's classes
    ViewSetBase = object


def visibility(request: Any) -> str:
    """What a response depends on besides the data and the URL: who may see drafts."""
    return "editor" if sees_drafts(request) else "public"


def validators(request: Any) -> tuple[str, datetime]:
    """The ETag and Last-Modified of the response to ``request``."""
    # The token the anonymous fast path read for its key, if it did (``treaty.api.hits``): the
    # ETag and the body stored under that key must come from the same one.
    fresh: Freshness = getattr(request, hits.FRESHNESS_ATTRIBUTE, None) or freshness()
    # What else the request computes from the data may be kept under the same token.
    request.tracker_freshness = fresh.token if fresh.never_repeats else None
    midnight = timezone.make_aware(datetime.combine(today(), time.min))
    changed_at = fresh.changed_at
    last_modified = max(changed_at, midnight) if changed_at else midnight
    renderer = getattr(request, "accepted_media_type", "") or ""
    key = "\n".join(
        [
            fresh.token,
            request.build_absolute_uri(),
            visibility(request),
            renderer,
            get_language() or "",
            today().isoformat(),
        ]
    )
    etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
    return etag, last_modified


class NotModified(Exception):
    """Raised once the answer is known before the view runs: carries it (a 304 or 412, or a
    cached body)."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("answered early")
        self.response = response


def _cache_key(etag: str) -> str:
    return f"api:{etag.strip(chr(34))}"


class ConditionalMixin(ViewSetBase):
    """For DRF viewsets: answers GET and HEAD of lists and details conditionally, and from the
    shared cache for anonymous clients.

    Checked in ``initial()`` — after authentication, permissions, throttling and content
    negotiation, before any work on the resource.
    """

    conditional_actions = ("list", "retrieve")

    @classmethod
    def as_view(cls, *args: Any, **kwargs: Any) -> Any:
        """The view, with anonymous GETs answered from the cache before DRF runs
        (``treaty.api.hits``)."""
        return hits.served_from_cache(super().as_view(*args, **kwargs))

    def get_throttles(self) -> list[Any]:
        throttles: list[Any] = super().get_throttles()
        request = self.request
        if (
            request.method in ("GET", "HEAD")
            and getattr(self, "action", None) in self.conditional_actions
        ):
            # Counted with the histories read with the freshness token (``hits.read_ahead``).
            return hits.read_ahead(request, throttles)
        return throttles

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self._validators: tuple[str, datetime] | None = None
        self._cache_as: str | None = None
        self._anonymous_json = False
        if request.method not in ("GET", "HEAD"):
            return
        if getattr(self, "action", None) not in self.conditional_actions:
            return
        etag, last_modified = validators(request)
        if self._anonymous_cache_applies(request):
            self._anonymous_json = True
            key = _cache_key(etag)
            stored = cached.get(key, local=request.tracker_freshness is not None)
            if stored is not None:
                self._validators = (etag, last_modified)
                raise NotModified(self._answer(request, etag, last_modified, stored))
            self._cache_as = key
        # Before the preconditions: a bad parameter is a 400 even with If-Modified-Since.
        self.check_parameters()
        self._validators = (etag, last_modified)
        headers = HttpResponse()
        self._set_validators(headers, request, etag, last_modified)
        result = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()), response=headers
        )
        # Django answers with the response it was given when no precondition decides (go on
        # and build the body), or with a 304 (or a 412 for a failed If-Match).
        if result is not None and result is not headers:
            self._cache_as = None
            raise NotModified(result)

    def _anonymous_cache_applies(self, request: Any) -> bool:
        user = getattr(request, "user", None)
        renderer = getattr(request, "accepted_renderer", None)
        return (
            settings.PUBLIC_PAGE_CACHE_SECONDS > 0
            and not (user is not None and user.is_authenticated)
            # JSON only: the browsable API's HTML carries per-visitor details (a CSRF token).
            and getattr(renderer, "format", None) == "json"
        )

    def _answer(
        self, request: Any, etag: str, last_modified: datetime, stored: tuple[bytes, str]
    ) -> HttpResponse:
        """The cached body, or a 304 when the client's copy is the same."""
        headers = HttpResponse(stored[0], content_type=stored[1])
        self._set_validators(headers, request, etag, last_modified)
        answer = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()), response=headers
        )
        return headers if answer is None else answer

    def check_parameters(self) -> None:
        """Validates the query (raising a 400) before the preconditions are evaluated."""

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, NotModified):
            return exc.response
        self._cache_as = None
        return super().handle_exception(exc)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        found = getattr(self, "_validators", None)
        if found is not None and response.status_code == 200:
            self._set_validators(response, request, *found)
            key = getattr(self, "_cache_as", None)
            if getattr(self, "_anonymous_json", False) and request.method == "GET":
                if hasattr(response, "render"):  # not a body taken from the cache
                    response.render()
                if key is not None:
                    stored = (response.content, response["Content-Type"])
                    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
                    cached.put(key, stored, seconds, local=request.tracker_freshness is not None)
                etag, last_modified = found
                hits.store(
                    request, response, etag=etag, last_modified=int(last_modified.timestamp())
                )
        return response

    @staticmethod
    def _set_validators(response: Any, request: Any, etag: str, last_modified: datetime) -> None:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        # Drafts are shown to editors only: their copies must stay out of shared caches.
        if visibility(request) == "editor":
            patch_cache_control(response, no_cache=True, private=True)
        else:
            patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization", "Cookie"))
