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
from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from treaty import permissions
from treaty import status as engine
from treaty.asof import AsOfError, parse_as_of
from treaty.models import Treaty, TreatyAction

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
    """The treaty a request means when it names none: ``TRACKER_DEFAULT_TREATY``, else the
    earliest adopted one; None when there is no treaty at all. One query."""
    return (
        Treaty.objects.annotate(
            preferred=Case(
                When(slug=settings.TRACKER_DEFAULT_TREATY, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("preferred", "adopted_on", "slug")
        .first()
    )


# The published statuses computed in this process, by (freshness token, treaty, day): a new
# token (any change to the data) leaves the old entries unread, and the oldest go first.
_STATUSES: dict[tuple[str, int, date], engine.TreatyStatus] = {}
_STATUSES_MAX = 32


def treaty_statuses(
    treaties: Iterable[Treaty], at: date, *, published_only: bool, request: Any = None
) -> dict[int, engine.TreatyStatus]:
    """Each treaty's status on ``at`` (the engine's result for the treaty and every
    participant), from one query over the actions of the treaties not yet computed for this
    request. Memoized on ``request`` so that a stage filter and the serializer of the same
    request share one computation."""
    cache: dict[tuple[int, date, bool], engine.TreatyStatus]
    if request is None:
        cache = {}
    else:
        cache = getattr(request, "_tracker_treaty_statuses", None) or {}
        request._tracker_treaty_statuses = cache
    treaties = list(treaties)
    # The published record's statuses depend on the data alone: computed once per freshness
    # token (the engine runs over every participant: most of a participants list's time).
    token = getattr(request, "tracker_freshness", None) if published_only else None
    if token is not None:
        for t in treaties:
            found = _STATUSES.get((token, t.pk, at))
            if found is not None:
                cache[(t.pk, at, True)] = found
    missing = [t for t in treaties if (t.pk, at, published_only) not in cache]
    if missing:
        actions = (
            TreatyAction.objects.published() if published_only else TreatyAction.objects.active()
        )
        if not published_only and request is not None:
            # A focal point's stages count its own participants' drafts, nobody else's.
            actions = permissions.readable(getattr(request, "user", None), actions)
        rows = actions.filter(treaty__in=[t.pk for t in missing]).as_of(at).engine_rows_by_treaty()
        for treaty in missing:
            cache[(treaty.pk, at, published_only)] = engine.treaty_status(
                treaty.rule, rows.get(treaty.pk, []), at
            )
            if token is not None:
                _STATUSES[(token, treaty.pk, at)] = cache[(treaty.pk, at, True)]
                while len(_STATUSES) > _STATUSES_MAX:
                    del _STATUSES[next(iter(_STATUSES))]
    return {t.pk: cache[(t.pk, at, published_only)] for t in treaties}
