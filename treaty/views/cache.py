"""A shared cache for the public pages, invalidated by the data themselves.

A page is the same for every visitor (no per-user content, no CSRF token), so its HTML is kept
in the cache (Redis in production, per-process memory by default) under a key made of the
address, the language, today's date and ``treaty.freshness.freshness_token()``, which changes
with any write (a data version in a shared cache; one cheap query with a per-process cache).
So a write anywhere makes every page fresh at once, and nothing ever deletes cache entries
(they expire). Pages also answer conditional requests (ETag) for the same price. While the
shared cache is unreachable (``tracker.cache``), pages are rendered, or taken from this
process's copy, under a key built from the data state instead of the version.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

from treaty.freshness import freshness_token

# A small copy of the latest pages in this process, in front of the shared cache: the key
# already holds the data version, so it is never stale, and a hit skips moving the page (up
# to 300 KB for the countries list) out of Redis.
_LOCAL_PAGES: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
_LOCAL_MAX = 64


def forget_local_pages() -> None:
    """Empties this process's copy. The shared cache's keys change with the data, but with the
    per-process default cache the key is the data state: emptying the cache alone (as a
    benchmark does to time a page uncached) leaves this copy serving the page."""
    _LOCAL_PAGES.clear()


def _local_get(key: str) -> tuple[bytes, str] | None:
    stored = _LOCAL_PAGES.get(key)
    if stored is not None:
        _LOCAL_PAGES.move_to_end(key)
    return stored


def _local_set(key: str, stored: tuple[bytes, str]) -> None:
    _LOCAL_PAGES[key] = stored
    _LOCAL_PAGES.move_to_end(key)
    while len(_LOCAL_PAGES) > _LOCAL_MAX:
        _LOCAL_PAGES.popitem(last=False)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if request.method not in ("GET", "HEAD") or seconds <= 0:
            return view(request, *args, **kwargs)
        key_text = "\n".join(
            [
                # The host too: pages carry absolute links (the citation, the embeds' links back).
                request.get_host(),
                request.get_full_path(),
                get_language() or "",
                timezone.localdate().isoformat(),
                freshness_token(),
            ]
        )
        digest = hashlib.sha256(key_text.encode()).hexdigest()
        etag = quote_etag(digest[:32])
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        key = f"page:{digest}"
        stored = _local_get(key) or cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if hasattr(response, "render"):
                response.render()
            stored = (response.content, response["Content-Type"])
            cache.set(key, stored, seconds)
            _local_set(key, stored)
        else:
            _local_set(key, stored)
            response = HttpResponse(stored[0], content_type=stored[1])
        response["ETag"] = etag
        # Browsers revalidate every time (cheap: one query); shared caches may keep it briefly.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    return wrapper
