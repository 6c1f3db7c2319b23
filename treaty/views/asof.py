"""The pages' answer to ``?as_of=``: the day parsed by the domain's rule (``treaty.asof``), or
the 400 page saying what to send instead."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from treaty.asof import PARAM, AsOfError, parse_as_of


def with_as_of(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Passes the parsed day to the view as ``at`` (None for today); a bad value gets the
    400 page with the reason, never a server error."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            at = parse_as_of(request.GET.get(PARAM))
        except AsOfError as exc:
            return render(
                request,
                "400.html",
                {"message": str(exc), "page_title": _("Bad request")},
                status=400,
            )
        return view(request, *args, at=at, **kwargs)

    return wrapper
