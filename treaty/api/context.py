"""What every API resource (and every export) shares within one request: the as-of date, who
sees drafts, the treaty a request means when it names none, and the entry-into-force engine's
status of each treaty — computed once per request and treaty, never once per row.

Nothing here depends on DRF: the exports take the same ``request`` (or ``None``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from treaty import status as engine
from treaty.asof import AsOfError, parse_as_of
from treaty.models import Treaty

# Who counts as an editor here: anyone allowed to see, add or change the reviewed records
# (every role of ``treaty.roles`` has the view permissions).
EDITOR_PERMISSIONS = (
    "treaty.view_treatyaction",
    "treaty.add_treatyaction",
    "treaty.change_treatyaction",
    "treaty.view_obligationprogress",
    "treaty.add_obligationprogress",
    "treaty.change_obligationprogress",
)

AS_OF_HELP = (
    "The day to read the record on (YYYY-MM-DD, up to today; default: today): actions dated "
    "on or before it, each participant's stage on it, and the latest published assessment of "
    "each participant and obligation on or before it."
)


def refuse_empty(value: Any) -> None:
    """A date parameter sent but empty (``?as_of=``): a client meant a day and lost it on the
    way, so it is an error, not a missing parameter."""
    if value is not None and not str(value).strip():
        raise forms.ValidationError(
            "Give the day as YYYY-MM-DD (e.g. 2026-03-01), or leave the parameter out.",
            code="required",
        )


class IsoDateField(forms.DateField):
    """A calendar date written YYYY-MM-DD and nothing else: the API is read by programs, and
    "01/02/2026" means two different days in two different countries."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD, e.g. 2026-01-01."}

    def clean(self, value: Any) -> date | None:
        refuse_empty(value)
        return super().clean(value)


class AsOfField(forms.CharField):
    """The as-of day, checked by the same rule as the pages' ``?as_of=`` (``treaty.asof``): a
    date written YYYY-MM-DD, not in the future (nothing is recorded there yet)."""

    def clean(self, value: Any) -> date | None:
        refuse_empty(value)
        try:
            return parse_as_of(super().clean(value) or None)
        except AsOfError as exc:
            # The message quotes the value sent: pass it as a parameter, never as the format.
            raise forms.ValidationError(
                "%(message)s", code="invalid", params={"message": str(exc)}
            ) from exc


def today() -> date:
    return timezone.localdate()


def sees_drafts(request: Any) -> bool:
    """Editors (every editorial role, and superusers) see every standing record (drafts,
    records submitted or returned for review) with its review state; everyone else sees
    published records only — a staff user without permissions included, as in the admin.
    Withdrawn records count for nobody. Memoized on the request: it is asked once per resource
    and per filter."""
    if request is None:
        return False
    cached = getattr(request, "_tracker_sees_drafts", None)
    if cached is not None:
        return bool(cached)
    user = getattr(request, "user", None)
    result = bool(
        user is not None
        and user.is_authenticated
        and any(user.has_perm(p) for p in EDITOR_PERMISSIONS)
    )
    request._tracker_sees_drafts = result
    return result


def visibility(request: Any) -> str:
    """What a response depends on besides the data and the URL: who may see drafts."""
    return "editor" if sees_drafts(request) else "public"


def default_treaty() -> Treaty | None:
    """The treaty a request means when it names none: ``Treaty.objects.default()``."""
    return Treaty.objects.default()


def treaty_statuses(
    treaties: Iterable[Treaty], at: date, *, published_only: bool, request: Any = None
) -> dict[int, engine.TreatyStatus]:
    """Each treaty's status on ``at``, memoized on ``request``: ``Treaty.objects.statuses_on``
    with the request's user (an editor's stages count the drafts they may read)."""
    user = getattr(request, "user", None) if request is not None else None
    token = getattr(request, "tracker_freshness", None) if request is not None else None
    return Treaty.objects.statuses_on(
        treaties, at, published_only=published_only, user=user, memo=request, token=token
    )
