"""Template tags and filters of the public pages: badges, progress bars, names, dates, links.

The HTML comes from ``treaty.views.html``, which the views also use for their long row loops,
so a badge looks the same whichever builds it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.conf import settings
from django.utils.safestring import SafeString

from treaty.views import html
from treaty.views.common import CATEGORY_LABELS, STAGE_LABELS, STATUS_LABELS
from treaty.views.common import with_as_of as _with_as_of
from treaty.views.html import bar, day, percent_text
from treaty.views.regions import region_label

register = template.Library()


@register.simple_tag
def stage_badge(stage: str) -> SafeString:
    return html.stage_badge(stage)


@register.simple_tag
def status_badge(status: str) -> SafeString:
    return html.status_badge(status)


@register.simple_tag
def progress_bar(done: int, total: int, label: str = "") -> SafeString:
    return bar(done, total, label=label)


@register.simple_tag
def show_date(value: date | None, empty: str = "—") -> SafeString:
    return day(value, empty)


@register.filter
def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


@register.filter
def region(name: str) -> str:
    return region_label(name)


@register.filter
def local_name(participant: Any) -> str:
    """The participant's name in the active language."""
    return participant.localized_name() if participant else ""


@register.simple_tag(takes_context=True)
def keep_as_of(context: template.Context, url: str) -> str:
    """The link with ``?as_of=`` added when the page shows a past day (pages without a day,
    such as the error pages, link to today)."""
    return _with_as_of(url, context.get("as_of") or None)


@register.simple_tag
def default_treaty_slug() -> str:
    return settings.TRACKER_DEFAULT_TREATY


@register.filter
def percent(value: float | None) -> str:
    return percent_text(value)
