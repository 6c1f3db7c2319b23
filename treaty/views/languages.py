"""The addresses without a language prefix that answer with a redirect to a page in one.

``/`` goes to the dashboard in the reader's language: the one ``LocaleMiddleware`` activated
for a request without a prefix (its ``Accept-Language``, else English). The redirect is
temporary (302) and says it varies with those headers, so no cache hands a French reader the
Arabic dashboard. ``/zh/…`` is the short name of ``/zh-hans/…``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import get_script_prefix, reverse
from django.utils.cache import patch_vary_headers


def language_root(request: HttpRequest) -> HttpResponseRedirect:
    """``/``: the dashboard in the language chosen from the request's headers."""
    response = HttpResponseRedirect(_with_query(request, reverse("treaty:home")))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def chinese_alias(request: HttpRequest, rest: str | None = None) -> HttpResponseRedirect:
    """``/zh/<rest>`` (or ``/zh``): the same address under ``/zh-hans/`` (Simplified Chinese)."""
    return HttpResponseRedirect(_with_query(request, f"{get_script_prefix()}zh-hans/{rest or ''}"))


def _with_query(request: HttpRequest, path: str) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path
