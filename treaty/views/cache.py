"""A shared cache for the public pages, invalidated by the data themselves.

A page is the same for every visitor (no per-user content, no CSRF token), so its HTML is kept
in the cache (Redis in production, per-process memory by default) under a key made of the
address (whose prefix, ``/fr/``, names the language), the active language, today's date and
``treaty.freshness.freshness()``'s token, which changes with any write (a data version in a
shared cache; one cheap query with a per-process cache). So a write anywhere makes every page
fresh at once, and nothing ever deletes cache entries (they expire). A page's address says its
language, so the page varies with no request header (no ``Vary: Accept-Language``: a shared
cache may keep one copy per address); an unprefixed one (the data package) follows
``Accept-Language`` and says so. Pages also answer conditional requests (ETag) for the same
price. While the shared cache is unreachable (``tracker.cache``), pages are rendered under a key
built from the data state instead of the version. With Redis, a small copy of the latest pages
in this process sits in front of it (``treaty.cached``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language, get_language_from_path

from treaty import cached
from treaty.freshness import freshness


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if request.method not in ("GET", "HEAD") or seconds <= 0:
            return view(request, *args, **kwargs)
        fresh = freshness()
        key_text = "\n".join(
            [
                # The host too: pages carry absolute links (the citation, the embeds' links back).
                request.get_host(),
                request.get_full_path(),
                get_language() or "",
                timezone.localdate().isoformat(),
                fresh.token,
            ]
        )
        digest = hashlib.sha256(key_text.encode()).hexdigest()
        etag = quote_etag(digest[:32])
        headers = HttpResponse()
        _set_validators(request, headers, etag)
        not_modified = get_conditional_response(request, etag=etag, response=headers)
        if not_modified is not None and not_modified is not headers:
            return not_modified  # a 304 with the validators (or a 412)
        key = f"page:{digest}"
        stored = cached.get(key, local=fresh.never_repeats)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if hasattr(response, "render"):
                response.render()
            stored = (response.content, response["Content-Type"])
            cached.put(key, stored, seconds, local=fresh.never_repeats)
        else:
            response = HttpResponse(stored[0], content_type=stored[1])
        _set_validators(request, response, etag)
        return response

    return wrapper


def _set_validators(request: HttpRequest, response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    # Browsers revalidate every time (cheap: one query); shared caches may keep it briefly.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if get_language_from_path(request.path_info) is None:
        # Unprefixed (the exports' data package): the language comes from the headers.
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
