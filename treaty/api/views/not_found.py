"""Any other path under the API: a JSON 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # a 404 whatever the method: no form to protect, and never an HTML 403
def not_found(request: HttpRequest) -> HttpResponse:
    """Any other path under the API, for every method: a JSON 404, as every API response is
    JSON. A GET or HEAD of a route without its trailing slash is sent to it (as Django's
    APPEND_SLASH would: this catch-all leaves it nothing to do); any other method gets the 404
    with the address to use."""
    path = request.path_info
    if not path.endswith("/"):
        slashed = path + "/"
        match = _route_of(slashed)
        if match is not None and match.func is not not_found:
            if request.method in ("GET", "HEAD"):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    request.get_full_path(force_append_slash=True) if query else slashed
                )
            return JsonResponse({"detail": f"Not found. Send it to {slashed}"}, status=404)
    return JsonResponse({"detail": "Not found."}, status=404)


def _route_of(path: str) -> Any:
    try:
        return resolve(path)
    except Resolver404:
        return None
