"""UN M49 region and sub-region names, marked for translation.

The participants' fixture stores the English M49 names; the pages show them in the active
language through these catalogue entries (``gettext_noop`` only puts them in the .po files).
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from treaty.content_translations import region_name

M49_NAMES = [
    gettext_noop("Africa"),
    gettext_noop("Americas"),
    gettext_noop("Asia"),
    gettext_noop("Europe"),
    gettext_noop("Oceania"),
    gettext_noop("Australia and New Zealand"),
    gettext_noop("Central Asia"),
    gettext_noop("Eastern Asia"),
    gettext_noop("Eastern Europe"),
    gettext_noop("Latin America and the Caribbean"),
    gettext_noop("Melanesia"),
    gettext_noop("Micronesia"),
    gettext_noop("Northern Africa"),
    gettext_noop("Northern America"),
    gettext_noop("Northern Europe"),
    gettext_noop("Polynesia"),
    gettext_noop("South-eastern Asia"),
    gettext_noop("Southern Asia"),
    gettext_noop("Southern Europe"),
    gettext_noop("Sub-Saharan Africa"),
    gettext_noop("Western Asia"),
    gettext_noop("Western Europe"),
    gettext_noop("Caribbean"),
    gettext_noop("Central America"),
    gettext_noop("Eastern Africa"),
    gettext_noop("Middle Africa"),
    gettext_noop("South America"),
    gettext_noop("Southern Africa"),
    gettext_noop("Western Africa"),
]


def region_label(name: str) -> str:
    """The M49 name in the active language: from the content translation files
    (data/translations/<lang>.csv, kind=region, read once per process), else the catalogue,
    else as stored."""
    if not name:
        return ""
    found = region_name(name)
    return found if found != name else gettext(name)
