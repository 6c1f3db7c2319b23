"""What every public page shares: the treaty it is about, labels, links that keep ``as_of``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import CharField, StringAgg, Value
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from treaty.asof import PARAM as AS_OF
from treaty.models import ObligationCategory, ProgressStatus, Treaty
from treaty.scorecard import DENOUNCED, NOT_ASSESSED

# The pages read the stages' words and order from here; they live in ``treaty.vocabulary``.
from treaty.vocabulary import ENGAGED as ENGAGED
from treaty.vocabulary import STAGE_LABELS as STAGE_LABELS
from treaty.vocabulary import STAGE_ORDER as STAGE_ORDER
from treaty.vocabulary import STAGE_RANK as STAGE_RANK

STATUS_LABELS = {
    **dict(ProgressStatus.choices),
    DENOUNCED: _("Denounced"),
    NOT_ASSESSED: _("Not assessed"),
}
# Best first; "not applicable" last but one, before "not assessed".
STATUS_ORDER = [
    "aligned",
    "partial",
    "in_progress",
    "not_started",
    DENOUNCED,
    "not_applicable",
    NOT_ASSESSED,
]
CATEGORY_LABELS = dict(ObligationCategory.choices)
# The strength as a word after an obligation's title: "(mandatory)".
STRENGTH_WORDS = {
    "mandatory": _("mandatory"),
    "optional": _("optional"),
    "endeavour": _("endeavour"),
}
CATEGORY_ORDER = list(ObligationCategory.values)
# Column headings of the country list, where seven long names would not fit.
CATEGORY_SHORT = {
    "joining": _("Joining"),
    "domestic_law": _("Domestic law"),
    "public_private": _("Public-private"),
    "training": _("Training"),
    "awareness": _("Awareness"),
    "international_cooperation": _("Cooperation"),
    "implementation_review": _("Review"),
}
# What a page says, instead of a table of zeros, when no implementation assessment is
# published for its participant or scope (the joining obligation, read from the depositary
# record, is not one).
NO_ASSESSMENT = _("No implementation assessment has been published yet.")


def percent_text(value: float | None) -> str:
    """A share as a percentage in the active language's style ("42%", "42 %")."""
    if value is None:
        return "—"
    return gettext("%(value)s%%") % {"value": number_format(round(100 * value))}


def today() -> date:
    return timezone.localdate()


def default_treaty_or_404() -> Treaty:
    """The treaty the site is about (``Treaty.objects.default()``); 404 while none is
    loaded."""
    treaty = Treaty.objects.default()
    if treaty is None:
        raise Http404(
            str(
                _(
                    "No treaty is loaded yet. Load the reference data with `make data` "
                    "(manage.py load_reference_data)."
                )
            )
        )
    return treaty


def get_or_404(queryset: Any, message: str, **lookup: Any) -> Any:
    """The one row matching ``lookup``, or the 404 page saying, in the reader's language,
    what was not found (Django's default message names the model in English)."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404(message)
    return found


def with_as_of(url: str, at: date | None, **params: Any) -> str:
    """``url`` with the query parameters given (empty ones left out) and ``as_of`` when the
    page shows a past day, so that following a link stays on that day."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    if at is not None:
        query[AS_OF] = at.isoformat()
    return f"{url}?{urlencode(query)}" if query else url


def page_context(request: HttpRequest, at: date | None, **context: Any) -> dict[str, Any]:
    """The context every page template gets: the day shown and the as-of banner's links."""
    return {
        "as_of": at,
        "as_of_iso": at.isoformat() if at else "",
        "as_of_query": with_as_of("", at),
        "day": at or today(),
        "today": today(),
        "today_url": request.path,
        **context,
    }


def one_of(value: str | None, allowed: Iterable[str]) -> str:
    """The value if it is one the page offers; anything else is ignored, not an error."""
    return value if value and value in allowed else ""


def chosen_sort(value: str | None, sort_keys: Iterable[str], default: str) -> tuple[str, str, bool]:
    """The sort asked for (e.g. "-stage"): as given, its key and whether it is descending; the
    default sort when the key is not one of ``sort_keys``."""
    sort = value or default
    sort_key = sort.removeprefix("-")
    if sort_key not in sort_keys:
        return default, default, False
    return sort, sort_key, sort.startswith("-")


def sort_link(
    path: str,
    at: date | None,
    filters: Mapping[str, str],
    key: str,
    sort_key: str,
    descending: bool,
    default: str = "",
) -> dict[str, str]:
    """A sortable column's link and state: a click sorts by the column, a second click reverses
    the sort; the filters and the day are kept, and the page's ``default`` sort, when given,
    is left out of the address."""
    current = key == sort_key
    sort = f"-{key}" if current and not descending else key
    return {
        "url": with_as_of(path, at, **filters, sort="" if sort == default else sort),
        "aria_sort": ("descending" if descending else "ascending") if current else "",
    }


def ordered(mapping: Mapping[str, Any], order: Iterable[str]) -> list[tuple[str, Any]]:
    """The items of ``mapping`` in ``order`` (unknown keys last, as they came)."""
    keys = list(order)
    rank = {key: i for i, key in enumerate(keys)}
    return sorted(mapping.items(), key=lambda item: rank.get(item[0], len(keys)))


def article_numbers() -> StringAgg:
    """An annotation: the numbers of an obligation's articles in one text column ("8,7"), so
    that a list of obligations needs no second query for its articles. Unordered, because
    SQLite before 3.44 cannot order an aggregate: ``articles_text`` puts them in order."""
    return StringAgg(Cast("articles__number", CharField()), Value(","))


def articles_text(numbers: str | None) -> str:
    """ "8,7" -> "7, 8"."""
    if not numbers:
        return ""
    return ", ".join(sorted(set(numbers.split(",")), key=int))
