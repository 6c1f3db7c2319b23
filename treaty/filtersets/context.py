"""What every FilterSet, API resource and export shares within one request: the as-of date, who
sees drafts, the treaty a request means when it names none, and the entry-into-force engine's
status of each treaty — computed once per request and treaty, never once per row.

Nothing here depends on DRF: the exports take the same ``request`` (or ``None``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from treaty import status as engine
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

# The languages names and titles can be read in (``?lang=``), as the site's language codes.
CONTENT_LANGUAGES = [(code, code) for code, _name in settings.LANGUAGES]
LANG_HELP = (
    "The language of names, titles and labels: one of "
    + ", ".join(code for code, _ in CONTENT_LANGUAGES)
    + ". Default: the Accept-Language header's, else English. A text not translated yet is "
    "given in English. Codes (ISO, obligation codes, stages) are the same in every language."
)


def content_language(request: Any, default: str | None = None) -> str | None:
    """The language ``?lang=`` asks for, when it is one of the site's (an unknown one is the
    filterset's 400), else ``default`` (None: keep the one the request negotiated)."""
    params = getattr(request, "GET", request)  # a request, or its query parameters
    code = str(params.get("lang", "")).strip().lower() if params is not None else ""
    return code if code in dict(CONTENT_LANGUAGES) else default


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
