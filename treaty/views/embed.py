"""Views other sites may frame (``/embed/…``): a participant's badge and the treaty's progress
card. Small, without JavaScript, each with the tracker's name and a link back to the full page.

These are the only pages whose answers allow framing: no ``X-Frame-Options`` and a
Content-Security-Policy whose ``frame-ancestors`` is any site; every other page still refuses
to be framed (``DENY`` and ``frame-ancestors 'none'``). The decorators that say so wrap the page
cache, so a page served from the cache says so too. Three queries each (the treaty, the
participant, the engine's rows), whatever the size of the record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from treaty.models import Participant
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import STAGE_LABELS, default_treaty_or_404, page_context, with_as_of

# The site's policy, but any site may frame these pages (over HTTPS or HTTP).
EMBED_CSP: dict[str, Any] = {**settings.SECURE_CSP, "frame-ancestors": ["https:", "http:"]}
# Links open in the reader's window, not inside the frame.
TARGET = "_top"


def frameable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Lets any site frame the view's answers (and only this view's)."""
    return csp_override(EMBED_CSP)(xframe_options_exempt(view))


@frameable
@cached_page
@parse_as_of
def country_badge(request: HttpRequest, code: str, *, at: date | None) -> HttpResponse:
    """``/embed/countries/<ISO3>/``: where one participant stands in the treaty."""
    participant = Participant.objects.filter(iso3__iexact=code).first()
    if participant is None:
        raise Http404(
            _("No participant has the code “%(code)s”. Use an ISO 3166 alpha-3 code such as VNM.")
            % {"code": code[:10]}
        )
    treaty = default_treaty_or_404()
    context = page_context(request, at, treaty=treaty, participant=participant)
    status = treaty.status_on(context["day"])
    mine = status.of(participant.iso3)
    context.update(
        mine=mine,
        stage_label=STAGE_LABELS[mine.stage],
        page_title=participant.localized_name(),
        full_url=request.build_absolute_uri(with_as_of(participant.get_absolute_url(), at)),
        home_url=request.build_absolute_uri(with_as_of(treaty.get_absolute_url(), at)),
        target=TARGET,
    )
    return render(request, "embed/country_badge.html", context)


@frameable
@cached_page
@parse_as_of
def treaty_card(request: HttpRequest, *, at: date | None) -> HttpResponse:
    """``/embed/treaty/``: how close the treaty is to entry into force."""
    treaty = default_treaty_or_404()
    context = page_context(request, at, treaty=treaty)
    status = treaty.status_on(context["day"])
    required = treaty.instruments_required
    context.update(
        status=status,
        required=required,
        counted=min(status.counting_instruments, required),
        page_title=treaty.short_title,
        full_url=request.build_absolute_uri(with_as_of(treaty.get_absolute_url(), at)),
        target=TARGET,
    )
    return render(request, "embed/treaty_card.html", context)
