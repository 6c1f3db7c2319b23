"""An action's day in words, whether the record knows the day or only a range of days.

One function for every page, feed and admin label, so that a range is never shown as an exact
day: "25 October 2025", "25 or 26 October 2025 (the exact day is not confirmed)", "between 1 and
31 July 2026 (the exact day is not confirmed)".
"""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _


def day_text(on: date, earliest: date | None = None) -> str:
    """``on`` in the active language; with ``earliest`` (a range of days, ``on`` its latest),
    both ends and a note that the exact day is not confirmed. The first end leaves out what
    the second repeats (the month and year when they are the same)."""
    if earliest is None or earliest >= on:
        return date_format(on)
    # Shortening the first end only reads right where a date starts with its day ("25 or 26
    # October 2025"); where it starts with the year ("2025年10月25日"), both ends are whole.
    if not str(get_format("DATE_FORMAT")).lstrip().startswith(("j", "d")):
        first = date_format(earliest)
    elif (earliest.year, earliest.month) == (on.year, on.month):
        first = date_format(earliest, "j")
    elif earliest.year == on.year:
        first = date_format(earliest, "MONTH_DAY_FORMAT")
    else:
        first = date_format(earliest)
    values = {"first": first, "last": date_format(on)}
    if (on - earliest).days == 1:
        return _("%(first)s or %(last)s (the exact day is not confirmed)") % values
    return _("between %(first)s and %(last)s (the exact day is not confirmed)") % values


def when_text(on: date, earliest: date | None = None) -> str:
    """``day_text`` as it follows a verb: "on 25 October 2025", "on 25 or 26 October 2025 (the
    exact day is not confirmed)", "between 1 and 31 July 2026 (the exact day is not
    confirmed)"."""
    if earliest is not None and earliest < on and (on - earliest).days > 1:
        return day_text(on, earliest)  # already "between … and …"
    return _("on %(day)s") % {"day": day_text(on, earliest)}
