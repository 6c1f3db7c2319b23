"""Bidirectional text: numbers, dates, codes and Latin names kept whole inside a sentence of
another direction.

In an Arabic sentence, a number or a Latin name is a run of the other direction; where it
meets a neighbour of weak direction (another number, a full stop) the Unicode bidi algorithm
can move it ("0 of 40" read as "of 40 0"). Each such value is isolated in ``<bdi>``, which takes
its direction from its own text and leaves the sentence around it alone. The sentence itself
is never isolated: in Arabic it reads right to left, and the values sit in it where the
translation puts them.

- ``{{ value|isolate }}``: the value (localized, escaped) in ``<bdi>``. In a translated
  sentence, on its placeholders: ``{% blocktranslate with n=count|isolate %}``.
- ``{{ html|isolate_numbers }}``: every run of digits of a piece of text or HTML already built
  in ``<bdi>``; tags and their attributes are left as they are.
- ``{% isolate_numbers_rtl %}…{% endisolate_numbers_rtl %}``: the same for a whole block, in a
  right-to-left language only. ``base.html`` wraps the main content in it, so that every
  number of a sentence, whoever built it (a translation with a counted plural, a view's
  sentence, a source's text), is isolated, and left-to-right pages stay as they are. Inside
  ``<svg>`` (whose text cannot hold ``<bdi>``: the chart isolates its own numbers), scripts,
  styles and text areas nothing is changed.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

register = template.Library()

# A number as the pages write it: digits, with the decimal and group separators of any of the
# six languages (",", ".", no-break and narrow no-break spaces) between digits.
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
# What is not text: comments, tags and character references ("&#x27;" holds digits too).
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>|&#?[0-9A-Za-z]+;)", re.DOTALL)
# Elements whose content is left alone: no <bdi> can go there.
_RAW = re.compile(r"<(/?)(svg|script|style|textarea|title)[\s>/]", re.IGNORECASE)
# Unicode's first-strong isolate and pop directional isolate: ``<bdi>`` for plain text (an
# attribute, an SVG title), where no element can be written.
FSI, PDI = "\u2068", "\u2069"


@register.filter(is_safe=True)
def isolate(value: Any) -> SafeString | str:
    """The value in ``<bdi>``, localized as ``{{ value }}`` would show it; nothing for an empty
    value (a missing date stays empty, not an empty element)."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", localize(value))


@register.filter(is_safe=True)
def isolate_date(value: Any, arg: str = "DATE_FORMAT") -> SafeString | str:
    """A date formatted for the language (as ``|date``), in ``<bdi>``."""
    text = date_filter(value, arg)
    return format_html("<bdi>{}</bdi>", text) if text else ""


def isolate_numbers_html(value: Any) -> SafeString:
    """Every run of digits outside the tags of ``value`` (escaped first if it is not already
    safe HTML) in ``<bdi>``, but inside ``<svg>``, ``<script>``, ``<style>``, ``<textarea>``
    and ``<title>``."""
    text = str(conditional_escape(value))
    parts = _TAG.split(text)
    raw = 0  # depth of the elements left alone
    for index, part in enumerate(parts):
        if index % 2:  # odd items: a tag, a comment or a character reference
            if match := _RAW.match(part):
                raw = max(0, raw - 1) if match.group(1) else raw + (not part.endswith("/>"))
        elif not raw and part:
            parts[index] = NUMBER.sub(r"<bdi>\g<0></bdi>", part)
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped text and our own tags


@register.filter(is_safe=True)
def isolate_numbers(value: Any) -> SafeString:
    return isolate_numbers_html(value)


def isolate_plain(text: str) -> str:
    """Plain text (for an attribute or an SVG ``<title>``) in Unicode isolates: the plain-text
    ``<bdi>``."""
    return f"{FSI}{text}{PDI}" if text else ""


class IsolateNumbersNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        content = self.nodelist.render(context)
        return isolate_numbers_html(mark_safe(content)) if get_language_bidi() else content  # noqa: S308


@register.tag
def isolate_numbers_rtl(parser: Any, token: Any) -> IsolateNumbersNode:
    """``{% isolate_numbers_rtl %}…{% endisolate_numbers_rtl %}``: ``isolate_numbers`` on the
    rendered block, in a right-to-left language."""
    nodelist = parser.parse(("endisolate_numbers_rtl",))
    parser.delete_first_token()
    return IsolateNumbersNode(nodelist)
