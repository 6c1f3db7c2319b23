"""The ``?as_of=YYYY-MM-DD`` parameter every public page accepts.

With it, a page shows the world as recorded on that day: actions dated on or before it, and each
assessment as it stood then. Without it, the page shows today.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

PARAM = "as_of"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class AsOfError(ValueError):
    """A value of ``as_of`` the pages cannot show; the message says what to send instead."""


def parse_as_of(value: str | None, *, today: date | None = None) -> date | None:
    """The day asked for, or None for today. Raises ``AsOfError`` for a malformed date or a
    day still to come (nothing is recorded in the future)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if not _ISO_DAY.fullmatch(text):  # fromisoformat also takes 20260301 and 2026-W09-7
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise AsOfError(
            _(
                "“%(value)s” is not a date. Give the day as YYYY-MM-DD, for example "
                "?as_of=2026-03-01."
            )
            % {"value": text[:40]}
        ) from None
    today = today or timezone.localdate()
    if day > today:
        raise AsOfError(
            _(
                "%(day)s is in the future: the tracker shows what has been recorded, up to "
                "today (%(today)s)."
            )
            % {"day": date_format(day), "today": date_format(today)}
        )
    return day


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
