"""Conditional requests: ``ETag`` and ``Last-Modified`` on every list and detail response, and
``304 Not Modified`` when the client's copy is still good.

The validators come from ONE aggregate query over the tables a resource is built from
(``treaty.freshness.data_state``: the newest history entry and highest id of each), checked
before the resource is computed, so a 304 costs that query alone.

The ETag also covers what else the body depends on: the full URL with its query, who is asking
(drafts or not), the negotiated format, the language and today's date — the API reads the
record "as of today" by default, so a representation can change at midnight with no row
changing, and ``Last-Modified`` is never earlier than that midnight.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from treaty.api.context import today, visibility
from treaty.freshness import data_state


def validators(request: Any, sources: Iterable[str]) -> tuple[str, datetime]:
    """The ETag and Last-Modified of the response to ``request``, built from ``sources``."""
    values, newest = data_state(sources)
    midnight = timezone.make_aware(datetime.combine(today(), time.min))
    last_modified = max(newest, midnight) if newest else midnight
    renderer = getattr(request, "accepted_media_type", "") or ""
    key = "\n".join(
        [
            *values,
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
    """Raised once the preconditions decide: carries the 304 (or 412) to answer with."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("not modified")
        self.response = response


class ConditionalMixin:
    """For DRF viewsets: answers GET and HEAD of lists and details conditionally.

    The preconditions are checked in ``initial()`` — after authentication, permissions,
    throttling and content negotiation, before any work on the resource — so a 304 costs one
    query. ``conditional_sources`` names the tables (see ``treaty.freshness.SOURCES``) the resource is built from.
    """

    conditional_sources: tuple[str, ...] = ()
    conditional_actions = ("list", "retrieve")

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self._validators: tuple[str, datetime] | None = None
        if request.method not in ("GET", "HEAD"):
            return
        if getattr(self, "action", None) not in self.conditional_actions:
            return
        self.check_parameters()
        etag, last_modified = validators(request, self.conditional_sources)
        self._validators = (etag, last_modified)
        headers = HttpResponse()
        self._set_validators(headers, request, etag, last_modified)
        result = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()), response=headers
        )
        # Django answers with the response it was given when no precondition decides (go on
        # and build the body), or with a 304 (or a 412 for a failed If-Match).
        if result is not headers:
            raise NotModified(result)

    def check_parameters(self) -> None:
        """Validates the query (raising a 400) before the preconditions are evaluated."""

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, NotModified):
            return exc.response
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        found = getattr(self, "_validators", None)
        if found is not None and response.status_code == 200:
            self._set_validators(response, request, *found)
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
