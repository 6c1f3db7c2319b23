"""The "how to cite" line every page ends with: the day it is read on, in the page's language."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.simple_tag
def read_on() -> str:
    """Today in the active language ("29 November 2026"): the day a citation gives. Cached
    pages are keyed by the day too (treaty.views.cache), so the day is never stale."""
    return date_format(timezone.localdate())
