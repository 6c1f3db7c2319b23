"""The as-of day: ``as_of=YYYY-MM-DD``, which every public page and API resource accepts.

With it, a page or a resource shows the world as recorded on that day: actions dated on or before
it, and each assessment as it stood then. Without it, today. This is the one rule for reading
the parameter; the pages (``treaty.views.asof``: a 400 page) and the API
(``treaty.filtersets.fields.AsOfField``: a 400 with the field's error) each answer a bad value their own
way.
"""

from __future__ import annotations

import re
from datetime import date

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
