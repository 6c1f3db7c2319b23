"""Template tags and filters of the public pages: badges, progress bars, names, dates, links.

The HTML comes from ``treaty.templatetags.fragments``, which the long tables' tags
(``treaty.templatetags.tables``) also use, so a badge looks the same whichever draws it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi

from treaty import vocabulary
from treaty.content_translations import is_project_translation
from treaty.models import DepositaryCount, SourceKind, Treaty
from treaty.models.actions import notification_url
from treaty.models.translated import falls_back, has_translation
from treaty.templatetags import fragments
from treaty.views.common import CATEGORY_LABELS, STATUS_LABELS
from treaty.views.common import with_as_of as _with_as_of
from treaty.views.regions import region_label

register = template.Library()


# Fragments that are tags as they are: a template passes no language, so the active one is used.
for fragment in (
    fragments.stage_badge,
    fragments.status_badge,
    fragments.score_bar,
    fragments.not_assessed,
    fragments.verified,
):
    register.simple_tag(fragment)


@register.simple_tag
def progress_bar(done: int, total: int, label: str = "") -> SafeString:
    return fragments.bar(done, total, label=label)


@register.simple_tag
def show_date(value: date | None, empty: str = "—") -> SafeString:
    return fragments.day(value, empty)


@register.simple_tag
def show_day(on: date | None, earliest: date | None = None, empty: str = "—") -> SafeString:
    """A day, or a range of days said as such (``fragments.day_or_range``). A missing value
    reaches a tag as "" (e.g. a timeline step without a range)."""
    return fragments.day_or_range(on or None, earliest or None, empty)


def english_attr() -> str:
    """`` lang="en"`` for an element holding text recorded in English only (a source, a name
    known in English only), when the page is in another language: screen readers then read it
    as English, and it is not taken for an untranslated part of the page. Empty on English
    pages."""
    language = (get_language() or "en").lower()
    return "" if language.split("-")[0] == "en" else ' lang="en"'


@register.simple_tag
def english_lang() -> SafeString:
    """``english_attr`` for a template: `` lang="en"`` on a page not in English."""
    return mark_safe(english_attr())  # noqa: S308


@register.filter
def in_english(text: Any) -> SafeString:
    """``text``, recorded in English only, marked as English on a page in another language
    (``<span lang="en">``; ``<bdi lang="en">`` on a right-to-left page, to isolate it)."""
    if text in (None, ""):
        return SafeString("")
    lang = english_attr()
    if get_language_bidi():
        return format_html("<bdi{}>{}</bdi>", mark_safe(lang), text)  # noqa: S308
    if lang:
        return format_html("<span{}>{}</span>", mark_safe(lang), text)  # noqa: S308
    return format_html("{}", text)


@register.simple_tag
def source_of(source: str, url: str = "", kind: str = "", notification: str = "") -> SafeString:
    """A source as the pages show it: its text (linked when it has an address), its kind in
    brackets, and the depositary notification linked to the depositary's publication. In a
    right-to-left page the source's text (a Latin name, often with a URL or a number) and the
    notification's symbol are isolated (``dir="auto"``), so the sentence around them keeps its
    order. Sources are recorded in English: on a page in another language their text and the
    notification's symbol are marked ``lang="en"``."""
    auto = ' dir="auto"' if get_language_bidi() else ""
    attrs = mark_safe(english_attr() + auto)  # noqa: S308
    text: str
    if url:
        text = format_html('<a href="{}" rel="external"{}>{}</a>', url, attrs, source)
    else:
        text = in_english(source)
    label = SourceKind(kind).label if kind in SourceKind.values else ""
    kind_html = format_html(' <span class="source-kind">({})</span>', label) if label else ""
    cn_html: str
    cn_url = notification_url(notification)
    if cn_url:
        cn_html = format_html(
            ' · <a href="{}" rel="external" class="notification"{}>{}</a>',
            cn_url,
            attrs,
            notification,
        )
    elif notification:
        cn_html = format_html(" · {}", in_english(notification))
    else:
        cn_html = ""
    return format_html("{}{}{}", text, kind_html, cn_html)


@register.simple_tag
def action_source(action: Any) -> SafeString:
    """``source_of`` for a treaty action."""
    return source_of(
        action.source, action.source_url, action.source_kind, action.depositary_notification
    )


@register.simple_tag
def last_depositary_check() -> DepositaryCount | None:
    """The latest count of the depositary recorded, whatever the treaty: when the record was
    last checked against the depositary. One query, for the footer of every page."""
    return DepositaryCount.objects.order_by("-as_of", "-pk").first()


@register.filter
def stage_label(stage: str) -> str:
    return vocabulary.stage_label(stage)


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


@register.filter
def region(name: str) -> str:
    """A region, sub-region or intermediate region (its English M49 name as stored) in the
    active language: from data/translations/<lang>.csv, else the catalogue."""
    return region_label(name)


@register.filter
def translated(obj: Any, field: str) -> SafeString:
    """``obj.<field>`` in the active language, marked ``lang="en"`` when it falls back to
    English for want of a translation (so that a screen reader reads it as English)."""
    if obj is None:
        return SafeString("")
    text = getattr(obj, field, "") or ""
    if text and falls_back(obj, field):
        return format_html('<span lang="en">{}</span>', text)
    return format_html("{}", text)


@register.filter
def project_translated(obj: Any, field: str) -> bool:
    """Whether ``obj.<field>`` is shown in this project's own translation (not a UN text)."""
    if obj is None or get_language() in (None, "en") or not has_translation(obj, field):
        return False
    kind = obj._meta.model_name
    key = obj.slug if kind == "treaty" else obj.code if kind == "obligation" else obj.number
    return is_project_translation(kind, key, field)


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
    return Treaty.objects.default_slug()
