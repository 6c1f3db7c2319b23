"""The columns behind a translated field, for queries that name their columns.

django-modeltranslation (treaty/translation.py) gives ``title`` one column per language; reading
``obj.title`` reads the active language's column, or English. A query that loads only some
columns (``only("obligation__title")``) through a model it does not translate must name those
columns too, or each row costs one more query when its title is read.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language


def language_suffix(code: str) -> str:
    """``zh-hans`` -> ``zh_hans``: how a language code appears in a column name."""
    return code.replace("-", "_").lower()


def translated_columns(path: str) -> list[str]:
    """``path`` and its column in each of the site's translated languages:
    ``obligation__title`` -> ``obligation__title``, ``obligation__title_en``, ... ."""
    return [
        path,
        *(f"{path}_{language_suffix(code)}" for code in settings.MODELTRANSLATION_LANGUAGES),
    ]


def localized(path: str, language: str | None = None) -> Coalesce:
    """An expression reading ``path`` (a translated field, possibly across a relation:
    ``participant__name``) in ``language`` (default: the active one), or in English where that
    language has no text: for ``values_list()`` through models django-modeltranslation does not
    rewrite, and for rows read after the language was chosen (a streamed export)."""
    code = language_suffix(language or get_language() or "en")
    english = f"{path}_en"
    if code == "en":
        return Coalesce(NullIf(F(english), Value("")), F(path), output_field=TextField())
    return Coalesce(NullIf(F(f"{path}_{code}"), Value("")), F(english), output_field=TextField())


def has_translation(obj: object, field: str, language: str | None = None) -> bool:
    """Whether ``obj`` has its own text for ``field`` in ``language`` (default: the active
    one); English always has. Reads the loaded column only."""
    code = language_suffix(language or get_language() or "en")
    if code == "en":
        return True
    return bool(getattr(obj, f"{field}_{code}", None))


def falls_back(obj: object, field: str, language: str | None = None) -> bool:
    """Whether ``obj.<field>`` shows English in ``language`` for want of a translation: the
    page then marks it ``lang="en"`` for screen readers."""
    return not has_translation(obj, field, language)
